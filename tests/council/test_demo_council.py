"""The demo hub's council: members in every division, a held plenary with minutes, decisions with
votes and open actions, the next plenary with replies, a training with certificates, an
announcement partly read."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from medhub.council import certificates
from medhub.council.models import ActionItem, Announcement, Division, Invitation, Meeting, Member, Vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path, capsys):
    settings.MEDHUB_PHOTOS_DIR = tmp_path / "photos"
    settings.MEDHUB_DEMO_PHOTOS = 2
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "private"}},
    }
    call_command("demo")
    capsys.readouterr()


def test_the_demo_council_is_complete(demo):
    assert set(Member.objects.values_list("division__code", flat=True)) == set(Division.objects.values_list("code", flat=True))
    assert Member.objects.filter(person__username="provider").exists()
    held = Meeting.objects.get(title="정기총회 (분기)", status="held")
    assert held.minutes and held.decisions.count() == 2
    assert Vote.objects.filter(decision__meeting=held).count() >= 5
    assert (
        not Vote.objects.filter(decision__meeting=held)
        .exclude(member__invitations__meeting=held, member__invitations__present=True)
        .exists()
    )
    assert ActionItem.objects.filter(meeting=held, status="open").count() == 3
    upcoming = Meeting.objects.get(title="정기총회 (다음 분기)", status="scheduled")
    assert set(upcoming.invitations.exclude(answer="").values_list("answer", flat=True)) == {"yes", "no", "maybe"}
    training = Meeting.objects.get(kind="training", title="외국인 환자 응대 실무 교육")
    present = Invitation.objects.filter(meeting=training, present=True).select_related(
        "member__person", "member__organization", "meeting"
    )
    assert present.count() >= 6
    body = certificates.certificate_pdf(present.first())
    assert PdfReader(io.BytesIO(body)).pages
    guest = training.participants.get(present=True)
    assert PdfReader(io.BytesIO(certificates.certificate_pdf(guest))).pages
    receipts = Announcement.objects.get(subject__ko="파트너스 데이 안내").receipts
    assert 0 < receipts.filter(read_at__isnull=False).count() < receipts.count()
