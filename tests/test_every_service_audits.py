"""Every public service that changes something writes the audit log (medhub.core.audit).

The services of cases, scheduling, interpreting, travel and privacy are wrapped so that each
successful call records whether the log grew; then one story runs every one of them (an inquiry
to a scheduled case with interpreters, travel, and the patient's deletion requests). A public
function is either listed below as changing nothing, or it must be run by the story and log
every time. So a new service fails here until the story runs it, and it fails if it does not log.
"""

import datetime
import functools
import importlib
import inspect
from collections import defaultdict
from decimal import Decimal

import pytest
from django.utils import timezone

from medhub.accounts.models import Role
from medhub.cases.links import verify_token
from medhub.cases.models import Case
from medhub.core.models import LogEntry
from medhub.interpreting.models import SubsidyClaim
from tests.cases.conftest import coordinator, inquiry_fields, make_case, make_user  # noqa: F401 - shared fixtures
from tests.interpreting.conftest import book, make_interpreter, make_program, move_to_past
from tests.scheduling.test_booking import accepted_case, tomorrow_slots
from tests.travel.conftest import add_patient_traveller, with_trip, world  # noqa: F401 - shared fixtures

APPS = ["cases", "scheduling", "interpreting", "travel", "privacy"]

# Public functions of the services modules that change no row of their own, and why.
NOT_WRITES = {
    "cases": {
        "message_too_long": "an error text",
        "referring_agency": "a read",
        "eligibility": "a check",
        "link_may_sign_in": "a check",
        "case_access_log": "the access log of reads (CaseAccess) itself",
        "case_page_opened": "the access log of reads (CaseAccess) itself",
        "message_translate": "stores the machine translation of a message, a copy for the next reader",
        "check_reason": "a check",
    },
    "scheduling": {
        "occurrence_days": "a computation of dates",
        "note_editable": "a check",
        "note_editable_until": "a computation of a date",
    },
    "interpreting": {"qualifying_program": "a read", "program_check": "a check"},
    "travel": {"sensitive_reveal": "the access log of reads (SensitiveAccess) itself", "rooms_taken": "a read"},
    "privacy": {"retention_years": "settings", "outcome_lines": "labels", "patient_export": "a copy for the patient"},
}


def public_services(app: str) -> dict:
    module = importlib.import_module(f"medhub.{app}.services")
    return {
        name: fn
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if fn.__module__ == module.__name__ and not name.startswith("_")
    }


def test_the_list_of_services_that_change_nothing_is_current():
    for app in APPS:
        stale = set(NOT_WRITES[app]) - set(public_services(app))
        assert not stale, f"{app}: no such service any more: {sorted(stale)}"


@pytest.fixture
def traced(monkeypatch):
    """Wraps every writing service; returns {(app, name): [grew, ...]} for successful calls."""
    calls = defaultdict(list)
    for app in APPS:
        module = importlib.import_module(f"medhub.{app}.services")
        for name, fn in public_services(app).items():
            if name in NOT_WRITES[app]:
                continue

            def wrapper(*args, _fn=fn, _key=(app, name), **kwargs):
                before = LogEntry.objects.count()
                result = _fn(*args, **kwargs)
                calls[_key].append(LogEntry.objects.count() > before)
                return result

            monkeypatch.setattr(module, name, functools.wraps(fn)(wrapper))
    return calls


def test_every_service_that_changes_something_logs_it(traced, world, client):  # noqa: F811 - the shared fixture
    from medhub.cases import services as cases
    from medhub.interpreting import services as interpreting
    from medhub.privacy import services as privacy
    from medhub.scheduling import services as scheduling
    from medhub.travel import services as travel
    from medhub.travel.models import VisaApplication
    from medhub.travel.selectors import visa_checklist

    directory, coordinator, patient, case = world["directory"], world["coordinator"], world["patient"], world["case"]  # noqa: F811
    boss = make_user("boss", Role.HUB_ADMIN)

    # cases: an inquiry verified by its sender, a message, a share withdrawn (the world's case
    # was triaged, shared, quoted and accepted through the services when it was built).
    assert client.post("/en/inquiry/", inquiry_fields()).status_code == 302
    asked = LogEntry.objects.get(action="cases.case.created", actor=None, data__documents=0)
    cases.case_verify_email(case_id=asked.case_id, token=verify_token(asked.case_id))
    cases.message_post(case_id=case.id, author=patient, body="Hello", language="en", attachments=[])
    other = make_case(reference="HB-WITHDRAWN")
    cases.case_triage(case_id=other.id, specialty=directory["specialties"]["dermatology"], actor=coordinator)
    cases.case_share(case_id=other.id, institution_ids=[directory["derm"].id], actor=coordinator)
    cases.case_share_withdraw(case_id=other.id, institution_id=directory["derm"].id, actor=coordinator)
    cases.case_end(case_id=other.id, to_state="declined", actor=coordinator, reason="No other institution fits")
    cases.case_assign(case_id=case.id, owner_id=boss.id, actor=coordinator)
    cases.case_follow(case_id=case.id, user=coordinator)
    cases.case_follow(case_id=case.id, user=coordinator, follow=False)

    # scheduling: slots published, an appointment booked.
    slot = tomorrow_slots(directory["derm"], count=1)[0]
    appointment = scheduling.appointment_book(case_id=case.id, slot_id=slot.id, actor=patient)
    spare = tomorrow_slots(directory["spine"], count=1)[0]
    scheduling.slot_delete(slot_id=spare.id, institution_ids=[directory["spine"].id], actor=None)
    again, again_patient = accepted_case(directory, coordinator, reference="HB-SLOT-CANCELLED")
    extra = tomorrow_slots(directory["derm"], count=1)[0]
    scheduling.appointment_book(case_id=again.id, slot_id=extra.id, actor=again_patient)
    scheduling.slot_cancel(slot_id=extra.id, institution_ids=[directory["derm"].id], actor=None, reason="The doctor is ill")

    # interpreting: a program, four bookings (accepted twice, declined, cancelled), hours, claims.
    make_program()
    people = [make_interpreter(f"int-{n}") for n in range(4)]
    interpreting.interpreter_save(interpreter=people[0], actor=boss)
    later = timezone.now() + datetime.timedelta(days=20)
    window = interpreting.availability_add(actor=people[0].user, starts_at=later, ends_at=later + datetime.timedelta(hours=4))
    interpreting.availability_remove(actor=people[0].user, availability_id=window.id)
    worked, paid, declined, cancelled = (book(appointment, person, coordinator) for person in people)
    for booking in (worked, paid):
        interpreting.booking_accept(booking_id=booking.id, actor=booking.interpreter.user)
    interpreting.booking_decline(booking_id=declined.id, actor=declined.interpreter.user, reason="Ill that day")
    interpreting.booking_cancel(booking_id=cancelled.id, actor=coordinator, reason="Plans changed")
    for booking in (worked, paid):
        move_to_past(booking, minutes=120)
        interpreting.hours_log(booking_id=booking.id, actor=booking.interpreter.user, hours=Decimal("1.5"))
    first, second = SubsidyClaim.objects.order_by("id")
    interpreting.claim_approve(claim_id=first.id, actor=boss)
    interpreting.claim_reject(claim_id=second.id, actor=boss, reason="Counted twice")

    # travel: trip, visa, checklist, status, a traveller added and removed, a room, bookings.
    with_trip(world)
    visa = travel.visa_save(case_id=case.id, actor=coordinator)
    items = [line.id for line in visa_checklist(VisaApplication.objects.select_related("case").get(pk=visa.pk))]
    travel.visa_checklist_update(case_id=case.id, item_ids=items, actor=coordinator)
    travel.visa_status_set(case_id=case.id, status="collected", on=None, actor=coordinator)
    traveller = add_patient_traveller(world)
    travel.traveller_remove(case_id=case.id, traveller_id=traveller.id, actor=coordinator)
    room_data = {"name": {"en": "Suite"}, "capacity": 2, "rooms_available": 3}
    room_data |= {"rack_rate_krw": 200_000, "medical_rate_krw": 150_000, "is_active": True}
    room = travel.room_save(hotel_id=world["hotel"].id, data=room_data, actor=world["hotel_staff"])
    check_in = world["arrival"]
    stay = travel.stay_book(
        case_id=case.id,
        room_id=room.id,
        check_in=check_in,
        check_out=check_in + datetime.timedelta(days=2),
        guests=1,
        actor=coordinator,
    )
    travel.stay_respond(stay_id=stay.id, organization_ids=[world["hotel"].id], confirm=True, actor=world["hotel_staff"])
    pickup = travel.pickup_book(
        case_id=case.id,
        company_id=world["transport"].id,
        data={
            "direction": "arrival",
            "flight": "KC909",
            "airport": "ICN",
            "pickup_at": datetime.datetime.combine(check_in, datetime.time(8), tzinfo=datetime.UTC),
            "destination": "Hotel",
        },
        actor=coordinator,
    )
    travel.pickup_respond(
        pickup_id=pickup.id,
        organization_ids=[world["transport"].id],
        confirm=True,
        actor=world["driver_desk"],
        data={"driver_name": "Park", "driver_phone": "010-1234-5678"},
    )
    travel.booking_cancel(case_id=case.id, kind="stay", pk=stay.id, actor=coordinator, reason="Plans changed")

    # scheduling: the institution writes its consult note once the appointment has started.
    move_to_past_slot = appointment.slot.starts_at - datetime.timedelta(days=3)
    type(appointment.slot).objects.filter(pk=appointment.slot_id).update(
        starts_at=move_to_past_slot, ends_at=move_to_past_slot + datetime.timedelta(minutes=30)
    )
    scheduling.consult_note_write(
        appointment_id=appointment.id, actor=make_user("derm-notes", Role.PROVIDER_STAFF, directory["derm"]), text="Seen."
    )

    # privacy: a request refused (the patient is being treated), another approved (erased).
    refused = privacy.deletion_request(user=patient)
    privacy.deletion_decide(request_id=refused.id, actor=boss, approve=False, reason="You are being treated")
    inquirer = LogEntry.objects.get(action="cases.case.email_verified").case_id
    approved = privacy.deletion_request(user=Case.objects.get(pk=inquirer).patient)
    privacy.deletion_decide(request_id=approved.id, actor=boss, approve=True)

    missing, silent = [], []
    for app in APPS:
        for name in public_services(app):
            if name in NOT_WRITES[app]:
                continue
            if not traced[(app, name)]:
                missing.append(f"{app}.{name}")
            elif not all(traced[(app, name)]):
                silent.append(f"{app}.{name}")
    assert not missing, f"run these services in the story above (or list them in NOT_WRITES): {missing}"
    assert not silent, f"these services changed something without writing the audit log: {silent}"
