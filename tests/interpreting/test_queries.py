"""List pages and endpoints run a fixed number of queries, whatever their length."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from medhub.accounts.models import Role
from medhub.interpreting import services
from medhub.interpreting.models import SubsidyClaim
from tests.cases.conftest import make_user
from tests.conftest import api_token
from tests.interpreting.conftest import book, log, make_interpreter, make_program, move_to_past, scheduled_case
from tests.scheduling.test_booking import tomorrow_slots

pytestmark = pytest.mark.django_db


def count(fetch) -> int:
    """Queries of a warm request (the session, the hub's settings and the MFA check are read once)."""
    fetch()
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
    assert response.status_code == 200, response.content[:500]
    return len(queries)


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}", HTTP_ACCEPT_LANGUAGE="en")
    return client


def worked(directory, coordinator, interpreter, reference):
    _case, appointment = scheduled_case(directory, coordinator, reference, slot=tomorrow_slots(directory["derm"], count=1)[0])
    booking = book(appointment, interpreter, coordinator)
    services.booking_accept(booking_id=booking.id, actor=interpreter.user)
    move_to_past(booking, minutes=60)
    log(booking, "1")
    return booking


def test_interpreter_page_and_endpoint(client, directory, coordinator, interpreter, django_assert_max_num_queries):
    make_program()
    worked(directory, coordinator, interpreter, "HB-Q1")
    client.force_login(interpreter.user)
    api = api_for(interpreter.user)
    page_one = count(lambda: client.get("/en/work/interpreting/"))
    api_one = count(lambda: api.get("/api/v1/interpreting/my/bookings/"))
    worked(directory, coordinator, interpreter, "HB-Q2")
    _case, upcoming = scheduled_case(directory, coordinator, "HB-Q3", slot=tomorrow_slots(directory["derm"], count=1)[0])
    book(upcoming, interpreter, coordinator)
    assert count(lambda: client.get("/en/work/interpreting/")) == page_one
    assert count(lambda: api.get("/api/v1/interpreting/my/bookings/")) == api_one
    client.get("/en/work/interpreting/")
    with django_assert_max_num_queries(6):
        client.get("/en/work/interpreting/")


def test_case_interpreters_page_and_endpoint(coordinator_client, coordinator, scheduled, django_assert_max_num_queries):
    case, appointment = scheduled
    interpreters = [make_interpreter(f"q-{n}", ("ja",)) for n in range(4)]
    book(appointment, interpreters[0], coordinator)
    api = api_for(coordinator)
    url = f"/en/work/cases/{case.reference}/interpreters/"
    page_one = count(lambda: coordinator_client.get(url))
    api_one = count(lambda: api.get(f"/api/v1/interpreting/cases/{case.reference}/bookings/"))
    list_one = count(lambda: api.get("/api/v1/interpreting/interpreters/"))
    for interpreter in interpreters[1:3]:
        book(appointment, interpreter, coordinator)
    for n in range(3):
        make_interpreter(f"more-{n}", ("ja", "en"))
    assert count(lambda: coordinator_client.get(url)) == page_one
    assert count(lambda: api.get(f"/api/v1/interpreting/cases/{case.reference}/bookings/")) == api_one
    assert count(lambda: api.get("/api/v1/interpreting/interpreters/")) == list_one
    # The session and user, the case, its appointments and their bookings, and the suggestions
    # (candidates, their availability and their bookings).
    with django_assert_max_num_queries(10):
        coordinator_client.get(url)


def test_subsidy_page_and_endpoints(client, directory, coordinator, interpreter, django_assert_max_num_queries):
    program = make_program()
    admin = make_user("hub-admin", Role.HUB_ADMIN)
    first = worked(directory, coordinator, interpreter, "HB-Z1")
    services.claim_approve(claim_id=first.subsidy_claim.id, actor=admin)
    client.force_login(admin)
    api = api_for(admin)
    report = f"/en/work/subsidy/{program.id}/report/?format=xlsx"
    page_one = count(lambda: client.get("/en/work/subsidy/"))
    claims_one = count(lambda: api.get("/api/v1/interpreting/subsidy/claims/"))
    report_one = count(lambda: client.get(report))
    for reference in ("HB-Z2", "HB-Z3"):
        booking = worked(directory, coordinator, make_interpreter(f"i-{reference.lower()}", ("ja",)), reference)
        services.claim_approve(claim_id=booking.subsidy_claim.id, actor=admin)
    worked(directory, coordinator, make_interpreter("pending-one", ("ja",)), "HB-Z4")
    assert SubsidyClaim.objects.count() == 4
    assert count(lambda: client.get("/en/work/subsidy/")) == page_one
    assert count(lambda: api.get("/api/v1/interpreting/subsidy/claims/")) == claims_one
    assert count(lambda: client.get(report)) == report_one
    with django_assert_max_num_queries(8):
        client.get("/en/work/subsidy/")


def test_bookings_by_appointment_is_one_query(directory, coordinator, django_assert_num_queries):
    appointments = []
    for n in range(3):
        _case, appointment = scheduled_case(
            directory, coordinator, f"HB-BA{n}", slot=tomorrow_slots(directory["derm"], count=1)[0]
        )
        book(appointment, make_interpreter(f"ba-{n}", ("ja",)), coordinator)
        appointments.append(appointment.id)
    from medhub.interpreting.selectors import bookings_by_appointment

    with django_assert_num_queries(1):
        result = bookings_by_appointment(appointments)
        names = [b.interpreter.display_name for found in result.values() for b in found]
    assert len(names) == 3
