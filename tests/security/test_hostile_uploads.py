"""Hostile uploads: files that pretend to be a PDF or an image, or are one and something else
too, are refused at every door (the inquiry page, the inquiry API, a message in the case's
thread) with a message naming the file; real PDFs, JPEGs and PNGs still go through. Private
files are served so that no browser ever runs them as a page."""

import functools
import io
import json
import struct

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, ImageFile
from rest_framework.test import APIClient

from medhub.accounts.models import Role
from medhub.cases import services
from medhub.cases.models import Case, CaseDocument, Message
from medhub.cases.uploads import check_upload
from tests import files
from tests.cases.conftest import make_case, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    # Checks called outside a request speak the site's default language (Korean).
    with translation.override("en"):
        yield


HTML = b"<html><body><script>alert(document.domain)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>'

NOT_ACCEPTED = "is not a PDF, JPEG or PNG file"
MARKUP = "contains web page code"
PIXELS = "too large an image"
DAMAGED = "could not be opened as a"
MISMATCH = "does not match what it contains"
PASSWORD = "is protected by a password"


def jpeg_with_comment(comment: bytes) -> bytes:
    """A valid JPEG with a comment segment (COM) right after its start marker."""
    jpeg = files.jpeg_bytes()
    return jpeg[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + jpeg[2:]


def jpeg_claiming(width: int, height: int) -> bytes:
    """A valid small JPEG whose frame header (SOF0) is rewritten to claim width x height."""
    jpeg = files.jpeg_bytes()
    at = jpeg.index(b"\xff\xc0")
    return jpeg[: at + 5] + struct.pack(">HH", height, width) + jpeg[at + 9 :]


def png_with_text(text: bytes) -> bytes:
    png = files.png_bytes()
    end = png.index(b"IEND") - 4
    return png[:end] + files.png_chunk(b"tEXt", b"Comment\x00" + text) + png[end:]


def pdf_without_pages() -> bytes:
    from pypdf import PdfWriter

    out = io.BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


def progressive_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 150, 200)).save(out, format="JPEG", progressive=True, quality=80)
    return out.getvalue()


def transparent_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (40, 30), (0, 0, 0, 0)).save(out, format="PNG")
    return out.getvalue()


@functools.cache
def weasyprint_pdf() -> bytes:
    from weasyprint import HTML as Page

    return Page(string="<h1>Discharge summary</h1><p>Laser toning, three sessions.</p>").write_pdf()


def pdf_with_unknown_filter() -> bytes:
    """WeasyPrint's PDF with the filter of its object stream garbled: pypdf then raises
    NotImplementedError, not one of its own errors (found by fuzzing the check)."""
    pdf = weasyprint_pdf()
    at = pdf.index(b"/ObjStm")
    start, end = pdf.rindex(b"obj", 0, at), pdf.index(b"stream", at)
    return pdf[:start] + pdf[start:end].replace(b"/FlateDecode", b"/FlateDxcode") + pdf[end:]


# (name, content, declared content type, what the refusal says)
HOSTILE = {
    # The four the attack got through.
    "pdf-html-polyglot": (
        "records.pdf",
        lambda: files.pdf_bytes().replace(b"\n", b"\n%" + HTML + b"\n", 1),
        "application/pdf",
        MARKUP,
    ),
    "svg-starting-with-pdf-header": ("scan.pdf", lambda: b"%PDF-1.7\n" + SVG, "application/pdf", MARKUP),
    "jpeg-header-then-html": ("photo.jpg", lambda: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + HTML, "image/jpeg", MARKUP),
    "png-60000-by-60000": ("xray.png", lambda: files.png_with_header(60000, 60000), "image/png", PIXELS),
    # Markup hidden in otherwise valid files.
    "pdf-then-html-after-eof": ("a.pdf", lambda: files.pdf_bytes() + b"\n<!DOCTYPE HTML>\n" + HTML, "application/pdf", MARKUP),
    "pdf-with-iframe": ("b.pdf", lambda: files.pdf_bytes() + b'<IFRAME src="https://evil.example">', "application/pdf", MARKUP),
    "png-then-script": ("c.png", lambda: files.png_bytes() + b"<ScRiPt>alert(1)</sCrIpT>", "image/png", MARKUP),
    "png-xml-in-text-chunk": ("d.png", lambda: png_with_text(b'<?xml version="1.0"?>' + SVG), "image/png", MARKUP),
    "jpeg-html-in-comment": ("e.jpg", lambda: jpeg_with_comment(b"<body onload=alert(1)>"), "image/jpeg", MARKUP),
    # Not what they say they are, or not whole.
    "html-named-pdf": ("report.pdf", lambda: HTML, "application/pdf", NOT_ACCEPTED),
    "svg-named-png": ("image.png", lambda: SVG, "image/png", NOT_ACCEPTED),
    "windows-program": ("scan.pdf", lambda: b"MZ\x90\x00\x03\x00\x00\x00this program", "application/pdf", NOT_ACCEPTED),
    "gif": ("anim.png", lambda: b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/png", NOT_ACCEPTED),
    "pdf-header-only": ("f.pdf", lambda: b"%PDF-1.4\n" + b"\x00" * 200, "application/pdf", DAMAGED),
    "pdf-skeleton-without-pages": (
        "g.pdf",
        lambda: b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        "application/pdf",
        DAMAGED,
    ),
    "pdf-with-no-page": ("h.pdf", pdf_without_pages, "application/pdf", DAMAGED),
    "pdf-with-an-unknown-filter": ("p.pdf", pdf_with_unknown_filter, "application/pdf", DAMAGED),
    "png-signature-then-zeros": ("i.png", lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png", DAMAGED),
    "png-cut-in-half": ("j.png", lambda: files.png_bytes()[: len(files.png_bytes()) // 2], "image/png", DAMAGED),
    "jpeg-cut-in-half": ("k.jpg", lambda: files.jpeg_bytes()[: len(files.jpeg_bytes()) // 2], "image/jpeg", DAMAGED),
    "jpeg-claiming-65000-by-65000": ("l.jpg", lambda: jpeg_claiming(65000, 65000), "image/jpeg", PIXELS),
    "png-sent-as-pdf": ("m.png", lambda: files.png_bytes(), "application/pdf", MISMATCH),
    "jpeg-named-html": ("page.html", lambda: files.jpeg_bytes(), "image/jpeg", MISMATCH),
    "pdf-named-svg": ("n.svg", lambda: files.pdf_bytes(), "application/octet-stream", MISMATCH),
    "pdf-needing-a-password": (
        "o.pdf",
        lambda: files.encrypted_pdf_bytes(user_password="patient-secret"),
        "application/pdf",
        PASSWORD,
    ),
}

GOOD = {
    "pdf": ("report.pdf", files.pdf_bytes, "application/pdf", "application/pdf"),
    "jpeg": ("photo.jpg", files.jpeg_bytes, "image/jpeg", "image/jpeg"),
    "png": ("scan.png", files.png_bytes, "image/png", "image/png"),
    "progressive-jpeg": ("IMG_2041.JPEG", progressive_jpeg, "image/jpeg", "image/jpeg"),
    "transparent-png": ("chart.png", transparent_png, "image/png", "image/png"),
    # Protected against printing or editing only: it opens without a password.
    "pdf-with-owner-password-only": (
        "lab.pdf",
        lambda: files.encrypted_pdf_bytes(user_password=""),
        "application/pdf",
        "application/pdf",
    ),
    "jpeg-sent-as-octet-stream": ("photo.jpg", files.jpeg_bytes, "application/octet-stream", "image/jpeg"),
}


def make_upload(spec) -> SimpleUploadedFile:
    name, content, content_type = spec[:3]
    return SimpleUploadedFile(name, content(), content_type=content_type)


hostile = pytest.mark.parametrize("key", list(HOSTILE))
good = pytest.mark.parametrize("key", list(GOOD))


# -- the rule, file by file -----------------------------------------------------------------


@hostile
def test_check_refuses_each_hostile_file_naming_it(key):
    name, _content, _type, says = HOSTILE[key]
    with pytest.raises(ValidationError) as refused:
        check_upload(make_upload(HOSTILE[key]))
    (message,) = refused.value.messages
    assert says in message and f"“{name}”" in message


@good
def test_check_accepts_real_files_and_judges_their_type(key):
    upload, content_type, checksum = check_upload(make_upload(GOOD[key]))
    assert content_type == GOOD[key][3]
    assert len(checksum) == 64 and upload.read() == GOOD[key][1]()


def test_a_pdf_made_by_weasyprint_is_accepted():
    _upload, content_type, _checksum = check_upload(SimpleUploadedFile("summary.pdf", weasyprint_pdf(), "application/pdf"))
    assert content_type == "application/pdf"


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (60000, 60000),  # Pillow refuses it when opening (twice its own limit)
        (10000, 10000),  # Pillow only warns: the warning is a refusal here
        (8000, 8000),  # within Pillow's limit, beyond ours (50 megapixels)
    ],
)
def test_image_dimensions_are_judged_from_the_header_before_decoding(width, height):
    for content in (files.png_with_header(width, height), jpeg_claiming(width, height)):
        with pytest.raises(ValidationError, match="too large an image"):
            check_upload(
                SimpleUploadedFile("big.png" if content[1:4] == b"PNG" else "big.jpg", content, "application/octet-stream")
            )


def test_the_pixel_limit_is_a_setting(settings):
    settings.MEDHUB_UPLOAD_MAX_PIXELS = 32 * 24 - 1  # one pixel fewer than the test image
    with pytest.raises(ValidationError, match="too large an image"):
        check_upload(files.png_upload())
    settings.MEDHUB_UPLOAD_MAX_PIXELS = 32 * 24
    assert check_upload(files.png_upload())[1] == "image/png"


def noisy_image(image_format: str) -> bytes:
    out = io.BytesIO()
    Image.effect_noise((160, 120), 80).convert("RGB").save(out, format=image_format)
    return out.getvalue()


def test_damaged_images_are_refused_even_when_pillow_is_told_to_be_lenient(monkeypatch):
    # WeasyPrint sets this for the whole process when it is imported; Pillow then decodes a
    # truncated image without complaint.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    for kind, extension in (("JPEG", "jpg"), ("PNG", "png")):
        whole = noisy_image(kind)
        cut = whole[: len(whole) * 2 // 3]
        Image.open(io.BytesIO(cut)).load()  # what Pillow alone would let through
        with pytest.raises(ValidationError, match="could not be opened"):
            check_upload(SimpleUploadedFile(f"cut.{extension}", cut, "application/octet-stream"))
        assert check_upload(SimpleUploadedFile(f"whole.{extension}", whole, "application/octet-stream"))
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # given back as it was


def test_a_png_without_its_end_is_refused():
    png = files.png_bytes()
    with pytest.raises(ValidationError, match="could not be opened"):
        check_upload(SimpleUploadedFile("cut.png", png[:-20], "image/png"))


def test_an_empty_file_is_refused_at_every_door(client, inquiry_data, patient_case):
    with pytest.raises(ValidationError, match="is not a PDF, JPEG or PNG file"):
        check_upload(SimpleUploadedFile("empty.pdf", b"", "application/pdf"))
    response = client.post("/en/inquiry/", {**inquiry_data, "documents": [SimpleUploadedFile("empty.pdf", b"")]})
    assert response.status_code == 400 and "empty" in response.content.decode()
    case, patient = patient_case
    client.force_login(patient)
    answer = client.post(
        f"/en/cases/{case.reference}/messages/", {"body": "x", "attachments": [SimpleUploadedFile("empty.pdf", b"")]}, follow=True
    )
    assert "empty" in answer.content.decode() and not Message.objects.exists()


def test_markup_split_across_two_chunks_is_found():
    pdf = files.pdf_bytes()
    upload = SimpleUploadedFile("split.pdf", pdf + b" " * (64 * 1024 - len(pdf) - 3) + b"<script>", "application/pdf")
    upload.DEFAULT_CHUNK_SIZE = 64 * 1024  # "<sc" ends the first chunk, "ript>" begins the second
    with pytest.raises(ValidationError, match="web page code"):
        check_upload(upload)


def test_size_and_count_limits_still_hold(settings):
    settings.MEDHUB_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="larger than"):
        check_upload(files.pdf_upload())
    from medhub.cases.uploads import check_uploads

    settings.MEDHUB_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    settings.MEDHUB_UPLOAD_MAX_FILES = 2
    with pytest.raises(ValidationError, match="at most 2 files"):
        check_uploads([files.pdf_upload(), files.png_upload(), files.jpeg_upload()])


def test_the_stored_name_is_cleaned_and_gets_the_extension_of_its_type():
    upload, _type, _sum = check_upload(SimpleUploadedFile("scan\u202egpj.pdf", files.pdf_bytes(), "application/pdf"))
    assert upload.name == "scangpj.pdf"  # no right-to-left override to make it read "scanfdp.jpg"
    upload, _type, _sum = check_upload(SimpleUploadedFile("results 12.03.2026", files.pdf_bytes(), ""))
    assert upload.name == "results 12.03.2026.pdf"
    upload, _type, _sum = check_upload(SimpleUploadedFile('x"<y>.png', files.png_bytes(), "image/png"))
    assert upload.name == "x__y_.png"


# -- through every door ----------------------------------------------------------------------


@hostile
def test_the_inquiry_page_refuses_a_hostile_file_and_keeps_what_was_typed(client, inquiry_data, key):
    name, _content, _type, says = HOSTILE[key]
    response = client.post("/en/inquiry/", {**inquiry_data, "documents": [make_upload(HOSTILE[key])]})
    assert response.status_code == 400
    page = response.content.decode()
    assert says in page and name in page
    assert "Беспокоят прыщи" in page  # nothing typed is lost
    assert not Case.objects.exists()


@hostile
def test_the_inquiry_api_refuses_a_hostile_file(inquiry_data, key):
    name, _content, _type, says = HOSTILE[key]
    response = api().post("/api/v1/inquiries/", {**inquiry_data, "documents": [make_upload(HOSTILE[key])]}, format="multipart")
    assert response.status_code == 400
    body = json.dumps(response.json(), ensure_ascii=False)
    assert says in body and name in body
    assert not Case.objects.exists()


def api() -> APIClient:
    client = APIClient()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def patient_case(directory):
    patient = make_user("hostile-patient", Role.PATIENT)
    return make_case(patient=patient), patient


@hostile
def test_a_message_with_a_hostile_attachment_is_refused(client, patient_case, key):
    case, patient = patient_case
    name, _content, _type, says = HOSTILE[key]
    client.force_login(patient)
    response = client.post(
        f"/en/cases/{case.reference}/messages/",
        {"body": "Here are my records.", "attachments": [make_upload(HOSTILE[key])]},
    )
    # The case page comes back with the refusal and the text as it was typed.
    assert response.status_code == 400
    assert says in response.content.decode() and name in response.content.decode()
    assert response.context["message_form"]["body"].value() == "Here are my records."
    assert not Message.objects.exists()


@good
def test_real_files_go_through_every_door(client, inquiry_data, patient_case, key):
    expected = GOOD[key][3]
    assert client.post("/en/inquiry/", {**inquiry_data, "documents": [make_upload(GOOD[key])]}).status_code == 302
    by_api = api().post(
        "/api/v1/inquiries/",
        {**inquiry_data, "contact_email": "other@example.kz", "documents": [make_upload(GOOD[key])]},
        format="multipart",
    )
    assert by_api.status_code == 201
    stored = CaseDocument.objects.filter(case__contact_email__in=["aigerim@example.kz", "other@example.kz"])
    assert [document.content_type for document in stored] == [expected, expected]
    case, patient = patient_case
    client.force_login(patient)
    client.post(f"/en/cases/{case.reference}/messages/", {"body": "Records", "attachments": [make_upload(GOOD[key])]})
    assert Message.objects.get().attachments.get().content_type == expected


# -- serving ---------------------------------------------------------------------------------


def assert_served_as_a_sandboxed_download(response, filename: str) -> None:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;") and filename in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = [part.strip() for part in response["Content-Security-Policy"].split(";")]
    assert "sandbox" in policy and "default-src 'none'" in policy


def test_case_documents_and_attachments_download_as_sandboxed_attachments(client, directory, coordinator):
    patient = make_user("download-patient", Role.PATIENT)
    case = make_case(patient=patient)
    document = CaseDocument(case=case, original_name="scan.pdf", content_type="application/pdf", size=1, checksum="d" * 64)
    document.file.save("scan", ContentFile(files.pdf_bytes()), save=True)
    message = services.message_post(
        case_id=case.id,
        author=patient,
        body="Photo of the rash",
        language="en",
        attachments=[check_upload(files.jpeg_upload("rash.jpg"))],
    )
    attachment = message.attachments.get()
    client.force_login(coordinator)
    assert_served_as_a_sandboxed_download(client.get(f"/en/cases/{case.reference}/documents/{document.id}/"), "scan.pdf")
    assert_served_as_a_sandboxed_download(
        client.get(f"/en/cases/{case.reference}/messages/{message.id}/attachments/{attachment.id}/"), "rash.jpg"
    )
