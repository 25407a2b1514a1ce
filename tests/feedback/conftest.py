"""Treated cases to give feedback on: a patient whose accepted quote came from the dermatology
clinic (``directory["derm"]``), moved through the case workflow to aftercare."""

import datetime
import itertools

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from medhub.accounts.models import Role
from medhub.cases import services as cases
from medhub.cases.models import CaseState
from medhub.core.models import HubSettings
from medhub.core.selectors import clear_caches
from tests.cases.conftest import make_case, make_user
from tests.conftest import api_token

_numbers = itertools.count(1)

RATINGS = {"communication": 5, "interpretation": 4, "facilities": 4, "result": 5, "price_honesty": 3}


def treated_case(directory, coordinator, *, institution=None, state=CaseState.AFTERCARE, total=1_500_000, currency="KRW"):
    """A case of a new patient, its quote (``total`` in ``currency``) accepted, moved on to ``state``."""
    number = next(_numbers)
    institution = institution or directory["derm"]
    patient = make_user(f"treated-{number}", Role.PATIENT)
    case = make_case(patient=patient, reference=f"HB-FB-{number:03d}")
    specialty = institution.specialties.order_by("position").first()
    cases.case_triage(case_id=case.id, specialty=specialty, actor=coordinator)
    cases.case_share(case_id=case.id, institution_ids=[institution.id], actor=coordinator)
    version = cases.quote_submit(
        case_id=case.id,
        institution_id=institution.id,
        actor=coordinator,
        data={
            "plan": "Laser treatment in three sessions.",
            "items": [("Consultation", 100_000), ("Treatment", total - 100_000)],
            "currency": currency,
            "valid_until": timezone.localdate() + datetime.timedelta(days=30),
        },
    )
    cases.quote_accept(case_id=case.id, quote_id=version.quote_id, actor=patient)
    path = [CaseState.SCHEDULED, CaseState.IN_TREATMENT, CaseState.AFTERCARE, CaseState.CLOSED]
    if state in path:
        for step in path[: path.index(state) + 1]:
            cases.case_transition(case_id=case.id, to_state=step, actor=coordinator)
    case.refresh_from_db()
    return case, patient


def publish(level: str) -> None:
    HubSettings.objects.filter(pk=1).update(feedback_publishing=level)
    clear_caches()


def api_as(user) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}", HTTP_ACCEPT_LANGUAGE="en")
    return api


@pytest.fixture
def coordinator(db):
    return make_user("coord", Role.COORDINATOR)


@pytest.fixture
def hub_admin(db):
    return make_user("hubadmin", Role.HUB_ADMIN)


@pytest.fixture
def derm_staff(directory):
    return make_user("derm-staff", Role.PROVIDER_STAFF, directory["derm"])


@pytest.fixture
def spine_staff(directory):
    return make_user("spine-staff", Role.PROVIDER_STAFF, directory["spine"])


@pytest.fixture
def treated(directory, coordinator):
    return treated_case(directory, coordinator)
