"""Travel rules in the services: trip dates in the past and a driver's phone are refused at
every door, the phone is stored in E.164, and a refused traveller form keeps what was typed."""

import datetime

import pytest
from django.utils import timezone

from medhub.travel import services as travel
from medhub.travel.models import Trip
from tests.travel.test_stays_pickups import pickup_data

pytestmark = pytest.mark.django_db


def days(n: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def test_a_trip_in_the_past_is_refused_on_the_page_and_by_the_api(world, coordinator_client):
    reference = world["case"].reference
    page = coordinator_client.post(
        f"/en/work/cases/{reference}/travel/",
        {"action": "trip", "arrival_date": days(-2), "departure_date": days(5), "treatment": "Laser"},
    )
    assert page.status_code == 400 and "in the past" in page.content.decode()
    assert page.context["trip_form"]["treatment"].value() == "Laser"  # what was typed stays
    api = coordinator_client.put(
        f"/api/v1/cases/{reference}/travel/trip/",
        {"arrival_date": days(1), "departure_date": days(-1), "treatment": "x"},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert not Trip.objects.filter(case=world["case"]).exists()


def test_an_arrival_already_past_may_stay_when_the_departure_moves(world):
    trip = travel.trip_save(
        case_id=world["case"].id, arrival_date=world["arrival"], departure_date=world["departure"], treatment="x", actor=None
    )
    Trip.objects.filter(pk=trip.pk).update(arrival_date=timezone.localdate() - datetime.timedelta(days=2))
    moved = travel.trip_save(
        case_id=world["case"].id,
        arrival_date=timezone.localdate() - datetime.timedelta(days=2),
        departure_date=world["departure"] + datetime.timedelta(days=3),
        treatment="x",
        actor=None,
    )
    assert moved.departure_date == world["departure"] + datetime.timedelta(days=3)


def requested_pickup(world):
    return travel.pickup_book(
        case_id=world["case"].id, company_id=world["transport"].id, data=pickup_data(world), actor=world["coordinator"]
    )


def test_a_drivers_phone_is_checked_and_stored_in_e164_on_the_page(world, client):
    pickup = requested_pickup(world)
    client.force_login(world["driver_desk"])
    url = f"/en/work/bookings/pickups/{pickup.id}/"
    refused = client.post(url, {"answer": "confirm", "driver_name": "Park Minsu", "driver_phone": "12", "vehicle": "Staria"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Enter a phone number" in page
    assert 'value="Park Minsu"' in page and 'value="Staria"' in page  # what was typed stays
    pickup.refresh_from_db()
    assert pickup.status == "requested"
    client.post(url, {"answer": "confirm", "driver_name": "Park Minsu", "driver_phone": "010-1234-5678"})
    pickup.refresh_from_db()
    assert (pickup.status, pickup.driver_phone) == ("confirmed", "+821012345678")


def test_a_drivers_phone_is_checked_by_the_api(world, client):
    pickup = requested_pickup(world)
    client.force_login(world["driver_desk"])
    url = f"/api/v1/travel/bookings/pickups/{pickup.id}/answer/"
    body = {"confirm": True, "driver_name": "Park Minsu", "driver_phone": "not a phone"}
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 400
    answered = client.post(url, {**body, "driver_phone": "+82 10 1234 5678"}, content_type="application/json")
    assert answered.status_code == 200
    pickup.refresh_from_db()
    assert pickup.driver_phone == "+821012345678"


def test_a_refused_traveller_form_keeps_what_was_typed(world, coordinator_client):
    response = coordinator_client.post(
        f"/en/work/cases/{world['case'].reference}/travel/",
        {
            "action": "traveller",
            "role": "companion",
            "name_native": "Нурлан Ахметов",
            "name_latin": "Nurlan 4hmetov",
            "nationality": "KZ",
            "passport_number": "N7654321",
            "birth_date": "1988-02-03",
        },
    )
    assert response.status_code == 400
    form = response.context["traveller_form"]
    assert form["name_native"].value() == "Нурлан Ахметов" and form["passport_number"].value() == "N7654321"
