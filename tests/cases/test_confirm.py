"""Say it once, safely: accepting a quote and ending a case (declined, cancelled, lost) are
confirmed on a second page; ending a case needs a reason, which the patient and the institutions
are told and the audit entry keeps. A refused message keeps what was typed."""

import pytest
from django.core import mail
from rest_framework.test import APIClient

from medhub.accounts.models import Role
from medhub.cases import services
from medhub.cases.models import CaseState, Message, Quote
from medhub.core.models import LogEntry
from tests.cases.conftest import make_case, make_user
from tests.cases.test_api import api_for
from tests.cases.test_quotes import quote_data, shared  # noqa: F401 (a fixture)

# ruff: noqa: F811 (the fixture is a parameter of the tests)

pytestmark = pytest.mark.django_db


def test_accepting_a_quote_asks_once_more_and_acts_only_when_confirmed(client, shared, coordinator):
    case = shared["case"]
    version = services.quote_submit(case_id=case.id, institution_id=shared["derm"].id, actor=coordinator, data=quote_data())
    client.force_login(shared["patient"])
    url = f"/en/cases/{case.reference}/"
    ask = client.post(url, {"accept": str(version.quote_id)})
    assert ask.status_code == 200
    page = ask.content.decode()
    assert "Accept this quote?" in page and "cannot be undone" in page
    assert 'name="confirmed" value="yes"' in page and f'name="accept" value="{version.quote_id}"' in page
    assert Quote.objects.get(pk=version.quote_id).status == Quote.Status.OPEN  # nothing happened yet
    # Anything but the confirmation is no confirmation.
    client.post(url, {"accept": str(version.quote_id), "confirmed": "on"})
    assert Quote.objects.get(pk=version.quote_id).status == Quote.Status.OPEN
    done = client.post(url, {"accept": str(version.quote_id), "confirmed": "yes"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.ACCEPTED


def test_accepting_through_the_api_is_the_same_service(shared, coordinator):
    case = shared["case"]
    version = services.quote_submit(case_id=case.id, institution_id=shared["derm"].id, actor=coordinator, data=quote_data())
    me = APIClient()
    me.force_authenticate(shared["patient"])
    answer = me.post(f"/api/v1/cases/{case.reference}/quotes/{version.quote_id}/accept/")
    assert answer.status_code == 200 and answer.json()["state"] == CaseState.ACCEPTED


@pytest.mark.parametrize("to_state", ["declined", "cancelled", "lost"])
def test_ending_a_case_is_confirmed_with_a_reason_the_patient_and_institutions_are_told(
    to_state,
    client,
    shared,
    coordinator,
    django_capture_on_commit_callbacks,
):
    case = shared["case"]
    staff = make_user("derm-staff", Role.PROVIDER_STAFF, shared["derm"])
    outsider = make_user("other-staff", Role.PROVIDER_STAFF, shared["bora"])
    services.case_share_withdraw(case_id=case.id, institution_id=shared["bora"].id, actor=coordinator)
    client.force_login(coordinator)
    url = f"/en/work/cases/{case.reference}/"
    ask = client.post(url, {"to_state": to_state})
    assert ask.status_code == 200
    page = ask.content.decode()
    assert 'name="reason"' in page and "cannot be undone" in page and f'name="to_state" value="{to_state}"' in page
    # Confirmed without a reason: refused, the page comes back with what was typed (nothing).
    refused = client.post(url, {"to_state": to_state, "confirmed": "yes", "reason": "  "})
    assert refused.status_code == 400 and "Give a reason" in refused.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.SHARED
    # A reason but no confirmation: asked again, the reason kept as typed.
    again = client.post(url, {"to_state": to_state, "reason": "No surgeon free in March"})
    assert again.status_code == 200 and "No surgeon free in March</textarea>" in again.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.SHARED
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"to_state": to_state, "confirmed": "yes", "reason": "No surgeon free in March"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.state == to_state
    entry = LogEntry.objects.filter(case_id=case.id, action="cases.case.state_changed").latest("id")
    assert entry.data["reason"] == "No surgeon free in March" and entry.data["to_state"] == to_state
    told = {to for m in mail.outbox for to in m.to}
    assert told == {shared["patient"].email, staff.email}  # not the institution already out of the case
    assert outsider.email not in told
    assert all("No surgeon free in March" in m.body for m in mail.outbox)
    # The patient's page says the case ended.
    client.force_login(shared["patient"])
    page = client.get(f"/en/cases/{case.reference}/").content.decode()
    assert "Where your case stands" in page and "No surgeon free in March" in page


def test_the_service_refuses_an_ending_without_a_reason(shared, coordinator):
    with pytest.raises(services.CaseError, match="Give a reason"):
        services.case_end(case_id=shared["case"].id, to_state=CaseState.LOST, actor=coordinator, reason="")
    with pytest.raises(services.CaseError, match="under 300"):
        services.case_end(case_id=shared["case"].id, to_state=CaseState.LOST, actor=coordinator, reason="x" * 301)
    with pytest.raises(services.CaseError):
        services.case_end(case_id=shared["case"].id, to_state=CaseState.CLOSED, actor=coordinator, reason="done")


def test_an_illegal_ending_is_refused_without_asking(coordinator_client, directory):
    case = make_case(state=CaseState.AFTERCARE)
    response = coordinator_client.post(f"/en/work/cases/{case.reference}/", {"to_state": "cancelled"})
    assert response.status_code == 400 and "cannot become" in response.content.decode()


def test_a_refused_attachment_keeps_the_message_text(client, directory):
    patient = make_user("pat", Role.PATIENT)
    case = make_case(patient=patient)
    client.force_login(patient)
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 this is no PDF", content_type="application/pdf")
    body = "Можно приехать в марте? Я пришлю снимки."
    response = client.post(f"/ru/cases/{case.reference}/messages/", {"body": body, "attachments": [fake]})
    assert response.status_code == 400
    page = response.content.decode()
    assert f"{body}</textarea>" in page
    assert "scan.pdf" in page  # the error names the file refused
    assert not Message.objects.filter(case=case).exists()


def test_the_patient_cancels_their_own_case_with_a_reason_the_hub_and_institutions_are_told(
    client, shared, coordinator, django_capture_on_commit_callbacks
):
    case = shared["case"]
    staff = make_user("derm-staff", Role.PROVIDER_STAFF, shared["derm"])
    client.force_login(shared["patient"])
    url = f"/en/cases/{case.reference}/"
    assert 'name="to_state" value="cancelled"' in client.get(url).content.decode()
    ask = client.post(url, {"to_state": "cancelled"})
    assert ask.status_code == 200 and "Cancel this case?" in ask.content.decode()
    refused = client.post(url, {"to_state": "cancelled", "confirmed": "yes", "reason": ""})
    assert refused.status_code == 400 and "Give a reason" in refused.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.SHARED
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"to_state": "cancelled", "confirmed": "yes", "reason": "I found care at home"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.CANCELLED
    told = {to for m in mail.outbox for to in m.to}
    assert told == {coordinator.email, staff.email}  # the coordinator (the owner) and the institution; not the patient
    assert all("I found care at home" in m.body for m in mail.outbox)
    # The case is over: no cancel button any more.
    assert 'value="cancelled"' not in client.get(url).content.decode()


def test_ending_a_case_through_the_api_needs_a_reason_and_the_right_role(shared, coordinator):
    case = shared["case"]
    url = f"/api/v1/cases/{case.reference}/end/"
    me = APIClient()
    me.force_authenticate(shared["patient"])
    assert me.post(url, {"to_state": "declined", "reason": "x"}, format="json").status_code == 403
    institution = api_for(make_user("derm-staff", Role.PROVIDER_STAFF, shared["derm"]))
    assert institution.post(url, {"to_state": "cancelled", "reason": "x"}, format="json").status_code == 403
    stranger = APIClient()
    stranger.force_authenticate(make_user("someone", Role.PATIENT))
    assert stranger.post(url, {"to_state": "cancelled", "reason": "x"}, format="json").status_code == 404
    hub = api_for(coordinator)
    refused = hub.post(url, {"to_state": "lost", "reason": "   "}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()
    case.refresh_from_db()
    assert case.state == CaseState.SHARED
    answer = hub.post(url, {"to_state": "lost", "reason": "No answer for three weeks"}, format="json")
    assert answer.status_code == 200 and answer.json()["state"] == "lost"
    entry = LogEntry.objects.filter(case_id=case.id, action="cases.case.state_changed").latest("id")
    assert entry.data["reason"] == "No answer for three weeks"
    again = hub.post(url, {"to_state": "cancelled", "reason": "Twice"}, format="json")
    assert again.status_code == 400  # the workflow refuses: a lost case is over
