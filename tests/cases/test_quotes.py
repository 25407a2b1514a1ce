"""Institutions answer shared cases with versioned, itemized quotes; the patient compares and
accepts one."""

import datetime

import pytest
from django.utils import timezone

from medhub.accounts.models import Role
from medhub.cases import services
from medhub.cases.models import CaseState, Quote
from medhub.cases.services import CaseError
from medhub.core.models import LogEntry
from tests import factories
from tests.cases.conftest import make_case, make_user

pytestmark = pytest.mark.django_db


def quote_data(**extra):
    return {
        "plan": "Laser toning, three sessions over a week.",
        "items": [("Consultation", 50_000), ("Laser toning x3", 450_000)],
        "currency": "KRW",
        "included": "Medication",
        "excluded": "Airfare",
        "valid_until": timezone.localdate() + datetime.timedelta(days=30),
        "stay_days": 7,
        "recovery_days": 1,
        "commission_percent": None,
        **extra,
    }


@pytest.fixture
def shared(directory, coordinator):
    patient = make_user("pat", Role.PATIENT)
    case = make_case(patient=patient, preferred_language="en", budget_amount=1000, budget_currency="USD")
    services.case_triage(case_id=case.id, specialty=directory["specialties"]["dermatology"], actor=coordinator)
    second = factories.institution(
        name={"en": "Bora Skin Clinic"},
        specialties=[directory["specialties"]["dermatology"]],
        languages=("ko", "en"),
        slug="bora",
    )
    services.case_share(case_id=case.id, institution_ids=[directory["derm"].id, second.id], actor=coordinator)
    case.refresh_from_db()
    return {"case": case, "patient": patient, "derm": directory["derm"], "bora": second}


def test_first_quote_moves_the_case_and_a_revision_is_a_new_version(shared, coordinator):
    case = shared["case"]
    services.quote_submit(case_id=case.id, institution_id=shared["derm"].id, actor=coordinator, data=quote_data())
    case.refresh_from_db()
    assert case.state == CaseState.QUOTED
    services.quote_submit(
        case_id=case.id,
        institution_id=shared["derm"].id,
        actor=coordinator,
        data=quote_data(items=[("Consultation", 50_000), ("Laser toning x3", 400_000)], stay_days=6),
    )
    quote = Quote.objects.get(case=case, institution=shared["derm"])
    assert [v.number for v in quote.versions.all()] == [1, 2]
    assert quote.versions.get(number=1).total == 500_000  # the first version is kept as it was
    revised = LogEntry.objects.get(case_id=case.id, action="cases.quote.revised")
    fields = {c["field"] for c in revised.data["changes"]}
    assert fields == {"item", "total", "stay_days"}


def test_an_institution_cannot_quote_a_case_not_shared_with_it(shared, directory, coordinator):
    with pytest.raises(CaseError):
        services.quote_submit(
            case_id=shared["case"].id, institution_id=directory["spine"].id, actor=coordinator, data=quote_data()
        )


@pytest.mark.parametrize(
    ("klass", "percent", "ok"),
    [("clinic", "30", True), ("clinic", "30.01", False), ("tertiary-hospital", "15.5", False), ("hospital", "20", True)],
)
def test_facilitator_commission_is_checked_against_the_legal_cap(shared, directory, coordinator, klass, percent, ok):
    from decimal import Decimal

    case = shared["case"]
    facilitator = factories.partner("facilitator", slug="agency")
    case.referred_by = facilitator
    case.save()
    derm = shared["derm"]
    derm.institution_class = klass
    derm.save()
    data = quote_data(commission_percent=Decimal(percent))
    if ok:
        version = services.quote_submit(case_id=case.id, institution_id=derm.id, actor=coordinator, data=data)
        assert version.commission_percent == Decimal(percent)
    else:
        with pytest.raises(CaseError, match="commission"):
            services.quote_submit(case_id=case.id, institution_id=derm.id, actor=coordinator, data=data)


def test_patient_compares_side_by_side_in_their_currency_and_accepts_one(client, shared, coordinator):
    case = shared["case"]
    services.quote_submit(case_id=case.id, institution_id=shared["derm"].id, actor=coordinator, data=quote_data())
    services.quote_submit(
        case_id=case.id, institution_id=shared["bora"].id, actor=coordinator, data=quote_data(items=[("Package", 700_000)])
    )
    client.force_login(shared["patient"])
    page = client.get(f"/en/cases/{case.reference}/").content.decode()
    assert page.count('class="card quote"') == 2
    assert "₩500,000" in page and "₩700,000" in page  # written the reader's way (CLDR), not "500000 KRW"
    assert "$357" in page and "$500" in page  # at the fixture's 1,400 KRW per USD
    bora_quote = Quote.objects.get(institution=shared["bora"])
    response = client.post(f"/en/cases/{case.reference}/", {"accept": str(bora_quote.id), "confirmed": "yes"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.ACCEPTED
    assert Quote.objects.get(institution=shared["bora"]).status == Quote.Status.ACCEPTED
    other = Quote.objects.get(institution=shared["derm"])
    assert other.status == Quote.Status.DECLINED and other.decline_reason


def test_an_expired_quote_cannot_be_accepted(client, shared, coordinator):
    case = shared["case"]
    version = services.quote_submit(case_id=case.id, institution_id=shared["derm"].id, actor=coordinator, data=quote_data())
    type(version).objects.filter(pk=version.pk).update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(shared["patient"])
    response = client.post(f"/en/cases/{case.reference}/", {"accept": str(version.quote_id), "confirmed": "yes"})
    assert response.status_code == 400
    assert "expired" in response.content.decode()


def test_provider_sends_a_quote_from_the_inbox_and_bad_items_get_line_errors(client, shared):
    staff = make_user("derm-staff", Role.PROVIDER_STAFF, shared["derm"])
    client.force_login(staff)
    url = f"/en/work/inbox/{shared['case'].reference}/"
    form = {
        "plan": "Plan",
        "items": "Consultation | 50000\nLaser | lots",
        "currency": "KRW",
        "valid_until": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
        "stay_days": "3",
        "recovery_days": "1",
    }
    response = client.post(url, form)
    assert response.status_code == 400
    assert "Line 2" in response.content.decode()
    response = client.post(url, {**form, "items": "Consultation | 50,000\nLaser | 300000"})
    assert response.status_code == 302
    quote = Quote.objects.get(institution=shared["derm"])
    assert quote.versions.get().total == 350_000
    # The other institution's quote stays invisible to this one.
    rival = make_user("bora-staff", Role.PROVIDER_STAFF, shared["bora"])
    client.force_login(rival)
    assert "350000" not in client.get(f"/en/work/inbox/{shared['case'].reference}/").content.decode()


def test_without_a_budget_currency_quotes_show_in_the_visitors_currency(client, shared, coordinator):
    case = shared["case"]
    case.budget_amount, case.budget_currency = None, ""
    case.save()
    services.quote_submit(case_id=case.id, institution_id=shared["derm"].id, actor=coordinator, data=quote_data())
    client.force_login(shared["patient"])
    assert "$357" in client.get(f"/en/cases/{case.reference}/").content.decode()  # the hub's default currency
    assert "¥52,632" in client.get(f"/en/cases/{case.reference}/", {"currency": "JPY"}).content.decode()
