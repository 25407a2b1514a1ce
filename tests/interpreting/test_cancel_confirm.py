"""Cancelling an interpreter booking is said once, safely: the page asks to confirm on a second
page and for a reason; page and API refuse without one; the reason is in the audit entry and in
what the interpreter and the patient are told."""

import pytest
from rest_framework.test import APIClient

from medhub.core.models import LogEntry
from medhub.interpreting.models import InterpreterBooking
from medhub.notifications.models import Notification
from tests.conftest import api_token
from tests.interpreting.conftest import book

pytestmark = pytest.mark.django_db

REASON = "The patient's appointment moved to another clinic"


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}", HTTP_ACCEPT_LANGUAGE="en")
    return client


def status_of(booking) -> str:
    return InterpreterBooking.objects.values_list("status", flat=True).get(pk=booking.pk)


def test_the_page_asks_to_confirm_and_for_a_reason_then_tells_interpreter_and_patient(
    coordinator, coordinator_client, scheduled, interpreter
):
    case, appointment = scheduled
    booking = book(appointment, interpreter, coordinator)
    url = f"/en/work/cases/{case.reference}/interpreters/"
    fields = {"action": "cancel", "booking": booking.id}

    asked = coordinator_client.post(url, fields)
    page = asked.content.decode()
    assert asked.status_code == 200 and 'name="confirmed" value="yes"' in page and 'name="reason"' in page
    assert "The interpreter and the patient are told" in page
    assert status_of(booking) == "requested"

    refused = coordinator_client.post(url, {**fields, "confirmed": "yes", "reason": ""})
    assert refused.status_code == 400 and "Say why the booking is cancelled" in refused.content.decode()
    assert status_of(booking) == "requested"
    too_long = "y" * 301
    refused = coordinator_client.post(url, {**fields, "confirmed": "yes", "reason": too_long})
    assert refused.status_code == 400 and too_long in refused.content.decode()  # kept as typed

    done = coordinator_client.post(url, {**fields, "confirmed": "yes", "reason": REASON})
    assert done.status_code == 302 and status_of(booking) == "cancelled"
    entry = LogEntry.objects.get(action="interpreting.booking.cancelled", object_id=booking.id)
    assert entry.data["reason"] == REASON
    to_interpreter = Notification.objects.get(recipient=interpreter.user, kind="interpreting.booking_cancelled")
    to_patient = Notification.objects.get(recipient=case.patient, kind="interpreting.booking_cancelled_patient")
    assert REASON in to_interpreter.message and REASON in to_patient.message
    assert to_interpreter.language == "ru"  # the interpreter's own language
    assert f"/cases/{case.reference}/" in to_patient.link


def test_the_api_refuses_a_cancel_without_a_reason(coordinator, scheduled, interpreter):
    case, appointment = scheduled
    booking = book(appointment, interpreter, coordinator)
    hub = api_for(coordinator)
    url = f"/api/v1/interpreting/bookings/{booking.id}/cancel/"
    refused = hub.post(url, {}, format="json")
    assert refused.status_code == 400 and "Say why the booking is cancelled" in str(refused.json())
    assert status_of(booking) == "requested"
    done = hub.post(url, {"reason": REASON}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "cancelled"
    entry = LogEntry.objects.get(action="interpreting.booking.cancelled", object_id=booking.id)
    assert entry.data == {"reason": REASON}
    assert Notification.objects.filter(recipient=case.patient, kind="interpreting.booking_cancelled_patient").count() == 1
