"""The API schema tells the truth: every answer of the case, travel, interpreting and directory
endpoints matches what /api/schema/ promises for it, and none is a server error.

Schemathesis loads the schema from the running WSGI app and sends requests it generates from
that schema, as a signed-in coordinator (a session that passed TOTP), as an institution's staff
and as nobody, with the path parameters pointing at real cases, bookings and quotes so that the
answers are the full ones, not 404s. Few examples per operation, no shrinking, derandomized: the
same requests on every run."""

import datetime

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from medhub.accounts.models import Role
from medhub.cases import services as case_services
from medhub.cases.models import Quote
from tests.cases.conftest import make_case, make_user
from tests.conftest import StaffClient
from tests.interpreting.conftest import book, make_interpreter, make_program, scheduled_case, worked_booking
from tests.travel.conftest import add_patient_traveller, with_trip

pytestmark = pytest.mark.django_db

CHECKS = [response_schema_conformance, not_a_server_error]
# A CSRF secret the test sends as both cookie and header, as a browser page would.
CSRF = "a" * 32
EXAMPLES = hypothesis_settings(
    max_examples=5,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
OFFERING = "sora-laser-toning"
COVERED = ("/api/v1/cases", "/api/v1/inquiries", "/api/v1/travel", "/api/v1/interpreting", "/api/v1/institutions")
COVERED += ("/api/v1/offerings", "/api/v1/specialties", "/api/v1/practitioners", "/api/v1/partners")


@pytest.fixture
def world(directory):
    """A scheduled case with a trip, a traveller, an interpreter booked and one who worked, a
    subsidy program; and a fresh inquiry nobody has triaged (no specialty, no owner yet)."""
    coordinator = make_user("coord", Role.COORDINATOR)
    case, appointment = scheduled_case(directory, coordinator, reference="HB-SCHEMA")
    case_services.message_post(case_id=case.id, author=coordinator, body="Welcome", language="en", attachments=[])
    travel_world = {"case": case, "coordinator": coordinator, "arrival": datetime.date.today() + datetime.timedelta(days=10)}
    with_trip(travel_world)
    add_patient_traveller(travel_world)
    make_program()
    booking = book(appointment, make_interpreter("olga", ("ja", "ru")), coordinator)
    worked_booking(appointment, make_interpreter("mina", ("ja",)), coordinator)
    untriaged = make_case(reference="HB-FRESH")
    return {
        "case": case,
        "untriaged": untriaged,
        "coordinator": coordinator,
        "provider": make_user("derm-staff", Role.PROVIDER_STAFF, directory["derm"]),
        "patient": case.patient,
        "interpreter": booking.interpreter.user,
        "hub_admin": make_user("hub-admin", Role.HUB_ADMIN),
        "path": {
            "reference": case.reference,
            "quote_id": Quote.objects.filter(case=case).values_list("id", flat=True).first(),
            "booking_id": booking.id,
            "slug": directory["derm"].slug,
            "code": "dermatology",
        },
    }


def cookies_of(user) -> dict:
    if user is None:
        return {"csrftoken": CSRF}
    client = StaffClient()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}


@pytest.fixture
def api_schema():
    # As Django's own test client does: the start and end of a request must not close the
    # database connection that holds the test's transaction.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", WSGIHandler())
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def operations(schema):
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith(COVERED):
            yield operation


def failures_of(operation, *, cookies: dict, path_parameters: dict) -> str | None:
    known = {name: value for name, value in path_parameters.items() if name in operation.path_parameters}
    if operation.path.startswith("/api/v1/offerings/"):
        known["slug"] = OFFERING

    @EXAMPLES
    @given(case=operation.as_strategy(path_parameters=known))
    def run(case):
        case.call_and_validate(cookies=cookies, headers={"X-CSRFToken": CSRF, "Accept-Language": "en"}, checks=CHECKS)

    try:
        run()
    except (Exception, BaseExceptionGroup) as exc:  # each operation's failure is collected and reported together
        return f"{operation.method.upper()} {operation.path}: {exc}"
    return None


@pytest.mark.parametrize("who", ["anonymous", "coordinator", "provider", "patient", "interpreter", "hub_admin"])
def test_every_answer_matches_the_schema(world, api_schema, who):
    cookies = cookies_of(world.get(who))
    covered = list(operations(api_schema))
    assert len(covered) > 40
    failed = [
        failure for operation in covered if (failure := failures_of(operation, cookies=cookies, path_parameters=world["path"]))
    ]
    assert not failed, "\n\n".join(failed)


def test_a_case_nobody_has_triaged_has_a_null_owner_and_specialty_the_schema_allows(world, api_schema):
    operation = api_schema["/api/v1/cases/{reference}/"]["GET"]
    cookies = cookies_of(world["coordinator"])
    case = operation.Case(path_parameters={"reference": world["untriaged"].reference})
    response = case.call_and_validate(cookies=cookies, checks=CHECKS)
    assert response.status_code == 200
    assert response.json()["owner"] is None
    assert response.json()["specialty"] is None


def test_an_institution_is_promised_no_contact_details_and_gets_none(world, api_schema, client):
    schema = api_schema.raw_schema["components"]["schemas"]
    institution_view = schema["CaseForInstitution"]
    for field in ("full_name", "contact_email", "messenger", "messenger_handle", "residence_country", "time_zone"):
        assert field not in institution_view["properties"]
        assert field in schema["Case"]["properties"]
    client.force_login(world["provider"])
    for url in (f"/api/v1/cases/{world['case'].reference}/", "/api/v1/cases/"):
        body = client.get(url).json()
        item = body["results"][0] if "results" in body else body
        assert item["reference"] == world["case"].reference
        assert not {"full_name", "contact_email", "messenger_handle"} & set(item)
