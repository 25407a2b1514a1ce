"""Who may reach what: interpreters see only their own bookings; only hub staff book; only
administrators decide claims; everyone else gets nothing."""

import pytest
from rest_framework.test import APIClient

from medhub.accounts.models import Role
from medhub.interpreting import services
from medhub.interpreting.models import InterpreterBooking, SubsidyClaim
from tests.cases.conftest import make_user
from tests.conftest import api_token
from tests.interpreting.conftest import book, log, make_interpreter, make_program, move_to_past

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}", HTTP_ACCEPT_LANGUAGE="en")
    return client


def test_an_interpreter_never_sees_another_interpreters_bookings(client, coordinator, scheduled, interpreter):
    case, appointment = scheduled
    booking = book(appointment, interpreter, coordinator)
    other = make_interpreter("rival", ("ja",))
    client.force_login(other.user)
    page = client.get("/en/work/interpreting/").content.decode()
    assert case.reference not in page and "No upcoming bookings." in page
    for action in ({"action": "accept"}, {"action": "decline", "reason": "x"}, {"action": "hours", "hours": "1"}):
        response = client.post("/en/work/interpreting/", {**action, "booking": booking.id})
        assert response.status_code == 400 and "does not exist" in response.content.decode()
    rival = api_for(other.user)
    assert rival.get("/api/v1/interpreting/my/bookings/").json()["results"] == []
    for action in ("accept", "decline", "hours"):
        response = rival.post(f"/api/v1/interpreting/my/bookings/{booking.id}/{action}/", {"reason": "x", "hours": "1"})
        assert response.status_code == 404
        assert case.reference.encode() not in response.content
    # Interpreters reach neither the coordinator's nor the administrator's pages and endpoints.
    assert client.get(f"/en/work/cases/{case.reference}/interpreters/").status_code == 403
    assert client.get("/en/work/subsidy/").status_code == 403
    assert rival.get(f"/api/v1/interpreting/cases/{case.reference}/bookings/").status_code in (403, 404)
    assert rival.get("/api/v1/interpreting/interpreters/").status_code == 403
    booking.refresh_from_db()
    assert booking.status == InterpreterBooking.Status.REQUESTED


@pytest.mark.parametrize("role", [Role.PROVIDER_STAFF, Role.FACILITATOR_STAFF, Role.PARTNER_STAFF, Role.PATIENT])
def test_other_roles_reach_no_interpreting_page_or_endpoint(client, directory, coordinator, scheduled, interpreter, role):
    case, appointment = scheduled
    booking = book(appointment, interpreter, coordinator)
    organization = {
        Role.PROVIDER_STAFF: directory["derm"],
        Role.FACILITATOR_STAFF: None,
        Role.PARTNER_STAFF: directory["hotel"],
        Role.PATIENT: None,
    }[role]
    if role == Role.FACILITATOR_STAFF:
        from tests import factories

        organization = factories.partner("facilitator", slug="agency")
    user = case.patient if role == Role.PATIENT else make_user(f"user-{role}", role, organization)
    client.force_login(user)
    for url in (f"/en/work/cases/{case.reference}/interpreters/", "/en/work/interpreting/", "/en/work/subsidy/"):
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert b"Interpreter olga" not in response.content
    assert client.post("/en/work/interpreting/", {"action": "accept", "booking": booking.id}).status_code == 403
    api = api_for(user)
    for url in (
        "/api/v1/interpreting/interpreters/",
        f"/api/v1/interpreting/cases/{case.reference}/bookings/",
        "/api/v1/interpreting/my/bookings/",
        "/api/v1/interpreting/subsidy/programs/",
        "/api/v1/interpreting/subsidy/claims/",
    ):
        response = api.get(url)
        assert response.status_code in (403, 404), url
        assert b"olga" not in response.content
    assert api.post(f"/api/v1/interpreting/my/bookings/{booking.id}/accept/").status_code == 403
    assert api.post(f"/api/v1/interpreting/bookings/{booking.id}/cancel/").status_code == 403


def test_coordinators_cannot_decide_claims(client, coordinator, scheduled, interpreter):
    program = make_program()
    _case, appointment = scheduled
    booking = book(appointment, interpreter, coordinator)
    services.booking_accept(booking_id=booking.id, actor=interpreter.user)
    move_to_past(booking, minutes=60)
    log(booking, "1")
    claim = SubsidyClaim.objects.get()
    client.force_login(coordinator)
    assert client.get("/en/work/subsidy/").status_code == 403
    assert client.post("/en/work/subsidy/", {"action": "approve", "claim": claim.id}).status_code == 403
    assert client.get(f"/en/work/subsidy/{program.id}/report/?format=csv").status_code == 403
    hub = api_for(coordinator)
    assert hub.post(f"/api/v1/interpreting/subsidy/claims/{claim.id}/approve/").status_code == 403
    assert hub.post(f"/api/v1/interpreting/subsidy/claims/{claim.id}/reject/", {"reason": "no"}).status_code == 403
    assert hub.get("/api/v1/interpreting/subsidy/claims/").status_code == 403
    assert hub.get(f"/api/v1/interpreting/subsidy/programs/{program.id}/report/?format=csv").status_code == 403
    claim.refresh_from_db()
    assert claim.status == SubsidyClaim.Status.PENDING


def test_a_superuser_may_decide_claims(admin_user, client, coordinator, scheduled, interpreter):
    make_program()
    _case, appointment = scheduled
    booking = book(appointment, interpreter, coordinator)
    services.booking_accept(booking_id=booking.id, actor=interpreter.user)
    move_to_past(booking, minutes=60)
    log(booking, "1")
    claim = SubsidyClaim.objects.get()
    client.force_login(admin_user)
    assert client.post("/en/work/subsidy/", {"action": "approve", "claim": claim.id}).status_code == 302
    claim.refresh_from_db()
    assert claim.status == SubsidyClaim.Status.APPROVED


def test_anonymous_visitors_are_sent_to_sign_in(client, scheduled):
    case, _appointment = scheduled
    for url in (f"/en/work/cases/{case.reference}/interpreters/", "/en/work/interpreting/", "/en/work/subsidy/"):
        assert client.get(url).status_code == 302
    assert APIClient().get("/api/v1/interpreting/my/bookings/").status_code in (401, 403)


def test_staff_without_totp_are_refused_by_the_api(db):
    user = make_user("no-mfa", Role.INTERPRETER, mfa=False)
    assert api_for(user).get("/api/v1/interpreting/my/bookings/").status_code == 403
