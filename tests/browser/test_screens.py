"""Every screen at 360 and 1366 px in Korean, Russian and Arabic: it answers, it never scrolls
sideways, Arabic runs right to left, and a full-page screenshot is kept under
test-output/screenshots/ (screens-<who>-<page>-<lang>-<width>.png) for a person to look at.

One browser; one context per person, its page reused for every screen and both widths."""

import datetime
import time
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from medhub.accounts.models import Role
from medhub.cases import services
from tests import factories
from tests.browser.test_case_journey import totp_now
from tests.cases.conftest import make_case, make_user
from tests.conftest import StaffClient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("ko", "ru", "ar")
WIDTHS = (360, 1366)
REFERENCE = "HB-SCREEN-1"

PUBLIC = {
    "home": "",
    "search": "search/?q=dermatology",
    "specialties": "specialties/",
    "institution": "institutions/sora-dermatology/",
    "offering": "offerings/sora-laser-toning/",
    "partners": "partners/",
    "inquiry": "inquiry/",
    "sign-in": "accounts/login/",
    "sign-up": "accounts/signup/",
    "password-reset": "accounts/password/reset/",
}
SIGNED_IN = {
    "patient": {"my-cases": "cases/", "case": f"cases/{REFERENCE}/"},
    "coordinator": {
        "board": "work/cases/",
        "case": f"work/cases/{REFERENCE}/",
        "two-factor": "accounts/2fa/",
        "reauthenticate": "accounts/reauthenticate/",
        "api-tokens": "work/tokens/",
    },
    "new-staff": {"enrol": "accounts/2fa/enrol/"},  # staff without an authenticator yet
    "institution": {"inbox": "work/inbox/", "case": f"work/inbox/{REFERENCE}/", "slots": "work/slots/"},
    "agency": {"referrals": "work/referrals/", "case": f"work/referrals/{REFERENCE}/"},
}

# The innermost elements that reach past the viewport: what to fix when a page scrolls sideways.
WIDEST_ELEMENTS = """(width) => [...document.querySelectorAll("body *:not(.menu-panel, .menu-panel *, .skip)")]
    .filter((el) => { const r = el.getBoundingClientRect(); return r.right > width + 1 || r.left < -1; })
    .filter((el) => ![...el.children].some((c) => c.getBoundingClientRect().right > width + 1))
    .slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${el.className} (${el.textContent.trim().slice(0, 40)})`)"""


def build_world(directory) -> dict:
    """A patient's case referred by an agency, triaged, shared with the dermatology clinic, quoted,
    with a message: every signed-in person has something on their pages."""
    coordinator = make_user("coord", Role.COORDINATOR)
    agency = factories.partner("facilitator", slug="screens-agency")
    patient = make_user("patient", Role.PATIENT)
    provider = make_user("derm-staff", Role.PROVIDER_STAFF, directory["derm"])
    case = make_case(patient=patient, reference=REFERENCE, referred_by=agency, preferred_language="ru")
    make_case(patient=patient, reference="HB-SCREEN-2", hours_ago=72)
    services.case_triage(case_id=case.id, specialty=directory["specialties"]["dermatology"], actor=coordinator)
    services.case_share(case_id=case.id, institution_ids=[directory["derm"].id], actor=coordinator)
    services.quote_submit(
        case_id=case.id,
        institution_id=directory["derm"].id,
        actor=provider,
        data={
            "plan": "Laser toning, three sessions a week apart.",
            "items": [("Consultation", 50_000), ("Laser toning ×3", 450_000)],
            "currency": "KRW",
            "valid_until": timezone.localdate() + datetime.timedelta(days=30),
        },
    )
    services.message_post(
        case_id=case.id, author=patient, body="Здравствуйте! Когда можно приехать?", language="ru", attachments=[]
    )
    return {
        "patient": patient,
        "coordinator": coordinator,
        "institution": provider,
        "agency": make_user("agent", Role.FACILITATOR_STAFF, agency),
        "new-staff": make_user("new-staff", Role.PROVIDER_STAFF, directory["dental"], mfa=False),
    }


def signed_in_context(browser, base_url: str, user):
    """A browser context holding the session of ``user`` after password and TOTP (the sign-in
    pages themselves are walked through once, in test_sign_in_pages_and_mfa)."""
    client = StaffClient()
    client.force_login(user)
    context = browser.new_context()
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])
    return context


def check(page, url: str, lang: str, name: str, screenshot, expect_status: int | None = None) -> None:
    response = page.goto(url)
    status = response.status if response else 0
    if expect_status is None:
        assert status < 400, f"{url} answered {status}"
    else:
        assert status == expect_status, f"{url} answered {status}"
    screenshot(page, name)  # kept whatever follows: a failure is easier to see than to read
    assert urlsplit(page.url).path == urlsplit(url).path, f"{url} went to {page.url}"  # not sent elsewhere
    width = page.evaluate("window.innerWidth")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > width:
        wide = page.evaluate(WIDEST_ELEMENTS, width)
        pytest.fail(f"{url} scrolls sideways at {width} px ({scroll} px wide): {wide}")
    # Nor does a table inside its scrolling box: on a phone, tables become cards.
    boxes = page.evaluate("[...document.querySelectorAll('.table-wrap')].filter((b) => b.scrollWidth > b.clientWidth + 1).length")
    assert boxes == 0, f"{url}: {boxes} table(s) scroll sideways at {width} px"
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert page.locator("html").get_attribute("lang") == lang
    # The header is one row on a phone: no taller than a fifth of the first screen.
    header = page.locator("header.site-header").bounding_box()
    if header and width < 500:
        assert header["height"] <= 0.2 * page.viewport_size["height"], f"{url}: header {header['height']} px high"


def walk(page, base_url: str, pages: dict, who: str, screenshot) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800 if width < 500 else 900})
        for lang in LANGUAGES:
            for key, path in pages.items():
                check(page, f"{base_url}/{lang}/{path}", lang, f"screens-{who}-{key}-{lang}-{width}", screenshot)


def test_public_pages(browser, live_server, live_directory, screenshot):
    context = browser.new_context()
    page = context.new_page()
    walk(page, live_server.url, PUBLIC, "public", screenshot)
    for lang in LANGUAGES:
        check(page, f"{live_server.url}/{lang}/no-such-page/", lang, f"screens-public-404-{lang}-1366", screenshot, 404)
    # The phone menu opens and holds the navigation, the languages and the currency.
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}/ar/")
    assert not page.locator(".menu-panel").is_visible()
    page.locator("details.menu > summary").click()
    assert page.locator(".menu-panel a[hreflang=ko]").is_visible()
    assert page.locator(".menu-panel #currency-select").is_visible()
    screenshot(page, "screens-public-menu-open-ar-360")
    context.close()


def test_signed_in_pages(browser, live_server, live_directory, screenshot):
    people = build_world(live_directory)
    for who, pages in SIGNED_IN.items():
        context = signed_in_context(browser, live_server.url, people[who])
        page = context.new_page()
        walk(page, live_server.url, pages, who, screenshot)
        if who == "patient":
            page.set_viewport_size({"width": 360, "height": 800})
            # The header's menu leads to "My cases" and signs out.
            page.goto(f"{live_server.url}/ru/")
            page.locator("details.menu > summary").click()
            assert page.locator(".menu-panel a[href='/ru/cases/']").is_visible()
            # A reply updates the thread in place (htmx): the page is not reloaded.
            page.goto(f"{live_server.url}/ru/cases/{REFERENCE}/")
            page.wait_for_function("window.htmx !== undefined")
            page.evaluate("window.notReloaded = true")
            page.fill("#thread textarea[name=body]", "Спасибо, жду ответа.")
            page.locator("#thread form button[type=submit]").click()
            page.locator("#thread .message", has_text="Спасибо, жду ответа.").wait_for()
            assert page.evaluate("window.notReloaded === true")
            assert page.locator("#thread textarea[name=body]").input_value() == ""
            screenshot(page, "screens-patient-thread-reply-ru-360")
            page.locator("details.menu > summary").click()
            page.locator(".menu-panel form.signout button").click()
            page.wait_for_load_state()
            page.goto(f"{live_server.url}/ru/cases/")
            assert "/accounts/login/" in page.url  # signed out
        context.close()


def test_sign_in_pages_and_mfa(browser, live_server, live_directory, screenshot):
    """The coordinator signs in through the real pages: password, then the TOTP code."""
    make_user("coord", Role.COORDINATOR)
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/ar/accounts/login/")
    page.fill("input[name=login]", "coord")
    page.fill("input[name=password]", "pw-123456789")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/2fa/authenticate/**")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator("main .account-page form").count() >= 1
    screenshot(page, "screens-coordinator-mfa-ar-360")
    page.fill("input[name=code]", totp_now())
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/work/cases/**")
    time.sleep(0.1)
    screenshot(page, "screens-coordinator-board-after-sign-in-ar-360")
    context.close()
