import datetime

import pytest
from django.utils import timezone

from medhub.accounts.models import Role
from medhub.complaints import services
from medhub.complaints.models import Complaint
from tests.cases.conftest import make_case, make_user
from tests.conftest import StaffClient


@pytest.fixture
def world(directory):
    patient = make_user("olga", Role.PATIENT)
    patient.preferred_language = "ru"
    patient.save(update_fields=["preferred_language"])
    other_patient = make_user("kenji", Role.PATIENT)
    return {
        **directory,
        "coordinator": make_user("coord", Role.COORDINATOR),
        "hub_admin": make_user("hubadmin", Role.HUB_ADMIN),
        "derm_staff": make_user("derm", Role.PROVIDER_STAFF, directory["derm"]),
        "spine_staff": make_user("spine", Role.PROVIDER_STAFF, directory["spine"]),
        "hotel_staff": make_user("hotelier", Role.PARTNER_STAFF, directory["hotel"]),
        "patient": patient,
        "other_patient": other_patient,
        "case": make_case(patient=patient, reference="HB-T-0001", preferred_language="ru"),
        "other_case": make_case(patient=other_patient, reference="HB-T-0002"),
    }


def signed_in(user) -> StaffClient:
    client = StaffClient()
    client.force_login(user)
    return client


TEXT_RU = "После процедуры лазерной терапии остались ожоги на щеке, клиника не отвечает на мои сообщения."


def file_complaint(world, *, organization=None, category="care", subject="organization", text=TEXT_RU, **extra) -> Complaint:
    """A complaint the patient filed while signed in (received: its clocks run)."""
    data = {
        "category": category,
        "subject": subject,
        "organization": organization if organization is not None else (world["derm"] if subject == "organization" else None),
        "text": text,
        **extra,
    }
    return services.complaint_file(data=data, documents=[], language="ru", filer=world["patient"], client="10.0.0.1")


def age(complaint: Complaint, days: float) -> Complaint:
    """Moves the complaint's receipt (and its clocks) ``days`` into the past."""
    from medhub.complaints.clock import due_dates

    received = timezone.now() - datetime.timedelta(days=days)
    acknowledge, resolve = due_dates(received)
    Complaint.objects.filter(pk=complaint.pk).update(received_at=received, acknowledge_due=acknowledge, resolve_due=resolve)
    complaint.refresh_from_db()
    return complaint
