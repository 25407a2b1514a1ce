import datetime
import re

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from medhub.accounts.models import Role
from medhub.council import services
from medhub.council.models import Committee, Division, SeatRole
from tests.cases.conftest import make_user
from tests.conftest import StaffClient, api_token


def signed_in(user) -> StaffClient:
    client = StaffClient()
    client.force_login(user)
    return client


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}", HTTP_ACCEPT_LANGUAGE="en")
    return client


def add_member(user, division_code, *, organization=None, seats=(), admin=None, **fields):
    division = Division.objects.get(code=division_code)
    seat_list = [(Committee.objects.get(code=code), role) for code, role in seats]
    return services.member_add(
        actor=admin,
        person=user,
        division=division,
        organization=organization,
        term_start=fields.pop("term_start", timezone.localdate() - datetime.timedelta(days=30)),
        seats=seat_list,
        **fields,
    )


@pytest.fixture
def council(directory):
    admin = make_user("hubadmin", Role.HUB_ADMIN)
    coordinator = make_user("coord", Role.COORDINATOR)
    derm = make_user("derm", Role.PROVIDER_STAFF, directory["derm"])
    derm.first_name, derm.last_name, derm.preferred_language = "Minji", "Kim", "ko"
    derm.save()
    spine = make_user("spine", Role.PROVIDER_STAFF, directory["spine"])
    spine.first_name, spine.last_name, spine.preferred_language = "Wei", "Zhang", "zh-hans"
    spine.save()
    hotelier = make_user("hotelier", Role.PARTNER_STAFF, directory["hotel"])
    hotelier.first_name, hotelier.last_name, hotelier.preferred_language = "Olga", "Petrova", "ru"
    hotelier.save()
    outsider = make_user("outsider", Role.PROVIDER_STAFF, directory["dental"])
    patient = make_user("patient", Role.PATIENT)
    members = {
        "derm": add_member(
            derm,
            "medical",
            organization=directory["derm"],
            role=SeatRole.CHAIR,
            seats=[("division-medical", SeatRole.CHAIR), ("mediation", SeatRole.CHAIR)],
            phone="+82 2 1234 5678",
            share_email=True,
        ),
        "spine": add_member(spine, "medical", organization=directory["spine"], seats=[("division-medical", SeatRole.MEMBER)]),
        "hotel": add_member(hotelier, "accommodation", organization=directory["hotel"], phone="+82 10 5555 0000"),
    }
    return {
        **directory,
        "admin": admin,
        "coordinator": coordinator,
        "derm_user": derm,
        "spine_user": spine,
        "hotel_user": hotelier,
        "outsider": outsider,
        "patient": patient,
        "members": members,
    }


def schedule(world, *, kind="plenary", days=10, **extra):
    start = timezone.now() + datetime.timedelta(days=days)
    fields = {
        "kind": kind,
        "title": extra.pop("title", "Quarterly plenary"),
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=2),
        "place": "Gangseo-gu Office, room 301",
        "agenda": "1. Results of the quarter\n2. Partners Day",
        **extra,
    }
    return services.meeting_schedule(actor=world["admin"], **fields)


def move_to_past(meeting, *, days=1):
    from medhub.council.models import Meeting

    start = timezone.now() - datetime.timedelta(days=days)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    meeting.refresh_from_db()
    return meeting


def reply_token(notification_message: str) -> str:
    return re.search(r"/council/reply/([^/\s]+)/", notification_message).group(1)
