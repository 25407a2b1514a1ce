"""The coordinator books an interpreter, a stay and a pickup; the patient downloads the
itinerary as a PDF."""

import datetime
import io
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from medhub.accounts.models import Role
from medhub.cases.models import Case
from medhub.interpreting.models import Availability, Interpreter, InterpreterBooking
from medhub.scheduling import services as schedule
from medhub.travel.models import Pickup, Room, Stay
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_case_journey import sign_in
from tests.cases.conftest import make_user
from tests.scheduling.test_booking import accepted_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_arranges_the_trip_and_the_patient_downloads_the_itinerary(browser, live_server, live_directory, screenshot):
    coordinator = make_user("coord", Role.COORDINATOR)
    case, patient = accepted_case(live_directory, coordinator, reference="HB-TRAVEL")
    Case.objects.filter(pk=case.pk).update(preferred_language="ru", nationality="KZ", companions=1)
    arrival = timezone.localdate() + datetime.timedelta(days=12)
    slot = schedule.slots_publish(
        institution_id=live_directory["derm"].id,
        day=arrival + datetime.timedelta(days=1),
        start=datetime.time(10, 0),
        minutes=60,
        count=1,
        kind="in_person",
    )[0]
    schedule.appointment_book(case_id=case.id, slot_id=slot.id, actor=patient)
    interpreter = Interpreter.objects.create(
        user=make_user("olga", Role.INTERPRETER), display_name="Ольга Ким", languages=",ru,kk,ko,"
    )
    Availability.objects.create(
        interpreter=interpreter,
        starts_at=slot.starts_at - datetime.timedelta(hours=3),
        ends_at=slot.ends_at + datetime.timedelta(hours=3),
    )
    Room.objects.create(
        hotel=live_directory["hotel"],
        name={"en": "Twin room", "ru": "Двухместный номер"},
        capacity=2,
        rack_rate_krw=150_000,
        medical_rate_krw=110_000,
    )

    staff = browser.new_context(viewport=DESKTOP, locale="en")
    page = staff.new_page()
    sign_in(page, live_server.url, "en", "coord", "**/work/cases/**")
    page.goto(f"{live_server.url}/en/work/cases/{case.reference}/")
    page.locator("p.tabs a", has_text="Interpreters").click()
    page.select_option("select[name=interpreter]", str(interpreter.id))
    page.locator("form.booking-form button.primary").click()
    page.wait_for_load_state()
    assert InterpreterBooking.objects.filter(appointment__case=case, interpreter=interpreter).exists()
    assert "Ольга Ким" in page.locator("main").inner_text()
    screenshot(page, "case-interpreters-en-desktop")

    page.goto(f"{live_server.url}/en/work/cases/{case.reference}/travel/")
    page.fill("#id_arrival_date", arrival.isoformat())
    page.fill("#id_departure_date", (arrival + datetime.timedelta(days=6)).isoformat())
    page.fill("#id_treatment", "Laser toning")
    page.locator("form:has(input[value=trip]) button.primary").click()
    page.wait_for_load_state()
    page.locator("form:has(input[value=visa]) button").click()
    page.wait_for_load_state()
    assert "C-3-3" in page.locator("#visa").inner_text()
    page.locator("#stay form:has(input[value=stay]) button.primary").first.click()
    page.wait_for_load_state()
    assert Stay.objects.filter(case=case, status="requested").exists()
    page.select_option("#id_company", label="Hanbit Van")
    page.fill("#id_flight", "KC909")
    page.fill("#id_pickup_at", f"{arrival.isoformat()}T07:40")
    page.fill("#id_destination", "Maru Stay")
    page.locator("form:has(input[value=pickup]) button.primary").click()
    page.wait_for_load_state()
    assert Pickup.objects.filter(case=case, flight="KC909").exists()
    assert "KC909" in page.locator("#pickup").inner_text()
    screenshot(page, "case-travel-en-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "case-travel-en-phone")
    staff.close()

    traveller = browser.new_context(viewport=PHONE, locale="ru", accept_downloads=True)
    page = traveller.new_page()
    page.goto(f"{live_server.url}/ru/accounts/login/")
    page.fill("input[name=login]", patient.username)
    page.fill("input[name=password]", "pw-123456789")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/ru/cases/{case.reference}/")
    page.locator("p.tabs a").first.click()
    main = page.locator("main").inner_text()
    assert "KC909" in main and "Ольга Ким" in main
    screenshot(page, "itinerary-ru-phone")
    with page.expect_download() as download:
        page.locator("a.button[download]").click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "KC909" in text and "Ольга Ким" in text and "Прибытие в Корею" in text
    page.set_viewport_size(DESKTOP)
    screenshot(page, "itinerary-ru-desktop")
    traveller.close()
