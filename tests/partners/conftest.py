import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from medhub.accounts.models import Membership, Role, User
from medhub.partners import services
from medhub.partners.forms import ApplicationForm
from medhub.partners.models import Criterion
from tests import files
from tests.conftest import StaffClient, activate_totp, api_token


def make_user(username, role, organization=None, *, mfa=True, language="en"):
    user = User.objects.create_user(
        username=username, email=f"{username}@example.com", password="pw-123456789", preferred_language=language
    )
    Membership.objects.create(user=user, role=role, organization=organization)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if mfa and role != Role.PATIENT:
        activate_totp(user)
    return user


def signed_in(user) -> StaffClient:
    client = StaffClient()
    client.force_login(user)
    return client


def token_header(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {api_token(user)}"}


def pdf(name="certificate.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, files.pdf_bytes(), content_type="application/pdf")


def in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def fields(kind="facilitator", **extra) -> dict:
    """What an applicant types, for each kind (without the files)."""
    data = {
        "kind": kind,
        "name": "Steppe Bridge Medical Travel",
        "name_ko": "스텝브리지 메디컬",
        "address": "서울특별시 서하구 테헤란로 101",
        "phone": "02-555-0101",
        "email": "office@steppe-bridge.example",
        "website": "https://steppe-bridge.example",
        "registration_number": "F-2025-0042",
        "contact_name": "Батбаяр Дорж",
        "contact_email": "batbayar@steppe-bridge.example",
        "contact_phone": "+976 9911 2233",
        "contact_language": "mn",
    }
    if kind == "institution":
        data.update(
            name="Haneul Skin Clinic",
            name_ko="하늘 피부과의원",
            institution_class="clinic",
            registration_number="M-2024-0777",
            registration_date=in_days(-200),
            insurance_cover_krw="150000000",
            insurance_expires=in_days(300),
        )
    elif kind == "facilitator":
        data.update(
            registration_date=in_days(-100),
            surety_amount_krw="100000000",
            surety_expires=in_days(250),
            capital_krw="120000000",
        )
    else:
        data.update(name="Maru Guesthouse", name_ko="마루 게스트하우스", registration_number="")
    data.update(extra)
    return data


DOCUMENTS = {
    "institution": ("fp_registration", "malpractice_insurance"),
    "facilitator": ("agency_registration", "surety_insurance"),
    "hotel": ("business_registration",),
    "restaurant": ("business_registration",),
    "shop": ("business_registration",),
    "transport": ("business_registration",),
}


def with_documents(data: dict) -> dict:
    return {**data, **{f"document_{kind}": pdf(f"{kind}.pdf") for kind in DOCUMENTS[data["kind"]]}}


def submit(kind="facilitator", *, client_address="10.0.0.1", **extra):
    """An application sent through the service, as the page would (form, then service)."""
    data = fields(kind, **extra)
    uploads = {f"document_{k}": pdf(f"{k}.pdf") for k in DOCUMENTS[kind]}
    form = ApplicationForm(data, uploads, language="en")
    assert form.is_valid(), form.errors
    return services.application_submit(
        data=form.cleaned_data, documents=form.cleaned_data["documents"], language="en", client=client_address
    )


@pytest.fixture(autouse=True)
def _roomy_door(settings):
    # Tests send many applications from one address; the throttle's own tests set their limit.
    settings.MEDHUB_THROTTLES = {**settings.MEDHUB_THROTTLES, "partner-application": (1000, 3600)}


@pytest.fixture
def hub(directory):
    """The small hub with an administrator, two coordinators and the screening criteria."""
    admin = make_user("hubadmin", Role.HUB_ADMIN, language="ko")
    coordinator = make_user("coord", Role.COORDINATOR)
    second = make_user("coord2", Role.COORDINATOR, language="ru")
    provider = make_user("provider", Role.PROVIDER_STAFF, directory["derm"])
    patient = make_user("patient", Role.PATIENT, mfa=False)
    interpreter = make_user("interpreter", Role.INTERPRETER)
    agency = make_user("agency", Role.FACILITATOR_STAFF, directory["hotel"])
    quality = Criterion.objects.create(name={"en": "Quality of care", "ko": "진료 품질"}, weight=2, max_score=5, position=1)
    languages = Criterion.objects.create(name={"en": "Languages served"}, weight=1, max_score=10, position=2)
    return {
        **directory,
        "admin": admin,
        "coordinator": coordinator,
        "second": second,
        "provider": provider,
        "patient": patient,
        "interpreter": interpreter,
        "agency": agency,
        "quality": quality,
        "languages": languages,
    }
