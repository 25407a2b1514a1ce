"""Reads of interpretation, always starting from what the requesting user may see."""

from collections import defaultdict

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from medhub.accounts.permissions import is_hub_staff, is_interpreter, may_decide_subsidies
from medhub.interpreting.models import (
    Availability,
    Certification,
    Interpreter,
    InterpreterBooking,
    SubsidyClaim,
    SubsidyProgram,
)
from medhub.scheduling.models import Appointment


def interpreter_for(user) -> Interpreter | None:
    """The interpreter profile of a user with the interpreter role, if one has been set up."""
    if not is_interpreter(user):
        return None
    return Interpreter.objects.filter(user=user).first()


def interpreters_visible_to(user, *, language: str = "") -> QuerySet[Interpreter]:
    """The registry, for the hub's staff only, with certifications prefetched."""
    if not is_hub_staff(user):
        return Interpreter.objects.none()
    qs = Interpreter.objects.filter(is_active=True)
    if language:
        qs = qs.filter(languages__contains=f",{language},")
    return qs.prefetch_related("certifications").order_by("display_name", "id")


def bookings_visible_to(user) -> QuerySet[InterpreterBooking]:
    """Every booking query that serves a request starts here: hub staff see all bookings, an
    interpreter only their own, anyone else none."""
    if not user.is_authenticated:
        return InterpreterBooking.objects.none()
    if is_hub_staff(user):
        return InterpreterBooking.objects.all()
    if is_interpreter(user):
        return InterpreterBooking.objects.filter(interpreter__user=user)
    return InterpreterBooking.objects.none()


def own_bookings(user) -> QuerySet[InterpreterBooking]:
    """An interpreter's own bookings with what their page shows: the case's reference, the
    institution, the claim. Never anyone else's, whatever other role the user has."""
    if not is_interpreter(user):
        return InterpreterBooking.objects.none()
    return (
        InterpreterBooking.objects.filter(interpreter__user=user)
        .select_related("appointment__slot__institution", "appointment__case", "subsidy_claim")
        .order_by("starts_at", "id")
    )


def case_bookings(user, case) -> QuerySet[InterpreterBooking]:
    return (
        bookings_visible_to(user)
        .filter(appointment__case=case)
        .select_related("interpreter", "appointment__slot__institution", "subsidy_claim")
        .order_by("starts_at", "id")
    )


def case_appointments(user, case) -> list[Appointment]:
    """A case's appointments, each with its bookings (``appointment.bookings``), for hub staff."""
    if not is_hub_staff(user):
        return []
    bookings = InterpreterBooking.objects.select_related("interpreter", "subsidy_claim").order_by("starts_at", "id")
    return list(
        Appointment.objects.filter(case=case)
        .select_related("slot__institution")
        .prefetch_related(Prefetch("interpreter_bookings", queryset=bookings, to_attr="bookings"))
        .order_by("slot__starts_at", "id")
    )


def bookings_by_appointment(appointment_ids) -> dict[int, list[InterpreterBooking]]:
    """The requested and accepted bookings of each appointment, with the interpreter."""
    result: dict[int, list[InterpreterBooking]] = defaultdict(list)
    ids = list(appointment_ids)
    if not ids:
        return {}
    for booking in (
        InterpreterBooking.objects.filter(appointment_id__in=ids, status__in=InterpreterBooking.ACTIVE)
        .select_related("interpreter")
        .order_by("starts_at", "id")
    ):
        result[booking.appointment_id].append(booking)
    return dict(result)


def suggest_interpreters(appointments, *, language: str) -> dict[int, list[Interpreter]]:
    """For each appointment, the active interpreters who serve ``language``, have said they
    can work for the whole slot, and have no requested or accepted booking then.

    Three queries whatever the number of appointments: the candidates, their availability and
    their bookings over the span of the appointments, matched in memory."""
    appointments = list(appointments)
    if not appointments:
        return {}
    earliest = min(a.slot.starts_at for a in appointments)
    latest = max(a.slot.ends_at for a in appointments)
    candidates = list(
        Interpreter.objects.filter(is_active=True, languages__contains=f",{language},")
        .prefetch_related(
            Prefetch(
                "availability",
                queryset=Availability.objects.filter(starts_at__lt=latest, ends_at__gt=earliest),
                to_attr="blocks",
            ),
            Prefetch(
                "bookings",
                queryset=InterpreterBooking.objects.filter(
                    status__in=InterpreterBooking.ACTIVE, starts_at__lt=latest, ends_at__gt=earliest
                ),
                to_attr="busy",
            ),
        )
        .order_by("display_name", "id")
    )
    result = {}
    for appointment in appointments:
        start, end = appointment.slot.starts_at, appointment.slot.ends_at
        result[appointment.id] = [
            interpreter
            for interpreter in candidates
            if any(b.starts_at <= start and b.ends_at >= end for b in interpreter.blocks)
            and not any(b.starts_at < end and b.ends_at > start for b in interpreter.busy)
        ]
    return result


def upcoming_and_past(bookings) -> tuple[list, list]:
    now = timezone.now()
    bookings = list(bookings)
    return [b for b in bookings if b.ends_at >= now], sorted(
        (b for b in bookings if b.ends_at < now), key=lambda b: b.starts_at, reverse=True
    )


def programs_visible_to(user) -> QuerySet[SubsidyProgram]:
    if not may_decide_subsidies(user):
        return SubsidyProgram.objects.none()
    return SubsidyProgram.objects.prefetch_related("institutions").order_by("-year")


def claims_visible_to(user, *, status: str = "", program_id: int | None = None) -> QuerySet[SubsidyClaim]:
    if not may_decide_subsidies(user):
        return SubsidyClaim.objects.none()
    qs = SubsidyClaim.objects.select_related(
        "program", "case", "booking__interpreter", "booking__appointment__slot__institution", "decided_by"
    )
    if status:
        qs = qs.filter(status=status)
    if program_id is not None:
        qs = qs.filter(program_id=program_id)
    return qs.order_by("created_at", "id")


def report_claims(user, program: SubsidyProgram) -> list[SubsidyClaim]:
    """The approved claims of a program, each interpreter's certifications prefetched (the
    report names the certificate for the booked language)."""
    return list(
        claims_visible_to(user, status=SubsidyClaim.Status.APPROVED, program_id=program.id)
        .prefetch_related(Prefetch("booking__interpreter__certifications", queryset=Certification.objects.order_by("-year")))
        .order_by("booking__starts_at", "id")
    )


def certificate_number(interpreter: Interpreter, language: str) -> str:
    """The number of the certificate that covers ``language``, the national one first."""
    certificates = sorted(
        interpreter.certifications.all(),
        key=lambda c: (c.language != language, c.kind != Certification.Kind.NATIONAL, -c.year),
    )
    return certificates[0].number if certificates else ""


def own_availability(user) -> QuerySet[Availability]:
    """The interpreter's own windows that have not ended, soonest first."""
    if not is_interpreter(user):
        return Availability.objects.none()
    return Availability.objects.filter(interpreter__user=user, ends_at__gt=timezone.now()).order_by("starts_at", "id")
