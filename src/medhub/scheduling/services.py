"""Writes to schedules: publishing slots and booking appointments."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from medhub.accounts import permissions
from medhub.cases.models import Case, CaseState
from medhub.cases.selectors import accepted_institution_id
from medhub.cases.services import CaseError, _notify, _staff_of, case_transition
from medhub.core.audit import log_action
from medhub.directory.models import Organization
from medhub.notifications.services import notify
from medhub.scheduling.models import Appointment, ConsultNote, Slot

HUB_ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)


# The most weekly occurrences one publication makes (a year).
MAX_WEEKS = 52


def occurrence_days(day: datetime.date, *, weeks: int = 1, until: datetime.date | None = None) -> list[datetime.date]:
    """The days a weekly series falls on: ``weeks`` weeks from ``day``, or every week up to
    ``until`` (inclusive) when it is given. One day when nothing repeats."""
    if until is not None:
        if until < day:
            raise CaseError(_("The repeat must end on or after the first day."), code="until")
        weeks = (until - day).days // 7 + 1
    if weeks < 1 or weeks > MAX_WEEKS:
        raise CaseError(_("A series repeats for %(max)d weeks at most.") % {"max": MAX_WEEKS}, code="weeks")
    return [day + datetime.timedelta(weeks=n) for n in range(weeks)]


def _when(moment: datetime.datetime, fmt: str) -> str:
    return f"{timezone.localtime(moment, HUB_ZONE):{fmt}}"


@transaction.atomic
def slots_publish(
    *,
    institution_id: int,
    day: datetime.date,
    start: datetime.time,
    minutes: int,
    count: int,
    kind: str,
    actor=None,
    weeks: int = 1,
    until: datetime.date | None = None,
) -> list[Slot]:
    """Publishes ``count`` back-to-back slots of ``minutes`` from ``start`` on ``day``, in the
    hub's own time zone (Korean time), and the same on the same weekday of each following week
    (``weeks`` weeks in all, or up to ``until``). No slot may overlap one the institution already
    has: every occurrence goes through the same check, and one clash publishes nothing (the
    error names its date). The institution's row is locked so that two publications at once
    cannot overlap either."""
    days = occurrence_days(day, weeks=weeks, until=until)
    length = datetime.timedelta(minutes=minutes)
    firsts = [datetime.datetime.combine(d, start, tzinfo=HUB_ZONE) for d in days]
    if firsts[0] <= timezone.now():
        raise CaseError(_("Slots must start in the future."))
    institution = Organization.objects.select_for_update().filter(pk=institution_id).first()
    slots = []
    for first in firsts:
        last = first + count * length
        clash = (
            Slot.objects.filter(institution_id=institution_id, starts_at__lt=last, ends_at__gt=first)
            .order_by("starts_at")
            .first()
        )
        if clash and len(firsts) == 1:
            raise CaseError(
                _("These slots overlap one you have already published, from %(start)s to %(end)s.")
                % {"start": _when(clash.starts_at, "%Y-%m-%d %H:%M"), "end": _when(clash.ends_at, "%H:%M")},
                code="overlap",
            )
        if clash:
            raise CaseError(
                _(
                    "On %(date)s these slots overlap one you have already published, from %(start)s to %(end)s. "
                    "Nothing was published."
                )
                % {
                    "date": _when(first, "%Y-%m-%d"),
                    "start": _when(clash.starts_at, "%H:%M"),
                    "end": _when(clash.ends_at, "%H:%M"),
                },
                code="overlap",
            )
        slots += [
            Slot(institution_id=institution_id, starts_at=first + n * length, ends_at=first + (n + 1) * length, kind=kind)
            for n in range(count)
        ]
    slots = Slot.objects.bulk_create(slots)
    log_action(
        institution,
        "scheduling.slots.published",
        actor=actor,
        data={
            "count": count,
            "minutes": minutes,
            "kind": kind,
            "first": firsts[0].isoformat(),
            "weeks": len(firsts),
            "slots": [slot.pk for slot in slots],
        },
    )
    return slots


def _institution_slot(slot_id: int, institution_ids) -> Slot:
    """The slot, locked, if it belongs to one of these institutions (else "not found")."""
    slot = Slot.objects.select_for_update().filter(pk=slot_id, institution_id__in=list(institution_ids)).first()
    if slot is None:
        raise Slot.DoesNotExist
    return slot


@transaction.atomic
def slot_delete(*, slot_id: int, institution_ids, actor) -> None:
    """An institution takes back a slot nobody booked. A booked slot is cancelled instead, with
    a reason the patient is told (``slot_cancel``)."""
    slot = _institution_slot(slot_id, institution_ids)
    if Appointment.objects.filter(slot=slot).exists():
        raise CaseError(_("This slot is booked: cancel it with a reason for the patient instead."), code="booked")
    log_action(
        slot.institution,
        "scheduling.slot.deleted",
        actor=actor,
        data={"slot": slot.pk, "starts_at": slot.starts_at.isoformat(), "cancelled": slot.cancelled_at is not None},
    )
    slot.delete()


CANCEL_REASON_MAX_LENGTH = 300


@transaction.atomic
def slot_cancel(*, slot_id: int, institution_ids, actor, reason: str) -> Slot:
    """An institution cancels a booked slot, with a reason the patient is told (by the case
    notification, in their language). The appointment goes; the slot stays, cancelled, so that
    nobody books it again; a case that was scheduled goes back to "accepted" to book another."""
    reason = (reason or "").strip()
    if not reason:
        raise CaseError(_("Give a reason: the patient is told it."), code="reason")
    if len(reason) > CANCEL_REASON_MAX_LENGTH:
        raise CaseError(_("Keep the reason under %(max)d characters.") % {"max": CANCEL_REASON_MAX_LENGTH}, code="reason")
    slot = _institution_slot(slot_id, institution_ids)
    appointment = Appointment.objects.select_related("case").filter(slot=slot).first()
    if appointment is None:
        raise CaseError(_("Nobody booked this slot: delete it instead."), code="not_booked")
    if slot.starts_at <= timezone.now():
        raise CaseError(_("This slot has already passed."), code="passed")
    case = Case.objects.select_for_update().get(pk=appointment.case_id)
    log_action(
        appointment,
        "scheduling.appointment.cancelled",
        case=case,
        actor=actor,
        data={"slot": slot.pk, "starts_at": slot.starts_at.isoformat(), "reason": reason},
    )
    appointment.delete()
    slot.cancelled_at = timezone.now()
    slot.cancel_reason = reason
    slot.save(update_fields=["cancelled_at", "cancel_reason"])
    if case.state in (CaseState.SCHEDULED, CaseState.PRE_ARRIVAL) and not Appointment.objects.filter(case=case).exists():
        case_transition(case_id=case.id, to_state=CaseState.ACCEPTED, actor=actor, detail={"reason": reason})
    starts = _when(slot.starts_at, "%Y-%m-%d %H:%M")
    _notify(case, "appointment_cancelled", [case.patient_id, case.owner_id], detail={"reason": reason, "starts": starts})
    return slot


def appointment_book(*, case_id: int, slot_id: int, actor) -> Appointment:
    """Books a slot of the institution whose quote the patient accepted. Two people can never
    book the same slot: the row is locked, and the one-to-one constraint refuses a second
    appointment even if two bookings arrive at the same moment."""
    try:
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=case_id)
            if case.state != CaseState.ACCEPTED:
                raise CaseError(_("Only a case with an accepted quote can book an appointment."))
            slot = Slot.objects.select_for_update().filter(pk=slot_id).first()
            if slot is None or slot.institution_id != accepted_institution_id(case):
                raise CaseError(_("This slot is not offered by the institution you chose."))
            if slot.starts_at <= timezone.now():
                raise CaseError(_("This slot has already passed."))
            if slot.cancelled_at is not None:
                raise CaseError(_("The institution cancelled this slot. Please choose another."))
            if Appointment.objects.filter(slot=slot).exists():
                raise CaseError(_("Someone has just booked this slot. Please choose another."))
            appointment = Appointment.objects.create(case=case, slot=slot, booked_by=actor)
            log_action(
                appointment,
                "scheduling.appointment.booked",
                case=case,
                actor=actor,
                data={"slot": slot.id, "starts_at": slot.starts_at.isoformat(), "kind": slot.kind},
            )
            case_transition(case_id=case.id, to_state=CaseState.SCHEDULED, actor=actor)
            _notify(case, "appointment_booked", [case.patient_id, case.owner_id, *_staff_of([slot.institution_id])])
            return appointment
    except IntegrityError as exc:
        raise CaseError(_("Someone has just booked this slot. Please choose another.")) from exc


# -- consult notes ------------------------------------------------------------------------------

NOTE_MAX_LENGTH = 10_000
# Once written, the institution may correct its note for this long (a typo, a forgotten dose);
# after that the note is the record the patient travels home with, and stays as it is.
NOTE_EDIT_DAYS = 14


def note_editable_until(note: ConsultNote) -> datetime.datetime:
    return note.created_at + datetime.timedelta(days=NOTE_EDIT_DAYS)


def note_editable(note: ConsultNote | None) -> bool:
    """Whether the note can still be written (none yet) or corrected (within NOTE_EDIT_DAYS)."""
    return note is None or timezone.now() <= note_editable_until(note)


def _note_link(appointment: Appointment):
    """The note's page, reversed in the recipient's language when notify calls it."""
    return lambda _user: reverse("consult-note", args=[appointment.case.reference, appointment.pk])


def consult_note_write(*, appointment_id: int, actor, text: str, language: str = "") -> ConsultNote:
    """The institution that gave an appointment writes its consult note for the patient, or
    corrects it. Only that institution's staff, only once the appointment has started, and
    corrections only for NOTE_EDIT_DAYS after the note was first written. The language is the
    one the writer names, else the writer's own. Audited (the length and language, never the
    text); the patient is told when the note is first written, not at each correction."""
    text = (text or "").strip()
    if not text:
        raise CaseError(_("Write the note before saving it."), code="text")
    if len(text) > NOTE_MAX_LENGTH:
        raise CaseError(_("A consult note can be at most %(max)d characters long.") % {"max": NOTE_MAX_LENGTH}, code="text")
    language = language or getattr(actor, "preferred_language", "") or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        raise CaseError(_("Choose the language the note is written in."), code="language")
    with transaction.atomic():
        appointment = (
            Appointment.objects.select_for_update().select_related("slot__institution", "case").filter(pk=appointment_id).first()
        )
        if appointment is None:
            raise Appointment.DoesNotExist
        if not permissions.may_write_consult_note(actor, appointment.slot.institution_id):
            raise PermissionDenied
        if appointment.slot.starts_at > timezone.now():
            raise CaseError(_("The consult note can be written once the appointment has started."), code="not_started")
        case = appointment.case
        note = ConsultNote.objects.select_for_update().filter(appointment=appointment).first()
        data = {"appointment": appointment.pk, "language": language, "length": len(text)}
        if note is None:
            note = ConsultNote.objects.create(appointment=appointment, text=text, language=language, author=actor)
            log_action(note, "scheduling.consult_note.written", case=case, actor=actor, data=data)
            if case.patient_id:
                context = {
                    "case": case,
                    "institution": appointment.slot.institution,
                    "starts": _when(appointment.slot.starts_at, "%Y-%m-%d %H:%M"),
                }
                notify(case.patient, "scheduling.consult_note_written", context, link=_note_link(appointment))
            return note
        if not note_editable(note):
            raise CaseError(
                _("A consult note can be corrected for %(days)d days after it was written; this one is now the record.")
                % {"days": NOTE_EDIT_DAYS},
                code="closed",
            )
        if note.text == text and note.language == language:
            return note
        note.text, note.language, note.edited_at = text, language, timezone.now()
        note.save(update_fields=["text", "language", "edited_at"])
        log_action(note, "scheduling.consult_note.edited", case=case, actor=actor, data=data)
        return note
