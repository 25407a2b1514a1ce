"""The case API: token auth for staff integrations, the same rules and scopes as the pages."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from medhub.accounts.models import Role
from medhub.cases import services
from medhub.cases.models import Case, CaseState
from tests.cases.conftest import make_case, make_user
from tests.conftest import api_token

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def test_inquiry_by_api_needs_no_account(directory, inquiry_data):
    response = APIClient().post("/api/v1/inquiries/", inquiry_data, format="multipart")
    assert response.status_code == 201
    assert Case.objects.get().reference == response.json()["reference"]
    bad = APIClient().post("/api/v1/inquiries/", {**inquiry_data, "nhi_member": "yes"}, format="multipart")
    assert bad.status_code == 400 and bad.json() == {"eligible": False, "reason": "nhi"}
    missing = APIClient().post("/api/v1/inquiries/", {"full_name": "x"}, format="multipart")
    assert missing.status_code == 400 and "contact_email" in missing.json()


def test_the_whole_journey_by_api(directory, coordinator):
    patient = make_user("pat", Role.PATIENT)
    case = make_case(patient=patient)
    services.case_triage(case_id=case.id, specialty=directory["specialties"]["dermatology"], actor=coordinator)
    hub = api_for(coordinator)
    assert (
        hub.post(f"/api/v1/cases/{case.reference}/share/", {"institutions": ["sora-dermatology"]}, format="json").status_code
        == 200
    )
    provider = make_user("derm-staff", Role.PROVIDER_STAFF, directory["derm"])
    office = api_for(provider)
    quote = {
        "plan": "Laser toning",
        "items": [{"label": "Consultation", "amount": 50000}, {"label": "Laser", "amount": 300000}],
        "currency": "KRW",
        "valid_until": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
    }
    created = office.post(f"/api/v1/cases/{case.reference}/quotes/", quote, format="json")
    assert created.status_code == 201 and created.json()["total"] == 350000
    revised = office.post(
        f"/api/v1/cases/{case.reference}/quotes/", {**quote, "items": [{"label": "All", "amount": 320000}]}, format="json"
    )
    assert revised.json()["number"] == 2
    assert "contact_email" not in office.get(f"/api/v1/cases/{case.reference}/").json()
    me = APIClient()
    me.force_authenticate(patient)
    detail = me.get(f"/api/v1/cases/{case.reference}/").json()
    assert [q["number"] for q in detail["quotes"]] == [1, 2]
    accept = me.post(f"/api/v1/cases/{case.reference}/quotes/{created.json()['quote_id']}/accept/")
    assert accept.status_code == 200 and accept.json()["state"] == CaseState.ACCEPTED
    from medhub.scheduling import services as schedule

    slot = schedule.slots_publish(
        institution_id=directory["derm"].id,
        day=timezone.localdate() + datetime.timedelta(days=2),
        start=datetime.time(10, 0),
        minutes=30,
        count=1,
        kind="teleconsult",
    )[0]
    assert [s["id"] for s in me.get(f"/api/v1/cases/{case.reference}/slots/").json()] == [slot.id]
    assert me.post(f"/api/v1/cases/{case.reference}/appointments/", {"slot": slot.id}, format="json").status_code == 201
    assert me.post(f"/api/v1/cases/{case.reference}/messages/", {"body": "Thank you"}, format="json").status_code == 201
    assert [m["body"] for m in hub.get(f"/api/v1/cases/{case.reference}/messages/").json()] == ["Thank you"]
    case.refresh_from_db()
    assert case.state == CaseState.SCHEDULED


def test_cases_by_role_and_outsiders_get_nothing(directory, coordinator):
    patient = make_user("pat", Role.PATIENT)
    case = make_case(patient=patient, reference="HB-API", problem="private-api-words")
    other_case = make_case(reference="HB-OTHER")
    assert {c["reference"] for c in api_for(coordinator).get("/api/v1/cases/").json()["results"]} == {"HB-API", "HB-OTHER"}
    me = APIClient()
    me.force_authenticate(patient)
    assert [c["reference"] for c in me.get("/api/v1/cases/").json()["results"]] == ["HB-API"]
    outsiders = [
        make_user("stranger", Role.PATIENT),
        make_user("dental", Role.PROVIDER_STAFF, directory["dental"]),
        make_user("interp", Role.INTERPRETER),
    ]
    for outsider in outsiders:
        client = api_for(outsider)
        assert client.get("/api/v1/cases/").json()["results"] == []
        for url in (f"/api/v1/cases/{case.reference}/", f"/api/v1/cases/{case.reference}/messages/"):
            response = client.get(url)
            assert response.status_code == 404
            assert b"private-api-words" not in response.content
        assert client.post(f"/api/v1/cases/{case.reference}/messages/", {"body": "x"}, format="json").status_code == 404
    assert other_case.messages.count() == 0
    assert APIClient().get("/api/v1/cases/").status_code in (401, 403)


def test_staff_tokens_need_totp(directory):
    staff = make_user("no-mfa", Role.COORDINATOR, mfa=False)
    response = api_for(staff).get("/api/v1/cases/")
    assert response.status_code == 403
    assert "TOTP" in response.json()["detail"]


def test_case_api_is_in_the_openapi_schema(client):
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    for path in [
        "/api/v1/inquiries/",
        "/api/v1/cases/",
        "/api/v1/cases/{reference}/quotes/",
        "/api/v1/cases/{reference}/appointments/",
    ]:
        assert path in paths
