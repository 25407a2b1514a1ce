"""Applying: the public page in every language and the API, the documents each kind needs,
files checked by content, nothing typed lost on an error, the confirmation and its email."""

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from medhub.core.models import LogEntry
from medhub.partners.models import Application, ApplicationDocument
from tests import files
from tests.partners.conftest import DOCUMENTS, fields, pdf, with_documents

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", [code for code, _name in settings.LANGUAGES])
def test_the_page_answers_in_every_language(client, directory, lang):
    response = client.get(f"/{lang}/partners/apply/")
    assert response.status_code == 200
    assert response["Content-Language"] == lang
    body = response.content.decode()
    assert 'name="kind"' in body and 'name="document_surety_insurance"' in body
    assert 'enctype="multipart/form-data"' in body
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("kind", list(DOCUMENTS))
def test_each_kind_applies_with_its_documents(client, directory, kind, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/partners/apply/", with_documents(fields(kind)))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].endswith("/en/partners/apply/sent/")
    application = Application.objects.get()
    assert application.kind == kind and application.status == "submitted"
    assert sorted(application.documents.values_list("kind", flat=True)) == sorted(DOCUMENTS[kind])
    assert application.phone == "+8225550101"  # stored in E.164
    assert LogEntry.objects.filter(action="partners.application.submitted", object_id=application.id).exists()
    # The confirmation page shows the reference, and the contact is told in their language (Mongolian).
    page = client.get(response["Location"])
    assert application.reference in page.content.decode()
    sent = [m for m in mail.outbox if m.to == ["batbayar@steppe-bridge.example"]]
    assert len(sent) == 1
    assert application.reference in sent[0].subject


def test_the_confirmation_page_creates_nothing_on_reload(client, directory):
    client.post("/en/partners/apply/", with_documents(fields("hotel")))
    for _ in range(2):
        assert client.get("/en/partners/apply/sent/").status_code == 200
    assert Application.objects.count() == 1


def test_a_missing_document_keeps_everything_typed_and_asks_for_the_files_again(client, directory):
    data = fields("institution")
    data["document_fp_registration"] = pdf()  # the insurance certificate is missing
    response = client.post("/en/partners/apply/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Attach this document: Malpractice-insurance certificate" in body
    assert 'value="Haneul Skin Clinic"' in body and 'value="150000000"' in body
    assert "choose your documents again" in body
    assert not Application.objects.exists()


def test_a_class_is_required_of_an_institution_only(client, directory):
    response = client.post("/en/partners/apply/", with_documents(fields("institution", institution_class="")))
    assert response.status_code == 400 and "gives its class" in response.content.decode()
    response = client.post("/en/partners/apply/", with_documents(fields("hotel", institution_class="clinic")))
    assert response.status_code == 400 and "Only medical institutions have a class" in response.content.decode()


def test_an_agency_gives_surety_and_capital(client, directory):
    data = with_documents(fields("facilitator", surety_amount_krw="", capital_krw=""))
    response = client.post("/en/partners/apply/", data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "amount of the surety insurance" in body and "agency&#x27;s capital" in body


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("cert.pdf", b"just some text, not a PDF", content_type="application/pdf"), "is not a PDF"),
        (
            SimpleUploadedFile("cert.pdf", files.pdf_bytes() + b"<script>alert(1)</script>", content_type="application/pdf"),
            "web page code",
        ),
        (SimpleUploadedFile("cert.png", files.pdf_bytes(), content_type="image/png"), "does not match"),
        (SimpleUploadedFile("cert.pdf", b"%PDF-1.4 broken", content_type="application/pdf"), "could not be opened"),
    ],
)
def test_documents_are_checked_by_content(client, directory, upload, message):
    data = with_documents(fields("hotel"))
    data["document_business_registration"] = upload
    response = client.post("/en/partners/apply/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ApplicationDocument.objects.exists()


def test_a_bad_phone_is_a_clear_error(client, directory):
    response = client.post("/en/partners/apply/", with_documents(fields("hotel", phone="12")))
    assert response.status_code == 400
    assert "Enter a phone number that can be called" in response.content.decode()


def test_the_door_is_throttled_and_keeps_the_form(client, directory, settings):
    settings.MEDHUB_THROTTLES = {**settings.MEDHUB_THROTTLES, "partner-application": (2, 3600)}
    for _ in range(2):
        assert client.post("/en/partners/apply/", with_documents(fields("shop"))).status_code == 302
    response = client.post("/en/partners/apply/", with_documents(fields("shop", name="Third Shop")))
    assert response.status_code == 429
    assert response["Retry-After"]
    assert 'value="Third Shop"' in response.content.decode()
    assert Application.objects.count() == 2


# -- the API ------------------------------------------------------------------------------------


def test_the_api_takes_the_same_application(client, directory):
    response = client.post("/api/v1/partner-applications/apply/", with_documents(fields("institution")))
    assert response.status_code == 201, response.json()
    application = Application.objects.get()
    assert response.json() == {"reference": application.reference, "status": "submitted"}
    assert application.documents.count() == 2


def test_the_api_applies_the_same_rules(client, directory):
    data = fields("facilitator")
    data["document_agency_registration"] = pdf()
    response = client.post("/api/v1/partner-applications/apply/", data)
    assert response.status_code == 400
    assert "document_surety_insurance" in response.json()
    data = with_documents(fields("restaurant"))
    data["document_business_registration"] = SimpleUploadedFile("x.pdf", b"<html>hi</html>", content_type="application/pdf")
    response = client.post("/api/v1/partner-applications/apply/", data)
    assert response.status_code == 400 and "document_business_registration" in response.json()
    assert not Application.objects.exists()


def test_the_api_door_is_throttled(client, directory, settings):
    settings.MEDHUB_THROTTLES = {**settings.MEDHUB_THROTTLES, "partner-application": (1, 3600)}
    assert client.post("/api/v1/partner-applications/apply/", with_documents(fields("shop"))).status_code == 201
    response = client.post("/api/v1/partner-applications/apply/", with_documents(fields("shop")))
    assert response.status_code == 429 and response["Retry-After"]


def test_the_submit_endpoint_is_in_the_schema(client, directory):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/partner-applications/apply/" in schema
    assert "document_malpractice_insurance" in schema
    assert "/api/v1/partner-applications/{application_id}/approve/" in schema


def test_figures_of_another_kind_are_not_kept(client, directory):
    data = with_documents(fields("hotel", insurance_cover_krw="5", surety_amount_krw="7", registration_date="2024-01-01"))
    assert client.post("/en/partners/apply/", data).status_code == 302
    application = Application.objects.get()
    assert application.insurance_cover_krw is None and application.surety_amount_krw is None
    assert application.registration_date is None
