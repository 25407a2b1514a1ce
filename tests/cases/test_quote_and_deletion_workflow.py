"""Quotes and deletion requests move only as cases/workflow.py declares (decision 0010); a
refused move is the table's translated sentence, and an answered one is final."""

import pytest

from medhub.accounts.models import Role
from medhub.cases import services
from medhub.cases.models import CaseState, DeletionRequest, Quote
from medhub.cases.services import CaseError
from medhub.privacy import services as privacy
from tests.cases.conftest import make_case, make_user
from tests.cases.test_quotes import quote_data, shared  # noqa: F401 - the shared fixture

pytestmark = pytest.mark.django_db


def test_a_declined_quote_cannot_be_accepted(shared, coordinator):  # noqa: F811
    case = shared["case"]
    for institution in (shared["derm"], shared["bora"]):
        services.quote_submit(case_id=case.id, institution_id=institution.id, actor=coordinator, data=quote_data())
    services.case_share_withdraw(case_id=case.id, institution_id=shared["bora"].id, actor=coordinator)
    withdrawn = Quote.objects.get(case=case, institution=shared["bora"])
    assert withdrawn.status == Quote.Status.DECLINED
    case.refresh_from_db()
    assert case.state == CaseState.QUOTED  # the case still takes the other quote
    with pytest.raises(CaseError) as refused:
        services.quote_accept(case_id=case.id, quote_id=withdrawn.id, actor=shared["patient"])
    assert refused.value.messages == ["A quote that is “Declined” cannot become “Accepted”."]
    accepted = Quote.objects.get(case=case, institution=shared["derm"])
    services.quote_accept(case_id=case.id, quote_id=accepted.id, actor=shared["patient"])
    accepted.refresh_from_db()
    assert accepted.status == Quote.Status.ACCEPTED


def test_a_deletion_request_is_decided_once(db):
    admin = make_user("wf-admin", Role.HUB_ADMIN)
    patient = make_user("wf-patient", Role.PATIENT)
    make_case(patient=patient)
    asked = privacy.deletion_request(user=patient, note="Please erase")
    privacy.deletion_decide(request_id=asked.id, actor=admin, approve=False, reason="A case is still open")
    asked.refresh_from_db()
    assert asked.status == DeletionRequest.Status.REFUSED
    with pytest.raises(CaseError) as refused:
        privacy.deletion_decide(request_id=asked.id, actor=admin, approve=True)
    assert refused.value.messages == [
        "A deletion request that is “Refused: personal data kept” cannot become “Approved: personal data erased”."
    ]
    asked.refresh_from_db()
    assert asked.status == DeletionRequest.Status.REFUSED and asked.outcome == {}
