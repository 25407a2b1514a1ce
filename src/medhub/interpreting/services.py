"""Writes to interpretation. Each service owns its transaction, writes the audit row and
enqueues its emails after commit. Errors are ``InterpretingError`` with a translated message."""

import datetime
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from medhub.cases import workflow
from medhub.cases.models import Case
from medhub.core.audit import log_action
from medhub.core.money import format_amount
from medhub.core.phones import to_e164
from medhub.interpreting import tasks
from medhub.interpreting.models import (
    MAX_HOURS,
    Availability,
    Interpreter,
    InterpreterBooking,
    SubsidyClaim,
    SubsidyProgram,
)
from medhub.interpreting.workflow import BOOKING, CLAIM
from medhub.scheduling.models import Appointment

HUB_ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)
MAX_BOOKING = datetime.timedelta(hours=24)


class InterpretingError(ValidationError):
    """A request interpretation cannot honour; the message is translated."""


def interpreter_save(*, interpreter: Interpreter, actor=None) -> Interpreter:
    """Saves an interpreter's registry entry (the admin's form). The phone, when given, is
    checked and stored in E.164, like a driver's (core/phones.py, decision 0008)."""
    phone = (interpreter.phone or "").strip()
    interpreter.phone = to_e164(phone, field="phone") if phone else ""
    interpreter.full_clean()
    created = interpreter.pk is None
    interpreter.save()
    log_action(interpreter, "interpreting.interpreter.saved", actor=actor, data={"created": created})
    return interpreter


def _email(booking_id: int, kind: str, detail: dict | None = None) -> None:
    """Tells the person a booking event concerns (``tasks.TO_INTERPRETER``/``TO_COORDINATOR``), in
    this transaction through ``notifications.notify``: in-app, by email and on their channels."""
    from django.urls import reverse
    from django.utils.functional import lazy

    from medhub.core.i18n import pick
    from medhub.notifications.services import notify

    booking = InterpreterBooking.objects.select_related(
        "interpreter__user", "appointment__case__owner", "appointment__slot__institution", "booked_by"
    ).get(pk=booking_id)
    case = booking.appointment.case
    if kind in tasks.TO_INTERPRETER:
        recipient, url_name, kwargs = booking.interpreter.user, "interpreter-home", {}
    else:
        recipient, url_name, kwargs = case.owner or booking.booked_by, "case-interpreters", {"reference": case.reference}
    names = booking.appointment.slot.institution.name
    context = {"booking": booking, "case": case, "institution": lazy(lambda: pick(names), str)(), **(detail or {})}
    notify(recipient, f"interpreting.booking_{kind}", context, link=lambda _user: reverse(url_name, kwargs=kwargs))
    if kind == "cancelled":
        # The patient expected an interpreter at that appointment: they are told too.
        patient_link = reverse("case", kwargs={"reference": case.reference})
        notify(case.patient, "interpreting.booking_cancelled_patient", context, link=lambda _user: patient_link)


def _overlapping(interpreter_id: int, starts_at, ends_at):
    return InterpreterBooking.objects.filter(
        interpreter_id=interpreter_id,
        status__in=InterpreterBooking.ACTIVE,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )


@transaction.atomic
def booking_create(
    *,
    appointment_id: int,
    interpreter_id: int,
    purpose: str,
    language: str,
    actor,
    starts_at: datetime.datetime | None = None,
    ends_at: datetime.datetime | None = None,
    minutes: int | None = None,
) -> InterpreterBooking:
    """Books an interpreter for an appointment, by default for the appointment's slot; with
    ``minutes``, for that long from the start of the appointment (a surgery may need longer).

    Nobody is booked twice at the same time: the interpreter's row is locked, so a second
    booking arriving at the same moment waits, then sees the first and is refused."""
    appointment = Appointment.objects.select_related("slot", "case").filter(pk=appointment_id).first()
    if appointment is None:
        raise InterpretingError(_("This appointment does not exist."))
    if appointment.case.state in workflow.FINAL:
        raise InterpretingError(_("This case is closed; no interpreter can be booked for it."))
    starts_at = starts_at or appointment.slot.starts_at
    if minutes:
        ends_at = starts_at + datetime.timedelta(minutes=minutes)
    ends_at = ends_at or appointment.slot.ends_at
    if ends_at <= starts_at:
        raise InterpretingError(_("The booking must end after it starts."))
    if ends_at - starts_at > MAX_BOOKING:
        raise InterpretingError(_("A booking may last at most 24 hours."))
    if ends_at <= timezone.now():
        raise InterpretingError(_("This time has already passed."))
    if starts_at >= appointment.slot.ends_at or ends_at <= appointment.slot.starts_at:
        raise InterpretingError(_("The booking must cover the time of the appointment."))
    interpreter = Interpreter.objects.select_for_update().filter(pk=interpreter_id).first()
    if interpreter is None or not interpreter.is_active:
        raise InterpretingError(_("This interpreter is not available for bookings."))
    if not interpreter.serves(language):
        raise InterpretingError(_("This interpreter does not interpret this language."))
    if not interpreter.availability.filter(starts_at__lte=starts_at, ends_at__gte=ends_at).exists():
        raise InterpretingError(_("The interpreter has not said they can work at this time."))
    if _overlapping(interpreter.id, starts_at, ends_at).exists():
        raise InterpretingError(_("This interpreter is already booked at this time. Please choose another."))
    booking = InterpreterBooking(
        appointment=appointment,
        interpreter=interpreter,
        purpose=purpose,
        language=language,
        starts_at=starts_at,
        ends_at=ends_at,
        booked_by=actor,
    )
    booking.full_clean()
    booking.save()
    log_action(
        booking,
        "interpreting.booking.requested",
        case=appointment.case_id,
        actor=actor,
        data={"case": appointment.case.reference, "interpreter": interpreter.id, "purpose": purpose, "language": language},
    )
    _email(booking.id, "booked")
    return booking


def _case_of(booking: InterpreterBooking) -> int:
    return Appointment.objects.filter(pk=booking.appointment_id).values_list("case_id", flat=True).get()


def _lock_own_booking(booking_id: int, interpreter_user) -> InterpreterBooking:
    booking = (
        InterpreterBooking.objects.select_for_update()
        .filter(pk=booking_id, interpreter__user=interpreter_user)
        .select_related("interpreter")
        .first()
    )
    if booking is None:
        raise InterpretingError(_("This booking does not exist."))
    return booking


@transaction.atomic
def booking_accept(*, booking_id: int, actor) -> InterpreterBooking:
    """The interpreter accepts a request made to them."""
    booking = _lock_own_booking(booking_id, actor)
    BOOKING.check(booking.status, InterpreterBooking.Status.ACCEPTED, error=InterpretingError)
    if booking.ends_at <= timezone.now():
        raise InterpretingError(_("This booking has already ended."))
    BOOKING.move(booking, InterpreterBooking.Status.ACCEPTED, error=InterpretingError)
    booking.responded_at = timezone.now()
    booking.save(update_fields=["status", "responded_at", "updated_at"])
    log_action(booking, "interpreting.booking.accepted", case=_case_of(booking), actor=actor)
    _email(booking.id, "accepted")
    return booking


@transaction.atomic
def booking_decline(*, booking_id: int, actor, reason: str) -> InterpreterBooking:
    """The interpreter declines a request, saying why; the coordinator is told."""
    reason = (reason or "").strip()
    if not reason:
        raise InterpretingError(_("Say why you decline, so that the coordinator can find someone else."))
    if len(reason) > 300:
        raise InterpretingError(_("Keep the reason under 300 characters."))
    booking = _lock_own_booking(booking_id, actor)
    BOOKING.move(booking, InterpreterBooking.Status.DECLINED, error=InterpretingError)
    booking.decline_reason = reason
    booking.responded_at = timezone.now()
    booking.save(update_fields=["status", "decline_reason", "responded_at", "updated_at"])
    log_action(booking, "interpreting.booking.declined", case=_case_of(booking), actor=actor, data={"reason": reason})
    _email(booking.id, "declined")
    return booking


@transaction.atomic
def booking_cancel(*, booking_id: int, actor, reason: str) -> InterpreterBooking:
    """The coordinator cancels a booking that has not been worked yet, saying why; the
    interpreter and the patient are told, with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise InterpretingError(_("Say why the booking is cancelled: the interpreter and the patient are told."))
    if len(reason) > 300:
        raise InterpretingError(_("Keep the reason under 300 characters."))
    booking = InterpreterBooking.objects.select_for_update().filter(pk=booking_id).first()
    if booking is None:
        raise InterpretingError(_("This booking does not exist."))
    if booking.hours_logged is not None:
        raise InterpretingError(_("Only a requested or accepted booking without logged hours can be cancelled."))
    BOOKING.move(booking, InterpreterBooking.Status.CANCELLED, error=InterpretingError)
    booking.save(update_fields=["status", "updated_at"])
    log_action(booking, "interpreting.booking.cancelled", case=_case_of(booking), actor=actor, data={"reason": reason})
    _email(booking.id, "cancelled", {"reason": reason})
    return booking


@transaction.atomic
def hours_log(*, booking_id: int, actor, hours: Decimal, note: str = "", over_reason: str = "") -> InterpreterBooking:
    """The interpreter logs the hours worked once the appointment is over; a subsidy claim
    follows when the booking qualifies. More hours than were booked (the booked time rounded
    up to the hour) are allowed, up to a day, with a reason, which the hub and the claim's
    decider read."""
    booking = _lock_own_booking(booking_id, actor)
    slot = Appointment.objects.select_related("slot").get(pk=booking.appointment_id).slot
    if booking.status != InterpreterBooking.Status.ACCEPTED:
        raise InterpretingError(_("Hours can be logged only for an accepted booking."))
    if booking.hours_logged is not None:
        raise InterpretingError(_("The hours of this booking have already been logged."))
    if timezone.now() < max(booking.ends_at, slot.ends_at):
        raise InterpretingError(_("Hours can be logged only after the appointment has ended."))
    try:
        hours = Decimal(hours)
    except (TypeError, ArithmeticError) as exc:
        raise InterpretingError(_("Enter the hours as a number, such as 1.5.")) from exc
    if not hours.is_finite() or hours <= 0:
        raise InterpretingError(_("Enter more than 0 hours."))
    if hours != hours.quantize(Decimal("0.01")):
        raise InterpretingError(_("Enter the hours with at most two decimals."))
    if hours > MAX_HOURS:
        raise InterpretingError(_("At most %(max)d hours can be logged for one booking.") % {"max": int(MAX_HOURS)})
    over_reason = (over_reason or "").strip()
    if hours > booking.max_hours and not over_reason:
        limit = int(booking.max_hours)
        raise InterpretingError(
            ngettext(
                "%(max)d hour was booked. Say why you worked longer.",
                "%(max)d hours were booked. Say why you worked longer.",
                limit,
            )
            % {"max": limit},
            code="over_reason",
        )
    if hours <= booking.max_hours:
        over_reason = ""
    if len(over_reason) > 300:
        raise InterpretingError(_("Keep the reason under 300 characters."))
    note = (note or "").strip()
    if len(note) > 500:
        raise InterpretingError(_("Keep the note under 500 characters."))
    booking.hours_logged = hours
    booking.logged_at = timezone.now()
    booking.log_note = note
    booking.hours_over_reason = over_reason
    booking.save(update_fields=["hours_logged", "logged_at", "log_note", "hours_over_reason", "updated_at"])
    data = {
        "hours": str(hours),
        **({"over_booking": str(hours - booking.max_hours), "reason": over_reason} if over_reason else {}),
    }
    log_action(booking, "interpreting.booking.hours_logged", case=_case_of(booking), actor=actor, data=data)
    claim_for_booking(booking=booking)
    return booking


def qualifying_program(booking: InterpreterBooking) -> SubsidyProgram | None:
    """The program that pays for this booking, if any: the program of the appointment's year
    (in Korean time) that counts the purpose and in which the appointment's institution
    qualifies."""
    slot = booking.appointment.slot
    day = slot.starts_at.astimezone(HUB_ZONE).date()
    program = SubsidyProgram.objects.filter(year=day.year).first()
    if program is None or not program.counts(booking.purpose):
        return None
    institution = slot.institution
    if program.all_institutions:
        qualifies = institution.kind == institution.Kind.INSTITUTION and institution.registration_valid(day)
    else:
        qualifies = program.institutions.filter(pk=institution.pk).exists()
    return program if qualifies else None


def claim_for_booking(*, booking: InterpreterBooking) -> SubsidyClaim | None:
    """Creates the claim for a booking's logged hours when it qualifies (called inside the
    service that logs them). The amount is the hours at the program's hourly rate, within
    what remains of the program's cap for the case."""
    booking = InterpreterBooking.objects.select_related("appointment__slot__institution").get(pk=booking.pk)
    program = qualifying_program(booking)
    if program is None or booking.hours_logged is None:
        return None
    # One case's claims are counted against its cap one at a time.
    case = Case.objects.select_for_update().get(pk=booking.appointment.case_id)
    claimed = (
        SubsidyClaim.objects.filter(program=program, case=case)
        .exclude(status=SubsidyClaim.Status.REJECTED)
        .aggregate(total=Sum("amount_krw"))["total"]
        or 0
    )
    left_for_case = program.cap_per_case_krw - claimed
    amount = min(int(booking.hours_logged * program.cap_per_hour_krw), left_for_case)
    if amount <= 0:
        return None
    claim = SubsidyClaim.objects.create(
        program=program, booking=booking, case=case, hours=booking.hours_logged, amount_krw=amount
    )
    log_action(claim, "interpreting.claim.created", data={"amount": amount, "program": program.id, "booking": booking.id})
    return claim


@transaction.atomic
def claim_approve(*, claim_id: int, actor) -> SubsidyClaim:
    """Approves a claim and takes its amount from the program's budget.

    The program's row is locked first, so two administrators approving at the same moment are
    served one after the other and the second sees what the first took; a claim larger than
    what remains is refused, and the database refuses a negative budget in any case."""
    program_id = SubsidyClaim.objects.filter(pk=claim_id).values_list("program_id", flat=True).first()
    if program_id is None:
        raise InterpretingError(_("This claim does not exist."))
    program = SubsidyProgram.objects.select_for_update().get(pk=program_id)
    claim = SubsidyClaim.objects.select_for_update().get(pk=claim_id)
    CLAIM.check(claim.status, SubsidyClaim.Status.APPROVED, error=InterpretingError)
    if claim.amount_krw > program.remaining_krw:
        raise InterpretingError(
            _("This claim (%(amount)s) exceeds what remains of the program's budget (%(remaining)s).")
            % {"amount": format_amount(claim.amount_krw, "KRW"), "remaining": format_amount(program.remaining_krw, "KRW")}
        )
    program.remaining_krw -= claim.amount_krw
    try:
        with transaction.atomic():
            program.save(update_fields=["remaining_krw", "updated_at"])
    except IntegrityError as exc:
        raise InterpretingError(_("The program's budget cannot go below zero.")) from exc
    CLAIM.move(claim, SubsidyClaim.Status.APPROVED, error=InterpretingError)
    claim.decided_by = actor
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "decided_by", "decided_at"])
    log_action(
        claim,
        "interpreting.claim.approved",
        actor=actor,
        data={"amount": claim.amount_krw, "program": program.id, "remaining": program.remaining_krw},
    )
    return claim


@transaction.atomic
def claim_reject(*, claim_id: int, actor, reason: str) -> SubsidyClaim:
    reason = (reason or "").strip()
    if not reason:
        raise InterpretingError(_("Give the reason for rejecting the claim."))
    if len(reason) > 300:
        raise InterpretingError(_("Keep the reason under 300 characters."))
    claim = SubsidyClaim.objects.select_for_update().filter(pk=claim_id).first()
    if claim is None:
        raise InterpretingError(_("This claim does not exist."))
    CLAIM.move(claim, SubsidyClaim.Status.REJECTED, error=InterpretingError)
    claim.reject_reason = reason
    claim.decided_by = actor
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "reject_reason", "decided_by", "decided_at"])
    log_action(claim, "interpreting.claim.rejected", actor=actor, data={"reason": reason, "program": claim.program_id})
    return claim


@transaction.atomic
def program_check(*, program: SubsidyProgram, institutions=None, approved: int | None = None) -> None:
    """The rules of a program, whoever saves it (the subsidy page, the admin): it names its
    institutions or lets all qualify, pays for at least one purpose, and its budget is never
    below what has been approved. The forms ask this too, so the errors show at the fields."""
    errors = {}
    if not program.all_institutions and not (
        institutions if institutions is not None else program.pk and program.institutions.exists()
    ):
        errors["institutions"] = _("Choose the qualifying institutions, or let all registered institutions qualify.")
    if not (program.counts_consultation or program.counts_surgery or program.counts_teleconsult):
        errors["__all__"] = _("Choose at least one purpose the program pays for.")
    if approved is None:
        approved = _approved(program)
    if program.total_budget_krw is not None and program.total_budget_krw < approved:
        errors["total_budget_krw"] = _("The budget cannot be lower than what has already been approved (%(approved)s).") % {
            "approved": format_amount(approved, "KRW")
        }
    if errors:
        raise InterpretingError(errors)


def _approved(program: SubsidyProgram) -> int:
    if not program.pk:
        return 0
    return (
        SubsidyClaim.objects.filter(program_id=program.pk, status=SubsidyClaim.Status.APPROVED).aggregate(
            total=Sum("amount_krw")
        )["total"]
        or 0
    )


def program_save(*, program: SubsidyProgram, actor, institutions=None) -> SubsidyProgram:
    """Creates or changes a subsidy program. What remains is always the budget less what has
    been approved, recomputed under the program's lock; the budget cannot be cut below that."""
    if program.pk:
        SubsidyProgram.objects.select_for_update().filter(pk=program.pk).first()
    approved = _approved(program)
    if program.total_budget_krw is None:
        raise InterpretingError({"total_budget_krw": _("Enter the program's budget.")})
    program_check(program=program, institutions=institutions, approved=approved)
    created = program.pk is None
    program.remaining_krw = program.total_budget_krw - approved
    program.full_clean()
    program.save()
    if institutions is not None:
        program.institutions.set(institutions)
    log_action(
        program,
        "interpreting.program.saved",
        actor=actor,
        data={"created": created, "budget": program.total_budget_krw, "remaining": program.remaining_krw},
    )
    return program


# The longest window of availability entered at once, and how far ahead one may be.
MAX_WINDOW = datetime.timedelta(hours=24)
MAX_AHEAD = datetime.timedelta(days=366)


def _own_profile(user) -> Interpreter:
    interpreter = Interpreter.objects.select_for_update().filter(user=user).first()
    if interpreter is None:
        raise InterpretingError(_("Your interpreter profile has not been set up yet."))
    return interpreter


@transaction.atomic
def availability_add(*, actor, starts_at: datetime.datetime, ends_at: datetime.datetime) -> Availability:
    """An interpreter says when they can work: a window of at most a day, in the future, not
    overlapping another of their windows. Hub staff then find them for appointments inside it
    (``selectors.suggest_interpreters``), and a booking outside every window is refused."""
    interpreter = _own_profile(actor)
    if ends_at <= starts_at:
        raise InterpretingError(_("The window must end after it starts."), code="order")
    if ends_at - starts_at > MAX_WINDOW:
        raise InterpretingError(_("Enter one day at a time: a window may last at most 24 hours."), code="length")
    now = timezone.now()
    if ends_at <= now:
        raise InterpretingError(_("This time has already passed."), code="past")
    if starts_at > now + MAX_AHEAD:
        raise InterpretingError(_("Enter availability for the coming year only."), code="ahead")
    clash = interpreter.availability.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).order_by("starts_at").first()
    if clash is not None:
        raise InterpretingError(
            _("This overlaps the window you already entered from %(start)s to %(end)s.")
            % {
                "start": f"{timezone.localtime(clash.starts_at, HUB_ZONE):%Y-%m-%d %H:%M}",
                "end": f"{timezone.localtime(clash.ends_at, HUB_ZONE):%Y-%m-%d %H:%M}",
            },
            code="overlap",
        )
    window = Availability.objects.create(interpreter=interpreter, starts_at=starts_at, ends_at=ends_at)
    log_action(
        window,
        "interpreting.availability.added",
        actor=actor,
        data={"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()},
    )
    return window


@transaction.atomic
def availability_remove(*, actor, availability_id: int) -> None:
    """An interpreter takes back a window, unless they are booked (requested or accepted) in it:
    they decline the booking first, so that the coordinator is told."""
    interpreter = _own_profile(actor)
    window = interpreter.availability.filter(pk=availability_id).first()
    if window is None:
        raise InterpretingError(_("This window does not exist."), code="missing")
    if _overlapping(interpreter.id, window.starts_at, window.ends_at).exists():
        raise InterpretingError(
            _("You are booked in this window. Decline the booking first, so that the coordinator can find someone else."),
            code="booked",
        )
    log_action(
        window,
        "interpreting.availability.removed",
        actor=actor,
        data={"starts_at": window.starts_at.isoformat(), "ends_at": window.ends_at.isoformat()},
    )
    window.delete()
