"""Builders for interpretation tests: interpreters with availability, a case with an
appointment, a booking whose appointment is over, a subsidy program."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone, translation

from medhub.accounts.models import Role
from medhub.core.i18n import languages_to_db
from medhub.interpreting import services
from medhub.interpreting.models import Availability, Certification, Interpreter, InterpreterBooking, SubsidyProgram
from medhub.scheduling import services as schedule
from medhub.scheduling.models import Slot
from tests.cases.conftest import coordinator, coordinator_client, make_user  # noqa: F401 - shared fixtures
from tests.scheduling.test_booking import accepted_case, tomorrow_slots

HUB_ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def make_interpreter(username, languages=("ja",), *, preferred_language="ru", available=True, number=None):
    user = make_user(username, Role.INTERPRETER)
    user.preferred_language = preferred_language
    user.save(update_fields=["preferred_language"])
    interpreter = Interpreter.objects.create(
        user=user, display_name=f"Interpreter {username}", phone="010-0000-0000", languages=languages_to_db(languages)
    )
    Certification.objects.create(
        interpreter=interpreter, language=languages[0], number=number or f"MI-{username.upper()}", year=2020
    )
    if available:
        now = timezone.now()
        Availability.objects.create(
            interpreter=interpreter, starts_at=now - datetime.timedelta(days=1), ends_at=now + datetime.timedelta(days=10)
        )
    return interpreter


def scheduled_case(directory, actor, reference="HB-INT", *, slot=None):
    """An accepted case with a booked appointment at the dermatology clinic, two days ahead."""
    case, patient = accepted_case(directory, actor, reference)
    slot = slot or tomorrow_slots(directory["derm"], count=1)[0]
    appointment = schedule.appointment_book(case_id=case.id, slot_id=slot.id, actor=patient)
    case.refresh_from_db()
    return case, appointment


def book(appointment, interpreter, actor, purpose="consultation", **extra):
    return services.booking_create(
        appointment_id=appointment.id,
        interpreter_id=interpreter.id,
        purpose=purpose,
        language=extra.pop("language", "ja"),
        actor=actor,
        **extra,
    )


def move_to_past(booking, *, hours_ago=3, minutes=60):
    """The appointment (and its booking) took place ``hours_ago`` hours ago."""
    starts = timezone.now() - datetime.timedelta(hours=hours_ago)
    ends = starts + datetime.timedelta(minutes=minutes)
    Slot.objects.filter(appointment__id=booking.appointment_id).update(starts_at=starts, ends_at=ends)
    InterpreterBooking.objects.filter(pk=booking.pk).update(starts_at=starts, ends_at=ends)
    booking.refresh_from_db()
    return booking


def worked_booking(appointment, interpreter, actor, purpose="consultation", **extra):
    """A booking the interpreter accepted, for an appointment that is over."""
    booking = book(appointment, interpreter, actor, purpose, **extra)
    services.booking_accept(booking_id=booking.id, actor=interpreter.user)
    return move_to_past(booking, minutes=120)


def make_program(year=None, **fields):
    defaults = {
        "name": "Interpretation subsidy",
        "total_budget_krw": 30_000_000,
        "cap_per_case_krw": 500_000,
        "cap_per_hour_krw": 40_000,
        "all_institutions": True,
    }
    institutions = fields.pop("institutions", None)
    # The year of the appointments ``move_to_past`` makes (a few hours ago, Korean time).
    year = year or (timezone.now() - datetime.timedelta(hours=3)).astimezone(HUB_ZONE).year
    program = SubsidyProgram(year=year, **{**defaults, **fields})
    return services.program_save(program=program, actor=None, institutions=institutions)


def log(booking, hours="1.5"):
    return services.hours_log(booking_id=booking.id, actor=booking.interpreter.user, hours=Decimal(hours))


@pytest.fixture
def interpreter(db):
    return make_interpreter("olga", ("ja", "ru"))


@pytest.fixture
def scheduled(directory, coordinator):  # noqa: F811 - the shared fixture
    return scheduled_case(directory, coordinator)


@pytest.fixture(autouse=True)
def _english():
    """Service errors are matched by their English text, whatever the catalogs say."""
    with translation.override("en"):
        yield
