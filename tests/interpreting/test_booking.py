"""The coordinator books interpreters; nobody is booked twice at the same time; the
interpreter answers and logs hours after the appointment."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection

from medhub.core.formats import format_datetime_local
from medhub.core.models import LogEntry
from medhub.interpreting import selectors, services
from medhub.interpreting.models import InterpreterBooking
from medhub.interpreting.services import InterpretingError
from tests.interpreting.conftest import book, log, make_interpreter, move_to_past, scheduled_case
from tests.scheduling.test_booking import tomorrow_slots


@pytest.mark.django_db
def test_coordinator_books_a_suggested_interpreter_from_the_case_page(
    coordinator_client, coordinator, scheduled, interpreter, django_capture_on_commit_callbacks
):
    case, appointment = scheduled
    make_interpreter("no-japanese", ("en",))
    make_interpreter("not-available", ("ja",), available=False)
    page = coordinator_client.get(f"/en/work/cases/{case.reference}/interpreters/")
    assert page.status_code == 200
    html = page.content.decode()
    assert interpreter.display_name in html
    assert "Interpreter no-japanese" not in html and "Interpreter not-available" not in html
    assert (
        format_datetime_local(appointment.slot.starts_at, "en", zone="Asia/Seoul") in html
    )  # Korean time, written the English way
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            f"/en/work/cases/{case.reference}/interpreters/?language=ja",
            {
                "action": "book",
                "appointment": appointment.id,
                "interpreter": interpreter.id,
                "purpose": "consultation",
                "language": "ja",
            },
        )
    assert response.status_code == 302
    booking = InterpreterBooking.objects.get()
    assert (booking.starts_at, booking.ends_at) == (appointment.slot.starts_at, appointment.slot.ends_at)
    assert booking.status == InterpreterBooking.Status.REQUESTED and booking.booked_by == coordinator
    booked = LogEntry.objects.get(action="interpreting.booking.requested", object_id=booking.id)
    assert booked.actor == coordinator and booked.case_id == appointment.case_id
    # The interpreter is told, in their language (Russian), with a link to their page and no patient data.
    assert [m.to for m in mail.outbox] == [[interpreter.user.email]]
    assert "/ru/work/interpreting/" in mail.outbox[0].body
    assert case.reference in mail.outbox[0].subject
    assert case.full_name not in mail.outbox[0].body and case.contact_email not in mail.outbox[0].body
    # Once booked, the interpreter is no longer suggested for the same time.
    again = coordinator_client.get(f"/en/work/cases/{case.reference}/interpreters/").content.decode()
    assert "No interpreter serving this language is free" in again


@pytest.mark.django_db
def test_the_coordinator_may_extend_a_booking_and_bad_input_is_a_400(coordinator_client, scheduled, interpreter):
    case, appointment = scheduled
    url = f"/en/work/cases/{case.reference}/interpreters/"
    data = {
        "action": "book",
        "appointment": appointment.id,
        "interpreter": interpreter.id,
        "purpose": "surgery",
        "language": "ja",
    }
    assert coordinator_client.post(url, {**data, "minutes": "5"}).status_code == 400
    assert coordinator_client.post(url, {**data, "purpose": "dance"}).status_code == 400
    assert coordinator_client.post(url, {**data, "appointment": "999999"}).status_code == 400
    assert coordinator_client.post(url, {"action": "launch"}).status_code == 400
    assert coordinator_client.get(url, {"language": "xx"}).status_code == 400
    assert coordinator_client.post(url, {**data, "minutes": "180"}).status_code == 302
    booking = InterpreterBooking.objects.get()
    assert booking.ends_at - booking.starts_at == datetime.timedelta(minutes=180)
    assert booking.max_hours == Decimal(3)


@pytest.mark.django_db
def test_an_interpreter_is_never_booked_twice_at_the_same_time(directory, coordinator, interpreter):
    first_slot, second_slot = tomorrow_slots(directory["derm"], count=1)[0], tomorrow_slots(directory["derm"], count=1)[0]
    _case1, first = scheduled_case(directory, coordinator, "HB-I1", slot=first_slot)
    _case2, second = scheduled_case(directory, coordinator, "HB-I2", slot=second_slot)
    booking = book(first, interpreter, coordinator)
    with pytest.raises(InterpretingError, match="already booked"):
        book(second, interpreter, coordinator)
    # Overlapping only in part is still overlapping (an extended surgery booking).
    with pytest.raises(InterpretingError, match="already booked"):
        book(second, interpreter, coordinator, starts_at=second_slot.starts_at + datetime.timedelta(minutes=20))
    # A declined booking frees the time.
    services.booking_decline(booking_id=booking.id, actor=interpreter.user, reason="Sick")
    assert book(second, interpreter, coordinator).status == InterpreterBooking.Status.REQUESTED
    assert InterpreterBooking.objects.filter(status__in=InterpreterBooking.ACTIVE).count() == 1


@pytest.mark.django_db
def test_back_to_back_bookings_do_not_overlap_and_cancelling_frees_the_time(directory, coordinator, interpreter):
    early, late = tomorrow_slots(directory["derm"], count=2)
    _c1, first = scheduled_case(directory, coordinator, "HB-B1", slot=early)
    _c2, second = scheduled_case(directory, coordinator, "HB-B2", slot=late)
    one = book(first, interpreter, coordinator)
    book(second, interpreter, coordinator)
    services.booking_cancel(booking_id=one.id, actor=coordinator, reason="Plans changed")
    assert InterpreterBooking.objects.get(pk=one.pk).status == InterpreterBooking.Status.CANCELLED
    with pytest.raises(InterpretingError):
        services.booking_cancel(booking_id=one.id, actor=coordinator, reason="Plans changed")


@pytest.mark.django_db
def test_the_service_refuses_interpreters_who_cannot_take_the_booking(directory, coordinator, scheduled):
    _case, appointment = scheduled
    with pytest.raises(InterpretingError, match="does not interpret"):
        book(appointment, make_interpreter("en-only", ("en",)), coordinator)
    with pytest.raises(InterpretingError, match="has not said"):
        book(appointment, make_interpreter("busy-week", ("ja",), available=False), coordinator)
    inactive = make_interpreter("retired", ("ja",))
    inactive.is_active = False
    inactive.save()
    with pytest.raises(InterpretingError, match="not available"):
        book(appointment, inactive, coordinator)
    ok = make_interpreter("fine", ("ja",))
    with pytest.raises(InterpretingError, match="at most 24 hours"):
        book(appointment, ok, coordinator, ends_at=appointment.slot.starts_at + datetime.timedelta(hours=25))
    with pytest.raises(InterpretingError, match="cover the time"):
        later = appointment.slot.ends_at + datetime.timedelta(hours=1)
        book(appointment, ok, coordinator, starts_at=later, ends_at=later + datetime.timedelta(hours=1))


@pytest.mark.django_db
def test_accept_and_decline_tell_the_coordinator_in_their_language(
    coordinator, scheduled, interpreter, django_capture_on_commit_callbacks
):
    coordinator.preferred_language = "ko"
    coordinator.save()
    case, appointment = scheduled
    assert case.owner == coordinator
    first = book(appointment, interpreter, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_accept(booking_id=first.id, actor=interpreter.user)
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert f"/ko/work/cases/{case.reference}/interpreters/" in mail.outbox[0].body
    with pytest.raises(InterpretingError, match="“Accepted” cannot become “Declined”"):
        services.booking_decline(booking_id=first.id, actor=interpreter.user, reason="Changed my mind")

    services.booking_cancel(booking_id=first.id, actor=coordinator, reason="Plans changed")
    second = book(appointment, interpreter, coordinator)
    mail.outbox.clear()
    with pytest.raises(InterpretingError, match="Say why"):
        services.booking_decline(booking_id=second.id, actor=interpreter.user, reason="   ")
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_decline(booking_id=second.id, actor=interpreter.user, reason="At another hospital that morning")
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert "At another hospital that morning" in mail.outbox[0].body
    second.refresh_from_db()
    assert second.status == InterpreterBooking.Status.DECLINED and second.responded_at is not None


@pytest.mark.django_db
def test_interpreter_answers_from_their_page(client, scheduled, coordinator, interpreter):
    case, appointment = scheduled
    booking = book(appointment, interpreter, coordinator)
    client.force_login(interpreter.user)
    page = client.get("/en/work/interpreting/")
    assert page.status_code == 200
    html = page.content.decode()
    assert case.reference in html and "Sora Dermatology Clinic" in html and "Korean time" in html
    assert case.full_name not in html and case.contact_email not in html
    assert client.post("/en/work/interpreting/", {"action": "decline", "booking": booking.id, "reason": ""}).status_code == 400
    assert client.post("/en/work/interpreting/", {"action": "accept", "booking": "x"}).status_code == 400
    assert client.post("/en/work/interpreting/", {"action": "accept", "booking": booking.id}).status_code == 302
    booking.refresh_from_db()
    assert booking.status == InterpreterBooking.Status.ACCEPTED


@pytest.mark.django_db
def test_hours_are_logged_only_after_the_appointment_and_within_the_booked_length(client, scheduled, coordinator, interpreter):
    _case, appointment = scheduled
    booking = book(appointment, interpreter, coordinator)
    with pytest.raises(InterpretingError, match="accepted booking"):
        log(booking)
    services.booking_accept(booking_id=booking.id, actor=interpreter.user)
    with pytest.raises(InterpretingError, match="after the appointment has ended"):
        log(booking)
    move_to_past(booking, minutes=90)
    assert booking.max_hours == Decimal(2)
    for bad in ("0", "-1", "2.5", "1.234"):
        with pytest.raises(InterpretingError):
            log(booking, bad)
    client.force_login(interpreter.user)
    assert client.post("/en/work/interpreting/", {"action": "hours", "booking": booking.id, "hours": "abc"}).status_code == 400
    assert client.post("/en/work/interpreting/", {"action": "hours", "booking": booking.id, "hours": "30"}).status_code == 400
    response = client.post(
        "/en/work/interpreting/", {"action": "hours", "booking": booking.id, "hours": "1.75", "note": "Ran over"}
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.hours_logged == Decimal("1.75") and booking.logged_at and booking.log_note == "Ran over"
    with pytest.raises(InterpretingError, match="already been logged"):
        log(booking, "1")


@pytest.mark.django_db
def test_bookings_by_appointment_for_the_itinerary(directory, coordinator, scheduled, interpreter):
    _case, appointment = scheduled
    other = make_interpreter("second", ("ja",))
    kept = book(appointment, interpreter, coordinator)
    dropped = book(appointment, other, coordinator)
    services.booking_decline(booking_id=dropped.id, actor=other.user, reason="No")
    result = selectors.bookings_by_appointment([appointment.id])
    assert list(result) == [appointment.id]
    assert [b.id for b in result[appointment.id]] == [kept.id]
    assert result[appointment.id][0].interpreter.display_name == interpreter.display_name
    assert selectors.bookings_by_appointment([]) == {}


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are proved on PostgreSQL (CI runs the suite there too)")
def test_two_concurrent_bookings_of_one_interpreter_on_postgresql(live_directory):
    from django.db import connections

    from medhub.accounts.models import Role
    from tests.cases.conftest import make_user

    coordinator = make_user("coord-c", Role.COORDINATOR)
    interpreter = make_interpreter("racer", ("ja",))
    first_slot = tomorrow_slots(live_directory["derm"], count=1)[0]
    second_slot = tomorrow_slots(live_directory["derm"], count=1)[0]
    _c1, first = scheduled_case(live_directory, coordinator, "HB-R1", slot=first_slot)
    _c2, second = scheduled_case(live_directory, coordinator, "HB-R2", slot=second_slot)
    barrier = threading.Barrier(2)
    results = []

    def attempt(appointment):
        try:
            barrier.wait()
            book(appointment, interpreter, coordinator)
            results.append("booked")
        except InterpretingError:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(a,)) for a in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["booked", "refused"]
    assert InterpreterBooking.objects.filter(interpreter=interpreter, status__in=InterpreterBooking.ACTIVE).count() == 1
