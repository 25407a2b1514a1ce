import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from medhub.accounts.models import Membership, Role, User
from medhub.cases.models import CONSENT_VERSION, Case
from medhub.core.audit import log_action
from tests import files
from tests.conftest import activate_totp

# Real files: uploads are checked by parsing them (tests/files.py).
PDF = files.pdf_bytes()
PNG = files.png_bytes()


@pytest.fixture
def inquiry_data(directory):
    return inquiry_fields()


def inquiry_fields() -> dict:
    """What a patient types into the inquiry form (the directory must exist for the specialty)."""
    return {
        "full_name": "Айгерим Нурланова",
        "contact_email": "aigerim@example.kz",
        "messenger": "telegram",
        "messenger_handle": "@aigerim",
        "nationality": "KZ",
        "residence_country": "KZ",
        "preferred_language": "ru",
        "time_zone": "Asia/Almaty",
        "problem": "Беспокоят прыщи и пигментация на коже, хочу консультацию дерматолога.",
        # Ahead of today whenever the tests run: the service refuses dates in the past.
        "desired_from": (timezone.localdate() + datetime.timedelta(days=40)).isoformat(),
        "desired_to": (timezone.localdate() + datetime.timedelta(days=50)).isoformat(),
        "budget_amount": "2000",
        "budget_currency": "USD",
        "companions": "1",
        "nhi_member": "no",
        "resident_in_korea": "no",
        "consent_health": "on",
        "consent_transfer": "on",
    }


def pdf(name="report.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make_user(username, role, organization=None, *, mfa=True):
    user = User.objects.create_user(username=username, email=f"{username}@example.com", password="pw-123456789")
    Membership.objects.create(user=user, role=role, organization=organization)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if mfa and role != Role.PATIENT:
        activate_totp(user)
    return user


def make_case(*, patient=None, reference=None, hours_ago=1, **extra):
    now = timezone.now() - datetime.timedelta(hours=hours_ago)
    case = Case.objects.create(
        reference=reference or f"HB-T-{Case.objects.count() + 1:04d}",
        full_name=extra.pop("full_name", "Test Patient"),
        contact_email=extra.pop("contact_email", "patient@example.com"),
        nationality=extra.pop("nationality", "JP"),
        residence_country="JP",
        preferred_language=extra.pop("preferred_language", "ja"),
        problem=extra.pop("problem", "ニキビの治療を受けたい"),
        consent_version=CONSENT_VERSION,
        consent_health_data_at=now,
        consent_transfer_at=now,
        first_response_due=now + datetime.timedelta(hours=24),
        patient=patient,
        **extra,
    )
    log_action(case, "cases.case.created", case=case, data={"to_state": case.state})
    return case


@pytest.fixture
def coordinator(db):
    return make_user("coord", Role.COORDINATOR)


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client
