"""The itinerary: day by day, in the patient's language and time zone, as a page, a PDF and an
ICS file."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from medhub.accounts.models import Role
from medhub.cases.models import Case
from medhub.interpreting import services as interpreting
from medhub.interpreting.models import Availability, Interpreter
from medhub.scheduling import services as schedule
from medhub.travel import services as travel
from medhub.travel.models import Stay
from tests.cases.conftest import make_user
from tests.travel.conftest import with_trip

pytestmark = pytest.mark.django_db


def planned_trip(world):
    """Arrival with a pickup, a stay, a consultation with an interpreter, departure."""
    case, coordinator = world["case"], world["coordinator"]
    Case.objects.filter(pk=case.pk).update(preferred_language="ru", time_zone="Asia/Almaty")
    case.refresh_from_db()
    with_trip(world, days=5)
    arrival = world["arrival"]
    travel.pickup_book(
        case_id=case.id,
        company_id=world["transport"].id,
        data={
            "direction": "arrival",
            "flight": "KC909",
            "airport": "ICN",
            "pickup_at": timezone.make_aware(datetime.datetime.combine(arrival, datetime.time(7, 40))),
            "destination": "Maru Stay",
            "passengers": 1,
        },
        actor=coordinator,
    )
    travel.stay_book(
        case_id=case.id,
        room_id=world["room"].id,
        check_in=arrival,
        check_out=arrival + datetime.timedelta(days=5),
        guests=1,
        actor=coordinator,
    )
    slot = schedule.slots_publish(
        institution_id=world["directory"]["derm"].id,
        day=arrival + datetime.timedelta(days=1),
        start=datetime.time(10, 0),
        minutes=60,
        count=1,
        kind="in_person",
    )[0]
    appointment = schedule.appointment_book(case_id=case.id, slot_id=slot.id, actor=world["patient"])
    user = make_user("interp-ru", Role.INTERPRETER)
    interpreter = Interpreter.objects.create(user=user, display_name="Ольга Ким", languages=",ru,ko,")
    Availability.objects.create(
        interpreter=interpreter,
        starts_at=slot.starts_at - datetime.timedelta(hours=4),
        ends_at=slot.ends_at + datetime.timedelta(hours=4),
    )
    interpreting.booking_create(
        appointment_id=appointment.id, interpreter_id=interpreter.id, purpose="consultation", language="ru", actor=coordinator
    )
    return case, slot


def test_itinerary_page_day_by_day_in_the_patients_time_zone(world, client):
    case, slot = planned_trip(world)
    client.force_login(world["patient"])
    page = client.get(f"/ru/cases/{case.reference}/itinerary/").content.decode()
    arrival = world["arrival"]
    assert page.index(arrival.isoformat()) < page.index((arrival + datetime.timedelta(days=1)).isoformat())
    assert "Прибытие в Корею" in page and "Отъезд из Кореи" in page
    assert "KC909" in page and "Ольга Ким" in page
    # 10:00 in Seoul is 06:00 in Almaty (UTC+5); both are shown.
    almaty = slot.starts_at.astimezone(datetime.timezone(datetime.timedelta(hours=5))).strftime("%H:%M")
    assert almaty == "06:00"
    assert f"{almaty}–07:00" in page and "10:00" in page
    # Arrival first, then the pickup, then the check-in.
    day = page[page.index(arrival.isoformat()) :]
    assert day.index("Прибытие в Корею") < day.index("KC909") < day.index("Заезд в гостиницу")


def test_itinerary_pdf_and_ics_in_the_patients_language(world, client):
    case, slot = planned_trip(world)
    client.force_login(world["patient"])
    pdf = client.get(f"/en/cases/{case.reference}/itinerary.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Прибытие в Корею" in text  # the patient's language, whatever the page's
    assert "Ольга Ким" in text and "KC909" in text
    ics = client.get(f"/en/cases/{case.reference}/itinerary.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(ics.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    appointment = next(e for s, e in events.items() if "Sora" in s or "Сора" in s)
    assert appointment.decoded("dtstart") == slot.starts_at
    assert "Ольга Ким" in str(appointment["description"])
    stay = next(e for s, e in events.items() if s.startswith("Проживание"))
    assert stay.decoded("dtstart") == world["arrival"]
    assert stay.decoded("dtend") == world["arrival"] + datetime.timedelta(days=5)
    assert len(calendar.walk("VEVENT")) == 5  # arrival, departure, stay, pickup, appointment
    english = client.get(f"/en/cases/{case.reference}/itinerary.pdf?lang=en")
    assert "Arrival in Korea" in "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(english.content)).pages)


def test_arabic_itinerary_is_right_to_left(world, client):
    case, _slot = planned_trip(world)
    client.force_login(world["patient"])
    page = client.get(f"/ar/cases/{case.reference}/itinerary/").content.decode()
    assert 'dir="rtl"' in page
    pdf = client.get(f"/ar/cases/{case.reference}/itinerary.pdf?lang=ar")
    assert pdf.status_code == 200
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "KC909" in text


def test_cancelled_and_declined_bookings_leave_the_itinerary(world, client):
    case, _slot = planned_trip(world)
    stay = Stay.objects.get(case=case)
    travel.booking_cancel(case_id=case.id, kind="stay", pk=stay.id, actor=world["coordinator"], reason="Plans changed")
    client.force_login(world["patient"])
    page = client.get(f"/en/cases/{case.reference}/itinerary/").content.decode()
    assert "Check in at" not in page and "Check out of" not in page
    assert "KC909" in page  # the pickup stays


def test_an_empty_itinerary_explains_itself(world, client):
    client.force_login(world["patient"])
    page = client.get(f"/en/cases/{world['case'].reference}/itinerary/").content.decode()
    assert "Nothing is planned yet" in page


def test_itinerary_is_the_patients_and_the_hubs_only(world, client):
    case, _slot = planned_trip(world)
    other = make_user("someone-else", Role.PATIENT)
    client.force_login(other)
    for url in (
        f"/en/cases/{case.reference}/itinerary/",
        f"/en/cases/{case.reference}/itinerary.pdf",
        f"/en/cases/{case.reference}/itinerary.ics",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert b"KC909" not in response.content
    client.force_login(world["hotel_staff"])
    assert client.get(f"/en/cases/{case.reference}/itinerary/").status_code == 404
    client.force_login(world["coordinator"])
    assert client.get(f"/en/cases/{case.reference}/itinerary/").status_code == 200


def test_itinerary_and_travel_pages_keep_a_fixed_query_count(world, client, django_assert_num_queries):
    case, _slot = planned_trip(world)
    client.force_login(world["patient"])
    itinerary = f"/en/cases/{case.reference}/itinerary/"
    client.get(itinerary)
    with CaptureQueriesContext(connection) as before:
        client.get(itinerary)
    itinerary_queries = len(before.captured_queries)  # read now: the next request clears the log
    client.force_login(world["coordinator"])
    travel_page = f"/en/work/cases/{case.reference}/travel/"
    client.get(travel_page)
    with CaptureQueriesContext(connection) as travel_before:
        client.get(travel_page)
    travel_queries = len(travel_before.captured_queries)
    for hours in (30, 60, 90):
        travel.pickup_book(
            case_id=case.id,
            company_id=world["transport"].id,
            data={
                "direction": "departure",
                "flight": f"KC{hours}",
                "airport": "ICN",
                "pickup_at": timezone.now() + datetime.timedelta(hours=hours),
                "destination": "Maru Stay",
                "passengers": 1,
            },
            actor=world["coordinator"],
        )
    client.force_login(world["patient"])
    client.get(itinerary)  # the first request after signing in reads the session once more
    with django_assert_num_queries(itinerary_queries):
        client.get(itinerary)
    client.force_login(world["coordinator"])
    client.get(travel_page)
    with django_assert_num_queries(travel_queries):
        client.get(travel_page)
