"""The hub's cancel of a hotel stay, looked at: the confirmation page with its reason field, and
the same page refused without a reason, at 360 and 1366 px in Korean, Russian and Arabic
(screenshots under test-output/screenshots/cancel-stay-*)."""

import datetime

import pytest
from django.utils import timezone

from medhub.accounts.models import Role
from medhub.travel import services as travel
from medhub.travel.models import Room
from tests.browser.test_staff_at_work import session_context
from tests.cases.conftest import make_user
from tests.scheduling.test_booking import accepted_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_cancel_confirmation_page(browser, live_server, live_directory, screenshot):
    coordinator = make_user("coord-look", Role.COORDINATOR)
    case, _patient = accepted_case(live_directory, coordinator, reference="HB-LOOK")
    room = Room.objects.create(
        hotel=live_directory["hotel"],
        name={"en": "Twin room"},
        capacity=2,
        rooms_available=1,
        rack_rate_krw=1,
        medical_rate_krw=1,
    )
    arrival = timezone.localdate() + datetime.timedelta(days=10)
    travel.trip_save(
        case_id=case.id,
        arrival_date=arrival,
        departure_date=arrival + datetime.timedelta(days=5),
        treatment="",
        actor=coordinator,
    )
    travel.stay_book(
        case_id=case.id,
        room_id=room.id,
        check_in=arrival,
        check_out=arrival + datetime.timedelta(days=3),
        guests=1,
        actor=coordinator,
    )
    context = session_context(browser, live_server.url, coordinator)
    page = context.new_page()
    for width in (360, 1366):
        page.set_viewport_size({"width": width, "height": 800 if width < 500 else 900})
        for lang in ("ko", "ru", "ar"):
            page.goto(f"{live_server.url}/{lang}/work/cases/{case.reference}/travel/#stay")
            with page.expect_navigation():
                page.click("#stay form.inline-form button[type=submit]")
            assert page.locator("#confirm-reason").count() == 1
            screenshot(page, f"cancel-stay-{lang}-{width}")
            assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")
            page.fill("#confirm-reason", "   ")
            with page.expect_navigation():
                page.click("form.confirm-form button[type=submit]")
            assert page.locator(".alert-error").count() == 1 and page.locator("#confirm-reason").count() == 1
            screenshot(page, f"cancel-stay-refused-{lang}-{width}")
    context.close()
