"""Stays and pickups follow one declared table (travel/workflow.py, decision 0010): the partner
answers a requested booking; once confirmed, only the hub cancels it. A confirmed pickup can no
more be declined than a confirmed stay, on the page or through the API."""

import pytest

from medhub.cases.services import CaseError
from medhub.travel import services as travel
from medhub.travel.models import BookingStatus
from tests.travel.conftest import with_trip
from tests.travel.test_stays_pickups import book_stay, pickup_data

pytestmark = pytest.mark.django_db

DRIVER = {"driver_name": "Park Minsu", "driver_phone": "010-1234-5678", "vehicle": "Staria"}


def confirmed_stay_and_pickup(world):
    with_trip(world)
    stay = book_stay(world)
    travel.stay_respond(stay_id=stay.id, organization_ids={world["hotel"].id}, confirm=True, actor=world["hotel_staff"])
    pickup = travel.pickup_book(
        case_id=world["case"].id, company_id=world["transport"].id, data=pickup_data(world), actor=world["coordinator"]
    )
    travel.pickup_respond(
        pickup_id=pickup.id, organization_ids={world["transport"].id}, confirm=True, data=DRIVER, actor=world["driver_desk"]
    )
    stay.refresh_from_db()
    pickup.refresh_from_db()
    assert stay.status == pickup.status == BookingStatus.CONFIRMED
    return stay, pickup


def test_a_confirmed_stay_and_a_confirmed_pickup_refuse_the_same_moves_in_the_services(world):
    stay, pickup = confirmed_stay_and_pickup(world)
    refusal = "A booking that is “Confirmed” cannot become “Declined”."
    with pytest.raises(CaseError) as stay_refused:
        travel.stay_respond(
            stay_id=stay.id, organization_ids={world["hotel"].id}, confirm=False, note="Overbooked", actor=world["hotel_staff"]
        )
    with pytest.raises(CaseError) as pickup_refused:
        travel.pickup_respond(
            pickup_id=pickup.id,
            organization_ids={world["transport"].id},
            confirm=False,
            data={"note": "No car"},
            actor=world["driver_desk"],
        )
    assert stay_refused.value.messages == pickup_refused.value.messages == [refusal]
    # Nor is a confirmation answered again (it used to be for pickups only).
    with pytest.raises(CaseError, match="“Confirmed” cannot become “Confirmed”"):
        travel.pickup_respond(
            pickup_id=pickup.id,
            organization_ids={world["transport"].id},
            confirm=True,
            data={**DRIVER, "driver_name": "Someone else"},
            actor=world["driver_desk"],
        )
    pickup.refresh_from_db()
    assert pickup.driver_name == "Park Minsu"
    # The hub cancels either; a cancelled booking is final.
    for kind, booking in (("stay", stay), ("pickup", pickup)):
        travel.booking_cancel(
            case_id=world["case"].id, kind=kind, pk=booking.id, actor=world["coordinator"], reason="Plans changed"
        )
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CANCELLED
        with pytest.raises(CaseError, match="“Cancelled” cannot become “Cancelled”"):
            travel.booking_cancel(
                case_id=world["case"].id, kind=kind, pk=booking.id, actor=world["coordinator"], reason="Plans changed"
            )


def test_partners_cannot_decline_a_confirmed_booking_on_their_page(world, client):
    stay, pickup = confirmed_stay_and_pickup(world)
    client.force_login(world["hotel_staff"])
    page = client.get("/en/work/bookings/").content.decode()
    assert f"/work/bookings/stays/{stay.id}/" not in page  # no answer offered once confirmed
    refused = client.post(f"/en/work/bookings/stays/{stay.id}/", {"answer": "decline", "note": "Overbooked"})
    assert refused.status_code == 400
    assert "A booking that is “Confirmed” cannot become “Declined”." in refused.content.decode()
    client.force_login(world["driver_desk"])
    page = client.get("/en/work/bookings/").content.decode()
    assert f"/work/bookings/pickups/{pickup.id}/" not in page
    refused = client.post(f"/en/work/bookings/pickups/{pickup.id}/", {"answer": "decline", "note": "No car"})
    assert refused.status_code == 400
    assert "A booking that is “Confirmed” cannot become “Declined”." in refused.content.decode()
    stay.refresh_from_db()
    pickup.refresh_from_db()
    assert stay.status == pickup.status == BookingStatus.CONFIRMED


def test_partners_cannot_decline_a_confirmed_booking_through_the_api(world, client):
    stay, pickup = confirmed_stay_and_pickup(world)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(world["hotel_staff"])
    body = {"confirm": False, "note": "Overbooked"}
    refused = client.post(f"/api/v1/travel/bookings/stays/{stay.id}/answer/", body, content_type="application/json")
    assert refused.status_code == 400
    assert "A booking that is “Confirmed” cannot become “Declined”." in str(refused.json())
    client.force_login(world["driver_desk"])
    refused = client.post(f"/api/v1/travel/bookings/pickups/{pickup.id}/answer/", body, content_type="application/json")
    assert refused.status_code == 400
    assert "A booking that is “Confirmed” cannot become “Declined”." in str(refused.json())
    stay.refresh_from_db()
    pickup.refresh_from_db()
    assert stay.status == pickup.status == BookingStatus.CONFIRMED


def test_the_hub_page_offers_cancel_only_where_the_table_allows_it(world, coordinator_client):
    stay, pickup = confirmed_stay_and_pickup(world)
    url = f"/en/work/cases/{world['case'].reference}/travel/"
    cancel_stay = f'name="kind" value="stay"><input type="hidden" name="booking" value="{stay.id}"'
    cancel_pickup = f'name="kind" value="pickup"><input type="hidden" name="booking" value="{pickup.id}"'
    page = coordinator_client.get(url).content.decode()
    assert cancel_stay in page and cancel_pickup in page
    assert (
        coordinator_client.post(
            url, {"action": "cancel", "kind": "stay", "booking": stay.id, "confirmed": "yes", "reason": "Plans changed"}
        ).status_code
        == 302
    )
    assert (
        coordinator_client.post(
            url, {"action": "cancel", "kind": "pickup", "booking": pickup.id, "confirmed": "yes", "reason": "Plans changed"}
        ).status_code
        == 302
    )
    page = coordinator_client.get(url).content.decode()
    assert cancel_stay not in page and cancel_pickup not in page
    again = coordinator_client.post(
        url, {"action": "cancel", "kind": "stay", "booking": stay.id, "confirmed": "yes", "reason": "Plans changed"}
    )
    assert again.status_code == 400 and "A booking that is “Cancelled” cannot become “Cancelled”." in again.content.decode()


def test_the_admin_shows_booking_and_visa_statuses_without_moving_them(world, admin_client):
    stay, pickup = confirmed_stay_and_pickup(world)
    for model, pk in (("stay", stay.id), ("pickup", pickup.id)):
        page = admin_client.get(f"/en/admin/travel/{model}/{pk}/change/")
        assert page.status_code == 200
        assert 'name="status"' not in page.content.decode(), model  # only the workflow moves it
        assert "Confirmed" in page.content.decode()
    visa = travel.visa_save(case_id=world["case"].id, actor=world["coordinator"])
    page = admin_client.get(f"/en/admin/travel/visaapplication/{visa.id}/change/").content.decode()
    assert 'name="status"' not in page


def test_cancelling_a_booking_that_is_not_on_the_case_says_so(world):
    with pytest.raises(CaseError, match="This booking does not exist"):
        travel.booking_cancel(
            case_id=world["case"].id, kind="stay", pk=999_999, actor=world["coordinator"], reason="Plans changed"
        )
    with pytest.raises(CaseError, match="This booking does not exist"):
        travel.booking_cancel(case_id=world["case"].id, kind="boat", pk=1, actor=world["coordinator"], reason="Plans changed")
