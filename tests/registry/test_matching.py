"""Entries matched to directory organizations; an organization whose entry is no longer active
leaves search and matching at once, its staff and the administrators are told, and it comes
back when the registry lists it as active again."""

import io

import pytest
from django.core.management import call_command

from medhub.accounts.models import Role
from medhub.core.models import LogEntry
from medhub.directory.models import Organization, listed
from medhub.notifications.models import Notification
from medhub.registry.models import RegistryEntry
from tests.cases.conftest import make_user
from tests.registry.conftest import ROWS

pytestmark = pytest.mark.django_db


def run(path):
    call_command("import_registry", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def search(client, q):
    return [item["slug"] for item in client.get("/api/v1/institutions/", {"q": q}).json()["results"]]


@pytest.fixture
def world(directory, django_capture_on_commit_callbacks):
    derm = directory["derm"]
    derm.address = {"ko": "한빛시 서하구 마루로 12", "en": "12 Maru-ro, Seoha-gu, Hanbit"}
    derm.save()
    staff = make_user("sora-staff", Role.PROVIDER_STAFF, derm)
    admin = make_user("hub-admin", Role.HUB_ADMIN)
    coordinator = make_user("hub-coordinator", Role.COORDINATOR)
    return {**directory, "staff": staff, "admin": admin, "coordinator": coordinator}


def with_status(status: str, index: int = 0):
    rows = [list(r) for r in ROWS]
    rows[index][0] = status
    return rows


def test_entries_are_matched_by_kind_name_and_address_or_name_in_the_same_district(world, registry_file):
    run(registry_file())
    sora = RegistryEntry.objects.get(name="소라 피부과의원")
    assert sora.matched_organization == world["derm"]  # same Korean name and road address
    haneul = RegistryEntry.objects.get(name="하늘 척추병원")
    assert haneul.matched_organization == world["spine"]  # no address kept: the only one of that name in 마루구
    assert RegistryEntry.objects.filter(matched_organization__isnull=False).count() == 2


def test_a_body_of_another_kind_or_district_is_not_matched(world, registry_file):
    rows = [
        ("정상", "하늘 척추병원", "", "유치업자", "한빛시", "마루구", "한빛시 마루구 샛별로 7", ""),
        ("정상", "미소 치과의원", "", "치과의원", "한빛시", "마루구", "한빛시 마루구 다른길 1", ""),
    ]
    run(registry_file(rows))
    assert not RegistryEntry.objects.filter(matched_organization__isnull=False).exists()


def test_a_suspended_entry_holds_its_organization_out_of_search_and_tells_people(world, registry_file, client):
    run(registry_file())
    assert "sora-dermatology" in search(client, "소라")
    run(registry_file(with_status("휴업"), name="suspended.csv"))
    derm = Organization.objects.get(pk=world["derm"].pk)
    assert derm.hold == Organization.Hold.REGISTRY_SUSPENDED
    assert not Organization.objects.filter(listed(), pk=derm.pk).exists()
    assert "sora-dermatology" not in search(client, "소라")
    assert Notification.objects.filter(recipient=world["staff"], kind="registry.organization_held").count() == 1
    assert Notification.objects.filter(recipient=world["admin"], kind="registry.organization_held").count() == 1
    assert not Notification.objects.filter(recipient=world["coordinator"]).exists()
    told = Notification.objects.get(recipient=world["staff"])
    assert "소라 피부과의원" in told.title or "Sora" in told.title
    audit = LogEntry.objects.get(action="registry.organization.held")
    assert audit.object_id == derm.pk and audit.data["to"] == "registry-suspended" and audit.data["from"] == ""


@pytest.mark.parametrize(("text", "hold"), [("폐업", "registry-closed"), ("취소", "registry-revoked")])
def test_closed_and_revoked_hold_too(world, registry_file, text, hold):
    run(registry_file(with_status(text)))
    assert Organization.objects.get(pk=world["derm"].pk).hold == hold


def test_the_hold_is_cleared_when_the_registry_lists_it_as_active_again(world, registry_file, client):
    run(registry_file(with_status("휴업")))
    run(registry_file(name="active.csv"))
    derm = Organization.objects.get(pk=world["derm"].pk)
    assert derm.hold == ""
    assert "sora-dermatology" in search(client, "소라")
    assert Notification.objects.filter(recipient=world["staff"], kind="registry.organization_released").count() == 1
    assert LogEntry.objects.filter(action="registry.organization.released", object_id=derm.pk).count() == 1


def test_a_second_identical_import_tells_nobody_again(world, registry_file):
    path = registry_file(with_status("휴업"))
    run(path)
    run(path)
    assert Notification.objects.filter(kind="registry.organization_held").count() == 2  # staff and admin, once
    assert LogEntry.objects.filter(action="registry.organization.held").count() == 1
