"""Each event tells the people it concerns, in their language, in-app and on their channels, and
nobody else. (The messengers' own wire format is in test_channels.py.)"""

import datetime

import pytest
from django.core import mail

from medhub.accounts.models import Role
from medhub.cases import services as cases
from medhub.interpreting import services as interpreting
from medhub.notifications.models import Notification, Preference
from medhub.travel import services as travel
from tests.cases.conftest import coordinator, make_case, make_user  # noqa: F401 - shared fixtures
from tests.interpreting.conftest import book, make_interpreter, scheduled_case
from tests.scheduling.test_booking import quote_data
from tests.travel.conftest import with_trip, world  # noqa: F401 - shared fixtures
from tests.travel.test_stays_pickups import pickup_data

pytestmark = pytest.mark.django_db

HANGUL = ("\uac00", "\ud7a3")
CYRILLIC = ("\u0400", "\u04ff")
KANA_OR_KANJI = ("\u3040", "\u9fff")


def written_in(text: str, script) -> bool:
    return any(script[0] <= ch <= script[1] for ch in text)


def notes(user, kind=None):
    rows = Notification.objects.filter(recipient=user)
    return list(rows.filter(kind=kind) if kind else rows)


def speaks(user, language):
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return user


@pytest.fixture
def shared(directory, coordinator, django_capture_on_commit_callbacks):  # noqa: F811 - the shared fixture
    patient = speaks(make_user("pat", Role.PATIENT), "ja")
    staff = speaks(make_user("derm-staff", Role.PROVIDER_STAFF, directory["derm"]), "ko")
    outsider = make_user("dental-staff", Role.PROVIDER_STAFF, directory["dental"])
    case = make_case(patient=patient)
    cases.case_triage(case_id=case.id, specialty=directory["specialties"]["dermatology"], actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        cases.case_share(case_id=case.id, institution_ids=[directory["derm"].id], actor=coordinator)
    return {"case": case, "patient": patient, "staff": staff, "outsider": outsider, "coordinator": coordinator}


def test_case_shared_tells_the_institution_and_the_patient(shared, directory):
    case, staff, patient = shared["case"], shared["staff"], shared["patient"]
    [to_staff] = notes(staff)
    assert to_staff.kind == "cases.case_shared" and written_in(to_staff.title, HANGUL)
    assert to_staff.link == f"/ko/work/inbox/{case.reference}/"
    # In the app the link is a button; email and messengers carry it in the text.
    assert "http" not in to_staff.body and f"/ko/work/inbox/{case.reference}/" in to_staff.message
    # The hub's name stays where a sentence says it, and the closing signature goes.
    ko_hub = "한빛 의료관광 지원센터"
    assert ko_hub in to_staff.body.splitlines()[0]
    assert to_staff.body.splitlines()[-1] != ko_hub and to_staff.message.splitlines()[-1] == ko_hub
    [to_patient] = notes(patient)
    # A new wording (its catalog comes with the next translation round): worded in Japanese's
    # turn, with the page in Japanese.
    assert (to_patient.kind, to_patient.language) == ("cases.case_shared_patient", "ja")
    assert to_patient.link == f"/ja/cases/{case.reference}/"
    assert notes(shared["outsider"]) == [] and notes(shared["coordinator"]) == []
    # Email went the same way: one per person, the notification's words.
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == sorted(
        [(staff.email, to_staff.title), (patient.email, to_patient.title)]
    )


def test_quote_received_and_revised_tell_the_patient_and_the_coordinator(shared, directory):
    case, staff = shared["case"], shared["staff"]
    cases.quote_submit(case_id=case.id, institution_id=directory["derm"].id, actor=staff, data=quote_data())
    cases.quote_submit(case_id=case.id, institution_id=directory["derm"].id, actor=staff, data={**quote_data(), "plan": "Better"})
    for person in (shared["patient"], shared["coordinator"]):
        assert [n.kind for n in notes(person) if n.kind.startswith("cases.quote")] == [
            "cases.quote_revised",
            "cases.quote_received",
        ]
    assert written_in(notes(shared["patient"], "cases.quote_received")[0].title, KANA_OR_KANJI)
    assert notes(shared["outsider"]) == []
    assert not [n for n in notes(staff) if n.kind.startswith("cases.quote")]


def test_a_new_message_tells_the_readers_of_that_conversation_only(shared):
    case, patient = shared["case"], shared["patient"]
    cases.message_post(case_id=case.id, author=patient, body="こんにちは", language="ja", attachments=[], conversation=None)
    assert len(notes(shared["coordinator"], "cases.new_message")) == 1
    assert notes(patient, "cases.new_message") == []  # not the author
    assert notes(shared["staff"], "cases.new_message") == []  # the general conversation is not the institution's
    assert notes(shared["outsider"]) == []


@pytest.mark.parametrize("ending", ["declined", "cancelled", "lost"])
def test_an_ended_case_tells_the_patient_and_institution_with_the_reason(shared, ending):
    case, patient, staff = shared["case"], shared["patient"], shared["staff"]
    speaks(patient, "ru")
    cases.case_end(case_id=case.id, to_state=ending, actor=shared["coordinator"], reason="Нет свободных дат")
    [to_patient] = notes(patient, f"cases.case_{ending}")
    assert "Нет свободных дат" in to_patient.body and case.reference in to_patient.title
    assert to_patient.language == "ru" and to_patient.link == f"/ru/cases/{case.reference}/"
    [to_staff] = notes(staff, f"cases.case_{ending}")
    assert "Нет свободных дат" in to_staff.body and to_staff.language == "ko"
    assert notes(shared["coordinator"], f"cases.case_{ending}") == []  # whoever ended it
    assert notes(shared["outsider"]) == []


def test_someone_who_may_not_open_the_case_is_never_told_even_when_named(shared):
    cases._notify(shared["case"], "case_lost", [shared["outsider"].pk, shared["patient"].pk], {"reason": "x"})
    assert notes(shared["outsider"]) == []
    assert len(notes(shared["patient"], "cases.case_lost")) == 1


def test_hotel_and_driver_answers_reach_the_patient_with_the_reason(world, settings):  # noqa: F811
    settings.MEDHUB_BASE_URL = "http://hub.test"
    speaks(world["patient"], "ru")
    with_trip(world)
    stay = travel.stay_book(
        case_id=world["case"].id,
        room_id=world["room"].id,
        check_in=world["arrival"],
        check_out=world["arrival"] + datetime.timedelta(days=3),
        guests=1,
        actor=world["coordinator"],
    )
    assert len(notes(world["hotel_staff"], "travel.stay_requested")) == 1
    assert notes(world["other_hotel_staff"]) == []
    travel.stay_respond(stay_id=stay.id, organization_ids=[world["hotel"].id], confirm=True, actor=world["hotel_staff"])
    [confirmed] = notes(world["patient"], "travel.booking_confirmed")
    assert confirmed.language == "ru" and confirmed.link == f"/ru/cases/{world['case'].reference}/itinerary/"
    assert len(notes(world["coordinator"], "travel.booking_answered")) == 1

    pickup = travel.pickup_book(
        case_id=world["case"].id,
        company_id=world["transport"].id,
        data=pickup_data(world),
        actor=world["coordinator"],
    )
    travel.pickup_respond(
        pickup_id=pickup.id,
        organization_ids=[world["transport"].id],
        confirm=False,
        actor=world["driver_desk"],
        data={"note": "No van that morning"},
    )
    [declined] = notes(world["patient"], "travel.booking_declined")
    assert "No van that morning" in declined.body
    answered = notes(world["coordinator"], "travel.booking_answered")
    assert any("No van that morning" in n.body for n in answered)


def test_visa_status_tells_the_patient_with_the_refusal_reason(world):  # noqa: F811
    case = world["case"]
    speaks(world["patient"], "ru")
    with_trip(world)
    visa = travel.visa_save(case_id=case.id, actor=world["coordinator"])
    from medhub.travel.models import VisaApplication
    from medhub.travel.selectors import visa_checklist

    ids = [line.id for line in visa_checklist(VisaApplication.objects.select_related("case").get(pk=visa.pk))]
    travel.visa_checklist_update(case_id=case.id, item_ids=ids, actor=world["coordinator"])
    day = datetime.date(2026, 12, 1)
    travel.visa_status_set(case_id=case.id, status="collected", on=day, actor=world["coordinator"])
    travel.visa_status_set(case_id=case.id, status="submitted", on=day, actor=world["coordinator"])
    travel.visa_status_set(case_id=case.id, status="refused", on=day, actor=world["coordinator"], reason="Неполные документы")
    told = notes(world["patient"], "travel.visa_status")
    assert len(told) == 3 and all(written_in(n.body, CYRILLIC) for n in told)
    assert "Неполные документы" in told[0].body
    assert notes(world["hotel_staff"]) == []


def test_interpreter_booking_changes_tell_the_interpreter_and_the_coordinator(directory, coordinator):  # noqa: F811
    case, appointment = scheduled_case(directory, coordinator)
    interpreter = make_interpreter("mika", ("ja",), preferred_language="ru")
    booking = book(appointment, interpreter, coordinator)
    [booked] = notes(interpreter.user, "interpreting.booking_booked")
    assert written_in(booked.title, CYRILLIC) and booked.link == "/ru/work/interpreting/"
    interpreting.booking_decline(booking_id=booking.id, actor=interpreter.user, reason="Busy at a hospital")
    [declined] = notes(coordinator, "interpreting.booking_declined")
    assert "Busy at a hospital" in declined.body
    assert declined.link == f"/en/work/cases/{case.reference}/interpreters/"
    assert notes(case.patient, "interpreting.booking_declined") == []


def test_a_person_with_email_turned_off_still_finds_it_in_the_app(directory, coordinator, django_capture_on_commit_callbacks):  # noqa: F811
    patient = make_user("quiet", Role.PATIENT)
    Preference.objects.create(user=patient, email=False)
    case = make_case(patient=patient)
    cases.case_triage(case_id=case.id, specialty=directory["specialties"]["dermatology"], actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        cases.case_share(case_id=case.id, institution_ids=[directory["derm"].id], actor=coordinator)
    assert len(notes(patient)) == 1
    assert patient.email not in {m.to[0] for m in mail.outbox}
