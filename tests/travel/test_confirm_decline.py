"""Say it once, safely: a hotel or a driver declining a booking confirms on a second page and
gives a reason, which the coordinator is told (email) and the audit entry keeps; the API needs
the reason too (the service's rule)."""

import pytest
from django.core import mail

from medhub.core.models import LogEntry
from medhub.travel import services as travel
from medhub.travel.models import BookingStatus
from tests.travel.conftest import with_trip
from tests.travel.test_stays_pickups import book_stay, pickup_data

pytestmark = pytest.mark.django_db


def test_a_hotel_declines_a_stay_only_once_confirmed_and_the_reason_is_told(world, client, django_capture_on_commit_callbacks):
    with_trip(world)
    stay = book_stay(world)
    client.force_login(world["hotel_staff"])
    url = f"/en/work/bookings/stays/{stay.id}/"
    ask = client.post(url, {"answer": "decline", "note": "Closed for renovation"})
    assert ask.status_code == 200
    page = ask.content.decode()
    assert "Decline this booking?" in page and "Closed for renovation</textarea>" in page
    assert 'name="answer" value="decline"' in page and 'name="confirmed" value="yes"' in page
    stay.refresh_from_db()
    assert stay.status == BookingStatus.REQUESTED  # nothing happened yet
    # Confirmed without a reason: the service refuses, nothing changes.
    refused = client.post(url, {"answer": "decline", "note": "", "confirmed": "yes"})
    assert refused.status_code == 400
    stay.refresh_from_db()
    assert stay.status == BookingStatus.REQUESTED
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"answer": "decline", "note": "Closed for renovation", "confirmed": "yes"})
    assert done.status_code == 302
    stay.refresh_from_db()
    assert stay.status == BookingStatus.DECLINED and stay.partner_note == "Closed for renovation"
    entry = LogEntry.objects.filter(action="travel.stay.answered").latest("id")
    assert entry.data["reason"] == "Closed for renovation"
    to_coordinator = [m for m in mail.outbox if world["coordinator"].email in m.to]
    assert to_coordinator and "Closed for renovation" in to_coordinator[0].body


def test_confirming_a_stay_is_not_asked_twice(world, client):
    with_trip(world)
    stay = book_stay(world)
    client.force_login(world["hotel_staff"])
    assert client.post(f"/en/work/bookings/stays/{stay.id}/", {"answer": "confirm"}).status_code == 302
    stay.refresh_from_db()
    assert stay.status == BookingStatus.CONFIRMED


def test_a_driver_declines_a_pickup_through_the_page_and_the_api_with_a_reason(world, client):
    with_trip(world)
    book = lambda: travel.pickup_book(  # noqa: E731
        case_id=world["case"].id, company_id=world["transport"].id, data=pickup_data(world), actor=world["coordinator"]
    )
    pickup = book()
    client.force_login(world["driver_desk"])
    url = f"/en/work/bookings/pickups/{pickup.id}/"
    ask = client.post(url, {"answer": "decline", "note": "No van that morning"})
    assert ask.status_code == 200 and "No van that morning</textarea>" in ask.content.decode()
    done = client.post(url, {"answer": "decline", "note": "No van that morning", "confirmed": "yes"})
    assert done.status_code == 302
    pickup.refresh_from_db()
    assert pickup.status == BookingStatus.DECLINED
    # The API: an explicit call (no second page), but the reason is the service's rule.
    other = book()
    api = f"/api/v1/travel/bookings/pickups/{other.id}/answer/"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    refused = client.post(api, {"confirm": False, "note": ""}, content_type="application/json")
    assert refused.status_code == 400
    other.refresh_from_db()
    assert other.status == BookingStatus.REQUESTED
    answered = client.post(api, {"confirm": False, "note": "Driver ill"}, content_type="application/json")
    assert answered.status_code == 200
    entry = LogEntry.objects.filter(action="travel.pickup.answered").latest("id")
    assert entry.data["reason"] == "Driver ill"
