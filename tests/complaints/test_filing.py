"""Filing a complaint: anyone, through the page and the API; the public confirms by email."""

import re

import pytest
from django.core import mail
from django.test import Client

from medhub.complaints.models import Complaint, ComplaintStatus
from medhub.core.models import LogEntry
from medhub.directory.models import Organization
from medhub.notifications.models import Notification
from tests import files
from tests.complaints.conftest import TEXT_RU, signed_in
from tests.conftest import api_token

PUBLIC = {
    "subject": "organization",
    "organization": "sora-dermatology",
    "category": "price",
    "text": "Мне выставили счёт вдвое больше, чем в смете. Прошу вернуть разницу.",
    "name": "Айгерим Нурланова",
    "email": "Aigerim@Example.kz",
}


@pytest.mark.parametrize("lang", ["en", "ru", "ko", "ar"])
def test_the_form_opens_in_every_language_for_anyone(client, world, lang):
    response = client.get(f"/{lang}/complaints/new/")
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in response.content.decode()


def test_the_public_files_and_confirms_by_email_then_the_clocks_start(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ru/complaints/new/", {**PUBLIC, "documents": [files.pdf_upload("bill.pdf")]})
    assert response.status_code == 302 and response["Location"] == "/ru/complaints/sent/"
    complaint = Complaint.objects.get()
    assert complaint.status == ComplaintStatus.UNCONFIRMED and complaint.language == "ru"
    assert complaint.email == "aigerim@example.kz" and complaint.complainant is None
    assert complaint.received_at is None and complaint.acknowledge_due is None
    assert complaint.documents.get().content_type == "application/pdf"
    # The "sent" page shows the reference again on reload and creates nothing.
    for _ in range(2):
        assert complaint.reference in client.get("/ru/complaints/sent/").content.decode()
    assert Complaint.objects.count() == 1
    # Not on the hub's list before the address is confirmed.
    hub = signed_in(world["coordinator"])
    assert complaint.reference not in hub.get("/en/complaints/hub/").content.decode()
    assert mail.outbox[0].to == ["aigerim@example.kz"] and complaint.reference in mail.outbox[0].subject
    link = re.search(r"http://127\.0\.0\.1:8000(/ru/complaints/verify/\S+/)", mail.outbox[0].body).group(1)
    anonymous = Client()
    assert anonymous.get(link).status_code == 200  # opening it changes nothing
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.UNCONFIRMED
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(link, follow=True)
    assert response.status_code == 200 and complaint.reference in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED
    assert complaint.received_at and complaint.acknowledge_due and complaint.resolve_due
    # The acknowledgement of receipt, in the complainant's language, with a status link.
    to_complainant = [m for m in mail.outbox if m.to == ["aigerim@example.kz"]]
    receipt = to_complainant[-1]
    assert len(to_complainant) == 2 and complaint.reference in receipt.subject
    status_link = re.search(r"http://127\.0\.0\.1:8000(/ru/complaints/status/\S+/)", receipt.body).group(1)
    assert complaint.get_status_display() in Client().get(status_link).content.decode()
    assert LogEntry.objects.filter(action="complaints.complaint.confirmed", object_id=complaint.pk).count() == 1
    # The link works once: following it again changes nothing and sends nothing.
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        anonymous.post(link)
    assert len(mail.outbox) == sent
    assert LogEntry.objects.filter(action="complaints.complaint.confirmed").count() == 1
    assert complaint.reference in hub.get("/en/complaints/hub/").content.decode()


def test_a_tampered_link_is_refused_politely(client, world):
    assert client.get("/en/complaints/verify/nonsense/").status_code == 400
    assert client.get("/en/complaints/status/nonsense/").status_code == 400


def test_a_signed_in_patient_files_about_their_own_case_and_is_acknowledged(world, django_capture_on_commit_callbacks):
    client = signed_in(world["patient"])
    page = client.get("/ru/complaints/new/").content.decode()
    assert "HB-T-0001" in page and "HB-T-0002" not in page  # only their own cases to choose from
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/ru/complaints/new/",
            {
                "subject": "organization",
                "organization": "sora-dermatology",
                "category": "care",
                "case": "HB-T-0001",
                "text": TEXT_RU,
            },
        )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.status == ComplaintStatus.RECEIVED and complaint.case == world["case"]
    assert complaint.complainant == world["patient"] and complaint.email == world["patient"].email
    # Acknowledged in their language (the account's), in the app and by email.
    receipt = Notification.objects.get(recipient=world["patient"], kind="complaints.received")
    assert receipt.language == "ru" and complaint.reference in receipt.title
    # The hub's staff are told of the new complaint.
    assert Notification.objects.filter(kind="complaints.new", recipient=world["coordinator"]).exists()
    # Another patient's case cannot be named.
    response = client.post(
        "/ru/complaints/new/",
        {"subject": "organization", "organization": "sora-dermatology", "category": "care", "case": "HB-T-0002", "text": TEXT_RU},
    )
    assert response.status_code == 400 and Complaint.objects.count() == 1
    assert TEXT_RU in response.content.decode()  # nothing typed is lost


def test_illegal_brokering_needs_the_broker_not_an_organization(client, world):
    data = {
        "subject": "broker",
        "category": "brokering",
        "text": "Мне предложили клинику через Instagram.",
        "name": "A",
        "email": "a@example.com",
    }
    response = client.post("/en/complaints/new/", data)
    assert response.status_code == 400 and "Tell us who the broker is" in response.content.decode()
    assert "Мне предложили клинику через Instagram." in response.content.decode()
    response = client.post(
        "/en/complaints/new/", {**data, "broker_details": "@cheap_seoul_clinics on Instagram, +82 10-0000-0000"}
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.subject == "broker" and complaint.organization is None
    assert "@cheap_seoul_clinics" in complaint.broker_details


def test_an_organization_must_be_chosen_and_unpublished_ones_count(client, world):
    data = {**PUBLIC, "organization": ""}
    response = client.post("/en/complaints/new/", data)
    assert response.status_code == 400 and "Choose the institution" in response.content.decode()
    Organization.objects.filter(pk=world["spine"].pk).update(is_published=False, hold="registry-closed")
    assert client.post("/en/complaints/new/", {**PUBLIC, "organization": "haneul-spine"}).status_code == 302
    assert Complaint.objects.get().organization == world["spine"]


def test_a_complaint_about_the_hub_itself(client, world):
    assert (
        client.post("/en/complaints/new/", {**PUBLIC, "subject": "hub", "organization": "", "category": "conduct"}).status_code
        == 302
    )
    complaint = Complaint.objects.get()
    assert complaint.subject == "hub" and complaint.organization is None


def test_documents_are_judged_by_content_and_the_text_survives(client, world):
    fake = files.upload("scan.pdf", b"just some text, not a PDF", "application/pdf")
    response = client.post("/en/complaints/new/", {**PUBLIC, "documents": [fake]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "is not a PDF, JPEG or PNG file" in page and "Мне выставили счёт" in page
    assert not Complaint.objects.exists()


def test_the_public_door_is_throttled_and_keeps_what_was_written(client, world, settings):
    settings.MEDHUB_THROTTLES = {**settings.MEDHUB_THROTTLES, "complaint": (2, 3600)}
    for number in range(2):
        assert client.post("/en/complaints/new/", {**PUBLIC, "email": f"p{number}@example.com"}).status_code == 302
    response = client.post("/en/complaints/new/", {**PUBLIC, "email": "p9@example.com"})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Мне выставили счёт" in response.content.decode()
    assert Complaint.objects.count() == 2


def test_the_honeypot_keeps_bots_out(client, world):
    assert client.post("/en/complaints/new/", {**PUBLIC, "website": "spam"}).status_code == 302
    assert not Complaint.objects.exists()


# -- the API door --------------------------------------------------------------------------------


def test_api_public_filing_needs_a_name_and_an_email(client, world, django_capture_on_commit_callbacks):
    response = client.post("/api/v1/complaints/", {**PUBLIC, "email": ""})
    assert response.status_code == 400 and "email" in response.json()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/complaints/", {**PUBLIC, "documents": [files.png_upload()]})
    assert response.status_code == 201 and response.json()["status"] == "unconfirmed"
    complaint = Complaint.objects.get(reference=response.json()["reference"])
    assert complaint.documents.get().content_type == "image/png"
    assert "/complaints/verify/" in mail.outbox[-1].body


def test_api_filing_by_token_is_received_at_once(client, world):
    token = api_token(world["patient"])
    response = client.post(
        "/api/v1/complaints/",
        {"subject": "organization", "organization": "sora-dermatology", "category": "care", "case": "HB-T-0001", "text": TEXT_RU},
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert response.status_code == 201 and response.json()["status"] == "received"
    bad = client.post(
        "/api/v1/complaints/",
        {"subject": "organization", "organization": "sora-dermatology", "category": "care", "case": "HB-T-0002", "text": TEXT_RU},
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert bad.status_code == 400 and "case" in bad.json()


def test_api_brokering_rule_is_the_same_as_the_page(client, world):
    response = client.post("/api/v1/complaints/", {**PUBLIC, "category": "brokering", "subject": "broker", "organization": ""})
    assert response.status_code == 400 and "broker_details" in response.json()


def test_api_public_door_is_throttled(client, world, settings):
    settings.MEDHUB_THROTTLES = {**settings.MEDHUB_THROTTLES, "complaint": (1, 3600)}
    assert client.post("/api/v1/complaints/", PUBLIC).status_code == 201
    response = client.post("/api/v1/complaints/", {**PUBLIC, "email": "x@example.com"})
    assert response.status_code == 429 and response["Retry-After"]
