"""Consult notes: after an appointment has started, the institution that gave it writes a note
for the patient (and may correct it for a while); the patient, the hub and the institution read
it, machine-translated on request like messages and quotes; the referring agency does not (it
is health data). Page and API alike."""

import datetime

import pytest
from django.utils import timezone

from medhub.accounts.models import Role
from medhub.cases.models import Case, CaseAccess
from medhub.core.models import LogEntry
from medhub.notifications.models import Notification
from medhub.scheduling import services as schedule
from medhub.scheduling.models import ConsultNote, Slot
from tests import factories
from tests.cases.conftest import make_user
from tests.cases.test_translate import FakeTranslator, translator  # noqa: F401 - a fixture
from tests.scheduling.test_booking import accepted_case, tomorrow_slots
from tests.scheduling.test_slot_changes import api_for

pytestmark = pytest.mark.django_db

NOTE = "피부 상태 양호. 레이저 토닝 3회 권장. 2주 후 재진."


def _start_in(slot: Slot, minutes: int) -> Slot:
    """Moves the slot so that it starts ``minutes`` from now (negative: it has started)."""
    start = timezone.now() + datetime.timedelta(minutes=minutes)
    Slot.objects.filter(pk=slot.pk).update(starts_at=start, ends_at=start + datetime.timedelta(minutes=30))
    slot.refresh_from_db()
    return slot


@pytest.fixture
def world(directory, coordinator):
    """A Russian-speaking patient, referred by an agency, booked at the dermatology clinic; the
    appointment started ten minutes ago."""
    case, patient = accepted_case(directory, coordinator)
    agency = factories.partner("facilitator", slug="agency")
    Case.objects.filter(pk=case.pk).update(referred_by=agency)
    patient.preferred_language = "ru"
    patient.save(update_fields=["preferred_language"])
    slots = tomorrow_slots(directory["derm"])
    appointment = schedule.appointment_book(case_id=case.id, slot_id=slots[0].id, actor=patient)
    _start_in(appointment.slot, -10)
    staff = make_user("derm-staff", Role.PROVIDER_STAFF, directory["derm"])
    staff.preferred_language = "ko"
    staff.save(update_fields=["preferred_language"])
    case.refresh_from_db()
    return {
        "case": case,
        "patient": patient,
        "appointment": appointment,
        "staff": staff,
        "coordinator": coordinator,
        "rival": make_user("dental-staff", Role.PROVIDER_STAFF, directory["dental"]),
        "agent": make_user("agent", Role.FACILITATOR_STAFF, agency),
    }


def note_url(world, lang="en", tail=""):
    return f"/{lang}/cases/{world['case'].reference}/appointments/{world['appointment'].id}/note/{tail}"


def api_url(world, tail=""):
    return f"/api/v1/cases/{world['case'].reference}/appointments/{world['appointment'].id}/note/{tail}"


def write(world, text=NOTE, **extra):
    return schedule.consult_note_write(appointment_id=world["appointment"].id, actor=world["staff"], text=text, **extra)


# -- writing --------------------------------------------------------------------------------------


def test_the_institution_writes_the_note_on_its_page_and_the_patient_is_told(client, world):
    client.force_login(world["staff"])
    form = client.get(note_url(world, "ko")).content.decode()
    assert 'name="text"' in form and 'value="ko" selected' in form  # the writer's language by default
    response = client.post(note_url(world, "ko"), {"text": NOTE, "language": "ko"})
    assert response.status_code == 302
    note = ConsultNote.objects.get(appointment=world["appointment"])
    assert note.text == NOTE and note.language == "ko" and note.author == world["staff"]
    entry = LogEntry.objects.get(action="scheduling.consult_note.written")
    assert entry.case_id == world["case"].id and entry.data["length"] == len(NOTE) and NOTE not in str(entry.data)
    told = Notification.objects.get(recipient=world["patient"], kind="scheduling.consult_note_written")
    assert told.language == "ru" and world["case"].reference in told.title
    assert "Клиника дерматологии Сора" in told.body  # the institution's name in the patient's language
    assert told.link == f"/ru/cases/{world['case'].reference}/appointments/{world['appointment'].id}/note/"
    # Nobody else is told.
    assert Notification.objects.filter(kind="scheduling.consult_note_written").count() == 1


def test_the_institution_writes_the_note_through_the_api_in_its_own_language_by_default(world):
    api = api_for(world["staff"])
    response = api.put(api_url(world), {"text": NOTE}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["language"] == "ko" and response.json()["text"] == NOTE
    corrected = api.put(api_url(world), {"text": NOTE + " 처방: 연고.", "language": "ko"}, format="json")
    assert corrected.status_code == 200 and corrected.json()["edited_at"]
    assert LogEntry.objects.filter(action="scheduling.consult_note.edited").count() == 1
    # A correction is recorded, not announced again.
    assert Notification.objects.filter(kind="scheduling.consult_note_written").count() == 1


def test_no_note_before_the_appointment_has_started(client, world):
    _start_in(world["appointment"].slot, 60)
    client.force_login(world["staff"])
    page = client.get(note_url(world))
    assert page.status_code == 200 and "once the appointment has started" in page.content.decode()
    assert 'name="text"' not in page.content.decode()
    refused = client.post(note_url(world), {"text": NOTE, "language": "ko"})
    assert refused.status_code == 400 and "once the appointment has started" in refused.content.decode()
    answer = api_for(world["staff"]).put(api_url(world), {"text": NOTE}, format="json")
    assert answer.status_code == 400 and "once the appointment has started" in str(answer.json())
    assert not ConsultNote.objects.exists()


def test_an_empty_note_is_refused_with_a_clear_error(client, world):
    client.force_login(world["staff"])
    response = client.post(note_url(world), {"text": "   ", "language": "ko"})
    assert response.status_code == 400
    assert api_for(world["staff"]).put(api_url(world), {"text": ""}, format="json").status_code == 400
    assert not ConsultNote.objects.exists()


def test_only_the_appointments_institution_writes_it(client, world):
    for other in (world["coordinator"], world["patient"]):
        client.force_login(other)
        assert client.post(note_url(world), {"text": NOTE, "language": "en"}).status_code == 404
        assert api_for(other).put(api_url(world), {"text": NOTE}, format="json").status_code == 403
    client.force_login(world["rival"])
    assert client.post(note_url(world), {"text": NOTE, "language": "en"}).status_code == 404
    assert api_for(world["rival"]).put(api_url(world), {"text": NOTE}, format="json").status_code == 404
    assert not ConsultNote.objects.exists()


def test_corrections_close_after_the_edit_window(client, world):
    note = write(world)
    ConsultNote.objects.filter(pk=note.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=schedule.NOTE_EDIT_DAYS, minutes=1)
    )
    client.force_login(world["staff"])
    page = client.get(note_url(world)).content.decode()
    assert 'name="text"' not in page and "stays as it is" in page
    assert client.post(note_url(world), {"text": "changed", "language": "ko"}).status_code == 400
    assert api_for(world["staff"]).put(api_url(world), {"text": "changed"}, format="json").status_code == 400
    note.refresh_from_db()
    assert note.text == NOTE


# -- reading --------------------------------------------------------------------------------------


def test_the_patient_reads_it_on_the_case_page_with_a_translate_button(client, world, settings):
    settings.MEDHUB_TRANSLATION_URL = ""
    write(world)
    client.force_login(world["patient"])
    page = client.get(f"/ru/cases/{world['case'].reference}/").content.decode()
    assert NOTE in page and note_url(world, "ru", "translation/") in page
    note_page = client.get(note_url(world, "ru")).content.decode()
    assert NOTE in note_page and "translation/" in note_page and 'name="text"' not in note_page
    # Without a server the button stays and the translation page says so, with the original.
    response = client.get(note_url(world, "en", "translation/"))
    assert response.status_code == 200
    assert "Machine translation is not available on this hub." in response.content.decode()
    assert NOTE in response.content.decode()


def test_the_patient_reads_it_machine_translated(client, world, translator):  # noqa: F811
    write(world)
    client.force_login(world["patient"])
    page = client.get(note_url(world, "ru", "translation/")).content.decode()
    assert f"&lt;ru&gt; {NOTE.upper()}" in page and NOTE in page
    sent = translator.requests[-1]
    assert sent["source"] == "ko" and sent["target"] == "ru"
    answer = api_for(world["patient"])
    answer.defaults["HTTP_ACCEPT_LANGUAGE"] = "ru"
    data = answer.get(api_url(world, "translation/")).json()
    assert data["language"] == "ru" and data["text"] == f"<ru> {NOTE.upper()}" and data["original"]["text"] == NOTE


def test_the_api_translation_says_when_no_server_is_set(world, settings):
    settings.MEDHUB_TRANSLATION_URL = ""
    write(world)
    data = api_for(world["patient"]).get(api_url(world, "translation/")).json()
    assert data["text"] is None and "not available" in data["problem"] and data["original"]["text"] == NOTE


def test_the_failing_server_shows_the_original(client, world, translator):  # noqa: F811
    FakeTranslator.fail = True
    write(world)
    client.force_login(world["patient"])
    page = client.get(note_url(world, "en", "translation/")).content.decode()
    assert "did not answer" in page and NOTE in page


def test_patient_hub_and_institution_read_it_the_agency_and_other_institutions_do_not(client, world):
    write(world)
    for reader in ("patient", "coordinator", "staff"):
        client.force_login(world[reader])
        assert client.get(note_url(world)).status_code == 200, reader
        response = api_for(world[reader]).get(api_url(world))
        assert response.status_code == 200 and response.json()["text"] == NOTE, reader
    for outsider in ("agent", "rival"):
        client.force_login(world[outsider])
        assert client.get(note_url(world)).status_code == 404, outsider
        assert client.get(note_url(world, "en", "translation/")).status_code == 404, outsider
        assert api_for(world[outsider]).get(api_url(world)).status_code == 404, outsider
    agency_page = client.get(f"/en/work/referrals/{world['case'].reference}/").content.decode()
    assert NOTE not in agency_page


def test_readings_by_others_than_the_patient_are_logged(client, world):
    write(world)
    client.force_login(world["patient"])
    client.get(note_url(world))
    assert not CaseAccess.objects.exists()
    client.force_login(world["coordinator"])
    client.get(note_url(world))
    api_for(world["coordinator"]).get(api_url(world))
    logged = CaseAccess.objects.filter(case=world["case"], user=world["coordinator"], object_id=world["appointment"].id)
    assert sorted(logged.values_list("door", flat=True)) == ["api", "web"]


def test_no_note_yet_is_said_not_hidden(client, world):
    client.force_login(world["patient"])
    page = client.get(note_url(world)).content.decode()
    assert "has not written its consult note yet" in page
    assert api_for(world["patient"]).get(api_url(world)).status_code == 404


def test_the_institution_finds_the_note_from_its_case_page_and_its_day(client, world):
    client.force_login(world["staff"])
    inbox = client.get(f"/en/work/inbox/{world['case'].reference}/").content.decode()
    assert note_url(world) in inbox and "Write the consult note" in inbox
    day = timezone.localtime(world["appointment"].slot.starts_at).date().isoformat()
    assert note_url(world) in client.get(f"/en/work/slots/day/{day}/").content.decode()


def test_the_case_page_does_not_ask_more_queries_per_note(client, world, django_assert_max_num_queries, directory):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from medhub.scheduling.models import Appointment

    write(world)
    client.force_login(world["patient"])
    url = f"/en/cases/{world['case'].reference}/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    # A second appointment with its note, on the same case.
    slot = Slot.objects.create(
        institution=directory["derm"],
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=2),
    )
    second = Appointment.objects.create(case=world["case"], slot=slot)
    ConsultNote.objects.create(appointment=second, text="second note", language="en")
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert "second note" in page and NOTE in page


def test_the_admin_lists_notes_read_only_without_their_text(admin_client, world):
    note = write(world)
    listing = admin_client.get("/en/admin/scheduling/consultnote/")
    assert listing.status_code == 200 and NOTE not in listing.content.decode()
    detail = admin_client.get(f"/en/admin/scheduling/consultnote/{note.pk}/change/")
    assert detail.status_code == 200 and NOTE not in detail.content.decode()
    assert admin_client.post(f"/en/admin/scheduling/consultnote/{note.pk}/change/", {"text": "x"}).status_code == 403
