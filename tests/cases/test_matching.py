"""Matching a triaged case to institutions, and sharing it with the chosen ones."""

import datetime

import pytest
from django.utils import timezone

from medhub.accounts.models import Role
from medhub.cases import services
from medhub.cases.models import CaseState
from medhub.cases.selectors import recommend_institutions
from medhub.cases.services import CaseError
from medhub.core.models import LogEntry
from tests.cases.conftest import make_case, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def triaged(directory, coordinator):
    case = make_case(
        preferred_language="ru", problem="акне", budget_amount=200, budget_currency="USD", contact_email="secret@example.kz"
    )
    services.case_triage(case_id=case.id, specialty=directory["specialties"]["dermatology"], actor=coordinator)
    case.refresh_from_db()
    return case


def test_recommendations_explain_themselves(triaged, directory):
    recs = recommend_institutions(triaged)
    assert [r.institution.slug for r in recs] == ["sora-dermatology"]
    codes = recs[0].codes
    assert {"specialty", "language", "accreditation", "price", "valid"} <= set(codes)


def test_lapsed_insurance_or_registration_is_never_recommended(triaged, directory):
    derm = directory["derm"]
    derm.insurance_expires = timezone.localdate() - datetime.timedelta(days=1)
    derm.save()
    assert recommend_institutions(triaged) == []
    # The lapsed-registration dermatology clinic in the fixture was never a candidate either.
    assert "yesnal-dermatology" not in [r.institution.slug for r in recommend_institutions(triaged)]


def test_coordinator_shares_with_chosen_institutions(coordinator_client, triaged, directory):
    response = coordinator_client.post(
        f"/en/work/cases/{triaged.reference}/", {"share": "1", "institution": [str(directory["derm"].id)]}
    )
    assert response.status_code == 302
    triaged.refresh_from_db()
    assert triaged.state == CaseState.SHARED
    assert list(triaged.shares.values_list("institution__slug", flat=True)) == ["sora-dermatology"]
    assert LogEntry.objects.filter(case_id=triaged.id, action="cases.case.shared").count() == 1


def test_only_recommended_institutions_can_be_chosen(triaged, directory, coordinator):
    with pytest.raises(CaseError):
        services.case_share(case_id=triaged.id, institution_ids=[directory["spine"].id], actor=coordinator)
    assert not triaged.shares.exists()


def test_shared_institution_sees_only_its_cases_and_no_contact_details(client, triaged, directory, coordinator):
    services.case_share(case_id=triaged.id, institution_ids=[directory["derm"].id], actor=coordinator)
    other_case = make_case(reference="HB-OTHER", problem="not yours")
    provider = make_user("derm-staff", Role.PROVIDER_STAFF, directory["derm"])
    client.force_login(provider)
    inbox = client.get("/en/work/inbox/").content.decode()
    assert triaged.reference in inbox and "HB-OTHER" not in inbox
    page = client.get(f"/en/work/inbox/{triaged.reference}/").content.decode()
    assert "акне" in page
    assert "secret@example.kz" not in page
    assert client.get(f"/en/work/inbox/{other_case.reference}/").status_code == 404
    assert client.get("/en/work/cases/").status_code == 403


def test_another_institution_sees_nothing(client, triaged, directory, coordinator):
    services.case_share(case_id=triaged.id, institution_ids=[directory["derm"].id], actor=coordinator)
    rival = make_user("dental-staff", Role.PROVIDER_STAFF, directory["dental"])
    client.force_login(rival)
    assert triaged.reference not in client.get("/en/work/inbox/").content.decode()
    for url in [f"/en/work/inbox/{triaged.reference}/", f"/en/cases/{triaged.reference}/"]:
        response = client.get(url)
        assert response.status_code == 404
        assert "акне" not in response.content.decode()


def test_sharing_an_untriaged_case_is_refused(directory, coordinator):
    case = make_case()
    with pytest.raises(CaseError):
        services.case_share(case_id=case.id, institution_ids=[directory["derm"].id], actor=coordinator)
