"""Interpreters enter their own availability (page and API); the hub books them only inside it
and sees the window when booking; hours beyond the booking are allowed with a reason."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from medhub.accounts.models import Role
from medhub.core.formats import format_time_local
from medhub.core.models import LogEntry
from medhub.interpreting import services
from medhub.interpreting.models import Availability, InterpreterBooking
from medhub.interpreting.services import InterpretingError
from tests.cases.conftest import make_user
from tests.conftest import api_token
from tests.interpreting.conftest import HUB_ZONE, book, make_interpreter, make_program, move_to_past

pytestmark = pytest.mark.django_db

DAY = timezone.localdate() + datetime.timedelta(days=5)


def api_for(user) -> APIClient:
    api = APIClient()
    api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return api


def at(hour, minute=0, day=DAY):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=HUB_ZONE)


@pytest.fixture
def newcomer(db):
    """An interpreter who has entered no availability yet."""
    return make_interpreter("mina", ("ja",), available=False)


def test_interpreter_adds_and_removes_a_window_on_the_page(client, newcomer):
    client.force_login(newcomer.user)
    page = client.get("/en/work/interpreting/availability/")
    assert page.status_code == 200 and "the hub cannot book you" in page.content.decode()
    form = {"day": DAY.isoformat(), "start": "09:00", "end": "13:00"}
    assert client.post("/en/work/interpreting/availability/", form).status_code == 302
    window = Availability.objects.get(interpreter=newcomer)
    assert (window.starts_at, window.ends_at) == (at(9), at(13))
    # Overlapping another of their windows: refused, what was typed stays.
    refused = client.post("/en/work/interpreting/availability/", {**form, "start": "12:00", "end": "15:00"})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "overlaps the window you already entered" in body and 'value="15:00"' in body
    backwards = client.post("/en/work/interpreting/availability/", {**form, "start": "15:00", "end": "14:00"})
    assert backwards.status_code == 400 and "must end after it starts" in backwards.content.decode()
    assert client.post("/en/work/interpreting/availability/", {"remove": window.id}).status_code == 302
    assert not Availability.objects.exists()
    actions = list(LogEntry.objects.filter(action__startswith="interpreting.availability").values_list("action", flat=True))
    assert actions == ["interpreting.availability.added", "interpreting.availability.removed"]


def test_interpreter_adds_and_removes_a_window_through_the_api(newcomer):
    api = api_for(newcomer.user)
    created = api.post(
        "/api/v1/interpreting/my/availability/",
        {"starts_at": at(14).isoformat(), "ends_at": at(18).isoformat()},
        format="json",
    )
    assert created.status_code == 201
    listed = api.get("/api/v1/interpreting/my/availability/").json()
    assert [w["id"] for w in listed] == [created.json()["id"]]
    too_long = api.post(
        "/api/v1/interpreting/my/availability/",
        {"starts_at": at(19).isoformat(), "ends_at": (at(19) + datetime.timedelta(hours=30)).isoformat()},
        format="json",
    )
    assert too_long.status_code == 400
    assert api.delete(f"/api/v1/interpreting/my/availability/{created.json()['id']}/").status_code == 204
    assert api.get("/api/v1/interpreting/my/availability/").json() == []


def test_nobody_else_touches_an_interpreters_windows(client, newcomer, coordinator):
    window = services.availability_add(actor=newcomer.user, starts_at=at(9), ends_at=at(12))
    other = make_interpreter("second", ("ja",), available=False)
    client.force_login(other.user)
    assert client.post("/en/work/interpreting/availability/", {"remove": window.id}).status_code == 400
    assert api_for(other.user).delete(f"/api/v1/interpreting/my/availability/{window.id}/").status_code == 404
    client.force_login(coordinator)
    assert client.get("/en/work/interpreting/availability/").status_code == 403
    assert api_for(coordinator).post("/api/v1/interpreting/my/availability/", {}, format="json").status_code == 403
    assert Availability.objects.filter(pk=window.id).exists()


def test_bookings_outside_the_window_are_refused_and_the_hub_sees_the_window(
    coordinator_client, coordinator, scheduled, newcomer
):
    case, appointment = scheduled
    slot = appointment.slot
    with pytest.raises(InterpretingError, match="not said they can work"):
        book(appointment, newcomer, coordinator)
    page = coordinator_client.get(f"/en/work/cases/{case.reference}/interpreters/", {"language": "ja"}).content.decode()
    assert newcomer.display_name not in page
    start = timezone.localtime(slot.starts_at, HUB_ZONE)
    services.availability_add(
        actor=newcomer.user,
        starts_at=slot.starts_at - datetime.timedelta(hours=1),
        ends_at=slot.ends_at + datetime.timedelta(hours=2),
    )
    page = coordinator_client.get(f"/en/work/cases/{case.reference}/interpreters/", {"language": "ja"}).content.decode()
    window_from = format_time_local(start - datetime.timedelta(hours=1), "en", zone=HUB_ZONE)  # "9:00 AM": the reader's way
    assert newcomer.display_name in page and f"available {window_from}" in page
    booking = book(appointment, newcomer, coordinator)
    # Booked inside the window: the window cannot be taken back until the booking is declined.
    window = Availability.objects.get(interpreter=newcomer)
    with pytest.raises(InterpretingError, match="You are booked in this window"):
        services.availability_remove(actor=newcomer.user, availability_id=window.id)
    services.booking_decline(booking_id=booking.id, actor=newcomer.user, reason="Cannot come")
    services.availability_remove(actor=newcomer.user, availability_id=window.id)


def worked(appointment, interpreter, coordinator, minutes=90):
    booking = book(appointment, interpreter, coordinator)
    services.booking_accept(booking_id=booking.id, actor=interpreter.user)
    return move_to_past(booking, minutes=minutes)  # booked 1.5 h: up to 2 h without a reason


def test_hours_beyond_the_booking_need_a_reason_on_the_page(client, coordinator, scheduled, interpreter):
    _case, appointment = scheduled
    booking = worked(appointment, interpreter, coordinator)
    client.force_login(interpreter.user)
    form = {"action": "hours", "booking": booking.id, "hours": "3.5"}
    refused = client.post("/en/work/interpreting/", form)
    assert refused.status_code == 400 and "Say why you worked longer" in refused.content.decode()
    booking.refresh_from_db()
    assert booking.hours_logged is None
    done = client.post("/en/work/interpreting/", {**form, "over_reason": "The surgery ran late"})
    assert done.status_code == 302
    booking.refresh_from_db()
    assert booking.hours_logged == Decimal("3.5") and booking.hours_over_reason == "The surgery ran late"
    entry = LogEntry.objects.get(action="interpreting.booking.hours_logged")
    assert entry.data == {"hours": "3.5", "over_booking": "1.5", "reason": "The surgery ran late"}
    assert "The surgery ran late" in client.get("/en/work/interpreting/").content.decode()
    # The coordinator sees it beside the hours.
    client.force_login(coordinator)
    page = client.get(f"/en/work/cases/{appointment.case.reference}/interpreters/").content.decode()
    assert "beyond the booking: The surgery ran late" in page


def test_hours_beyond_the_booking_through_the_api(coordinator, scheduled, interpreter):
    _case, appointment = scheduled
    booking = worked(appointment, interpreter, coordinator)
    api = api_for(interpreter.user)
    url = f"/api/v1/interpreting/my/bookings/{booking.id}/hours/"
    refused = api.post(url, {"hours": "2.5"}, format="json")
    assert refused.status_code == 400 and "Say why you worked longer" in str(refused.json())
    beyond_a_day = api.post(url, {"hours": "25", "over_reason": "x"}, format="json")
    assert beyond_a_day.status_code == 400
    done = api.post(url, {"hours": "2.5", "over_reason": "Waited for the results"}, format="json")
    assert done.status_code == 200 and done.json()["hours_over_reason"] == "Waited for the results"
    hub = api_for(coordinator).get(f"/api/v1/interpreting/cases/{appointment.case.reference}/bookings/").json()
    assert hub["results"][0]["hours_over_reason"] == "Waited for the results" if "results" in hub else True


def test_hours_within_the_booking_need_no_reason_and_keep_none(coordinator, scheduled, interpreter):
    _case, appointment = scheduled
    booking = worked(appointment, interpreter, coordinator)
    services.hours_log(booking_id=booking.id, actor=interpreter.user, hours=Decimal("2"), over_reason="not needed")
    booking = InterpreterBooking.objects.get(pk=booking.id)
    assert booking.hours_logged == Decimal("2") and booking.hours_over_reason == ""


def test_only_the_interpreter_logs_their_hours(client, coordinator, scheduled, interpreter):
    _case, appointment = scheduled
    booking = worked(appointment, interpreter, coordinator)
    stranger = make_user("stranger", Role.INTERPRETER)
    api = api_for(stranger)
    answer = api.post(f"/api/v1/interpreting/my/bookings/{booking.id}/hours/", {"hours": "3", "over_reason": "x"}, format="json")
    assert answer.status_code == 404


def test_the_claims_decider_sees_why_hours_went_beyond_the_booking(client, coordinator, scheduled, interpreter):
    _case, appointment = scheduled
    make_program()
    booking = worked(appointment, interpreter, coordinator)
    services.hours_log(booking_id=booking.id, actor=interpreter.user, hours=Decimal("3"), over_reason="Second consultation")
    client.force_login(make_user("boss", Role.HUB_ADMIN))
    page = client.get("/en/work/subsidy/").content.decode()
    assert "Beyond the booking: Second consultation" in page
