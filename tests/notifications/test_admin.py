"""The notifications tables in the admin: in the staff member's language, notifications and
deliveries read-only (with status and attempts), messenger addresses masked."""

import pytest

from medhub.accounts.models import Role
from medhub.notifications import services
from medhub.notifications.models import Delivery, Notification, Preference
from tests.cases.conftest import make_case, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def told(messenger):
    patient = make_user("pat", Role.PATIENT)
    Preference.objects.create(user=patient, email=True, whatsapp=True, whatsapp_number="+77011234567")
    case = make_case(patient=patient, reference="HB-ADM-1")
    notification = services.notify(patient, "cases.quote_received", {"case": case}, link="/en/cases/HB-ADM-1/")
    return notification


def test_the_admin_lists_the_tables_in_the_staffs_language(admin_client, told):
    korean = admin_client.get("/ko/admin/").content.decode()
    assert "알림" in korean and "발송" in korean  # notifications, deliveries
    listing = admin_client.get("/ko/admin/notifications/delivery/").content.decode()
    assert "시도 횟수" in listing  # attempts


def test_notifications_and_deliveries_are_read_only(admin_client, told):
    page = admin_client.get(f"/en/admin/notifications/notification/{told.id}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert admin_client.get("/en/admin/notifications/notification/add/").status_code == 403
    response = admin_client.post(f"/en/admin/notifications/notification/{told.id}/change/", {"title": "Changed"})
    assert response.status_code == 403
    assert Notification.objects.get(pk=told.id).title != "Changed"
    delivery = Delivery.objects.get(notification=told, channel="whatsapp")
    assert admin_client.get(f"/en/admin/notifications/delivery/{delivery.id}/change/").status_code == 200
    assert admin_client.post(f"/en/admin/notifications/delivery/{delivery.id}/delete/", {"post": "yes"}).status_code == 403
    assert Delivery.objects.filter(pk=delivery.id).exists()


def test_addresses_are_masked_and_status_and_attempts_shown(admin_client, told):
    delivery = Delivery.objects.get(notification=told, channel="whatsapp")
    listing = admin_client.get("/en/admin/notifications/delivery/").content.decode()
    detail = admin_client.get(f"/en/admin/notifications/delivery/{delivery.id}/change/").content.decode()
    settings_page = admin_client.get("/en/admin/notifications/preference/").content.decode()
    preference = Preference.objects.get()
    preference_page = admin_client.get(f"/en/admin/notifications/preference/{preference.id}/change/").content.decode()
    for html in (listing, detail, settings_page, preference_page):
        assert "+77011234567" not in html and "77011234567" not in html
    assert "••••4567" in listing and "••••4567" in settings_page and "••••4567" in preference_page
    assert "p•••@example.com" in listing  # the email delivery
    assert "waiting" in listing  # not sent yet: no commit in a test
    assert "Attempts" in listing or "attempts" in listing
