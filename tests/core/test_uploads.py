"""The one content check of uploads (medhub.core.uploads) is worded per door only where the door
truly differs: who reads a password-protected PDF, and what a certificate must be sent as. The
rule itself (tests/security/test_hostile_uploads.py) is the same at every door."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from medhub.cases.uploads import check_upload
from medhub.partners.uploads import check_document, check_documents
from medhub.verification.uploads import check_certificate
from tests import files


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def refusal(check, upload) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        check(upload)
    return refused.value


def locked_pdf():
    return SimpleUploadedFile("locked.pdf", files.encrypted_pdf_bytes(user_password="secret"), "application/pdf")


def text_file():
    return SimpleUploadedFile("notes.pdf", b"just some text", "application/pdf")


def test_a_patients_locked_pdf_is_for_the_hospital_a_certificate_for_the_hub():
    assert "so that the hospital can read it" in refusal(check_upload, locked_pdf()).messages[0]
    for check in (check_document, check_certificate):
        error = refusal(check, locked_pdf())
        assert error.code == "password" and "so that the hub can read it" in error.messages[0]


def test_only_the_renewal_asks_for_the_certificate_as_a_pdf_jpeg_or_png():
    assert "Send the certificate as one of those." in refusal(check_certificate, text_file()).messages[0]
    for check in (check_upload, check_document):
        error = refusal(check, text_file())
        assert error.code == "type" and "Other files cannot be accepted." in error.messages[0]


def test_the_wording_follows_the_language_of_the_moment():
    with translation.override("ko"):
        korean = refusal(check_certificate, text_file()).messages[0]
    assert "“notes.pdf”" in korean and "Send the certificate" not in korean


def test_a_certificate_is_held_to_the_declared_type_as_a_patients_document_is():
    # The renewal's old copy looked at the name only; the one rule also reads the declared type.
    upload = SimpleUploadedFile("certificate.pdf", files.pdf_bytes(), "image/png")
    assert refusal(check_certificate, upload).code == "mismatch"


def test_an_answer_carries_no_more_files_than_the_limit(settings):
    settings.MEDHUB_UPLOAD_MAX_FILES = 2
    uploads = [files.pdf_upload(), files.png_upload(), files.jpeg_upload()]
    assert "Send at most 2 files." in refusal(check_documents, uploads).messages[0]
    assert len(check_documents(uploads[:2])) == 2
