"""An agency applies in Mongolian from a phone; the administrator signs in with a TOTP code,
screens the application and approves it; the agency's new staff member sets a password from the
emailed invitation and signs in (then, as every staff member, sets up TOTP)."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from medhub.accounts.models import Role
from medhub.directory.models import Organization
from medhub.partners.models import Application
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_case_journey import sign_in
from tests.files import pdf_bytes
from tests.partners.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def day(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def certificate(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": pdf_bytes()}


def test_agency_applies_in_mongolian_and_the_administrator_approves(browser, live_server, live_directory, screenshot, settings):
    settings.MEDHUB_BASE_URL = live_server.url
    make_user("hubadmin", Role.HUB_ADMIN)

    # The agency applies from a phone, in Mongolian.
    agency = browser.new_context(viewport=PHONE, locale="mn")
    page = agency.new_page()
    page.goto(f"{live_server.url}/mn/partners/apply/")
    assert page.locator("html").get_attribute("lang") == "mn"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # Choosing the kind leaves only what that kind sends (every field shows without JavaScript).
    page.check("input[name=kind][value=hotel]")
    assert page.locator("input[name=registration_date]").is_hidden()
    assert page.locator("input[name=document_business_registration]").is_visible()
    page.check("input[name=kind][value=facilitator]")
    assert page.locator("input[name=insurance_cover_krw]").is_hidden()
    assert page.locator("input[name=document_fp_registration]").is_hidden()
    assert page.locator("input[name=surety_amount_krw]").is_visible()
    page.fill("input[name=name]", "Steppe Bridge Medical Travel")
    page.fill("input[name=name_ko]", "스텝브리지 메디컬")
    page.fill("input[name=address]", "서울특별시 서하구 테헤란로 101")
    page.fill("input[name=phone]", "02-555-0101")
    page.fill("input[name=email]", "office@steppe-bridge.example")
    page.fill("input[name=registration_number]", "F-2025-0042")
    page.fill("input[name=contact_name]", "Батбаяр Дорж")
    page.fill("input[name=contact_email]", "batbayar@steppe-bridge.example")
    page.select_option("select[name=contact_language]", "mn")
    page.fill("input[name=registration_date]", day(-100))
    page.fill("input[name=surety_amount_krw]", "100000000")
    page.fill("input[name=surety_expires]", day(250))
    page.fill("input[name=capital_krw]", "150000000")
    # First without the surety certificate: the page says what is missing and keeps what was typed.
    page.set_input_files("input[name=document_agency_registration]", certificate("registration.pdf"))
    page.locator("form.inquiry-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".alert-error").count() == 1
    assert page.input_value("input[name=name]") == "Steppe Bridge Medical Travel"
    assert page.input_value("input[name=capital_krw]") == "150000000"
    screenshot(page, "partner-apply-error-mn-phone")
    page.set_input_files("input[name=document_agency_registration]", certificate("registration.pdf"))
    page.set_input_files("input[name=document_surety_insurance]", certificate("surety.pdf"))
    page.locator("form.inquiry-form button[type=submit]").click()
    page.wait_for_url("**/mn/partners/apply/sent/")
    application = Application.objects.get()
    assert application.reference in page.locator("main").inner_text()
    screenshot(page, "partner-apply-sent-mn-phone")
    assert any(m.to == ["batbayar@steppe-bridge.example"] for m in mail.outbox)
    agency.close()

    # The administrator signs in (password, then TOTP), screens and approves.
    staff = browser.new_context(viewport=DESKTOP, locale="en")
    page = staff.new_page()
    sign_in(page, live_server.url, "en", "hubadmin", "**/work/cases/**")
    page.goto(f"{live_server.url}/en/work/partners/applications/")
    page.locator(f"a:text('{application.reference}')").click()
    page.wait_for_url(f"**/work/partners/applications/{application.id}/")
    assert page.locator("[data-check=surety_minimum][data-outcome=pass]").count() == 1
    assert page.locator("[data-check=documents][data-outcome=pass]").count() == 1
    # The reviewer's pages fit a phone too (tables scroll inside their frame).
    page.set_viewport_size({"width": 360, "height": 800})
    for path in ("work/partners/applications/", f"work/partners/applications/{application.id}/"):
        page.goto(f"{live_server.url}/en/{path}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    screenshot(page, "partner-application-en-360")
    page.set_viewport_size(DESKTOP)
    page.locator("#actions button:text('Start the review')").click()
    page.wait_for_load_state()
    assert "Under review" in page.locator("#status").inner_text()
    page.locator("#approve").click()
    page.wait_for_load_state()
    screenshot(page, "partner-approve-confirm-en-desktop")
    mail.outbox.clear()
    page.locator("form.confirm-form button[type=submit]").click()
    page.wait_for_url(f"**/work/partners/applications/{application.id}/")
    assert "Approved" in page.locator("#status").inner_text()
    screenshot(page, "partner-approved-en-desktop")
    organization = Application.objects.get().organization
    assert organization.kind == Organization.Kind.FACILITATOR and not organization.is_published
    staff.close()

    # The agency's new staff member sets a password from the invitation and signs in.
    invitation = next(m for m in mail.outbox if "/partners/welcome/" in m.body)
    link = re.search(r"https?://\S+/partners/welcome/\S+/\S+/", invitation.body).group(0)
    assert "/mn/" in link
    member = browser.new_context(viewport=PHONE, locale="mn")
    page = member.new_page()
    page.goto(link)
    page.fill("input[name=new_password1]", "Steppe-bridge-2026!")
    page.fill("input[name=new_password2]", "Steppe-bridge-2026!")
    screenshot(page, "partner-welcome-mn-phone")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/login/**")
    page.fill("input[name=login]", "batbayar@steppe-bridge.example")
    page.fill("input[name=password]", "Steppe-bridge-2026!")
    page.locator("main form button[type=submit]").first.click()
    # Signed in; a staff member without an authenticator is taken to set one up.
    page.wait_for_url("**/accounts/2fa/enrol/**")
    screenshot(page, "partner-first-sign-in-mn-phone")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    member.close()
