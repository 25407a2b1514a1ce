"""Institutions at work on their schedule: a slot nobody booked is deleted, a booked one is
cancelled with a reason the patient is told, a publication repeats weekly (all or nothing, each
week through the overlap rule), and a calendar shows one day at a time; page and API alike."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from medhub.accounts.models import Role
from medhub.cases.models import CaseState
from medhub.core.models import LogEntry
from medhub.scheduling import services as schedule
from medhub.scheduling.models import Appointment, Slot
from tests.cases.conftest import make_user
from tests.conftest import api_token
from tests.scheduling.test_booking import accepted_case, tomorrow_slots

pytestmark = pytest.mark.django_db

DAY = timezone.localdate() + datetime.timedelta(days=3)


def api_for(user) -> APIClient:
    api = APIClient()
    api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return api


@pytest.fixture
def derm_staff(directory):
    return make_user("derm-staff", Role.PROVIDER_STAFF, directory["derm"])


@pytest.fixture
def booked(directory, coordinator):
    """A case booked into the first of two slots of the dermatology clinic."""
    case, patient = accepted_case(directory, coordinator)
    slots = tomorrow_slots(directory["derm"])
    schedule.appointment_book(case_id=case.id, slot_id=slots[0].id, actor=patient)
    case.refresh_from_db()
    return case, patient, slots


def test_a_free_slot_is_deleted_on_the_page_a_booked_one_is_not(client, derm_staff, booked):
    case, _patient, (taken, free) = booked
    client.force_login(derm_staff)
    assert client.post(f"/en/work/slots/{free.id}/delete/").status_code == 302
    assert not Slot.objects.filter(pk=free.id).exists()
    assert LogEntry.objects.filter(action="scheduling.slot.deleted", data__slot=free.id).exists()
    response = client.post(f"/en/work/slots/{taken.id}/delete/", follow=True)
    assert "cancel it with a reason" in response.content.decode()
    assert Appointment.objects.filter(slot=taken, case=case).exists()


def test_a_free_slot_is_deleted_through_the_api_a_booked_one_is_not(derm_staff, booked):
    _case, _patient, (taken, free) = booked
    api = api_for(derm_staff)
    assert api.delete(f"/api/v1/slots/{free.id}/").status_code == 204
    refused = api.delete(f"/api/v1/slots/{taken.id}/")
    assert refused.status_code == 400 and "cancel it with a reason" in str(refused.json())
    assert Slot.objects.filter(pk=taken.id).exists()


def test_cancel_a_booked_slot_on_the_page_tells_the_patient_the_reason(
    client, derm_staff, booked, django_capture_on_commit_callbacks
):
    case, patient, (taken, free) = booked
    assert case.state == CaseState.SCHEDULED
    client.force_login(derm_staff)
    page = client.get(f"/en/work/slots/{taken.id}/cancel/")
    assert page.status_code == 200 and case.reference in page.content.decode()
    # No reason: refused, nothing changes.
    refused = client.post(f"/en/work/slots/{taken.id}/cancel/", {"reason": "  "})
    assert refused.status_code == 400
    assert Appointment.objects.filter(slot=taken).exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(f"/en/work/slots/{taken.id}/cancel/", {"reason": "The doctor is ill that day"})
    assert done.status_code == 302
    taken.refresh_from_db()
    case.refresh_from_db()
    assert taken.cancelled_at is not None and taken.cancel_reason == "The doctor is ill that day"
    assert not Appointment.objects.filter(case=case).exists()
    assert case.state == CaseState.ACCEPTED  # the patient books another slot
    to_patient = [m for m in mail.outbox if m.to == [patient.email]]
    assert len(to_patient) == 1 and "The doctor is ill that day" in to_patient[0].body
    entry = LogEntry.objects.get(action="scheduling.appointment.cancelled")
    assert entry.case_id == case.id and entry.data["reason"] == "The doctor is ill that day"
    # The cancelled slot is not offered again; the other one is, and the patient books it.
    from medhub.scheduling.selectors import open_slots

    assert [s.id for s in open_slots(taken.institution_id)] == [free.id]
    schedule.appointment_book(case_id=case.id, slot_id=free.id, actor=patient)
    case.refresh_from_db()
    assert case.state == CaseState.SCHEDULED


def test_cancel_through_the_api_needs_a_reason_and_a_cancelled_slot_is_not_bookable(directory, derm_staff, booked):
    case, patient, (taken, _free) = booked
    api = api_for(derm_staff)
    assert api.post(f"/api/v1/slots/{taken.id}/cancel/", {}, format="json").status_code == 400
    answer = api.post(f"/api/v1/slots/{taken.id}/cancel/", {"reason": "Equipment out of order"}, format="json")
    assert answer.status_code == 200 and answer.json()["cancel_reason"] == "Equipment out of order"
    patient_api = api_for(patient)
    offered = [s["id"] for s in patient_api.get(f"/api/v1/cases/{case.reference}/slots/").json()]
    assert taken.id not in offered
    rebook = patient_api.post(f"/api/v1/cases/{case.reference}/appointments/", {"slot": taken.id}, format="json")
    assert rebook.status_code == 400


def test_another_institution_cannot_delete_or_cancel(client, directory, booked):
    _case, _patient, (taken, free) = booked
    other = make_user("spine-staff", Role.PROVIDER_STAFF, directory["spine"])
    client.force_login(other)
    assert client.post(f"/en/work/slots/{free.id}/delete/").status_code == 404
    assert client.post(f"/en/work/slots/{taken.id}/cancel/", {"reason": "x"}).status_code == 404
    api = api_for(other)
    assert api.delete(f"/api/v1/slots/{free.id}/").status_code == 404
    assert api.post(f"/api/v1/slots/{taken.id}/cancel/", {"reason": "x"}, format="json").status_code == 404
    patient_like = make_user("coordinator2", Role.COORDINATOR)
    client.force_login(patient_like)
    assert client.post(f"/en/work/slots/{free.id}/delete/").status_code == 403
    assert Slot.objects.filter(pk=free.id).exists() and Appointment.objects.filter(slot=taken).exists()


def test_weekly_repeat_on_the_page_for_n_weeks(client, derm_staff):
    client.force_login(derm_staff)
    form = {"day": DAY.isoformat(), "start": "10:00", "minutes": "30", "count": "2", "kind": "in_person", "weeks": "4"}
    assert client.post("/en/work/slots/", form).status_code == 302
    days = sorted({timezone.localtime(s.starts_at).date() for s in Slot.objects.all()})
    assert days == [DAY + datetime.timedelta(weeks=n) for n in range(4)]
    assert Slot.objects.count() == 8


def test_weekly_repeat_until_a_date_through_the_api(derm_staff):
    body = {"day": DAY.isoformat(), "start": "09:00", "minutes": 60, "count": 1, "kind": "in_person"}
    body["until"] = (DAY + datetime.timedelta(days=20)).isoformat()  # three weeks: day, +7, +14
    created = api_for(derm_staff).post("/api/v1/slots/", body, format="json")
    assert created.status_code == 201 and len(created.json()) == 3


def test_a_clash_in_any_week_publishes_nothing_and_names_the_date(client, directory, derm_staff):
    clash_day = DAY + datetime.timedelta(weeks=2)
    schedule.slots_publish(
        institution_id=directory["derm"].id, day=clash_day, start=datetime.time(10, 15), minutes=30, count=1, kind="in_person"
    )
    client.force_login(derm_staff)
    form = {"day": DAY.isoformat(), "start": "10:00", "minutes": "30", "count": "2", "kind": "in_person", "weeks": "4"}
    response = client.post("/en/work/slots/", form)
    assert response.status_code == 400
    assert f"On {clash_day.isoformat()} these slots overlap" in response.content.decode()
    assert response.context["form"]["weeks"].value() == "4"  # what was typed stays
    assert Slot.objects.count() == 1  # all or nothing
    body = {"day": DAY.isoformat(), "start": "10:00", "minutes": 30, "count": 2, "kind": "in_person", "weeks": 4}
    refused = api_for(derm_staff).post("/api/v1/slots/", body, format="json")
    assert refused.status_code == 400 and clash_day.isoformat() in str(refused.json())
    assert Slot.objects.count() == 1
    # In Korean, the error is translated text around the same date.
    page = client.post("/ko/work/slots/", form).content.decode()
    assert clash_day.isoformat() in page


def test_repeat_limits(derm_staff):
    api = api_for(derm_staff)
    body = {"day": DAY.isoformat(), "start": "10:00", "minutes": 30, "count": 1, "kind": "in_person"}
    assert api.post("/api/v1/slots/", {**body, "weeks": 53}, format="json").status_code == 400
    before = api.post("/api/v1/slots/", {**body, "until": (DAY - datetime.timedelta(days=1)).isoformat()}, format="json")
    assert before.status_code == 400
    assert not Slot.objects.exists()


def test_calendar_by_day_page_and_api(client, directory, derm_staff, booked):
    case, _patient, (taken, free) = booked
    day = timezone.localtime(taken.starts_at).date()
    schedule.slots_publish(
        institution_id=directory["spine"].id, day=day, start=datetime.time(15, 0), minutes=30, count=1, kind="in_person"
    )
    client.force_login(derm_staff)
    page = client.get(f"/en/work/slots/day/{day.isoformat()}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert f'id="slot-{taken.id}"' in body and f'id="slot-{free.id}"' in body and case.reference in body
    assert body.count('id="slot-') == 2  # not the spine clinic's slot
    assert f"/en/work/slots/day/{(day - datetime.timedelta(days=1)).isoformat()}/" in body
    assert f"/en/work/slots/day/{(day + datetime.timedelta(days=1)).isoformat()}/" in body
    empty = client.get(f"/en/work/slots/day/{(day + datetime.timedelta(days=1)).isoformat()}/").content.decode()
    assert "No slots this day." in empty
    assert client.get("/en/work/slots/day/not-a-day/").status_code == 404
    assert client.get("/en/work/slots/day/").status_code == 200
    answer = api_for(derm_staff).get("/api/v1/slots/", {"day": day.isoformat()})
    assert [(s["id"], s["case"]) for s in answer.json()] == [(taken.id, case.reference), (free.id, None)]
    assert api_for(derm_staff).get("/api/v1/slots/", {"day": "yesterday"}).status_code == 400


def test_only_institution_staff_see_the_calendar(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/en/work/slots/day/").status_code == 403
    assert api_for(coordinator).get("/api/v1/slots/").status_code == 403


def test_back_to_accepted_is_the_cancellations_move_not_a_button(coordinator_client, booked):
    case, _patient, _slots = booked
    page = coordinator_client.get(f"/en/work/cases/{case.reference}/").content.decode()
    assert 'name="to_state" value="accepted"' not in page
    coordinator_client.post(f"/en/work/cases/{case.reference}/", {"to_state": "accepted"})
    case.refresh_from_db()
    assert case.state == CaseState.SCHEDULED and Appointment.objects.filter(case=case).exists()
