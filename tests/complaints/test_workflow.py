"""The hub acknowledges, forwards and records an outcome; the organization answers in its
workspace; the complainant follows, writes and withdraws. Each rule through the page and the API,
for every role and an outsider."""

import pytest
from django.test import Client

from medhub.complaints.models import Complaint, ComplaintAnswer, ComplaintStatus
from medhub.core.models import LogEntry
from medhub.notifications.models import Notification
from tests.complaints.conftest import TEXT_RU, file_complaint, signed_in
from tests.conftest import api_token


def _actions(complaint) -> list[str]:
    return list(
        LogEntry.objects.filter(object_id=complaint.pk, action__startswith="complaints.").values_list("action", flat=True)
    )


def _token(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {api_token(user)}", "HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_hub_walks_a_complaint_to_an_outcome_through_the_pages(world):
    complaint = file_complaint(world)
    hub = signed_in(world["coordinator"])
    url = f"/en/complaints/hub/{complaint.reference}/"
    page = hub.get(url).content.decode()
    assert TEXT_RU in page and world["patient"].email in page
    assert hub.post(url, {"action": "acknowledge"}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ACKNOWLEDGED and complaint.acknowledged_at
    assert Notification.objects.filter(recipient=world["patient"], kind="complaints.acknowledged", language="ru").exists()
    assert hub.post(url, {"action": "forward"}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.FORWARDED and complaint.forwarded_at
    assert Notification.objects.filter(recipient=world["derm_staff"], kind="complaints.for_organization").exists()
    assert not Notification.objects.filter(recipient=world["spine_staff"], kind="complaints.for_organization").exists()
    assert Notification.objects.filter(recipient=world["patient"], kind="complaints.forwarded").exists()
    # An outcome needs a reason; the form comes back with what was chosen.
    response = hub.post(url, {"action": "close", "to_state": "upheld", "note": ""})
    assert response.status_code == 400
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.FORWARDED
    assert (
        hub.post(url, {"action": "close", "to_state": "upheld", "note": "The clinic refunds the difference."}).status_code == 302
    )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.UPHELD and complaint.closed_at and "refunds" in complaint.outcome_note
    assert Notification.objects.filter(recipient=world["patient"], kind="complaints.outcome").count() == 1
    assert Notification.objects.filter(recipient=world["derm_staff"], kind="complaints.outcome_for_organization").count() == 1
    assert not Notification.objects.filter(recipient=world["spine_staff"], kind="complaints.outcome_for_organization").exists()
    assert _actions(complaint) == [
        "complaints.complaint.filed",
        "complaints.complaint.acknowledged",
        "complaints.complaint.forwarded",
        "complaints.complaint.closed",
    ]
    # An outcome is final: a second one is refused with a translated message, nothing changes.
    response = hub.post(url, {"action": "close", "to_state": "resolved", "note": "again"})
    assert response.status_code == 400 and "cannot become" in response.content.decode()
    assert Notification.objects.filter(recipient=world["patient"], kind="complaints.outcome").count() == 1


def test_the_hub_walks_a_complaint_through_the_api(client, world):
    complaint = file_complaint(world)
    auth = _token(world["hub_admin"])
    base = f"/api/v1/complaints/{complaint.reference}/"
    detail = client.get(base, **auth)
    assert detail.status_code == 200 and detail.json()["email"] == world["patient"].email
    # The table refuses a move it does not declare: received cannot be forwarded yet.
    refused = client.post(f"{base}status/", {"to_state": "forwarded"}, content_type="application/json", **auth)
    assert refused.status_code == 400 and "cannot become" in str(refused.json())
    assert client.post(f"{base}status/", {"to_state": "acknowledged"}, content_type="application/json", **auth).status_code == 200
    assert client.post(f"{base}status/", {"to_state": "forwarded"}, content_type="application/json", **auth).status_code == 200
    no_note = client.post(f"{base}status/", {"to_state": "resolved"}, content_type="application/json", **auth)
    assert no_note.status_code == 400 and "note" in no_note.json()
    done = client.post(
        f"{base}status/", {"to_state": "resolved", "note": "Apology and refund."}, content_type="application/json", **auth
    )
    assert done.status_code == 200 and done.json()["status"] == "resolved"


def test_a_complaint_about_the_hub_or_a_broker_cannot_be_forwarded(client, world):
    complaint = file_complaint(world, subject="hub", category="conduct")
    hub = signed_in(world["coordinator"])
    url = f"/en/complaints/hub/{complaint.reference}/"
    hub.post(url, {"action": "acknowledge"})
    response = hub.post(url, {"action": "forward"}, follow=True)
    assert "Only a complaint about an organization" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ACKNOWLEDGED


def test_the_organization_sees_only_complaints_forwarded_to_it_without_the_email(client, world):
    about_derm = file_complaint(world)
    about_spine = file_complaint(world, organization=world["spine"])
    derm = signed_in(world["derm_staff"])
    # Not forwarded yet: not there.
    assert about_derm.reference not in derm.get("/en/complaints/organization/").content.decode()
    assert derm.get(f"/en/complaints/organization/{about_derm.reference}/").status_code == 404
    hub = signed_in(world["coordinator"])
    for complaint in (about_derm, about_spine):
        hub.post(f"/en/complaints/hub/{complaint.reference}/", {"action": "acknowledge"})
        hub.post(f"/en/complaints/hub/{complaint.reference}/", {"action": "forward"})
    listing = derm.get("/en/complaints/organization/").content.decode()
    assert about_derm.reference in listing and about_spine.reference not in listing
    assert derm.get(f"/en/complaints/organization/{about_spine.reference}/").status_code == 404
    page = derm.get(f"/en/complaints/organization/{about_derm.reference}/").content.decode()
    assert TEXT_RU in page and world["patient"].email not in page
    # The API says the same.
    auth = _token(world["derm_staff"])
    rows = client.get("/api/v1/complaints/organization/", **auth).json()["results"]
    assert [row["reference"] for row in rows] == [about_derm.reference] and "email" not in rows[0]
    assert client.get(f"/api/v1/complaints/organization/{about_spine.reference}/", **auth).status_code == 404
    # Nor the hub's list or desk.
    assert derm.get("/en/complaints/hub/").status_code == 403
    assert client.get(f"/api/v1/complaints/{about_derm.reference}/", **auth).status_code == 403


def test_the_organization_answers_several_times_until_the_outcome(client, world):
    complaint = file_complaint(world)
    hub = signed_in(world["coordinator"])
    hub.post(f"/en/complaints/hub/{complaint.reference}/", {"action": "acknowledge"})
    hub.post(f"/en/complaints/hub/{complaint.reference}/", {"action": "forward"})
    derm = signed_in(world["derm_staff"])
    url = f"/en/complaints/organization/{complaint.reference}/"
    assert derm.post(url, {"body": ""}).status_code == 400
    assert derm.post(url, {"body": "We are sorry; we called the patient."}).status_code == 302
    auth = _token(world["derm_staff"])
    answer = client.post(
        f"/api/v1/complaints/organization/{complaint.reference}/answers/",
        {"body": "Refund sent."},
        content_type="application/json",
        **auth,
    )
    assert answer.status_code == 201
    assert ComplaintAnswer.objects.filter(complaint=complaint).count() == 2
    assert Notification.objects.filter(recipient=world["coordinator"], kind="complaints.answered").count() == 2
    assert "Refund sent." in hub.get(f"/en/complaints/hub/{complaint.reference}/").content.decode()
    # Another organization's staff cannot answer it, through either door.
    spine_auth = _token(world["spine_staff"])
    refused = client.post(
        f"/api/v1/complaints/organization/{complaint.reference}/answers/",
        {"body": "x"},
        content_type="application/json",
        **spine_auth,
    )
    assert refused.status_code == 404
    assert signed_in(world["spine_staff"]).post(url, {"body": "x"}).status_code == 404
    hub.post(f"/en/complaints/hub/{complaint.reference}/", {"action": "close", "to_state": "resolved", "note": "Refunded."})
    closed = client.post(
        f"/api/v1/complaints/organization/{complaint.reference}/answers/",
        {"body": "More."},
        content_type="application/json",
        **auth,
    )
    assert closed.status_code == 400
    assert derm.post(url, {"body": "More."}).status_code == 400
    assert ComplaintAnswer.objects.filter(complaint=complaint).count() == 2


def test_the_complainant_follows_writes_and_withdraws(client, world):
    complaint = file_complaint(world)
    patient = signed_in(world["patient"])
    assert complaint.reference in patient.get("/ru/complaints/mine/").content.decode()
    url = f"/ru/complaints/mine/{complaint.reference}/"
    assert patient.post(url, {"action": "message", "body": "Есть новости?"}).status_code == 302
    hub = signed_in(world["coordinator"])
    hub.post(f"/en/complaints/hub/{complaint.reference}/", {"action": "message", "body": "We are on it."})
    assert Notification.objects.filter(recipient=world["patient"], kind="complaints.message").exists()
    assert "We are on it." in patient.get(url).content.decode()
    assert patient.post(url, {"action": "withdraw", "note": "Решено напрямую."}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.WITHDRAWN
    assert Notification.objects.filter(recipient=world["coordinator"], kind="complaints.withdrawn").exists()
    # Once withdrawn, it stays so (the API says why).
    auth = _token(world["patient"])
    again = client.post(f"/api/v1/complaints/mine/{complaint.reference}/withdraw/", {}, content_type="application/json", **auth)
    assert again.status_code == 400


def test_a_patient_sees_only_their_own_complaints(client, world):
    complaint = file_complaint(world)
    other = signed_in(world["other_patient"])
    assert other.get(f"/en/complaints/mine/{complaint.reference}/").status_code == 404
    assert other.post(f"/en/complaints/mine/{complaint.reference}/", {"action": "withdraw"}).status_code == 404
    assert complaint.reference not in other.get("/en/complaints/mine/").content.decode()
    auth = _token(world["other_patient"])
    assert client.get("/api/v1/complaints/mine/", **auth).json()["results"] == []
    assert client.get(f"/api/v1/complaints/mine/{complaint.reference}/", **auth).status_code == 404
    assert client.post(f"/api/v1/complaints/mine/{complaint.reference}/withdraw/", {}, **auth).status_code == 404
    assert client.get("/api/v1/complaints/", **auth).status_code == 403
    own = client.get("/api/v1/complaints/mine/", **_token(world["patient"])).json()["results"]
    assert [row["reference"] for row in own] == [complaint.reference] and "email" not in own[0]
    Complaint.objects.filter(pk=complaint.pk).update(status=ComplaintStatus.RECEIVED)
    withdrawn = client.post(
        f"/api/v1/complaints/mine/{complaint.reference}/withdraw/",
        {},
        content_type="application/json",
        **_token(world["patient"]),
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"


@pytest.mark.parametrize("who", ["patient", "derm_staff", "hotel_staff", "other_patient"])
def test_only_the_hub_reaches_the_desk(world, who):
    complaint = file_complaint(world)
    client = signed_in(world[who])
    assert client.get("/en/complaints/hub/").status_code == 403
    assert client.get(f"/en/complaints/hub/{complaint.reference}/").status_code == 403
    assert client.post(f"/en/complaints/hub/{complaint.reference}/", {"action": "acknowledge"}).status_code == 403
    assert client.get(f"/en/complaints/hub/{complaint.reference}/packet.zip").status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED


def test_someone_not_signed_in_is_sent_to_sign_in_or_refused(client, world):
    complaint = file_complaint(world)
    assert client.get("/en/complaints/hub/").status_code == 302
    assert client.get(f"/en/complaints/organization/{complaint.reference}/").status_code == 302
    assert Client().get("/api/v1/complaints/").status_code in (401, 403)
    assert Client().get(f"/api/v1/complaints/{complaint.reference}/").status_code in (401, 403)


def test_staff_without_mfa_reach_nothing(world):
    complaint = file_complaint(world)
    client = signed_in(world["coordinator"])
    client.logout()
    client.force_login(world["coordinator"], mfa=False)
    response = client.get(f"/en/complaints/hub/{complaint.reference}/")
    assert response.status_code in (302, 403)


def test_documents_are_private(world):
    from tests import files

    complaint = Complaint.objects.get(pk=file_complaint(world).pk)
    from medhub.complaints.models import ComplaintDocument

    upload = files.pdf_upload("receipt.pdf")
    document = ComplaintDocument(
        complaint=complaint, original_name="receipt.pdf", content_type="application/pdf", size=upload.size, checksum="a" * 64
    )
    document.file.save("a" * 64, upload, save=True)
    url = f"/en/complaints/{complaint.reference}/documents/{document.pk}/"
    assert signed_in(world["patient"]).get(url).status_code == 200
    assert signed_in(world["coordinator"]).get(url).status_code == 200
    assert signed_in(world["derm_staff"]).get(url).status_code == 404  # not forwarded yet
    assert signed_in(world["other_patient"]).get(url).status_code == 404
    assert LogEntry.objects.filter(action="complaints.document.opened", object_id=complaint.pk).count() == 1
