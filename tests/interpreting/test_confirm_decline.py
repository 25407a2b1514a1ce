"""Say it once, safely: an interpreter declining a booking confirms on a second page, with the
reason the coordinator is told (email) and the audit entry keeps; the API needs the reason too."""

import pytest
from django.core import mail

from medhub.core.models import LogEntry
from medhub.interpreting.models import InterpreterBooking
from tests.cases.test_api import api_for
from tests.interpreting.conftest import book, make_interpreter

pytestmark = pytest.mark.django_db


def test_an_interpreter_declines_only_once_confirmed_and_the_coordinator_is_told_why(
    client, scheduled, coordinator, interpreter, django_capture_on_commit_callbacks
):
    _case, appointment = scheduled
    booking = book(appointment, interpreter, coordinator)
    client.force_login(interpreter.user)
    form = {"action": "decline", "booking": booking.id, "reason": "At another hospital that morning"}
    ask = client.post("/en/work/interpreting/", form)
    assert ask.status_code == 200
    page = ask.content.decode()
    assert "Decline this booking?" in page and "At another hospital that morning</textarea>" in page
    assert 'name="action" value="decline"' in page and f'name="booking" value="{booking.id}"' in page
    booking.refresh_from_db()
    assert booking.status == InterpreterBooking.Status.REQUESTED
    # Confirmed, but the reason was emptied: refused by the service.
    refused = client.post("/en/work/interpreting/", {**form, "reason": " ", "confirmed": "yes"})
    assert refused.status_code == 400
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/en/work/interpreting/", {**form, "confirmed": "yes"})
    assert done.status_code == 302
    booking.refresh_from_db()
    assert booking.status == InterpreterBooking.Status.DECLINED
    assert LogEntry.objects.get(action="interpreting.booking.declined").data["reason"] == "At another hospital that morning"
    told = [m for m in mail.outbox if coordinator.email in m.to]
    assert told and "At another hospital that morning" in told[0].body


def test_accepting_is_not_asked_twice_and_the_api_needs_a_reason(client, scheduled, coordinator, interpreter):
    _case, appointment = scheduled
    accepted = book(appointment, interpreter, coordinator)
    client.force_login(interpreter.user)
    assert client.post("/en/work/interpreting/", {"action": "accept", "booking": accepted.id}).status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == InterpreterBooking.Status.ACCEPTED
    # An accepted booking can no longer be declined: no second page, the refusal says why.
    late = client.post("/en/work/interpreting/", {"action": "decline", "booking": accepted.id, "reason": "Changed my mind"})
    assert late.status_code == 400 and "cannot become" in late.content.decode()
    # Through the API, another interpreter's decline needs the reason as well (the service's rule).
    other = make_interpreter("int-two")
    booking = book(appointment, other, coordinator)
    url = f"/api/v1/interpreting/my/bookings/{booking.id}/decline/"
    assert api_for(other.user).post(url, {"reason": "  "}, format="json").status_code == 400
    booking.refresh_from_db()
    assert booking.status == InterpreterBooking.Status.REQUESTED
    assert api_for(other.user).post(url, {"reason": "On leave"}, format="json").status_code == 200
    assert LogEntry.objects.filter(action="interpreting.booking.declined").latest("id").data["reason"] == "On leave"
