"""Who may give feedback and when: only the patient of a case whose treatment is over (aftercare
or closed), about the institution whose quote they accepted; every role and an outsider, on the
page and the API."""

import pytest

from medhub.accounts.models import Role
from medhub.cases import workflow
from medhub.cases.models import CaseState
from medhub.feedback.models import Feedback
from medhub.feedback.selectors import AFTER_TREATMENT, cases_awaiting_feedback, eligibility
from tests.cases.conftest import make_user
from tests.feedback.conftest import RATINGS, api_as, treated_case

pytestmark = pytest.mark.django_db


def payload():
    return {**RATINGS, "paid_amount": 1_500_000, "paid_currency": "KRW", "language": "en"}


def test_closed_is_reached_only_after_treatment():
    # "Closed after treatment" relies on the case workflow: only these states lead to "closed".
    into_closed = {state for state, targets in workflow.CASE.transitions.items() if CaseState.CLOSED in targets}
    assert into_closed == {CaseState.IN_TREATMENT, CaseState.AFTERCARE}
    assert set(AFTER_TREATMENT) == {CaseState.AFTERCARE, CaseState.CLOSED}


@pytest.mark.parametrize("state", [CaseState.ACCEPTED, CaseState.SCHEDULED, CaseState.IN_TREATMENT])
def test_no_feedback_before_the_treatment_is_over(client, directory, coordinator, state):
    case, patient = treated_case(directory, coordinator, state=state)
    verdict = eligibility(patient, case)
    assert not verdict.allowed and verdict.code == "not_treated"
    refused = api_as(patient).post(f"/api/v1/cases/{case.reference}/feedback/", payload(), format="json")
    assert refused.status_code == 400 and "treatment is over" in refused.content.decode()
    client.force_login(patient)
    page = client.get(f"/en/cases/{case.reference}/feedback/").content.decode()
    assert "Send feedback" not in page and "treatment is over" in page
    assert client.post(f"/en/cases/{case.reference}/feedback/", {**payload()}).status_code == 400
    assert not Feedback.objects.exists()


def test_a_cancelled_case_takes_no_feedback(directory, coordinator):
    case, patient = treated_case(directory, coordinator, state=CaseState.ACCEPTED)
    from medhub.cases.services import case_end

    case_end(case_id=case.id, to_state=CaseState.CANCELLED, actor=patient, reason="Changed my plans")
    case.refresh_from_db()
    assert eligibility(patient, case).code == "not_treated"


@pytest.mark.parametrize("role", ["coordinator", "hub_admin", "derm_staff", "other_patient", "agency"])
def test_only_the_patient_gives_feedback(client, directory, treated, role, coordinator, hub_admin, derm_staff):
    case, _patient = treated
    user = {
        "coordinator": coordinator,
        "hub_admin": hub_admin,
        "derm_staff": derm_staff,
        "other_patient": make_user("someone-else", Role.PATIENT),
        "agency": make_user("agency-staff", Role.FACILITATOR_STAFF, directory["hotel"]),
    }[role]
    response = api_as(user).post(f"/api/v1/cases/{case.reference}/feedback/", payload(), format="json")
    # Those who may see the case are refused; the others do not learn it exists.
    assert response.status_code == (403 if role in ("coordinator", "hub_admin", "derm_staff") else 404)
    client.force_login(user)
    page = client.post(f"/en/cases/{case.reference}/feedback/", {k: str(v) for k, v in payload().items()})
    assert page.status_code in (302, 404)
    if page.status_code == 302:
        assert page.url.endswith("/work/feedback/")
    assert not Feedback.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, treated):
    case, _patient = treated
    page = client.get(f"/en/cases/{case.reference}/feedback/")
    assert page.status_code == 302 and "login" in page.url
    assert client.post(f"/api/v1/cases/{case.reference}/feedback/", payload()).status_code in (401, 403)


def test_the_case_page_calls_for_feedback_only_when_it_can_be_given(client, directory, coordinator):
    case, patient = treated_case(directory, coordinator, state=CaseState.IN_TREATMENT)
    client.force_login(patient)
    assert "Give feedback" not in client.get(f"/en/cases/{case.reference}/").content.decode()
    from medhub.cases.services import case_transition

    case_transition(case_id=case.id, to_state=CaseState.AFTERCARE, actor=coordinator)
    page = client.get(f"/en/cases/{case.reference}/").content.decode()
    assert "Give feedback" in page and f"/en/cases/{case.reference}/feedback/" in page
    api_as(patient).post(f"/api/v1/cases/{case.reference}/feedback/", payload(), format="json")
    page = client.get(f"/en/cases/{case.reference}/").content.decode()
    assert "Give feedback" not in page and "Your feedback on this treatment" in page


def test_my_cases_links_the_cases_awaiting_feedback_in_one_query(client, directory, coordinator, django_assert_max_num_queries):
    case, patient = treated_case(directory, coordinator)
    client.force_login(patient)
    page = client.get("/en/cases/").content.decode()
    assert f"/en/cases/{case.reference}/feedback/" in page
    assert cases_awaiting_feedback(patient, [case.pk]) == {case.pk}
    assert cases_awaiting_feedback(make_user("x", Role.PATIENT), [case.pk]) == set()
    with django_assert_max_num_queries(1):
        assert cases_awaiting_feedback(patient, [case.pk, 10_000]) == {case.pk}


def test_staff_do_not_see_the_patients_call(client, treated, coordinator):
    case, _patient = treated
    client.force_login(coordinator)
    assert "Give feedback" not in client.get(f"/en/work/cases/{case.reference}/").content.decode()
