"""The one door (the footer's link) leads each person to their side of complaints; the hub's
desk opens at every step."""

import pytest
from django.utils import timezone

from medhub.complaints import services
from tests.complaints.conftest import file_complaint, signed_in


@pytest.mark.parametrize(
    ("who", "target"),
    [
        ("coordinator", "/en/complaints/hub/"),
        ("derm_staff", "/en/complaints/organization/"),
        ("hotel_staff", "/en/complaints/organization/"),
        ("other_patient", "/en/complaints/new/"),
    ],
)
def test_the_footer_link_leads_each_person_to_their_side(world, who, target):
    client = signed_in(world[who])
    assert 'href="/en/complaints/"' in client.get("/en/").content.decode()
    response = client.get("/en/complaints/")
    assert response.status_code == 302 and response["Location"] == target


def test_a_complainant_is_led_to_their_complaints_and_the_public_to_the_form(client, world):
    file_complaint(world)
    assert signed_in(world["patient"]).get("/en/complaints/")["Location"] == "/en/complaints/mine/"
    assert client.get("/en/complaints/")["Location"] == "/en/complaints/new/"


def test_the_desk_opens_at_every_step(world):
    coordinator = world["coordinator"]
    hub = signed_in(coordinator)
    complaint = file_complaint(world)
    steps = [
        lambda: None,
        lambda: services.complaint_acknowledge(complaint_id=complaint.id, actor=coordinator),
        lambda: services.complaint_forward(complaint_id=complaint.id, actor=coordinator),
        lambda: services.complaint_refer(complaint_id=complaint.id, actor=coordinator, referred_on=timezone.localdate()),
    ]
    for step in steps:
        step()
        assert hub.get(f"/ru/complaints/hub/{complaint.reference}/").status_code == 200
        assert signed_in(world["patient"]).get(f"/ru/complaints/mine/{complaint.reference}/").status_code == 200
    page = hub.get(f"/en/complaints/hub/{complaint.reference}/").content.decode()
    assert "packet.zip" in page and 'name="outcome_on"' in page


def test_a_link_may_choose_the_organization(client, world):
    page = client.get("/en/complaints/new/?organization=haneul-spine").content.decode()
    assert '<option value="haneul-spine" selected>' in page
    assert 'value="organization" id="id_subject_0" required checked' in page
    unknown = client.get("/en/complaints/new/?organization=nope").content.decode()
    options = unknown.split('id="id_organization"')[1].split("</select>")[0]
    assert options.count(" selected>") == 1 and '<option value="" selected>' in options  # nothing chosen


def test_the_hub_and_the_organization_may_read_a_machine_translation(world, settings, monkeypatch):
    complaint = file_complaint(world)
    hub = signed_in(world["coordinator"])
    url = f"/en/complaints/hub/{complaint.reference}/"
    assert "?translate=1" in hub.get(url).content.decode()
    settings.MEDHUB_TRANSLATION_URL = ""
    assert "not available on this hub" in hub.get(f"{url}?translate=1").content.decode()
    settings.MEDHUB_TRANSLATION_URL = "http://translator.invalid"
    monkeypatch.setattr(
        "medhub.cases.translation.LibreTranslateBackend.translate",
        lambda self, text, source, target: f"[{source}->{target}] burns",
    )
    page = hub.get(f"{url}?translate=1").content.decode()
    assert "[ru-&gt;en] burns" in page and "После процедуры" in page  # the original stays beside it
    services.complaint_acknowledge(complaint_id=complaint.id, actor=world["coordinator"])
    services.complaint_forward(complaint_id=complaint.id, actor=world["coordinator"])
    page = signed_in(world["derm_staff"]).get(f"/ko/complaints/organization/{complaint.reference}/?translate=1").content.decode()
    assert "[ru-&gt;ko] burns" in page
