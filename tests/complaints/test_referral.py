"""Referral to K-medi: the date, K-medi's reference, its outcome and date; the packet is a ZIP
with a Korean PDF (the complaint's original-language text in it) and the documents."""

import datetime
import io
import zipfile

from django.utils import timezone
from pypdf import PdfReader

from medhub.complaints import services
from medhub.complaints.models import ComplaintStatus
from medhub.core.models import LogEntry
from medhub.notifications.models import Notification
from tests import files
from tests.complaints.conftest import TEXT_RU, signed_in
from tests.conftest import api_token


def _filed_with_documents(world):
    from medhub.cases.uploads import check_uploads

    documents = check_uploads([files.pdf_upload("invoice.pdf"), files.png_upload("burn.png")])
    data = {"category": "care", "subject": "organization", "organization": world["derm"], "case": world["case"], "text": TEXT_RU}
    return services.complaint_file(data=data, documents=documents, language="ru", filer=world["patient"], client="10.0.0.2")


def _squeezed(text: str) -> str:
    """The text without white space: PDF extraction may break lines anywhere."""
    return "".join(text.split())


def _pdf_text(content: bytes) -> tuple[str, zipfile.ZipFile]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    pdf_name = next(name for name in archive.namelist() if name.endswith("-kmedi.pdf"))
    pdf = archive.read(pdf_name)
    assert pdf.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages), archive


def test_referral_through_the_page_and_the_korean_packet(world):
    complaint = _filed_with_documents(world)
    hub = signed_in(world["coordinator"])
    url = f"/en/complaints/hub/{complaint.reference}/"
    hub.post(url, {"action": "acknowledge"})
    hub.post(url, {"action": "forward"})
    signed_in(world["derm_staff"]).post(
        f"/en/complaints/organization/{complaint.reference}/", {"body": "Мы предложили бесплатное лечение."}
    )
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    assert hub.post(url, {"action": "refer", "referred_on": future}).status_code == 400
    today = timezone.localdate().isoformat()
    assert hub.post(url, {"action": "refer", "referred_on": today, "kmedi_reference": "KM-2026-0042"}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.REFERRED and complaint.kmedi_referred_on == timezone.localdate()
    assert complaint.kmedi_reference == "KM-2026-0042"
    assert Notification.objects.filter(recipient=world["patient"], kind="complaints.referred").exists()

    response = hub.get(f"/en/complaints/hub/{complaint.reference}/packet.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] and "no-store" in response["Cache-Control"]
    text, archive = _pdf_text(response.content)
    # In Korean, whatever the reader's language.
    assert "의료분쟁 조정 회부 자료" in text and "한국의료분쟁조정중재원" in text
    assert "소라 피부과의원" in text  # the institution by its Korean name
    assert "러시아어" in text  # the complainant's language, named in Korean
    assert "KM-2026-0042" in text and complaint.reference in text and "HB-T-0001" in text
    # The complainant's own words, in the original language.
    flat = _squeezed(text)
    assert _squeezed("После процедуры лазерной терапии") in flat
    assert _squeezed("Мы предложили бесплатное лечение.") in flat
    # The documents beside it, as they were sent.
    names = sorted(archive.namelist())
    assert names == sorted([f"{complaint.reference}-kmedi.pdf", "documents/01-invoice.pdf", "documents/02-burn.png"])
    assert archive.read("documents/01-invoice.pdf") == files.pdf_bytes()
    assert LogEntry.objects.filter(action="complaints.packet.downloaded", object_id=complaint.pk).count() == 1


def test_kmedi_outcome_through_the_api(client, world):
    complaint = _filed_with_documents(world)
    auth = {"HTTP_AUTHORIZATION": f"Token {api_token(world['hub_admin'])}"}
    base = f"/api/v1/complaints/{complaint.reference}/"
    # Not referable before it is acknowledged.
    early = client.post(
        f"{base}referral/", {"referred_on": timezone.localdate().isoformat()}, content_type="application/json", **auth
    )
    assert early.status_code == 400
    # No K-medi outcome on a complaint that was not referred.
    assert (
        client.patch(
            f"{base}referral/", {"outcome": "x", "outcome_on": "2026-01-01"}, content_type="application/json", **auth
        ).status_code
        == 400
    )
    client.post(f"{base}status/", {"to_state": "acknowledged"}, content_type="application/json", **auth)
    referred = client.post(
        f"{base}referral/", {"referred_on": timezone.localdate().isoformat()}, content_type="application/json", **auth
    )
    assert referred.status_code == 200 and referred.json()["status"] == "referred"
    half = client.patch(f"{base}referral/", {"outcome": "Settled"}, content_type="application/json", **auth)
    assert half.status_code == 400 and "outcome_on" in half.json()
    today = timezone.localdate().isoformat()
    done = client.patch(
        f"{base}referral/",
        {"kmedi_reference": "KM-7", "outcome": "Mediated settlement: refund of 1,200,000 KRW.", "outcome_on": today},
        content_type="application/json",
        **auth,
    )
    assert done.status_code == 200
    body = done.json()
    assert body["kmedi_reference"] == "KM-7" and body["kmedi_outcome_on"] == today and "refund" in body["kmedi_outcome"]
    assert Notification.objects.filter(recipient=world["patient"], kind="complaints.kmedi_outcome").count() == 1
    packet = client.get(f"{base}packet/", **auth)
    assert packet.status_code == 200 and packet["Content-Type"] == "application/zip"
    text, _archive = _pdf_text(packet.content)
    assert "조정 결과" in text and "KM-7" in text


def test_the_machine_translation_goes_beside_the_original_when_configured(world, monkeypatch, settings):
    from medhub.complaints import packet

    settings.MEDHUB_TRANSLATION_URL = "http://translator.invalid"
    monkeypatch.setattr(
        "medhub.cases.translation.LibreTranslateBackend.translate", lambda self, text, source, target: "레이저 치료 후 화상"
    )
    complaint = _filed_with_documents(world)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(packet.packet_pdf(complaint))).pages)
    assert "기계 번역" in text and "레이저 치료 후 화상" in text
    assert _squeezed("После процедуры") in _squeezed(text)


def test_the_packet_without_a_translation_server_still_carries_the_original(world, settings):
    from medhub.complaints import packet

    settings.MEDHUB_TRANSLATION_URL = ""
    complaint = _filed_with_documents(world)
    assert packet.korean_translation(complaint) == ""


def test_only_the_hub_downloads_the_packet(client, world):
    complaint = _filed_with_documents(world)
    for who in ("patient", "derm_staff"):
        auth = {"HTTP_AUTHORIZATION": f"Token {api_token(world[who])}"}
        assert client.get(f"/api/v1/complaints/{complaint.reference}/packet/", **auth).status_code == 403
    assert not LogEntry.objects.filter(action="complaints.packet.downloaded").exists()
