"""Where a case stands: the journey (cases.journey) on the patient's page, the staff pages and
the API, derived in one place from the case's state, quotes, shares and trip."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from medhub.accounts.models import Role
from medhub.cases import services
from medhub.cases.journey import STEP_CODES, Facts, journey
from medhub.cases.models import CaseState
from tests import factories
from tests.cases.conftest import make_case, make_user
from tests.cases.test_api import api_for
from tests.cases.test_quotes import quote_data, shared  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def statuses(data) -> dict:
    return {s["code"]: s["status"] for s in data["steps"]}


@pytest.mark.parametrize("state", CaseState.values)
def test_every_state_has_a_journey_even_with_nothing_known(state):
    case = make_case(state=state)
    j = journey(case, facts=Facts())
    assert [s.code for s in j.steps] == STEP_CODES
    assert j.next_text and j.waiting_text
    assert j.ended == (state in ("closed", "declined", "cancelled", "lost"))
    assert sum(s.status == "current" for s in j.steps) == (0 if j.ended else 1)


def test_new_inquiry_waits_on_the_patient_until_the_email_is_confirmed_then_on_the_hub(client):
    patient = make_user("pat", Role.PATIENT)
    case = make_case(patient=patient)
    client.force_login(patient)
    page = client.get(f"/en/cases/{case.reference}/").content.decode()
    assert 'class="steps"' in page and 'class="step is-current" aria-current="step"' in page
    assert "Confirm your email address" in page
    case.email_verified_at = timezone.now()
    case.save()
    page = client.get(f"/en/cases/{case.reference}/").content.decode()
    assert "The hub is reviewing your inquiry — usually within 24 hours." in page
    me = APIClient()
    me.force_authenticate(patient)
    data = me.get(f"/api/v1/cases/{case.reference}/").json()["journey"]
    assert data["step"] == "inquiry" and data["waiting_on"] == "hub" and not data["ended"]
    assert statuses(data)["inquiry"] == "current" and statuses(data)["quotes"] == "todo"


def test_shared_case_says_how_many_clinics_are_preparing_quotes(client, shared):  # noqa: F811
    client.force_login(shared["patient"])
    page = client.get(f"/en/cases/{shared['case'].reference}/").content.decode()
    assert "2 clinics are reviewing your case and preparing quotes." in page
    me = APIClient()
    me.force_authenticate(shared["patient"])
    data = me.get(f"/api/v1/cases/{shared['case'].reference}/").json()["journey"]
    assert data["step"] == "reviewing" and data["waiting_on"] == "institutions"
    assert statuses(data)["inquiry"] == "done" and statuses(data)["reviewing"] == "current"


def test_quotes_to_compare_put_the_next_step_with_the_patient_on_every_page(client, shared, coordinator):  # noqa: F811
    case = shared["case"]
    for institution in (shared["derm"], shared["bora"]):
        services.quote_submit(case_id=case.id, institution_id=institution.id, actor=coordinator, data=quote_data())
    client.force_login(shared["patient"])
    page = client.get(f"/en/cases/{case.reference}/").content.decode()
    assert "You have 2 quotes to compare — the next step is yours" in page
    # Staff see the same at a glance: the coordinator's page and board, the institution's inbox.
    client.force_login(coordinator)
    for url in (f"/en/work/cases/{case.reference}/", "/en/work/cases/"):
        page = client.get(url).content.decode()
        assert "journey-badge" in page and "Waiting on the patient" in page, url
    staff = make_user("derm-staff", Role.PROVIDER_STAFF, shared["derm"])
    client.force_login(staff)
    page = client.get(f"/en/work/inbox/{case.reference}/").content.decode()
    assert "journey-badge" in page and "Waiting on the patient" in page
    # The API says it too, to the patient and to an institution (which is told no counts).
    data = api_for(coordinator).get(f"/api/v1/cases/{case.reference}/").json()["journey"]
    assert data["step"] == "quotes" and data["waiting_on"] == "patient"
    institution = api_for(staff).get(f"/api/v1/cases/{case.reference}/").json()["journey"]
    assert institution["step"] == "quotes" and "2" not in institution["next"]


def test_the_referring_agency_sees_where_the_case_stands(client, directory):
    agency = factories.partner("facilitator", slug="agency")
    agent = make_user("agent", Role.FACILITATOR_STAFF, agency)
    case = make_case(referred_by=agency, state=CaseState.ACCEPTED)
    client.force_login(agent)
    page = client.get(f"/en/work/referrals/{case.reference}/").content.decode()
    assert "journey-badge" in page and "Waiting on the hub" in page


def test_trip_dates_say_when_the_patient_arrives():
    case = make_case(state=CaseState.SCHEDULED)
    arrival = timezone.localdate() + datetime.timedelta(days=10)
    j = journey(case, facts=Facts(arrival=arrival, departure=arrival + datetime.timedelta(days=5)))
    assert j.current == "trip" and j.waiting_on == "hub"
    assert "You arrive in 10 days" in j.next_text and str(arrival.year) in j.next_text
    j = journey(case, facts=Facts())
    assert j.waiting_on == "hub"
    j = journey(case)  # read from the database: no trip yet, so the patient is asked for dates
    assert j.waiting_on == "patient" and "travel dates" in j.next_text


def test_an_ended_case_keeps_the_steps_it_reached(shared, coordinator):  # noqa: F811
    case = services.case_end(case_id=shared["case"].id, to_state=CaseState.DECLINED, actor=coordinator, reason="No slot")
    j = journey(case)
    assert j.ended and j.current == "" and j.waiting_on == "nobody"
    assert [s.status for s in j.steps][:3] == ["done", "todo", "todo"]  # it stopped while specialists reviewed
    assert "No slot" in j.next_text  # the patient reads the reason where the case stands
