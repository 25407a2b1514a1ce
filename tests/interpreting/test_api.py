"""The interpretation API: the same services and scopes as the pages; bad input is a 400."""

import csv
import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from medhub.accounts.models import Role
from medhub.interpreting.models import InterpreterBooking, SubsidyClaim
from tests.cases.conftest import make_user
from tests.conftest import api_token
from tests.interpreting.conftest import book, log, make_interpreter, make_program, move_to_past, scheduled_case
from tests.scheduling.test_booking import tomorrow_slots

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}", HTTP_ACCEPT_LANGUAGE="en")
    return client


def test_coordinator_lists_interpreters_and_books_one(coordinator, scheduled, interpreter):
    case, appointment = scheduled
    make_interpreter("english", ("en",))
    hub = api_for(coordinator)
    listed = hub.get("/api/v1/interpreting/interpreters/?language=ja").json()
    assert [i["display_name"] for i in listed["results"]] == [interpreter.display_name]
    assert set(listed["results"][0]["languages"]) == {"ja", "ru"}
    assert listed["results"][0]["certifications"][0]["number"] == "MI-OLGA"
    assert hub.get("/api/v1/interpreting/interpreters/?language=xx").status_code == 400
    url = f"/api/v1/interpreting/cases/{case.reference}/bookings/"
    created = hub.post(
        url, {"appointment": appointment.id, "interpreter": interpreter.id, "purpose": "surgery", "minutes": 240}, format="json"
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "requested" and body["language"] == "ja" and body["case"] == case.reference
    assert body["institution"] == "sora-dermatology" and body["claim"] is None
    listing = hub.get(url).json()
    assert [b["id"] for b in listing["results"]] == [body["id"]]
    again = hub.post(url, {"appointment": appointment.id, "interpreter": interpreter.id, "purpose": "surgery"}, format="json")
    assert again.status_code == 400 and "already booked" in str(again.json())
    cancelled = hub.post(f"/api/v1/interpreting/bookings/{body['id']}/cancel/", {"reason": "Plans changed"}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert hub.post("/api/v1/interpreting/bookings/999999/cancel/").status_code == 404


def test_bad_booking_input_is_a_400_that_names_the_problem(coordinator, directory, scheduled, interpreter):
    case, appointment = scheduled
    _other_case, other_appointment = scheduled_case(
        directory, coordinator, "HB-OTHER", slot=tomorrow_slots(directory["derm"], count=1)[0]
    )
    hub = api_for(coordinator)
    url = f"/api/v1/interpreting/cases/{case.reference}/bookings/"
    good = {"appointment": appointment.id, "interpreter": interpreter.id, "purpose": "consultation"}
    for bad, field in (
        ({**good, "purpose": "karaoke"}, "purpose"),
        ({**good, "appointment": "abc"}, "appointment"),
        ({**good, "minutes": 100000}, "minutes"),
        ({**good, "language": "xx"}, "language"),
        ({**good, "appointment": other_appointment.id}, "appointment"),
        ({"purpose": "consultation"}, "interpreter"),
    ):
        response = hub.post(url, bad, format="json")
        assert response.status_code == 400, (bad, response.content)
        assert field in response.json()
    unknown = hub.post(url, {**good, "interpreter": 999999}, format="json")
    assert unknown.status_code == 400 and "not available" in str(unknown.json())
    assert hub.post(url, "not json", content_type="application/json").status_code == 400
    assert hub.get("/api/v1/interpreting/cases/NOPE/bookings/").status_code == 404
    assert not InterpreterBooking.objects.exists()


def test_interpreter_accepts_declines_and_logs_hours_by_api(coordinator, directory, scheduled, interpreter):
    make_program()
    case, appointment = scheduled
    booking = book(appointment, interpreter, coordinator)
    own = api_for(interpreter.user)
    listed = own.get("/api/v1/interpreting/my/bookings/").json()["results"]
    assert [b["case"] for b in listed] == [case.reference]
    assert listed[0]["institution"] == "Sora Dermatology Clinic"
    assert not {"full_name", "contact_email", "patient", "messenger_handle"} & set(listed[0])
    base = f"/api/v1/interpreting/my/bookings/{booking.id}"
    assert own.post(f"{base}/hours/", {"hours": "1"}, format="json").status_code == 400  # not accepted yet
    assert own.post(f"{base}/accept/").json()["status"] == "accepted"
    early = own.post(f"{base}/hours/", {"hours": "0.5"}, format="json")
    assert early.status_code == 400 and "after the appointment has ended" in str(early.json())
    move_to_past(booking, minutes=60)
    assert own.post(f"{base}/hours/", {"hours": "-1"}, format="json").status_code == 400
    assert own.post(f"{base}/hours/", {"hours": "abc"}, format="json").status_code == 400
    assert own.post(f"{base}/hours/", {"hours": "5"}, format="json").status_code == 400
    logged = own.post(f"{base}/hours/", {"hours": "1", "note": "Consultation ran on time"}, format="json")
    assert logged.status_code == 200
    assert logged.json()["hours_logged"] == "1.00" and logged.json()["claim"]["amount_krw"] == 40_000

    _second_case, second = scheduled_case(directory, coordinator, "HB-DEC", slot=tomorrow_slots(directory["derm"], count=1)[0])
    declined = book(second, interpreter, coordinator)
    assert own.post(f"/api/v1/interpreting/my/bookings/{declined.id}/decline/", {}, format="json").status_code == 400
    answer = own.post(f"/api/v1/interpreting/my/bookings/{declined.id}/decline/", {"reason": "On leave"}, format="json")
    assert answer.status_code == 200 and answer.json()["decline_reason"] == "On leave"


def test_administrator_decides_claims_and_downloads_the_report_by_api(coordinator, directory, scheduled, interpreter):
    program = make_program(total_budget_krw=50_000)
    _case, appointment = scheduled
    booking = book(appointment, interpreter, coordinator)
    from medhub.interpreting import services

    services.booking_accept(booking_id=booking.id, actor=interpreter.user)
    move_to_past(booking, minutes=60)
    log(booking, "1")
    claim = SubsidyClaim.objects.get()
    admin = api_for(make_user("hub-admin", Role.HUB_ADMIN))
    assert admin.get("/api/v1/interpreting/subsidy/programs/").json()["results"][0]["remaining_krw"] == 50_000
    pending = admin.get("/api/v1/interpreting/subsidy/claims/?status=pending").json()["results"]
    assert [c["id"] for c in pending] == [claim.id] and pending[0]["amount_krw"] == 40_000
    assert admin.get("/api/v1/interpreting/subsidy/claims/?status=maybe").status_code == 400
    assert admin.post(f"/api/v1/interpreting/subsidy/claims/{claim.id}/reject/", {}, format="json").status_code == 400
    approved = admin.post(f"/api/v1/interpreting/subsidy/claims/{claim.id}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    twice = admin.post(f"/api/v1/interpreting/subsidy/claims/{claim.id}/approve/")
    assert twice.status_code == 400 and "cannot become" in str(twice.json())  # the claim workflow refuses
    assert admin.post("/api/v1/interpreting/subsidy/claims/999999/approve/").status_code == 404
    assert admin.get("/api/v1/interpreting/subsidy/programs/").json()["results"][0]["remaining_krw"] == 10_000

    report = f"/api/v1/interpreting/subsidy/programs/{program.id}/report/"
    as_csv = admin.get(f"{report}?format=csv")
    assert as_csv.status_code == 200 and as_csv["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert rows[1][2] == booking.appointment.case.reference and rows[-1][-1] == "40000"
    as_xlsx = admin.get(f"{report}?format=xlsx")
    assert as_xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    assert sheet.max_row == 3 and sheet.cell(row=2, column=8).value == 40_000
    bad = admin.get(f"{report}?format=pdf")
    assert bad.status_code == 400 and "format" in bad.json()
    assert admin.get("/api/v1/interpreting/subsidy/programs/999999/report/?format=csv").status_code == 404


def test_interpreting_api_schema_has_no_warnings():
    """The interpreting endpoints alone, so that another app's work in progress cannot hide a
    warning of ours (the full schema is checked by ``spectacular --fail-on-warn`` in CI)."""
    from django.urls import include, path
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=[path("api/v1/", include("medhub.interpreting.api_urls"))]).get_schema(
        request=None, public=True
    )
    assert not GENERATOR_STATS, "drf-spectacular warned about the interpreting API"
    for url in (
        "/api/v1/interpreting/interpreters/",
        "/api/v1/interpreting/cases/{reference}/bookings/",
        "/api/v1/interpreting/my/bookings/{booking_id}/hours/",
        "/api/v1/interpreting/subsidy/claims/{claim_id}/approve/",
        "/api/v1/interpreting/subsidy/programs/{program_id}/report/",
    ):
        assert url in schema["paths"]
    report = schema["paths"]["/api/v1/interpreting/subsidy/programs/{program_id}/report/"]["get"]
    assert set(report["responses"]["200"]["content"]) == {
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
