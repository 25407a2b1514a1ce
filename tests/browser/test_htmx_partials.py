"""htmx partial updates in a real browser: booking a slot and changing a search filter update
their part of the page without a reload (a marker set on ``window`` survives), the search URL
follows the filters and the back button returns; with JavaScript off the same forms post and
get whole pages. Screenshots at 360 and 1366 px in Korean, Russian and Arabic."""

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from medhub.accounts.models import Role
from medhub.scheduling.models import Appointment
from tests.cases.conftest import make_user
from tests.conftest import StaffClient
from tests.scheduling.test_booking import accepted_case, tomorrow_slots

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("ko", "ru", "ar")
WIDTHS = (360, 1366)


def patient_context(browser, base_url, user, **options):
    client = StaffClient()
    client.force_login(user)
    context = browser.new_context(**options)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])
    return context


def param(url: str, name: str):
    values = parse_qs(urlsplit(url).query).get(name)
    return values[0] if values else None


def mark_window(page):
    page.evaluate("window.__notReloaded = true")


def not_reloaded(page) -> bool:
    return page.evaluate("window.__notReloaded === true")


def no_sideways_scroll(page):
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_booking_a_slot_updates_the_schedule_in_place(browser, live_server, live_directory, screenshot):
    coordinator = make_user("coord", Role.COORDINATOR)
    taken_case, other = accepted_case(live_directory, coordinator, "HB-OTHER")
    case, patient = accepted_case(live_directory, coordinator)
    slots = tomorrow_slots(live_directory["derm"], count=3)
    context = patient_context(browser, live_server.url, patient, viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/en/cases/{case.reference}/")
    mark_window(page)

    # Someone else takes the first slot while the page is open: the refusal shows in place.
    from medhub.scheduling import services as schedule

    schedule.appointment_book(case_id=taken_case.id, slot_id=slots[0].id, actor=other)
    page.locator(f"#schedule form:has(input[value='{slots[0].id}']) button").click()
    page.locator("#schedule .messages li.error").wait_for()
    assert "just booked" in page.locator("#schedule").inner_text()
    assert page.locator(f"#schedule input[value='{slots[0].id}']").count() == 0
    assert not_reloaded(page)

    page.locator(f"#schedule form:has(input[value='{slots[1].id}']) button").click()
    page.locator("#schedule .messages li.success").wait_for()
    assert not_reloaded(page)
    assert "Add to your calendar" in page.locator("#schedule").inner_text()
    assert page.locator("#schedule ul.slots").count() == 0
    assert "Scheduled" in page.locator("#case-state").inner_text()
    assert Appointment.objects.get(case=case).slot_id == slots[1].id
    page.locator("#schedule").scroll_into_view_if_needed()
    screenshot(page, "htmx-booked-in-place-en-360")
    context.close()

    # The page after booking, as the patient sees it.
    for lang in LANGUAGES:
        for width in WIDTHS:
            context = patient_context(browser, live_server.url, patient, viewport={"width": width, "height": 900})
            page = context.new_page()
            page.goto(f"{live_server.url}/{lang}/cases/{case.reference}/#schedule")
            assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
            no_sideways_scroll(page)
            screenshot(page, f"htmx-booked-{lang}-{width}")
            context.close()


def test_booking_without_javascript_posts_the_whole_page(browser, live_server, live_directory):
    coordinator = make_user("coord", Role.COORDINATOR)
    case, patient = accepted_case(live_directory, coordinator)
    slot = tomorrow_slots(live_directory["derm"])[0]
    context = patient_context(browser, live_server.url, patient, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/cases/{case.reference}/")
    with page.expect_navigation():
        page.locator(f"#schedule form:has(input[value='{slot.id}']) button").click()
    assert page.url.endswith(f"/en/cases/{case.reference}/#schedule")
    assert "Your appointment is booked." in page.locator("#schedule").inner_text()
    assert Appointment.objects.get(case=case).slot_id == slot.id
    context.close()


def test_a_filter_change_updates_the_results_and_the_url(browser, live_server, live_directory, screenshot):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/en/search/")
    mark_window(page)
    everyone = page.locator("#results ol.results > li").count()
    assert everyone >= 2
    page.locator("details.filters summary").click()
    page.select_option("#id_specialty", "dermatology")
    page.wait_for_url(lambda url: param(url, "specialty") == "dermatology")
    expect(page.locator("#results ol.results > li")).not_to_have_count(everyone)
    assert not_reloaded(page)
    assert "Sora Dermatology Clinic" in page.locator("#results").inner_text()
    assert "1 active" in page.locator("#filters-summary").inner_text()
    assert page.locator("details.filters").get_attribute("open") is not None  # still open

    # While the answer is on its way the form says so and the results are dimmed (by classes:
    # the content security policy allows no inline style). The request is held until looked at.
    held = []
    page.route("**/search/?*", lambda route: held.append(route))
    assert not page.locator(".search-loading").is_visible()
    page.select_option("#id_language", "ru")
    while not held:
        page.wait_for_timeout(50)
    expect(page.locator(".search-loading")).to_be_visible()
    assert "htmx-request" in page.locator("#search-page").get_attribute("class")
    assert page.evaluate("getComputedStyle(document.querySelector('#results')).opacity") == "0.6"
    screenshot(page, "htmx-search-loading-en-1366")
    assert "language=ru" in held[0].request.url
    held[0].continue_()
    expect(page.locator(".search-loading")).to_be_hidden(timeout=15000)
    page.unroute("**/search/?*")
    assert param(page.url, "language") == "ru"
    assert not_reloaded(page)

    # A refused filter shows its error in place, the results say so.
    page.fill("#id_price_min", "500")
    page.fill("#id_price_max", "100")
    page.locator("form.search-form button[type=submit]").click()
    page.locator("#id_price_max-errors .error").wait_for()
    expect(page.locator("#results .notice")).to_be_visible()
    assert not_reloaded(page)

    # Back: the dermatology results again, from the URL.
    page.go_back()
    page.wait_for_url(lambda url: param(url, "price_max") is None)
    page.locator("#results ol.results").wait_for()
    assert "Sora Dermatology Clinic" in page.locator("#results").inner_text()
    assert page.locator("#id_price_max-errors .error").count() == 0
    context.close()

    for lang in LANGUAGES:
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            page.goto(f"{live_server.url}/{lang}/search/")
            page.locator("details.filters summary").click()
            page.select_option("#id_specialty", "dermatology")
            page.wait_for_url(lambda url: param(url, "specialty") == "dermatology")
            page.wait_for_load_state("networkidle")
            assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
            no_sideways_scroll(page)
            screenshot(page, f"htmx-search-{lang}-{width}")
            context.close()


def test_search_without_javascript_gets_whole_pages(browser, live_server, live_directory):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/search/")
    page.locator("details.filters summary").click()
    page.select_option("#id_specialty", "dermatology")
    assert "specialty" not in page.url  # nothing happens on change without JavaScript
    with page.expect_navigation():
        page.locator("form.search-form button[type=submit]").click()
    assert "specialty=dermatology" in page.url
    assert "Sora Dermatology Clinic" in page.locator("#results").inner_text()
    context.close()


def test_case_board_filter_updates_in_place(browser, live_server, live_directory):
    coordinator = make_user("coord", Role.COORDINATOR)
    accepted_case(live_directory, coordinator, "HB-BOARD")
    context = patient_context(browser, live_server.url, coordinator, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/en/work/cases/")
    mark_window(page)
    assert "HB-BOARD" in page.locator("#board-results").inner_text()
    page.select_option("#id_state", "new")
    page.wait_for_url(lambda url: param(url, "state") == "new")
    expect(page.locator("#board-results")).not_to_contain_text("HB-BOARD")
    assert not_reloaded(page)
    context.close()
