import pytest

from medhub.accounts.models import Membership, Role
from medhub.directory.models import Organization
from tests.cases.conftest import make_user
from tests.conftest import StaffClient, api_token


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }


@pytest.fixture
def world(directory):
    """The small hub, an agency, and one user of every role (staff with TOTP)."""
    agency = Organization.objects.create(
        kind=Organization.Kind.FACILITATOR,
        slug="bridge-agency",
        name={"en": "Bridge Medical Travel", "ko": "브리지 메디컬 트래블"},
        registration_number="F-00001",
    )
    people = {
        "provider": make_user("derm-staff", Role.PROVIDER_STAFF, directory["derm"]),
        "spine_staff": make_user("spine-staff", Role.PROVIDER_STAFF, directory["spine"]),
        "agency_staff": make_user("agency-staff", Role.FACILITATOR_STAFF, agency),
        "hotel_staff": make_user("hotel-staff", Role.PARTNER_STAFF, directory["hotel"]),
        "admin": make_user("hubadmin", Role.HUB_ADMIN),
        "coordinator": make_user("coord", Role.COORDINATOR),
        "interpreter": make_user("interp", Role.INTERPRETER),
        "patient": make_user("patient", Role.PATIENT),
    }
    people["provider"].preferred_language = "ko"
    people["provider"].save()
    people["admin"].preferred_language = "ru"
    people["admin"].save()
    return {**directory, "agency": agency, **people}


def signed_in(user) -> StaffClient:
    client = StaffClient()
    client.force_login(user)
    return client


def api_client(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}", HTTP_ACCEPT_LANGUAGE="en")
    return client


def add_membership(user, role, organization):
    Membership.objects.create(user=user, role=role, organization=organization)
