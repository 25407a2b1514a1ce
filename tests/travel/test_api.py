"""The travel API: the same services and scoping as the pages."""

import datetime

import pytest
from django.utils import timezone

from medhub.travel.models import SensitiveAccess
from tests.travel.conftest import add_patient_traveller

pytestmark = pytest.mark.django_db


def test_coordinator_runs_travel_through_the_api(world, coordinator_client):
    coordinator_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # errors come in the caller's language
    reference = world["case"].reference
    base = f"/api/v1/cases/{reference}/travel"
    arrival, departure = world["arrival"].isoformat(), world["departure"].isoformat()
    bad = coordinator_client.put(f"{base}/trip/", {"arrival_date": "soon"}, content_type="application/json")
    assert bad.status_code == 400 and "arrival_date" in bad.json()
    wrong = coordinator_client.put(
        f"{base}/trip/", {"arrival_date": departure, "departure_date": arrival, "treatment": "x"}, content_type="application/json"
    )
    assert wrong.status_code == 400
    assert "The departure must come after the arrival." in wrong.json()["detail"]
    trip = coordinator_client.put(
        f"{base}/trip/",
        {"arrival_date": arrival, "departure_date": departure, "treatment": "Laser"},
        content_type="application/json",
    )
    assert trip.status_code == 200 and trip.json()["stay_days"] == 7
    visa = coordinator_client.post(f"{base}/visa/", {}, content_type="application/json")
    assert visa.json()["visa_type"] == "C-3-3"
    travel = coordinator_client.get(f"{base}/").json()
    ids = [line["id"] for line in travel["checklist"]]
    huge = coordinator_client.put(f"{base}/visa/checklist/", {"items": [ids[0], 10**24]}, content_type="application/json")
    assert huge.status_code == 400  # an id past the database's range is an input error, not a 500
    assert coordinator_client.put(f"{base}/visa/checklist/", {"items": ids}, content_type="application/json").status_code == 200
    collected = coordinator_client.post(f"{base}/visa/status/", {"status": "collected"}, content_type="application/json")
    assert collected.json()["status"] == "collected"
    assert (
        coordinator_client.post(f"{base}/visa/status/", {"status": "flying"}, content_type="application/json").status_code == 400
    )
    person = {
        "role": "patient",
        "name_native": "佐藤 美咲",
        "name_latin": "Sato Misaki",
        "nationality": "JP",
        "passport_number": "TK1234567",
        "birth_date": "1991-07-07",
    }
    assert (
        coordinator_client.post(
            f"{base}/travellers/", {**person, "birth_date": "2999-01-01"}, content_type="application/json"
        ).status_code
        == 400
    )
    created = coordinator_client.post(f"{base}/travellers/", person, content_type="application/json")
    assert created.status_code == 201
    masked = coordinator_client.get(f"{base}/").json()["travellers"][0]
    assert masked["passport_number"] != "TK1234567" and "birth_date" not in masked
    clear = coordinator_client.get(f"{base}/travellers/").json()[0]
    assert (clear["passport_number"], clear["birth_date"]) == ("TK1234567", "1991-07-07")
    assert SensitiveAccess.objects.filter(purpose="api", user=world["coordinator"]).count() == 1
    rooms = coordinator_client.get("/api/v1/travel/rooms/", {"check_in": arrival, "check_out": departure, "guests": 2}).json()
    assert [r["id"] for r in rooms] == [world["room"].id] and rooms[0]["free"] == 1
    assert coordinator_client.get("/api/v1/travel/rooms/", {"check_in": departure, "check_out": arrival}).status_code == 400
    stay = coordinator_client.post(
        f"{base}/stays/",
        {"room": world["room"].id, "check_in": arrival, "check_out": departure, "guests": 2},
        content_type="application/json",
    )
    assert stay.status_code == 201 and stay.json()["nights"] == 7
    assert coordinator_client.get("/api/v1/travel/rooms/", {"check_in": arrival, "check_out": departure}).json() == []
    pickup_at = timezone.make_aware(datetime.datetime.combine(world["arrival"], datetime.time(8, 0))).isoformat()
    pickup = {"company": "sky-van", "flight": "OZ 102", "airport": "ICN", "pickup_at": pickup_at, "destination": "Hotel"}
    assert (
        coordinator_client.post(
            f"{base}/pickups/", {**pickup, "company": "maru-stay"}, content_type="application/json"
        ).status_code
        == 400
    )
    assert coordinator_client.post(f"{base}/pickups/", pickup, content_type="application/json").json()["flight"] == "OZ102"
    days = coordinator_client.get(f"/api/v1/cases/{reference}/itinerary/").json()
    assert days[0]["date"] == arrival
    assert any(e["kind"] == "pickup" and e["starts"].endswith("+05:00") for d in days for e in d["entries"])  # Almaty


def test_partners_answer_their_bookings_through_the_api(world, client, coordinator_client):
    reference = world["case"].reference
    arrival, departure = world["arrival"].isoformat(), world["departure"].isoformat()
    coordinator_client.put(
        f"/api/v1/cases/{reference}/travel/trip/",
        {"arrival_date": arrival, "departure_date": departure, "treatment": "Laser"},
        content_type="application/json",
    )
    stay_id = coordinator_client.post(
        f"/api/v1/cases/{reference}/travel/stays/",
        {"room": world["room"].id, "check_in": arrival, "check_out": departure},
        content_type="application/json",
    ).json()["id"]
    client.force_login(world["other_hotel_staff"])
    assert client.get("/api/v1/travel/bookings/").json() == {"stays": [], "pickups": []}
    refused = client.post(f"/api/v1/travel/bookings/stays/{stay_id}/answer/", {"confirm": True}, content_type="application/json")
    assert refused.status_code == 404
    client.force_login(world["hotel_staff"])
    assert [s["id"] for s in client.get("/api/v1/travel/bookings/").json()["stays"]] == [stay_id]
    assert (
        client.post(
            f"/api/v1/travel/bookings/stays/{stay_id}/answer/", {"confirm": "maybe"}, content_type="application/json"
        ).status_code
        == 400
    )
    answered = client.post(f"/api/v1/travel/bookings/stays/{stay_id}/answer/", {"confirm": True}, content_type="application/json")
    assert answered.json()["status"] == "confirmed"
    client.force_login(world["patient"])
    assert client.get("/api/v1/travel/bookings/").status_code == 403
    assert client.get(f"/api/v1/cases/{reference}/travel/").status_code == 200  # the patient reads their own trip
    assert client.post(f"/api/v1/cases/{reference}/travel/visa/", {}, content_type="application/json").status_code == 403


def test_patient_traveller_reading_is_logged(world, client):
    add_patient_traveller(world)
    client.force_login(world["patient"])
    assert client.get(f"/api/v1/cases/{world['case'].reference}/travel/travellers/").json()[0]["passport_number"] == "N12345678"
    assert SensitiveAccess.objects.filter(user=world["patient"], purpose="api").exists()


def test_travel_endpoints_need_staff_mfa(world, client):
    from medhub.accounts.models import Role
    from tests.cases.conftest import make_user

    unprotected = make_user("coord-nomfa", Role.COORDINATOR, mfa=False)
    client.force_login(unprotected)
    assert client.get(f"/api/v1/cases/{world['case'].reference}/travel/").status_code in (302, 403)
    assert client.get("/api/v1/travel/bookings/").status_code in (302, 403)
