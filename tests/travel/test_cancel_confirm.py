"""Cancelling a stay or a pickup is said once, safely: the page asks to confirm on a second page
and for a reason; page and API refuse without one; the reason is in the audit entry and in what
the partner's staff and the patient are told."""

import pytest
from rest_framework.test import APIClient

from medhub.core.models import LogEntry
from medhub.notifications.models import Notification
from medhub.travel.models import BookingStatus, Pickup, Stay
from tests.conftest import api_token
from tests.travel.test_booking_workflow import confirmed_stay_and_pickup

pytestmark = pytest.mark.django_db

REASON = "The patient moved the surgery to next month"


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}", HTTP_ACCEPT_LANGUAGE="en")
    return client


def told(user, kind):
    return Notification.objects.filter(recipient=user, kind=kind)


@pytest.mark.parametrize("kind", ["stay", "pickup"])
def test_the_page_asks_to_confirm_and_for_a_reason_then_tells_partner_and_patient(world, coordinator_client, kind):
    stay, pickup = confirmed_stay_and_pickup(world)
    booking, partner_staff = (stay, world["hotel_staff"]) if kind == "stay" else (pickup, world["driver_desk"])
    url = f"/en/work/cases/{world['case'].reference}/travel/"
    fields = {"action": "cancel", "kind": kind, "booking": booking.id}

    asked = coordinator_client.post(url, fields)
    page = asked.content.decode()
    assert asked.status_code == 200 and 'name="confirmed" value="yes"' in page and 'name="reason"' in page
    assert "the patient are told" in page
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED  # asking is not doing

    refused = coordinator_client.post(url, {**fields, "confirmed": "yes", "reason": "   "})
    assert refused.status_code == 400
    assert "Say why the booking is cancelled" in refused.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED

    done = coordinator_client.post(url, {**fields, "confirmed": "yes", "reason": REASON})
    assert done.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    entry = LogEntry.objects.filter(action=f"travel.{kind}.cancelled").get()
    assert entry.data["reason"] == REASON
    partner_note = told(partner_staff, "travel.booking_cancelled").get()
    patient_note = told(world["patient"], "travel.booking_cancelled_patient").get()
    assert REASON in partner_note.message and REASON in patient_note.message
    assert REASON in patient_note.body


def test_a_refused_reason_keeps_what_was_typed(world, coordinator_client):
    stay, _pickup = confirmed_stay_and_pickup(world)
    url = f"/en/work/cases/{world['case'].reference}/travel/"
    long = "x" * 301
    refused = coordinator_client.post(
        url, {"action": "cancel", "kind": "stay", "booking": stay.id, "confirmed": "yes", "reason": long}
    )
    assert refused.status_code == 400 and long in refused.content.decode()
    assert "Keep the reason under 300 characters." in refused.content.decode()


def test_the_api_refuses_a_cancel_without_a_reason(world, coordinator):
    stay, pickup = confirmed_stay_and_pickup(world)
    hub = api_for(coordinator)
    base = f"/api/v1/cases/{world['case'].reference}/travel"
    refused = hub.post(f"{base}/stays/{stay.id}/cancel/", {}, format="json")
    assert refused.status_code == 400 and "Say why the booking is cancelled" in str(refused.json())
    assert Stay.objects.get(pk=stay.id).status == BookingStatus.CONFIRMED
    done = hub.post(f"{base}/stays/{stay.id}/cancel/", {"reason": REASON}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "cancelled"
    done = hub.post(f"{base}/pickups/{pickup.id}/cancel/", {"reason": REASON}, format="json")
    assert done.status_code == 200 and Pickup.objects.get(pk=pickup.id).status == BookingStatus.CANCELLED
    assert told(world["driver_desk"], "travel.booking_cancelled").get().message.count(REASON) == 1
    assert told(world["patient"], "travel.booking_cancelled_patient").count() == 2
    # Someone else's booking, or a partner asking, learns nothing.
    assert hub.post(f"{base}/stays/999999/cancel/", {"reason": REASON}, format="json").status_code == 404
    partner = api_for(world["hotel_staff"])
    assert partner.post(f"{base}/stays/{stay.id}/cancel/", {"reason": REASON}, format="json").status_code in (403, 404)


def test_the_reason_is_told_in_the_patients_language(world):
    from medhub.travel import services as travel

    world["patient"].preferred_language = "ru"
    world["patient"].save(update_fields=["preferred_language"])
    stay, _pickup = confirmed_stay_and_pickup(world)
    travel.booking_cancel(case_id=world["case"].id, kind="stay", pk=stay.id, actor=world["coordinator"], reason=REASON)
    note = told(world["patient"], "travel.booking_cancelled_patient").get()
    assert note.language == "ru" and REASON in note.message
