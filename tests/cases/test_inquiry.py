"""A foreign patient asks for help without an account, in their own language."""

import datetime
import re

import pytest
from django.core import mail

from medhub.cases.models import Case
from medhub.core.models import LogEntry
from tests.cases.conftest import PNG, pdf

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["ko", "en", "zh-hans", "ja", "ru", "mn", "kk", "vi", "th", "ar"])
def test_inquiry_form_opens_in_every_language(client, directory, lang):
    response = client.get(f"/{lang}/inquiry/")
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in response.content.decode()


def test_inquiry_creates_a_case_and_emails_the_patient_in_their_language(
    client, inquiry_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ru/inquiry/", {**inquiry_data, "documents": [pdf()]})
    assert response.status_code == 302 and response["Location"] == "/ru/inquiry/sent/"
    case = Case.objects.get()
    assert case.reference in client.get(response["Location"]).content.decode()
    assert case.state == "new"
    assert case.preferred_language == "ru"
    assert case.consent_version and case.consent_health_data_at and case.consent_transfer_at
    assert case.documents.get().content_type == "application/pdf"
    assert LogEntry.objects.get(case_id=case.id).action == "cases.case.created"
    assert (case.first_response_due - case.created_at).total_seconds() == pytest.approx(24 * 3600, abs=5)
    message = mail.outbox[0]
    assert message.to == ["aigerim@example.kz"]
    assert case.reference in message.subject
    assert "Мы получили" in message.subject or "получ" in message.subject.lower()
    assert re.search(r"http://127\.0\.0\.1:8000/ru/cases/verify/\S+/", message.body)


def test_verification_link_logs_the_patient_in_and_opens_the_case(client, inquiry_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/inquiry/", inquiry_data)
    link = re.search(r"http://127\.0\.0\.1:8000(/\S+)", mail.outbox[0].body).group(1)
    client.logout()
    confirm = client.get(link)
    assert confirm.status_code == 200 and not Case.objects.get().email_verified_at  # opening it changes nothing
    response = client.post(link, follow=True)
    case = Case.objects.get()
    assert response.redirect_chain[-1][0].endswith(f"/cases/{case.reference}/")
    assert case.reference in response.content.decode()
    case.refresh_from_db()
    assert case.email_verified_at is not None
    assert case.patient.email == "aigerim@example.kz"
    assert LogEntry.objects.filter(case_id=case.id, action="cases.case.email_verified").exists()


def test_a_tampered_link_is_refused_politely(client, directory):
    response = client.get("/en/cases/verify/not-a-real-token/")
    assert response.status_code == 400
    assert "does not work" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "reason_text"), [("nhi_member", "National Health Insurance"), ("resident_in_korea", "residence report")]
)
def test_people_who_are_not_foreign_patients_get_an_explanation(client, inquiry_data, field, reason_text):
    response = client.post("/en/inquiry/", {**inquiry_data, field: "yes"})
    assert response.status_code == 200
    page = response.content.decode()
    assert reason_text in page
    assert "Беспокоят прыщи" in page  # nothing they wrote is lost
    assert not Case.objects.exists()


def test_file_type_is_judged_by_content_not_by_name(client, inquiry_data):
    fake = pdf("scan.pdf")
    fake.file.write(b"")  # keep the name, change the content below
    disguised = type(fake)("scan.pdf", b"MZ\x90\x00 this is a program", content_type="application/pdf")
    response = client.post("/en/inquiry/", {**inquiry_data, "documents": [disguised]})
    assert response.status_code == 400
    assert "“scan.pdf” is not a PDF, JPEG or PNG file" in response.content.decode()
    assert not Case.objects.exists()
    # A PNG named and sent as a PDF: the name says one thing, the content another.
    image = type(fake)("photo.pdf", PNG, content_type="application/pdf")
    response = client.post("/en/inquiry/", {**inquiry_data, "documents": [image]})
    assert response.status_code == 400
    assert "does not match what it contains, a PNG file" in response.content.decode()
    assert not Case.objects.exists()
    # With a name that says nothing, the content decides, and the stored name gets its extension.
    unnamed = type(fake)("photo", PNG, content_type="application/octet-stream")
    client.post("/en/inquiry/", {**inquiry_data, "documents": [unnamed]})
    document = Case.objects.get().documents.get()
    assert (document.content_type, document.original_name) == ("image/png", "photo.png")


def test_too_large_a_file_is_refused(client, inquiry_data, settings):
    settings.MEDHUB_UPLOAD_MAX_BYTES = 20
    response = client.post("/en/inquiry/", {**inquiry_data, "documents": [pdf()]})
    assert response.status_code == 400
    assert "larger than" in response.content.decode()


def test_honeypot_keeps_bots_out_without_telling_them(client, inquiry_data):
    response = client.post("/en/inquiry/", {**inquiry_data, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not Case.objects.exists()


def test_per_address_rate_limit_keeps_what_was_written(client, inquiry_data, settings):
    settings.MEDHUB_THROTTLES = {**settings.MEDHUB_THROTTLES, "inquiry-email": (2, 3600)}
    for _ in range(2):
        assert client.post("/en/inquiry/", inquiry_data).status_code == 302
    response = client.post("/en/inquiry/", inquiry_data)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "several inquiries" in response.content.decode()
    assert "Беспокоят прыщи" in response.content.decode()
    assert Case.objects.count() == 2
    # A different address is not held back.
    assert client.post("/en/inquiry/", {**inquiry_data, "contact_email": "other@example.kz"}).status_code == 302


def test_missing_consent_and_bad_dates_get_field_errors(client, inquiry_data):
    earliest = datetime.date.fromisoformat(inquiry_data["desired_from"])
    data = {**inquiry_data, "desired_to": (earliest - datetime.timedelta(days=1)).isoformat()}
    data.pop("consent_transfer")
    response = client.post("/ko/inquiry/", data)
    assert response.status_code == 400
    assert not Case.objects.exists()
    assert response.context["form"].errors.keys() >= {"consent_transfer", "desired_to"}


def test_a_facilitator_refers_a_patient_and_follows_the_case(client, inquiry_data, directory):
    from medhub.accounts.models import Role
    from tests import factories
    from tests.cases.conftest import make_user

    agency = factories.partner("facilitator", slug="agency")
    agent = make_user("agent", Role.FACILITATOR_STAFF, agency)
    client.force_login(agent)
    client.post("/en/inquiry/", inquiry_data)
    case = Case.objects.get()
    assert case.referred_by == agency
    listing = client.get("/en/work/referrals/").content.decode()
    assert case.reference in listing
    assert client.get(f"/en/work/referrals/{case.reference}/").status_code == 200
    assert client.get("/en/work/").headers["Location"].endswith("/work/referrals/")
