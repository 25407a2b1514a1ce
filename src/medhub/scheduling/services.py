"""Writes to schedules: publishing slots and booking appointments."""

import datetime
import zoneinfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medhub.cases.models import Case, CaseState
from medhub.cases.selectors import accepted_institution_id
from medhub.cases.services import CaseError, _notify, _staff_of, case_transition
from medhub.core.audit import log_action
from medhub.directory.models import Organization
from medhub.scheduling.models import Appointment, Slot

HUB_ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)


@transaction.atomic
def slots_publish(
    *, institution_id: int, day: datetime.date, start: datetime.time, minutes: int, count: int, kind: str, actor=None
) -> list[Slot]:
    """Publishes ``count`` back-to-back slots of ``minutes`` from ``start`` on ``day``, in the
    hub's own time zone (Korean time). None may overlap a slot the institution already has;
    the institution's row is locked so that two publications at once cannot overlap either."""
    first = datetime.datetime.combine(day, start, tzinfo=HUB_ZONE)
    if first <= timezone.now():
        raise CaseError(_("Slots must start in the future."))
    length = datetime.timedelta(minutes=minutes)
    last = first + count * length
    institution = Organization.objects.select_for_update().filter(pk=institution_id).first()
    clash = (
        Slot.objects.filter(institution_id=institution_id, starts_at__lt=last, ends_at__gt=first).order_by("starts_at").first()
    )
    if clash:
        raise CaseError(
            _("These slots overlap one you have already published, from %(start)s to %(end)s.")
            % {
                "start": f"{timezone.localtime(clash.starts_at, HUB_ZONE):%Y-%m-%d %H:%M}",
                "end": f"{timezone.localtime(clash.ends_at, HUB_ZONE):%H:%M}",
            }
        )
    slots = [
        Slot(institution_id=institution_id, starts_at=first + n * length, ends_at=first + (n + 1) * length, kind=kind)
        for n in range(count)
    ]
    slots = Slot.objects.bulk_create(slots)
    log_action(
        institution,
        "scheduling.slots.published",
        actor=actor,
        data={"count": count, "minutes": minutes, "kind": kind, "first": first.isoformat(), "slots": [slot.pk for slot in slots]},
    )
    return slots


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
