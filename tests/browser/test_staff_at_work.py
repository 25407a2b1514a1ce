"""Staff at work, looked at: the case board (sorts, owners, follow), the institution's slots,
its calendar by day and the cancel page, the interpreter's availability and hours, at 360 and
1366 px in Korean, Russian and Arabic. Each screen answers, never scrolls sideways, and a
full-page screenshot is kept under test-output/screenshots/ (staff-<page>-<lang>-<width>.png)."""

import datetime

import pytest
from django.utils import timezone

from medhub.accounts.models import Role
from medhub.cases import services as case_services
from medhub.interpreting import services as interpreting
from medhub.scheduling import services as schedule
from tests.cases.conftest import make_case, make_user
from tests.conftest import StaffClient
from tests.interpreting.conftest import make_interpreter, move_to_past
from tests.scheduling.test_booking import accepted_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("ko", "ru", "ar")
WIDTHS = (360, 1366)


def session_context(browser, base_url, user):
    client = StaffClient()
    client.force_login(user)
    context = browser.new_context()
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])
    return context


def look(page, url, lang, name, screenshot):
    response = page.goto(url)
    assert response is not None and response.status < 400, f"{url} answered {response and response.status}"
    screenshot(page, name)
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{url} scrolls sideways at {width} px"
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")


def walk(browser, base_url, user, pages, screenshot):
    context = session_context(browser, base_url, user)
    page = context.new_page()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800 if width < 500 else 900})
        for lang in LANGUAGES:
            for key, path in pages.items():
                look(page, f"{base_url}/{lang}/{path}", lang, f"staff-{key}-{lang}-{width}", screenshot)
    return context, page


def test_staff_at_work_screens(browser, live_server, live_directory, screenshot):
    directory = live_directory
    coordinator = make_user("coord", Role.COORDINATOR)
    make_user("second-coord", Role.HUB_ADMIN)
    derm = make_user("derm-staff", Role.PROVIDER_STAFF, directory["derm"])
    for n, country in enumerate(("KZ", "MN", "VN")):
        make_case(reference=f"HB-STAFF-{n}", nationality=country, hours_ago=5 * n + 1)
    case, patient = accepted_case(directory, coordinator, reference="HB-STAFF-BOOKED")
    day = timezone.localdate() + datetime.timedelta(days=2)
    slots = schedule.slots_publish(
        institution_id=directory["derm"].id, day=day, start=datetime.time(10, 0), minutes=30, count=3, kind="in_person", weeks=2
    )
    appointment = schedule.appointment_book(case_id=case.id, slot_id=slots[0].id, actor=patient)
    case_services.case_follow(case_id=case.id, user=coordinator)
    interpreter = make_interpreter("olga", ("ru", "ja"))
    start = timezone.now() + datetime.timedelta(days=20)
    interpreting.availability_add(actor=interpreter.user, starts_at=start, ends_at=start + datetime.timedelta(hours=6))
    booking = interpreting.booking_create(
        appointment_id=appointment.id, interpreter_id=interpreter.id, purpose="consultation", language="ru", actor=coordinator
    )
    interpreting.booking_accept(booking_id=booking.id, actor=interpreter.user)
    move_to_past(booking, minutes=60)

    context, page = walk(browser, live_server.url, coordinator, {"board": "work/cases/?sort=country"}, screenshot)
    # Assign an owner and follow from a phone, in Arabic.
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}/ar/work/cases/")
    row = page.locator("#case-HB-STAFF-0")
    row.locator("select[name=owner]").select_option(label="second-coord")
    row.locator("form[action$='/owner/'] button").click()
    page.wait_for_load_state()
    page.locator("#case-HB-STAFF-0 form[action$='/follow/'] button").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/ar/work/cases/?following=on")
    assert page.locator("#case-HB-STAFF-0").count() == 1
    screenshot(page, "staff-board-following-ar-360")
    context.close()

    pages = {
        "slots": "work/slots/",
        "slots-day": f"work/slots/day/{day.isoformat()}/",
        "slot-cancel": f"work/slots/{slots[0].id}/cancel/",
    }
    walk(browser, live_server.url, derm, pages, screenshot)[0].close()
    pages = {"interpreter": "work/interpreting/", "availability": "work/interpreting/availability/"}
    walk(browser, live_server.url, interpreter.user, pages, screenshot)[0].close()
