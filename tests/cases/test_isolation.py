"""Proof of isolation: every case page, walked by every role and by an outsider of each kind.

Insiders reach the pages of their role; outsiders (another patient, another institution,
another facilitator, an interpreter, a partner) get 403 or 404 and never a byte of the case."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from medhub.accounts.models import Role
from medhub.cases import services
from medhub.cases.models import CaseDocument
from medhub.scheduling import services as schedule
from tests import factories
from tests.cases.conftest import PDF, make_case, make_user

pytestmark = pytest.mark.django_db
SECRET = "very-private-words-1234"


@pytest.fixture
def world(directory, coordinator):
    agency = factories.partner("facilitator", slug="agency-a")
    other_agency = factories.partner("facilitator", slug="agency-b")
    patient = make_user("owner", Role.PATIENT)
    case = make_case(patient=patient, reference="HB-ISO", problem=SECRET, contact_email="owner-contact@example.com")
    case.referred_by = agency
    case.save()
    services.case_triage(case_id=case.id, specialty=directory["specialties"]["dermatology"], actor=coordinator)
    services.case_share(case_id=case.id, institution_ids=[directory["derm"].id], actor=coordinator)
    provider = make_user("derm-staff", Role.PROVIDER_STAFF, directory["derm"])
    version = services.quote_submit(
        case_id=case.id,
        institution_id=directory["derm"].id,
        actor=provider,
        data={
            "plan": SECRET,
            "items": [("Consultation", 50_000)],
            "currency": "KRW",
            "valid_until": timezone.localdate() + datetime.timedelta(days=30),
        },
    )
    message = services.message_post(case_id=case.id, author=patient, body=SECRET, language="en", attachments=[])
    attachment = message.attachments.create(
        original_name="a.pdf", content_type="application/pdf", size=len(PDF), checksum="b" * 64
    )
    attachment.file.save("a", ContentFile(PDF), save=True)
    document = CaseDocument(case=case, original_name="scan.pdf", content_type="application/pdf", size=len(PDF), checksum="a" * 64)
    document.file.save("scan", ContentFile(PDF), save=True)
    services.quote_accept(case_id=case.id, quote_id=version.quote_id, actor=patient)
    slot = schedule.slots_publish(
        institution_id=directory["derm"].id,
        day=timezone.localdate() + datetime.timedelta(days=2),
        start=datetime.time(10, 0),
        minutes=30,
        count=1,
        kind="in_person",
    )[0]
    schedule.appointment_book(case_id=case.id, slot_id=slot.id, actor=patient)
    people = {
        "patient": patient,
        "coordinator": coordinator,
        "provider": provider,
        "facilitator": make_user("agent-a", Role.FACILITATOR_STAFF, agency),
        "other_patient": make_user("stranger", Role.PATIENT),
        "other_provider": make_user("dental-staff", Role.PROVIDER_STAFF, directory["dental"]),
        "other_facilitator": make_user("agent-b", Role.FACILITATOR_STAFF, other_agency),
        "interpreter": make_user("interp", Role.INTERPRETER),
        "partner": make_user("hotel-staff", Role.PARTNER_STAFF, directory["hotel"]),
    }
    urls = {
        "patient_page": "/en/cases/HB-ISO/",
        "document": f"/en/cases/HB-ISO/documents/{document.id}/",
        "attachment": f"/en/cases/HB-ISO/messages/{message.id}/attachments/{attachment.id}/",
        "work_case": "/en/work/cases/HB-ISO/",
        "board": "/en/work/cases/",
        "inbox": "/en/work/inbox/",
        "inbox_case": "/en/work/inbox/HB-ISO/",
        "referrals": "/en/work/referrals/",
        "referral": "/en/work/referrals/HB-ISO/",
    }
    return {"case": case, "people": people, "urls": urls}


# Which pages each insider may open; every other (person, page) pair must be refused.
# The attachment is the patient's, in the general conversation: institutions do not read that
# conversation, and the referring agency opens neither health documents nor others' attachments.
ALLOWED = {
    "patient": {"patient_page", "document", "attachment"},
    "coordinator": {"work_case", "board", "document", "attachment"},
    "provider": {"inbox", "inbox_case", "document"},
    "facilitator": {"referrals", "referral"},
}
# Lists that anyone of that role may open (empty for outsiders, never containing the case).
LISTS = {"board", "inbox", "referrals"}


@pytest.mark.parametrize(
    "who",
    [
        "patient",
        "coordinator",
        "provider",
        "facilitator",
        "other_patient",
        "other_provider",
        "other_facilitator",
        "interpreter",
        "partner",
    ],
)
def test_every_case_page_with_every_role(client, world, who):
    client.force_login(world["people"][who])
    for name, url in world["urls"].items():
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if name in ALLOWED.get(who, set()):
            assert response.status_code == 200, (who, name)
        elif name in LISTS and response.status_code == 200:
            assert b"HB-ISO" not in body, (who, name)
        else:
            assert response.status_code in (403, 404), (who, name, response.status_code)
            assert SECRET.encode() not in body and b"HB-ISO" not in body.replace(b"/HB-ISO/", b""), (who, name)
        if who not in ALLOWED:
            assert SECRET.encode() not in body, (who, name)


@pytest.mark.parametrize("who", ["other_patient", "other_provider", "other_facilitator", "interpreter", "partner"])
def test_outsiders_cannot_act_on_the_case(client, world, who):
    client.force_login(world["people"][who])
    for url, data in [
        ("/en/cases/HB-ISO/messages/", {"body": "x"}),
        ("/en/cases/HB-ISO/book/", {"slot": "1"}),
        ("/en/work/cases/HB-ISO/", {"to_state": "closed"}),
        ("/en/work/inbox/HB-ISO/", {"plan": "x"}),
    ]:
        assert client.post(url, data).status_code in (403, 404), (who, url)
    world["case"].refresh_from_db()
    assert world["case"].messages.count() == 1


def test_shared_institution_never_sees_contact_details(client, world):
    client.force_login(world["people"]["provider"])
    page = client.get("/en/work/inbox/HB-ISO/").content.decode()
    assert "owner-contact@example.com" not in page


def test_anonymous_visitors_get_nothing(client, world):
    for url in world["urls"].values():
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.headers["Location"], url
