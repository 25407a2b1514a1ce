"""The automatic checks reviewers see: the registry, the law's minimums, documents, dates."""

import datetime

import pytest
from django.utils import timezone

from medhub.partners.checks import AGENCY_MINIMUM_SURETY_KRW, run_checks
from medhub.registry.models import RegistryEntry
from medhub.registry.parsing import identity_of, normalize
from tests.partners.conftest import signed_in, submit

pytestmark = pytest.mark.django_db


def entry(kind, name, address, status="active"):
    return RegistryEntry.objects.create(
        kind=kind,
        name=name,
        normalized_name=normalize(name),
        address=address,
        normalized_address=normalize(address),
        status=status,
        identity=identity_of(kind, normalize(name), normalize(address)),
    )


def outcomes(application) -> dict:
    return {check.code: check.outcome for check in run_checks(application)}


def test_without_a_registry_the_check_cannot_tell(directory):
    assert outcomes(submit("facilitator"))["registry"] == "unknown"


def test_an_active_entry_matches_by_kind_and_normalized_name_and_address(directory):
    # The file's spacing and full-width characters differ from what the applicant typed.
    entry("facilitator", "스텝브리지  메디컬", "서울특별시 서하구  테헤란로 １０１")
    entry("institution", "스텝브리지 메디컬", "서울특별시 서하구 테헤란로 101", status="closed")  # another kind
    check = next(c for c in run_checks(submit("facilitator")) if c.code == "registry")
    assert check.outcome == "pass" and "active" in check.detail


def test_a_suspended_or_unknown_body_fails_the_registry_check(directory):
    entry("facilitator", "스텝브리지 메디컬", "서울특별시 서하구 테헤란로 101", status="suspended")
    check = next(c for c in run_checks(submit("facilitator")) if c.code == "registry")
    assert check.outcome == "fail" and "Suspended" in check.detail
    assert outcomes(submit("facilitator", address="부산광역시 해운대구 1"))["registry"] == "fail"


def test_tourism_services_are_not_in_the_registry(directory):
    entry("facilitator", "Somewhere", "Seoul")
    assert outcomes(submit("hotel"))["registry"] == "n/a"


@pytest.mark.parametrize(
    "institution_class, cover, outcome",
    [
        ("clinic", 100_000_000, "pass"),
        ("clinic", 99_999_999, "fail"),
        ("general-hospital", 150_000_000, "fail"),
        ("general-hospital", 200_000_000, "pass"),
    ],
)
def test_malpractice_cover_by_class(directory, institution_class, cover, outcome):
    application = submit("institution", institution_class=institution_class, insurance_cover_krw=str(cover))
    assert outcomes(application)["insurance_minimum"] == outcome


def test_an_agency_needs_surety_and_capital_of_the_minimum(directory):
    good = outcomes(submit("facilitator"))
    assert good["surety_minimum"] == "pass" and good["capital_minimum"] == "pass"
    low = outcomes(submit("facilitator", surety_amount_krw=str(AGENCY_MINIMUM_SURETY_KRW - 1), capital_krw="50000000"))
    assert low["surety_minimum"] == "fail" and low["capital_minimum"] == "fail"


def test_documents_present_and_dates_in_the_future(directory):
    application = submit("institution")
    result = outcomes(application)
    assert result["documents"] == "pass" and result["insurance_valid"] == "pass" and result["registration_valid"] == "pass"
    application.documents.filter(kind="malpractice_insurance").delete()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    application.insurance_expires = yesterday
    application.registration_date = timezone.localdate() - datetime.timedelta(days=3 * 366)
    result = outcomes(application)
    assert result["documents"] == "fail" and result["insurance_valid"] == "fail" and result["registration_valid"] == "fail"


def test_reviewers_see_the_checks_on_the_page_and_in_the_api(hub):
    application = submit("institution", insurance_cover_krw="50000000")
    body = signed_in(hub["coordinator"]).get(f"/en/work/partners/applications/{application.id}/").content.decode()
    assert 'data-check="insurance_minimum" data-outcome="fail"' in body
    data = signed_in(hub["coordinator"]).get(f"/api/v1/partner-applications/{application.id}/?lang=en").json()
    checks = {c["code"]: c for c in data["checks"]}
    assert checks["insurance_minimum"]["outcome"] == "fail" and checks["documents"]["outcome"] == "pass"


def test_a_second_application_for_the_same_body_is_flagged(directory):
    first = submit("facilitator")
    assert outcomes(first)["duplicates"] == "pass"
    second = submit("facilitator", name="Another Name", name_ko="스텝브리지 메디컬")
    check = next(c for c in run_checks(second) if c.code == "duplicates")
    assert check.outcome == "fail" and first.reference in check.detail
    directory["derm"].registration_number = "M-2024-0777"
    directory["derm"].save()
    assert outcomes(submit("institution"))["duplicates"] == "fail"  # the same number as a listed institution


def test_an_approved_application_is_not_its_own_duplicate(hub):
    from medhub.partners import services

    application = submit("facilitator")
    services.application_review_start(application_id=application.id, actor=hub["coordinator"])
    services.application_approve(application_id=application.id, actor=hub["admin"])
    application.refresh_from_db()
    assert outcomes(application)["duplicates"] == "pass"
