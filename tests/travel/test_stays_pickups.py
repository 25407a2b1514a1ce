"""Partner hotels list rooms; the coordinator books stays and pickups; partners confirm their
own bookings and see nobody else's."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from medhub.cases.services import CaseError
from medhub.core.models import LogEntry
from medhub.travel import services as travel
from medhub.travel.models import Room, Stay
from tests.travel.conftest import with_trip

pytestmark = pytest.mark.django_db


def book_stay(world, *, check_in=None, nights=3, guests=2, room=None):
    check_in = check_in or world["arrival"]
    return travel.stay_book(
        case_id=world["case"].id,
        room_id=(room or world["room"]).id,
        check_in=check_in,
        check_out=check_in + datetime.timedelta(days=nights),
        guests=guests,
        actor=world["coordinator"],
    )


def pickup_data(world, **extra):
    return {
        "direction": "arrival",
        "flight": "kc 909",
        "airport": "Incheon International Airport (ICN)",
        "pickup_at": timezone.make_aware(datetime.datetime.combine(world["arrival"], datetime.time(7, 40))),
        "destination": "Maru Stay",
        "passengers": 2,
        **extra,
    }


def test_hotel_staff_keep_rooms_and_rates(world, client):
    client.force_login(world["hotel_staff"])
    form = {
        "name_ko": "디럭스 더블",
        "name_en": "Deluxe double",
        "capacity": "2",
        "rooms_available": "4",
        "rack_rate_krw": "200000",
        "medical_rate_krw": "150000",
        "is_active": "on",
    }
    assert client.post("/en/work/rooms/", form).status_code == 302
    room = Room.objects.get(name__en="Deluxe double")
    assert (room.hotel, room.medical_rate_krw, room.name["ko"]) == (world["hotel"], 150_000, "디럭스 더블")
    higher = client.post("/en/work/rooms/", {**form, "medical_rate_krw": "250000"})
    assert higher.status_code == 400
    assert "cannot be higher than the usual rate" in higher.content.decode()
    # Another hotel's staff cannot edit this room: the form adds a room of their own instead.
    client.force_login(world["other_hotel_staff"])
    client.post("/en/work/rooms/", {**form, "room": str(room.id), "medical_rate_krw": "1000"})
    room.refresh_from_db()
    assert room.medical_rate_krw == 150_000
    assert "Deluxe double" in client.get("/en/work/rooms/").content.decode()  # their own copy
    assert Room.objects.filter(hotel=world["other_hotel"]).count() == 1
    client.force_login(world["driver_desk"])
    assert client.get("/en/work/rooms/").status_code == 403  # a transport company has no rooms


def test_stay_booking_counts_rooms_capacity_and_trip(world):
    with_trip(world)
    stay = book_stay(world)
    assert (stay.status, stay.rate_krw, stay.total_krw) == ("requested", 120_000, 360_000)
    with pytest.raises(CaseError, match="fully booked"):
        book_stay(world, check_in=world["arrival"] + datetime.timedelta(days=2))
    # The night after the first stay ends is free again.
    book_stay(world, check_in=world["arrival"] + datetime.timedelta(days=3), nights=2)
    with pytest.raises(CaseError, match="sleeps at most"):
        book_stay(world, check_in=world["arrival"] + datetime.timedelta(days=5), nights=1, guests=3)
    with pytest.raises(CaseError, match="within the trip"):
        book_stay(world, check_in=world["arrival"] - datetime.timedelta(days=1), nights=1)
    # A cancelled stay frees its room.
    travel.booking_cancel(case_id=world["case"].id, kind="stay", pk=stay.id, actor=world["coordinator"], reason="Plans changed")
    book_stay(world, nights=2)


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_cannot_both_take_the_last_room(world):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks across connections are proven on PostgreSQL (CI runs this suite there too).")
    from tests.cases.conftest import make_case

    with_trip(world)
    other_case = make_case(reference="HB-OTHER")  # two cases: only the room's lock keeps them apart
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt(case):
        from django.db import connections

        try:
            barrier.wait()
            book_stay({**world, "case": case})
            outcomes.append("booked")
        except CaseError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(case,)) for case in (world["case"], other_case)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked", "refused"]
    assert Stay.objects.filter(room=world["room"]).count() == 1


def test_hotel_sees_and_confirms_its_own_bookings_only(world, client, settings, django_capture_on_commit_callbacks):
    settings.MEDHUB_BASE_URL = "http://hub.test"
    with_trip(world)
    world["hotel_staff"].preferred_language = "ko"
    world["hotel_staff"].save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        stay = book_stay(world)
    assert [m.to for m in mail.outbox] == [[world["hotel_staff"].email]]
    # In the recipient's language, with a link to their bookings in that language.
    assert world["case"].reference in mail.outbox[0].subject
    assert any("\uac00" <= ch <= "\ud7a3" for ch in mail.outbox[0].subject + mail.outbox[0].body)
    assert "http://hub.test/ko/work/bookings/" in mail.outbox[0].body
    client.force_login(world["other_hotel_staff"])
    assert world["case"].reference.encode() not in client.get("/en/work/bookings/").content
    client.post(f"/en/work/bookings/stays/{stay.id}/", {"answer": "confirm"})
    stay.refresh_from_db()
    assert stay.status == "requested"
    client.force_login(world["hotel_staff"])
    page = client.get("/en/work/bookings/").content.decode()
    assert world["case"].reference in page and "Twin room" in page
    assert "patient@example.com" not in page  # no contact details for the hotel
    client.post(f"/en/work/bookings/stays/{stay.id}/", {"answer": "decline", "note": ""})
    stay.refresh_from_db()
    assert stay.status == "requested"  # declining needs a reason
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/work/bookings/stays/{stay.id}/", {"answer": "confirm", "note": "Late check-in is fine"})
    stay.refresh_from_db()
    assert (stay.status, stay.partner_note) == ("confirmed", "Late check-in is fine")
    # The coordinator, and the patient whose stay it is.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world["coordinator"].email, world["case"].patient.email])


def test_pickup_is_booked_and_confirmed_with_a_driver(world, client):
    with pytest.raises(CaseError, match="transport partners"):
        travel.pickup_book(
            case_id=world["case"].id, company_id=world["hotel"].id, data=pickup_data(world), actor=world["coordinator"]
        )
    with pytest.raises(CaseError, match="future"):
        travel.pickup_book(
            case_id=world["case"].id,
            company_id=world["transport"].id,
            data=pickup_data(world, pickup_at=timezone.now() - datetime.timedelta(hours=1)),
            actor=world["coordinator"],
        )
    pickup = travel.pickup_book(
        case_id=world["case"].id, company_id=world["transport"].id, data=pickup_data(world), actor=world["coordinator"]
    )
    assert pickup.flight == "KC909"
    client.force_login(world["hotel_staff"])
    assert b"KC909" not in client.get("/en/work/bookings/").content
    client.post(f"/en/work/bookings/pickups/{pickup.id}/", {"answer": "confirm", "driver_name": "Park", "driver_phone": "010-1"})
    pickup.refresh_from_db()
    assert pickup.status == "requested"  # not theirs
    client.force_login(world["driver_desk"])
    assert b"KC909" in client.get("/en/work/bookings/").content
    client.post(f"/en/work/bookings/pickups/{pickup.id}/", {"answer": "confirm", "driver_name": "Park Minsu"})
    pickup.refresh_from_db()
    assert pickup.status == "requested"  # a phone number is needed
    response = client.post(
        f"/en/work/bookings/pickups/{pickup.id}/",
        {"answer": "confirm", "driver_name": "Park Minsu", "driver_phone": "+82 10 1234 5678", "vehicle": "Grey Staria 12가3456"},
        follow=True,
    )
    assert response.status_code == 200
    pickup.refresh_from_db()
    assert (pickup.status, pickup.driver_name, pickup.vehicle) == ("confirmed", "Park Minsu", "Grey Staria 12가3456")


def test_coordinator_books_from_the_travel_page(world, coordinator_client):
    with_trip(world)
    url = f"/en/work/cases/{world['case'].reference}/travel/"
    page = coordinator_client.get(url).content.decode()
    assert "Twin room" in page and "Sky Van" in page
    check_in, check_out = world["arrival"].isoformat(), world["departure"].isoformat()
    response = coordinator_client.post(
        url, {"action": "stay", "room": world["room"].id, "check_in": check_in, "check_out": check_out, "guests": "2", "note": ""}
    )
    assert response.status_code == 302
    again = coordinator_client.post(
        url, {"action": "stay", "room": world["room"].id, "check_in": check_in, "check_out": check_out, "guests": "2", "note": ""}
    )
    assert again.status_code == 400
    assert "fully booked" in again.content.decode()
    pickup = {
        "action": "pickup",
        "company": world["transport"].id,
        "direction": "arrival",
        "flight": "KE902",
        "airport": "ICN",
        "pickup_at": f"{check_in}T07:40",
        "destination": "Maru Stay",
        "passengers": "2",
    }
    assert coordinator_client.post(url, pickup).status_code == 302
    stored = world["case"].pickups.get()
    assert timezone.localtime(stored.pickup_at).strftime("%H:%M") == "07:40"  # Korean time
    bad = coordinator_client.post(url, {**pickup, "pickup_at": "not a time"})
    assert bad.status_code == 400
    assert coordinator_client.post(url, {**pickup, "flight": "!!"}).status_code == 400
    booked = LogEntry.objects.filter(case_id=world["case"].id, action__in=["travel.stay.requested", "travel.pickup.requested"])
    assert booked.count() == 2


def test_partner_pages_keep_a_fixed_query_count(world, client, django_assert_num_queries):
    with_trip(world)
    book_stay(world, nights=1)
    client.force_login(world["hotel_staff"])
    client.get("/en/work/bookings/")
    with django_assert_num_queries(5) as one:
        client.get("/en/work/bookings/")
    extra = Room.objects.create(hotel=world["hotel"], name={"en": "Suite"}, capacity=4, rack_rate_krw=1, medical_rate_krw=1)
    for day in (2, 3, 4):
        book_stay(world, check_in=world["arrival"] + datetime.timedelta(days=day), nights=1, room=extra)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get("/en/work/bookings/")
