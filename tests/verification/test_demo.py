"""The demo hub has items expiring in 5, 25 and 80 days, their reminders, and one renewal waiting."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from medhub.accounts.models import Membership, Role
from medhub.notifications.models import Notification
from medhub.verification.models import Reminder, Renewal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _demo_files(settings, tmp_path):
    settings.MEDHUB_PHOTOS_DIR = tmp_path / "photos"
    settings.MEDHUB_DEMO_PHOTOS = 2


def test_demo_verification(capsys):
    call_command("demo")
    today = timezone.localdate()
    institution = Membership.objects.get(user__username="provider", role=Role.PROVIDER_STAFF).organization
    agency = Membership.objects.get(user__username="facilitator", role=Role.FACILITATOR_STAFF).organization
    assert institution.insurance_expires == today + datetime.timedelta(days=25)
    assert institution.registration_expires == today + datetime.timedelta(days=80)
    assert agency.registration_expires == today + datetime.timedelta(days=5)
    assert Reminder.objects.filter(organization=agency, item_key="registration", threshold=7).exists()
    assert Reminder.objects.filter(organization=institution, item_key="insurance", threshold=30).exists()
    assert Reminder.objects.filter(organization=institution, item_key="registration", threshold=90).exists()
    waiting = Renewal.objects.get(state="submitted")
    assert (waiting.organization, waiting.item) == (institution, "insurance")
    assert Notification.objects.filter(recipient__username="admin", kind="verification.renewal_submitted").exists()
    assert Notification.objects.filter(recipient__username="facilitator", kind="verification.expiring").exists()
