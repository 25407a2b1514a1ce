"""A patient sends an inquiry; a coordinator signs in with a TOTP code and triages it."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core import mail

from medhub.accounts.models import Role
from medhub.cases.models import Case
from tests.browser.conftest import DESKTOP, PHONE
from tests.cases.conftest import make_user
from tests.conftest import DEMO_TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def totp_now() -> str:
    # A code is good for its 30-second window only (no tolerance): never send one about to expire.
    remaining = 30 - time.time() % 30
    if remaining < 5:
        time.sleep(remaining + 0.5)
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))


def sign_in(page, base_url: str, lang: str, username: str, landing: str) -> None:
    """Password, then the TOTP code: how every staff member signs in."""
    page.goto(f"{base_url}/{lang}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", "pw-123456789")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/2fa/authenticate/**")
    page.fill("input[name=code]", totp_now())
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(landing)


def test_inquiry_then_coordinator_triage(browser, live_server, live_directory, screenshot, settings):
    settings.MEDHUB_BASE_URL = live_server.url
    patient = browser.new_context(viewport=PHONE, locale="ru")
    page = patient.new_page()
    page.goto(f"{live_server.url}/ru/inquiry/")
    page.fill("#id_full_name", "Айгерим Нурланова")
    page.fill("#id_contact_email", "aigerim@example.kz")
    page.select_option("#id_nationality", "KZ")
    page.select_option("#id_residence_country", "KZ")
    page.select_option("#id_time_zone", "Asia/Almaty")
    page.fill("#id_problem", "Беспокоит акне на коже, хочу консультацию дерматолога.")
    page.check("#id_nhi_member_0")
    page.check("#id_resident_in_korea_0")
    page.check("#id_consent_health")
    page.check("#id_consent_transfer")
    screenshot(page, "inquiry-ru-phone")
    page.locator("form.inquiry-form button[type=submit]").click()
    case = Case.objects.get()
    assert case.reference in page.locator("main").inner_text()
    screenshot(page, "inquiry-sent-ru-phone")

    # The emailed link opens the patient's own case page.
    link = re.search(r"https?://\S+/ru/cases/verify/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    assert case.reference in page.locator("h1").inner_text()
    case_url = page.url
    signed_in_patient = patient.storage_state()  # the link works once: the patient comes back signed in
    patient.close()

    make_user("coord", Role.COORDINATOR)
    staff = browser.new_context(viewport=DESKTOP, locale="en")
    page = staff.new_page()
    sign_in(page, live_server.url, "en", "coord", "**/work/cases/**")
    assert case.reference in page.locator("table.cases").inner_text()
    screenshot(page, "case-board-en-desktop")
    page.locator(f"a:text('{case.reference}')").click()
    assert "акне" in page.locator("main").inner_text()
    page.select_option("#id_specialty", label="Dermatology")
    page.locator("form.inline-form button.primary").click()
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.state == "triaged"
    page.locator("ul.recommendations input[type=checkbox]").first.check()
    page.locator("form:has(input[name=share]) button.primary").click()
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.state == "shared"
    screenshot(page, "work-case-en-desktop")
    staff.close()

    # The institution's international office answers with a plan and an itemized quote.
    institution = case.shares.get().institution
    make_user("intl", Role.PROVIDER_STAFF, institution)
    office = browser.new_context(viewport=DESKTOP, locale="ko")
    page = office.new_page()
    sign_in(page, live_server.url, "ko", "intl", "**/work/inbox/**")
    page.locator(f"a:text('{case.reference}')").click()
    assert "aigerim@example.kz" not in page.content()
    page.fill("#id_plan", "레이저 토닝 3회")
    page.fill("#id_items", "상담 | 50000\n레이저 토닝 3회 | 450000")
    page.fill("#id_valid_until", "2099-12-31")
    page.fill("#id_stay_days", "5")
    page.locator("form:has(#id_plan) button.primary").click()
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.state == "quoted"
    screenshot(page, "inbox-quote-ko-desktop")
    office.close()

    # The patient compares and accepts.
    patient = browser.new_context(viewport=PHONE, locale="ru", storage_state=signed_in_patient)
    page = patient.new_page()
    page.goto(case_url)
    quote_text = page.locator("article.quote").inner_text()
    shown = quote_text.replace("\xa0", " ")  # CLDR's Russian groups digits with no-break spaces
    assert "500 000 ₩" in shown and "357 $" in shown
    screenshot(page, "case-quotes-ru-phone")
    page.locator("article.quote button.primary").click()
    page.wait_for_load_state()
    # Accepting cannot be undone: a second page asks once more.
    screenshot(page, "case-accept-confirm-ru-phone")
    page.locator("form.confirm-form button[type=submit]").click()
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.state == "accepted"
    patient.close()
