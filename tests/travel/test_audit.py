"""Travel writes its audit entries through the one log: the visa checklist, travellers added,
changed and removed, rooms created and changed. A removed traveller's entry keeps nothing of
them; none of these entries reaches the case's timeline, so the patient sees what they saw."""

import json

import pytest

from medhub.core.models import LogEntry
from medhub.travel import services as travel
from medhub.travel.models import ChecklistItem, Traveller, VisaApplication
from tests.travel.conftest import add_patient_traveller, with_trip

pytestmark = pytest.mark.django_db


def entries(case, action):
    return list(LogEntry.objects.filter(case_id=case.id, action=action))


def test_ticking_and_unticking_the_checklist_is_logged_with_the_items(coordinator_client, world):
    with_trip(world)
    case = world["case"]
    travel.visa_save(case_id=case.id, actor=world["coordinator"])
    first, second = (ChecklistItem.objects.create(label={"en": f"Paper {n}"}, position=n) for n in (1, 2))
    url = f"/en/work/cases/{case.reference}/travel/"
    assert coordinator_client.post(url, {"action": "checklist", "item": [first.id, second.id]}).status_code == 302
    assert coordinator_client.post(url, {"action": "checklist", "item": [second.id]}).status_code == 302
    ticked, unticked = entries(case, "travel.visa.checklist_changed")
    visa = VisaApplication.objects.get(case=case)
    assert ticked.data == {"checked": [first.id, second.id], "unchecked": []}
    assert unticked.data == {"checked": [], "unchecked": [first.id]}
    assert (unticked.actor, unticked.object_id, unticked.content_type.model) == (world["coordinator"], visa.id, "visaapplication")


def test_adding_changing_and_removing_a_traveller_is_logged_without_their_data(coordinator_client, world):
    case = world["case"]
    traveller = add_patient_traveller(world)
    travel.traveller_save(
        case_id=case.id,
        actor=world["coordinator"],
        traveller_id=traveller.id,
        data={
            "role": "patient",
            "name_native": "Айгерим Нурланова",
            "name_latin": "Aigerim Nurlanova",
            "passport_number": "N87654321",
            "birth_date": "1990-04-12",
        },
    )
    response = coordinator_client.post(
        f"/en/work/cases/{case.reference}/travel/", {"action": "traveller_remove", "traveller": traveller.id}
    )
    assert response.status_code == 302
    assert not Traveller.objects.filter(case=case).exists()
    (added,), (changed,), (removed,) = (entries(case, f"travel.traveller.{what}") for what in ("added", "changed", "removed"))
    assert {e.object_id for e in (added, changed, removed)} == {traveller.id}
    assert removed.actor == world["coordinator"] and removed.data == {"role": "patient"}
    stored = json.dumps([e.data for e in LogEntry.objects.filter(case_id=case.id)], ensure_ascii=False)
    for personal in ("Айгерим", "AIGERIM", "N12345678", "N87654321", "1990-04-12"):
        assert personal not in stored


def test_removing_someone_not_on_the_case_logs_nothing(world):
    other = add_patient_traveller(world)
    with pytest.raises(travel.CaseError):
        travel.traveller_remove(case_id=world["case"].id, traveller_id=other.id + 1, actor=world["coordinator"])
    assert not LogEntry.objects.filter(action="travel.traveller.removed").exists()


def test_a_hotel_creating_and_changing_a_room_is_logged_with_the_fields_changed(client, world):
    client.force_login(world["hotel_staff"])
    form = {"name_en": "Suite", "capacity": 3, "rooms_available": 2, "rack_rate_krw": 300000, "medical_rate_krw": 250000}
    form.update({"is_active": "on"})
    assert client.post("/en/work/rooms/", form).status_code == 302
    created = LogEntry.objects.get(action="travel.room.created")
    assert created.actor == world["hotel_staff"] and created.case_id is None
    assert set(created.data["fields"]) >= {"name", "capacity", "medical_rate_krw"}
    room_id = created.object_id
    assert client.post("/en/work/rooms/", {**form, "room": room_id, "medical_rate_krw": 200000}).status_code == 302
    changed = LogEntry.objects.get(action="travel.room.changed")
    assert (changed.object_id, changed.data) == (room_id, {"fields": ["medical_rate_krw"]})


def test_record_only_entries_stay_off_the_patients_timeline(client, world):
    add_patient_traveller(world)
    travel.traveller_remove(
        case_id=world["case"].id, traveller_id=Traveller.objects.get(case=world["case"]).id, actor=world["coordinator"]
    )
    client.force_login(world["patient"])
    page = client.get(f"/en/cases/{world['case'].reference}/").content.decode()
    assert "Quote accepted" in page  # the timeline is there
    assert "Traveller" not in page
