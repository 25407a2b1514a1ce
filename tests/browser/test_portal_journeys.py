"""A foreign patient searches in their own language, filters and opens an institution."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("lang", "query", "heading"),
    [
        ("ko", "피부과", "소라 피부과의원"),
        ("ru", "дерматология", "Клиника дерматологии Сора"),
        ("ar", "جلدية", "Sora Dermatology Clinic"),
    ],
)
@pytest.mark.parametrize("viewport_name", ["phone", "desktop"])
def test_patient_searches_in_own_language_and_opens_institution(
    browser, live_server, live_directory, screenshot, lang, query, heading, viewport_name
):
    viewport = PHONE if viewport_name == "phone" else DESKTOP
    context = browser.new_context(viewport=viewport, locale=lang)
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/")
    assert page.locator("html").get_attribute("lang") == lang
    direction = page.evaluate("getComputedStyle(document.body).direction")
    assert direction == ("rtl" if lang == "ar" else "ltr")
    screenshot(page, f"home-{lang}-{viewport_name}")

    page.fill("#id_q", query)
    page.locator("form.search-form button[type=submit]").click()
    page.wait_for_url("**/search/?**")
    results = page.locator("ol.results > li")
    assert results.count() == 1
    assert heading in results.first.inner_text()
    # The reason for the rank is there to read.
    results.first.locator("details.why summary").click()
    assert results.first.locator("details.why li").count() >= 2
    screenshot(page, f"search-{lang}-{viewport_name}")

    results.first.locator("h3 a").click()
    page.wait_for_url("**/institutions/sora-dermatology/")
    assert page.locator("h1").inner_text() == heading
    if lang == "ar":
        # Right to left: the heading starts at the right edge of the page.
        box = page.locator("h1").bounding_box()
        assert box["x"] + box["width"] > viewport["width"] * 0.6
    screenshot(page, f"institution-{lang}-{viewport_name}")
    context.close()


def test_patient_filters_by_district_and_language(browser, live_server, live_directory, screenshot):
    context = browser.new_context(viewport=PHONE, locale="en")
    page = context.new_page()
    page.goto(f"{live_server.url}/en/search/")
    assert page.locator("ol.results > li").count() == 3
    page.locator("details.filters summary").click()
    page.select_option("#id_district", "seoha")
    page.locator("form.search-form button[type=submit]").click()
    page.wait_for_url("**district=seoha**")
    names = page.locator("ol.results h3").all_inner_texts()
    assert sorted(names) == ["Miso Dental Clinic", "Sora Dermatology Clinic"]
    assert "1" in page.locator("details.filters summary").inner_text()  # one active filter
    # The results came in place (htmx), so the panel is still open for the next filter.
    assert page.locator("details.filters").get_attribute("open") is not None
    page.select_option("#id_language", "ar")
    page.locator("form.search-form button[type=submit]").click()
    page.wait_for_url("**language=ar**")
    assert page.locator("ol.results h3").all_inner_texts() == ["Miso Dental Clinic"]
    screenshot(page, "search-filtered-en-phone")
    context.close()


def test_language_switcher_keeps_the_page(browser, live_server, live_directory):
    context = browser.new_context(viewport=DESKTOP, locale="en")
    page = context.new_page()
    page.goto(f"{live_server.url}/en/institutions/sora-dermatology/")
    page.locator("details.menu summary").click()  # the language list is in the header's menu
    page.locator("details.menu .lang-list a[hreflang=ja]").click()
    page.wait_for_url("**/ja/institutions/sora-dermatology/")
    assert page.locator("h1").inner_text() == "ソラ皮膚科クリニック"
    context.close()


def test_currency_choice_shows_converted_prices(browser, live_server, live_directory):
    context = browser.new_context(viewport=PHONE, locale="en")
    page = context.new_page()
    page.goto(f"{live_server.url}/en/offerings/sora-laser-toning/")
    page.locator("details.menu summary").click()  # on a phone the currency is in the header's menu
    page.select_option("#currency-select", "JPY")
    page.locator("form.currency-switch button").click()
    page.wait_for_url("**currency=JPY**")
    assert "¥8,421" in page.locator(".price-conv").inner_text()
    context.close()
