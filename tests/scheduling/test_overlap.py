"""An institution cannot publish a slot that overlaps one of its own: the service refuses it,
whether the slots come from the page or the API."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from medhub.accounts.models import Role
from medhub.cases.services import CaseError
from medhub.scheduling import services as schedule
from medhub.scheduling.models import Slot
from tests.cases.conftest import make_user
from tests.conftest import api_token

pytestmark = pytest.mark.django_db

DAY = timezone.localdate() + datetime.timedelta(days=3)


def publish(institution, start, count=2, minutes=30):
    return schedule.slots_publish(
        institution_id=institution.id, day=DAY, start=start, minutes=minutes, count=count, kind="in_person"
    )


def test_the_service_refuses_an_overlap_but_not_a_neighbour_or_another_institution(directory):
    publish(directory["derm"], datetime.time(10, 0))  # 10:00-11:00
    with pytest.raises(CaseError, match="overlap"):
        publish(directory["derm"], datetime.time(10, 45))
    with pytest.raises(CaseError, match="overlap"):
        publish(directory["derm"], datetime.time(9, 0), count=1, minutes=180)  # around it
    publish(directory["derm"], datetime.time(11, 0))  # back to back is fine
    publish(directory["spine"], datetime.time(10, 0))  # another institution's day is its own
    assert Slot.objects.filter(institution=directory["derm"]).count() == 4


def test_the_slots_page_shows_the_overlap(client, directory):
    client.force_login(make_user("derm-staff", Role.PROVIDER_STAFF, directory["derm"]))
    form = {"day": DAY.isoformat(), "start": "10:00", "minutes": "30", "count": "2", "kind": "in_person"}
    assert client.post("/en/work/slots/", form).status_code == 302
    response = client.post("/en/work/slots/", {**form, "start": "10:30"})
    assert response.status_code == 400
    assert "overlap" in response.content.decode()
    assert response.context["form"]["start"].value() == "10:30"  # what was typed stays
    assert Slot.objects.count() == 2


def test_the_slots_api_refuses_the_overlap(directory):
    api = APIClient()
    api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(make_user('derm-staff', Role.PROVIDER_STAFF, directory['derm']))}")
    body = {"day": DAY.isoformat(), "start": "10:00", "minutes": 30, "count": 2, "kind": "in_person"}
    created = api.post("/api/v1/slots/", body, format="json")
    assert created.status_code == 201 and len(created.json()) == 2
    refused = api.post("/api/v1/slots/", {**body, "start": "10:59"}, format="json")
    assert refused.status_code == 400 and refused.json()["detail"]
    assert Slot.objects.count() == 2


def test_only_institution_staff_publish_slots_by_api(directory):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(make_user('pat', Role.PATIENT))}")
    body = {"day": DAY.isoformat(), "start": "10:00", "minutes": 30, "count": 2, "kind": "in_person"}
    assert api.post("/api/v1/slots/", body, format="json").status_code == 403
    assert not Slot.objects.exists()
