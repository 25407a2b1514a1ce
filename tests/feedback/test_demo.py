"""The demo hub has feedback on treated cases: four for the demo provider's institution (one
answered, one hidden with a reason, so three visible: its scores show on its page), and a treated
case of the demo patient waiting for their feedback."""

import pytest
from django.core.management import call_command

from medhub.accounts.models import Membership, Role, User
from medhub.core.models import LogEntry
from medhub.feedback.models import Feedback

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _demo_files(settings, tmp_path):
    settings.MEDHUB_PHOTOS_DIR = tmp_path / "photos"
    settings.MEDHUB_DEMO_PHOTOS = 2


def test_demo_feedback(client, capsys):
    call_command("demo")
    institution = Membership.objects.get(user__username="provider", role=Role.PROVIDER_STAFF).organization
    # The feedback demo's four (the evaluation's demo adds last year's feedback of its own).
    feedback = Feedback.objects.filter(institution=institution, case__reference__startswith="HB-DEMO-F")
    assert feedback.count() == 4
    assert feedback.filter(answered_at__isnull=False).count() == 1
    hidden = feedback.get(hidden_at__isnull=False)
    assert hidden.hidden_reason == "personal_data"
    assert LogEntry.objects.filter(action="feedback.feedback.hidden", object_id=hidden.pk).exists()
    assert feedback.filter(paid_more=True).count() == 1
    page = client.get(f"/en/institutions/{institution.slug}/").content.decode()
    visible = Feedback.objects.filter(institution=institution, hidden_at__isnull=True).count()
    assert "What treated patients say" in page and f"From {visible} patients" in page
    patient = User.objects.get(username="patient")
    client.force_login(patient)
    assert "Give feedback" in client.get("/en/cases/").content.decode()
