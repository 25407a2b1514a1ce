"""The demo hub's complaints: several states, a referral to K-medi with its packet, an illegal
brokering report, one overdue; the demo rebuilds over them."""

import io
import zipfile

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from medhub.accounts.models import User
from medhub.complaints.models import Complaint, ComplaintStatus
from tests.complaints.conftest import signed_in


@pytest.fixture
def demo_files(settings, tmp_path):
    settings.MEDHUB_PHOTOS_DIR = tmp_path / "photos"
    settings.MEDHUB_DEMO_PHOTOS = 2
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "private"}},
    }


@pytest.mark.django_db
def test_the_demo_has_complaints_in_every_step_and_rebuilds(demo_files, capsys):
    call_command("demo", "--institutions", "12")
    statuses = set(Complaint.objects.values_list("status", flat=True))
    assert {
        ComplaintStatus.UNCONFIRMED,
        ComplaintStatus.RECEIVED,
        ComplaintStatus.ACKNOWLEDGED,
        ComplaintStatus.FORWARDED,
        ComplaintStatus.RESOLVED,
        ComplaintStatus.WITHDRAWN,
        ComplaintStatus.REFERRED,
    } <= statuses
    assert Complaint.objects.filter(category="brokering", organization__isnull=True).exclude(broker_details="").exists()
    assert any(c.is_overdue() for c in Complaint.objects.all())
    referred = Complaint.objects.get(status=ComplaintStatus.REFERRED)
    assert referred.kmedi_reference and referred.kmedi_referred_on
    # The demo coordinator downloads its packet; the demo provider sees the complaints forwarded to it.
    coordinator = signed_in(User.objects.get(username="coordinator"))
    response = coordinator.get(f"/en/complaints/hub/{referred.reference}/packet.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    pdf = archive.read(f"{referred.reference}-kmedi.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "의료분쟁" in text and "KM-DEMO-2026-0117" in text
    provider_page = signed_in(User.objects.get(username="provider")).get("/en/complaints/organization/").content.decode()
    assert referred.reference in provider_page
    # The demo's reset removes the complaints (they hold their organization) before the organizations.
    from medhub.demo.trust_complaints import clear_demo_complaints

    clear_demo_complaints()
    assert not Complaint.objects.exists()
