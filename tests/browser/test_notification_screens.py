"""The notifications pages at 360 and 1366 px in Korean, Russian and Arabic, for a patient and
a coordinator: they answer, never scroll sideways, run right to left in Arabic, and the bell in
the header shows the unread count; screenshots are kept under test-output/screenshots/
(screens-<who>-notifications-…png) for a person to look at."""

import pytest

from medhub.accounts.models import Role
from medhub.notifications import services
from tests.browser.test_screens import signed_in_context, walk
from tests.cases.conftest import make_case, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {"notifications": "account/notifications/", "notification-settings": "account/notifications/settings/"}


def test_notification_pages_on_a_phone_and_a_desktop(browser, live_server, live_directory, screenshot, settings):
    settings.MEDHUB_TELEGRAM_BOT_TOKEN = "123:screens"  # the settings page offers a messenger
    settings.MEDHUB_TELEGRAM_API_BASE = "http://127.0.0.1:9"
    patient = make_user("screens-patient", Role.PATIENT)
    coordinator = make_user("screens-coordinator", Role.COORDINATOR)
    case = make_case(patient=patient, reference="HB-BELL-1")
    services.notify(patient, "travel.visa_status", {"case": case, "reason": "A very long reason " * 8}, link="/")
    services.notify(patient, "cases.quote_received", {"case": case}, link=f"/en/cases/{case.reference}/")
    services.notify(coordinator, "cases.new_message", {"case": case}, link=f"/en/work/cases/{case.reference}/")
    for who, user, unread in (("patient", patient, "2"), ("coordinator", coordinator, "1")):
        context = signed_in_context(browser, live_server.url, user)
        page = context.new_page()
        walk(page, live_server.url, PAGES, who, screenshot)
        page.set_viewport_size({"width": 360, "height": 800})
        page.goto(f"{live_server.url}/ar/")
        bell = page.locator("header .notifications-link")
        assert bell.is_visible() and bell.locator(".badge").inner_text().startswith(unread)
        box = bell.locator("svg").bounding_box()
        assert box and box["width"] >= 16  # the bell keeps its size beside a long hub name
        context.close()
