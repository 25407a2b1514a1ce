"""Personal data: minimum necessary, and logged (issue 8, item 4; docs/personal-data.md).

Who opens a case's health documents and attachments, who reads which conversation, when an
institution is out of a case, which openings are logged, that personal pages are never cached,
what a patient's export holds and how a deletion request is decided, and that plain-text emails
keep names as written. Each rule is tried through the page and through the API."""

import datetime
import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone

from medhub.accounts.models import Role
from medhub.cases import services
from medhub.cases.models import CaseDocument, Message
from medhub.core.models import LogEntry
from tests import factories
from tests.cases.conftest import PDF, make_case, make_user

pytestmark = pytest.mark.django_db


def quote_data():
    return {
        "plan": "Laser plan",
        "items": [("Consultation", 50_000)],
        "currency": "KRW",
        "valid_until": timezone.localdate() + datetime.timedelta(days=30),
    }


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def world(directory):
    """A referred dermatology case shared with two competing clinics, with a document and a
    message in each conversation."""
    byeol = factories.institution(
        name={"en": "Byeol Skin Clinic", "ko": "별 피부과의원"},
        specialties=[directory["specialties"]["dermatology"]],
        district=directory["districts"]["seoha"],
        slug="byeol-skin",
    )
    coordinator = make_user("pd-coord", Role.COORDINATOR)
    agency = factories.partner("facilitator", slug="agency-pd", name={"en": "Agency PD"})
    patient = make_user("pd-patient", Role.PATIENT)
    case = make_case(patient=patient, reference="HB-PD", referred_by=agency)
    services.case_triage(case_id=case.id, specialty=directory["specialties"]["dermatology"], actor=coordinator)
    services.case_share(case_id=case.id, institution_ids=[directory["derm"].id, byeol.id], actor=coordinator)
    document = CaseDocument(
        case=case, original_name="biopsy.pdf", content_type="application/pdf", size=len(PDF), checksum="c" * 64
    )
    document.file.save("biopsy", ContentFile(PDF), save=True)
    people = {
        "patient": patient,
        "coordinator": coordinator,
        "derm": make_user("pd-derm", Role.PROVIDER_STAFF, directory["derm"]),
        "byeol": make_user("pd-byeol", Role.PROVIDER_STAFF, byeol),
        "facilitator": make_user("pd-agent", Role.FACILITATOR_STAFF, agency),
    }
    general = services.message_post(case_id=case.id, author=patient, body="general-words", language="en", attachments=[])
    to_derm = services.message_post(case_id=case.id, author=people["derm"], body="derm-words", language="en", attachments=[])
    to_byeol = services.message_post(
        case_id=case.id, author=patient, body="byeol-words", language="en", attachments=[], conversation=byeol.id
    )
    attachment = to_derm.attachments.create(
        original_name="plan.pdf", content_type="application/pdf", size=len(PDF), checksum="d" * 64
    )
    attachment.file.save("plan", ContentFile(PDF), save=True)
    return {
        "case": case,
        "people": people,
        "derm": directory["derm"],
        "byeol": byeol,
        "document": document,
        "attachment": attachment,
        "messages": {"general": general, "derm": to_derm, "byeol": to_byeol},
    }


def document_urls(world):
    ref, doc = world["case"].reference, world["document"].id
    return {"page": f"/en/cases/{ref}/documents/{doc}/", "api": f"/api/v1/cases/{ref}/documents/{doc}/"}


def attachment_urls(world):
    ref, att = world["case"].reference, world["attachment"]
    return {
        "page": f"/en/cases/{ref}/messages/{att.message_id}/attachments/{att.id}/",
        "api": f"/api/v1/cases/{ref}/messages/{att.message_id}/attachments/{att.id}/",
    }


# -- 1. health documents: minimum necessary ----------------------------------------------------


@pytest.mark.parametrize("who", ["patient", "coordinator", "derm", "byeol"])
def test_patient_hub_and_institutions_in_the_case_open_health_documents(client, world, who):
    client.force_login(world["people"][who])
    for door, url in document_urls(world).items():
        response = client.get(url)
        assert response.status_code == 200, (who, door)
        assert body(response) == PDF
    listed = client.get(f"/api/v1/cases/{world['case'].reference}/documents/")
    assert [d["name"] for d in listed.json()] == ["biopsy.pdf"]


def test_the_referring_agency_never_opens_health_documents(client, world):
    client.force_login(world["people"]["facilitator"])
    for door, url in document_urls(world).items():
        response = client.get(url)
        assert response.status_code == 404, door
        assert PDF not in body(response)
    assert client.get(f"/api/v1/cases/{world['case'].reference}/documents/").status_code == 403
    # It still follows the case: its page and the case API answer, with no document on them.
    page = client.get(f"/en/work/referrals/{world['case'].reference}/")
    assert page.status_code == 200 and "biopsy.pdf" not in page.content.decode()
    assert client.get(f"/api/v1/cases/{world['case'].reference}/").status_code == 200


# -- 2. one conversation per institution -------------------------------------------------------


def test_competing_institutions_read_only_their_own_conversation(client, world):
    ref = world["case"].reference
    client.force_login(world["people"]["derm"])
    page = client.get(f"/en/work/inbox/{ref}/").content.decode()
    assert "derm-words" in page
    assert "byeol-words" not in page and "general-words" not in page
    api = client.get(f"/api/v1/cases/{ref}/messages/").json()
    assert [m["body"] for m in api] == ["derm-words"]
    assert api[0]["conversation"] == world["derm"].slug
    client.force_login(world["people"]["byeol"])
    page = client.get(f"/en/work/inbox/{ref}/").content.decode()
    assert "byeol-words" in page and "derm-words" not in page and "general-words" not in page
    assert [m["body"] for m in client.get(f"/api/v1/cases/{ref}/messages/").json()] == ["byeol-words"]


def test_an_institution_cannot_write_in_another_conversation(client, world):
    ref = world["case"].reference
    client.force_login(world["people"]["byeol"])
    response = client.post(f"/en/cases/{ref}/messages/", {"body": "sneaky", "conversation": str(world["derm"].id)})
    assert response.status_code == 400 and "cannot write in this conversation" in response.content.decode()
    response = client.post(
        f"/api/v1/cases/{ref}/messages/", {"body": "sneaky", "conversation": world["derm"].slug}, content_type="application/json"
    )
    assert response.status_code == 400
    response = client.post(
        f"/api/v1/cases/{ref}/messages/", {"body": "sneaky", "conversation": None}, content_type="application/json"
    )
    assert response.status_code == 400
    assert not Message.objects.filter(body="sneaky").exists()
    # Without naming one, an institution writes in its own conversation.
    response = client.post(f"/api/v1/cases/{ref}/messages/", {"body": "own"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["conversation"] == world["byeol"].slug


def test_the_referring_agency_reads_and_writes_only_the_general_conversation(client, world):
    ref = world["case"].reference
    client.force_login(world["people"]["facilitator"])
    page = client.get(f"/en/work/referrals/{ref}/").content.decode()
    assert "general-words" in page and "derm-words" not in page and "byeol-words" not in page
    assert [m["body"] for m in client.get(f"/api/v1/cases/{ref}/messages/").json()] == ["general-words"]
    response = client.post(
        f"/api/v1/cases/{ref}/messages/",
        {"body": "agency-words", "conversation": world["derm"].slug},
        content_type="application/json",
    )
    assert response.status_code == 400
    response = client.post(f"/api/v1/cases/{ref}/messages/", {"body": "agency-words"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["conversation"] is None


def test_attachments_follow_their_conversation(client, world):
    urls = attachment_urls(world)
    for who, status in [("patient", 200), ("coordinator", 200), ("derm", 200), ("byeol", 404), ("facilitator", 404)]:
        client.force_login(world["people"][who])
        for door, url in urls.items():
            assert client.get(url).status_code == status, (who, door)


@pytest.mark.parametrize("who", ["patient", "coordinator"])
def test_hub_and_patient_read_every_conversation_grouped_and_choose_where_to_write(client, world, who):
    ref = world["case"].reference
    client.force_login(world["people"][who])
    page = client.get(f"/en/cases/{ref}/" if who == "patient" else f"/en/work/cases/{ref}/").content.decode()
    for words in ("general-words", "derm-words", "byeol-words"):
        assert words in page
    assert "Conversation with Byeol Skin Clinic" in page and 'name="conversation"' in page
    api = client.get(f"/api/v1/cases/{ref}/messages/").json()
    assert sorted(m["body"] for m in api) == ["byeol-words", "derm-words", "general-words"]
    response = client.post(f"/en/cases/{ref}/messages/", {"body": "to-byeol", "conversation": str(world["byeol"].id)})
    assert response.status_code == 302
    assert Message.objects.get(body="to-byeol").institution == world["byeol"]


def test_new_message_emails_go_only_to_readers_of_the_conversation(world, django_capture_on_commit_callbacks):
    case, people = world["case"], world["people"]

    def recipients(**kwargs):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.message_post(case_id=case.id, language="en", attachments=[], **kwargs)
        return {to for m in mail.outbox for to in m.to}

    assert recipients(author=people["patient"], body="x", conversation=world["byeol"].id) == {
        people["coordinator"].email,
        people["byeol"].email,
    }
    assert recipients(author=people["derm"], body="y") == {people["coordinator"].email, people["patient"].email}
    assert recipients(author=people["patient"], body="z") == {people["coordinator"].email, people["facilitator"].email}


# -- 2b. out of the case -------------------------------------------------------------------------


def institution_doors(world) -> dict[str, str]:
    ref = world["case"].reference
    return {
        "inbox_case": f"/en/work/inbox/{ref}/",
        "api_case": f"/api/v1/cases/{ref}/",
        "api_messages": f"/api/v1/cases/{ref}/messages/",
        **{f"document_{k}": v for k, v in document_urls(world).items()},
    }


def assert_out(client, world, who):
    client.force_login(world["people"][who])
    for name, url in institution_doors(world).items():
        response = client.get(url)
        assert response.status_code in (403, 404), (who, name, response.status_code)
        assert b"derm-words" not in body(response) and b"byeol-words" not in body(response)
    assert world["case"].reference not in client.get("/en/work/inbox/").content.decode()
    assert world["case"].reference not in str(client.get("/api/v1/cases/").json())
    response = client.post(
        f"/api/v1/cases/{world['case'].reference}/messages/", {"body": "still here?"}, content_type="application/json"
    )
    assert response.status_code == 404


def assert_in(client, world, who):
    client.force_login(world["people"][who])
    for name, url in institution_doors(world).items():
        assert client.get(url).status_code == 200, (who, name)


def test_an_institution_is_out_once_its_quote_is_declined(client, world):
    case = world["case"]
    derm_quote = services.quote_submit(
        case_id=case.id, institution_id=world["derm"].id, actor=world["people"]["derm"], data=quote_data()
    )
    services.quote_submit(case_id=case.id, institution_id=world["byeol"].id, actor=world["people"]["byeol"], data=quote_data())
    assert_in(client, world, "byeol")
    services.quote_accept(case_id=case.id, quote_id=derm_quote.quote_id, actor=world["people"]["patient"])
    assert_out(client, world, "byeol")
    assert_in(client, world, "derm")
    # The hub and the patient still read the declined clinic's conversation, and write in it no more.
    client.force_login(world["people"]["patient"])
    page = client.get(f"/en/cases/{case.reference}/").content.decode()
    assert "byeol-words" in page and "no longer in the case" in page
    response = client.post(f"/en/cases/{case.reference}/messages/", {"body": "late", "conversation": str(world["byeol"].id)})
    assert response.status_code == 400 and not Message.objects.filter(body="late").exists()


def test_an_institution_that_never_quoted_is_out_once_another_quote_is_accepted(client, world):
    case = world["case"]
    quote = services.quote_submit(
        case_id=case.id, institution_id=world["derm"].id, actor=world["people"]["derm"], data=quote_data()
    )
    services.quote_accept(case_id=case.id, quote_id=quote.quote_id, actor=world["people"]["patient"])
    assert_out(client, world, "byeol")


def test_the_hub_withdraws_a_share_on_the_page(client, world):
    case = world["case"]
    services.quote_submit(case_id=case.id, institution_id=world["byeol"].id, actor=world["people"]["byeol"], data=quote_data())
    client.force_login(world["people"]["coordinator"])
    response = client.post(f"/en/work/cases/{case.reference}/", {"withdraw": str(world["byeol"].id)})
    assert response.status_code == 302
    assert_out(client, world, "byeol")
    assert case.quotes.get(institution=world["byeol"]).status == "declined"
    assert LogEntry.objects.filter(case_id=case.id, action="cases.case.share_withdrawn").count() == 1
    # No longer able to quote either.
    with pytest.raises(services.CaseError):
        services.quote_submit(
            case_id=case.id, institution_id=world["byeol"].id, actor=world["people"]["byeol"], data=quote_data()
        )


def test_the_hub_withdraws_a_share_through_the_api_and_only_the_hub_may(client, world):
    ref = world["case"].reference
    url = f"/api/v1/cases/{ref}/shares/{world['byeol'].slug}/withdraw/"
    for who in ("derm", "patient", "facilitator"):
        client.force_login(world["people"][who])
        assert client.post(url).status_code in (403, 404), who
    assert_in(client, world, "byeol")
    client.force_login(world["people"]["coordinator"])
    assert client.post(url).status_code == 200
    assert_out(client, world, "byeol")
    assert_in(client, world, "derm")


# -- 3. every opening by anyone but the patient is logged --------------------------------------


def openings(world) -> list[tuple[str, str, str, str, int | None]]:
    """(who, url, what, door, object id) of each kind of opening."""
    ref, doc, att = world["case"].reference, world["document"].id, world["attachment"]
    attachment = f"{ref}/messages/{att.message_id}/attachments/{att.id}/"
    return [
        ("coordinator", f"/en/work/cases/{ref}/", "page", "web", None),
        ("coordinator", f"/en/work/cases/{ref}/travel/", "page", "web", None),
        ("coordinator", f"/en/work/cases/{ref}/interpreters/", "page", "web", None),
        ("coordinator", f"/en/cases/{ref}/itinerary/", "page", "web", None),
        ("coordinator", f"/en/cases/{ref}/documents/{doc}/", "document", "web", doc),
        ("coordinator", f"/en/cases/{attachment}", "attachment", "web", att.id),
        ("coordinator", f"/api/v1/cases/{ref}/", "page", "api", None),
        ("coordinator", f"/api/v1/cases/{ref}/messages/", "messages", "api", None),
        ("coordinator", f"/api/v1/cases/{ref}/documents/", "documents", "api", None),
        ("coordinator", f"/api/v1/cases/{ref}/documents/{doc}/", "document", "api", doc),
        ("coordinator", f"/api/v1/cases/{attachment}", "attachment", "api", att.id),
        ("derm", f"/en/work/inbox/{ref}/", "page", "web", None),
        ("derm", f"/en/cases/{ref}/documents/{doc}/", "document", "web", doc),
        ("derm", f"/api/v1/cases/{attachment}", "attachment", "api", att.id),
        ("facilitator", f"/en/work/referrals/{ref}/", "page", "web", None),
        ("facilitator", f"/api/v1/cases/{ref}/messages/", "messages", "api", None),
    ]


def test_each_opening_by_staff_writes_exactly_one_row(client, world):
    from medhub.cases.models import CaseAccess

    for who, url, what, door, object_id in openings(world):
        user = world["people"][who]
        client.force_login(user)
        before = set(CaseAccess.objects.values_list("id", flat=True))
        response = client.get(url)
        assert response.status_code == 200, (who, url)
        body(response)
        rows = list(CaseAccess.objects.exclude(id__in=before))
        assert len(rows) == 1, (who, url, rows)
        row = rows[0]
        assert (row.case_id, row.user_id, row.what, row.door, row.object_id) == (
            world["case"].id,
            user.id,
            what,
            door,
            object_id,
        ), url


def test_the_patient_opening_their_own_case_writes_nothing(client, world):
    from medhub.cases.models import CaseAccess

    ref, doc, att = world["case"].reference, world["document"].id, world["attachment"]
    client.force_login(world["people"]["patient"])
    for url in [
        f"/en/cases/{ref}/",
        f"/en/cases/{ref}/itinerary/",
        f"/en/cases/{ref}/documents/{doc}/",
        f"/en/cases/{ref}/messages/{att.message_id}/attachments/{att.id}/",
        f"/api/v1/cases/{ref}/",
        f"/api/v1/cases/{ref}/messages/",
        f"/api/v1/cases/{ref}/documents/",
        f"/api/v1/cases/{ref}/documents/{doc}/",
        f"/api/v1/cases/{ref}/messages/{att.message_id}/attachments/{att.id}/",
    ]:
        assert client.get(url).status_code == 200, url
    assert not CaseAccess.objects.exists()


def test_refused_openings_write_nothing(client, world):
    from medhub.cases.models import CaseAccess

    client.force_login(world["people"]["facilitator"])
    for door, url in document_urls(world).items():
        assert client.get(url).status_code == 404, door
    assert not CaseAccess.objects.exists()


def test_the_coordinators_case_page_lists_the_latest_openings(client, world):
    from medhub.cases.models import CaseAccess

    client.force_login(world["people"]["derm"])
    client.get(document_urls(world)["page"])
    client.force_login(world["people"]["coordinator"])
    page = client.get(f"/en/work/cases/{world['case'].reference}/").content.decode()
    section = page[page.index('id="accesses"') :]
    assert "pd-derm@example.com" in section and "Health document" in section and f"#{world['document'].id}" in section
    # At most the latest twenty are listed.
    CaseAccess.objects.bulk_create(
        CaseAccess(case=world["case"], user=world["people"]["byeol"], what="page", door="web") for _ in range(30)
    )
    page = client.get(f"/en/work/cases/{world['case'].reference}/").content.decode()
    section = page[page.index('id="accesses"') :]
    assert section.count('<tr><td data-label="When"><time') == 20


def test_the_access_log_is_read_only_in_the_admin(client, world, admin_user):
    from medhub.cases.models import CaseAccess

    client.force_login(world["people"]["coordinator"])
    client.get(f"/en/work/cases/{world['case'].reference}/")
    row = CaseAccess.objects.get()
    client.force_login(admin_user)
    listing = client.get("/en/admin/cases/caseaccess/")
    assert listing.status_code == 200 and "HB-PD" in listing.content.decode()
    assert client.get("/en/admin/cases/caseaccess/add/").status_code == 403
    detail = client.get(f"/en/admin/cases/caseaccess/{row.id}/change/")
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert client.post(f"/en/admin/cases/caseaccess/{row.id}/delete/", {"post": "yes"}).status_code == 403
    assert CaseAccess.objects.filter(id=row.id).exists()


# -- 4. personal pages are never stored --------------------------------------------------------


NO_STORE_MIDDLEWARE = "medhub.cases.middleware.PersonalDataNoStoreMiddleware"


def test_the_no_store_rule_is_installed(settings):
    assert NO_STORE_MIDDLEWARE in settings.MIDDLEWARE


def walk(patterns, prefix=""):
    from django.urls import URLPattern, URLResolver
    from django.urls.resolvers import LocalePrefixPattern

    for entry in patterns:
        if isinstance(entry, URLResolver):
            here = "en/" if isinstance(entry.pattern, LocalePrefixPattern) else str(entry.pattern)
            yield from walk(entry.url_patterns, prefix + here)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def personal_urls(world):
    """Every URL pattern that carries personal data, filled in for the world's case."""
    import re

    from medhub import urls
    from medhub.cases.middleware import PERSONAL_DATA_URL_NAMES
    from medhub.scheduling.ical import feed_token

    att = world["attachment"]
    values = {
        "token": feed_token("case", world["case"].id),
        "reference": world["case"].reference,
        "document_id": world["document"].id,
        "message_id": att.message_id,
        "attachment_id": att.id,
        "language": "en",
        "institution": world["byeol"].slug,
    }
    found = []
    for route, pattern in walk(urls.urlpatterns):
        converters = re.findall(r"<(?:\w+:)?(\w+)>", route)
        if "reference" not in converters and pattern.name not in PERSONAL_DATA_URL_NAMES:
            continue
        path = route
        for name in converters:
            path = re.sub(rf"<(?:\w+:)?{name}>", str(values.get(name, 1)), path)
        found.append((pattern.name, "/" + path))
    return found


@pytest.mark.parametrize("who", ["coordinator", "patient"])
def test_every_personal_url_answers_no_store(client, world, settings, who):
    if NO_STORE_MIDDLEWARE not in settings.MIDDLEWARE:
        # Tested here as the rule it is; test_the_no_store_rule_is_installed checks it is wired.
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, NO_STORE_MIDDLEWARE]
    urls = personal_urls(world)
    names = {name for name, _url in urls}
    assert {"case", "work-case", "case-document", "message-attachment", "itinerary", "api-case", "api-cases"} <= names
    client.force_login(world["people"][who])
    ok = 0
    for name, url in urls:
        response = client.get(url)
        body(response)
        cache_control = response.headers.get("Cache-Control", "")
        assert "no-store" in cache_control and "private" in cache_control, (name, url, response.status_code)
        ok += response.status_code == 200
    assert ok >= 8, ok  # the walk reached real pages, not only refusals


def test_public_pages_stay_cacheable(client, world, settings):
    if NO_STORE_MIDDLEWARE not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, NO_STORE_MIDDLEWARE]
    for url in ["/en/", "/en/search/", "/api/v1/institutions/"]:
        assert "no-store" not in client.get(url).headers.get("Cache-Control", ""), url


# -- 5. the patient's own data: a copy, and deletion ------------------------------------------


def read_zip(response) -> tuple[dict, dict]:
    import io
    import json
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    files = {name: archive.read(name) for name in archive.namelist()}
    return json.loads(files.pop("data.json")), files


@pytest.fixture
def treated(world):
    """The world's case carried on: the patient accepts Sora's quote, books a visit, has a trip
    with a passport on file, and the case is treated and closed."""
    from medhub.scheduling import services as schedule
    from medhub.travel.models import Traveller, Trip

    case, people = world["case"], world["people"]
    quote = services.quote_submit(case_id=case.id, institution_id=world["derm"].id, actor=people["derm"], data=quote_data())
    services.quote_accept(case_id=case.id, quote_id=quote.quote_id, actor=people["patient"])
    slot = schedule.slots_publish(
        institution_id=world["derm"].id,
        day=timezone.localdate() + datetime.timedelta(days=3),
        start=datetime.time(10, 0),
        minutes=30,
        count=1,
        kind="in_person",
    )[0]
    schedule.appointment_book(case_id=case.id, slot_id=slot.id, actor=people["patient"])
    Trip.objects.create(
        case=case,
        arrival_date=timezone.localdate() + datetime.timedelta(days=2),
        departure_date=timezone.localdate() + datetime.timedelta(days=6),
        treatment="Acne laser",
    )
    Traveller.objects.create(
        case=case,
        role="patient",
        name_native="テスト",
        name_latin="Test Patient",
        nationality="JP",
        passport_number="TR1234567",
        birth_date="1990-04-01",
    )
    return {**world, "quote": quote, "slot": slot}


def test_the_patient_downloads_all_their_data_from_the_page_and_the_api(client, treated):
    world = treated
    client.force_login(world["people"]["coordinator"])
    client.get(f"/en/work/cases/{world['case'].reference}/")  # an opening the patient will see
    client.force_login(world["people"]["patient"])
    page = client.get(f"/en/cases/{world['case'].reference}/").content.decode()
    assert "/en/my-data/" in page
    assert "/en/my-data/export.zip" in client.get("/en/my-data/").content.decode()
    for url in ("/en/my-data/export.zip", "/api/v1/me/export/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/zip" and "attachment" in response["Content-Disposition"]
        assert "no-store" in response["Cache-Control"]
        data, files = read_zip(response)
        assert data["account"]["email"] == "pd-patient@example.com"
        (case,) = data["cases"]
        assert case["reference"] == "HB-PD" and case["name"] == "Test Patient" and case["email"] == "patient@example.com"
        assert case["what_you_asked"] == world["case"].problem
        texts = {m["text"] for messages in case["conversations"].values() for m in messages}
        assert texts == {"general-words", "derm-words", "byeol-words"}
        assert files[case["documents"][0]["file"]] == PDF
        (attachment,) = [a for messages in case["conversations"].values() for m in messages for a in m["attachments"]]
        assert files[attachment["file"]] == PDF
        assert {q["status"] for q in case["quotes"]} == {"accepted"}
        assert case["quotes"][0]["versions"][0]["plan"] == "Laser plan"
        assert datetime.datetime.fromisoformat(case["appointments"][0]["starts"]) == world["slot"].starts_at
        assert case["travel"]["travellers"][0]["passport_number"] == "TR1234567"
        assert case["travel"]["trip"]["treatment"] == "Acne laser"
        assert any(a["by"] == "pd-coord@example.com" for a in case["who_opened_it"])
        assert "README.txt" in files


def test_an_export_holds_only_the_callers_own_data(client, world):
    stranger = make_user("pd-stranger", Role.PATIENT)
    make_case(patient=stranger, reference="HB-OTHER", problem="stranger-words")
    client.force_login(stranger)
    data, files = read_zip(client.get("/en/my-data/export.zip"))
    assert [c["reference"] for c in data["cases"]] == ["HB-OTHER"]
    assert "HB-PD" not in str(data) and not any("HB-PD" in name for name in files)
    client.logout()
    assert client.get("/en/my-data/export.zip").status_code == 302
    assert client.get("/api/v1/me/export/").status_code in (401, 403)


@pytest.fixture
def hub_admin(db):
    user = make_user("pd-admin", Role.HUB_ADMIN)
    user.preferred_language = "en"
    user.save()
    return user


def test_a_patient_asks_for_deletion_on_the_page_once_and_the_administrator_is_told(
    client, world, hub_admin, django_capture_on_commit_callbacks
):
    from medhub.cases.models import DeletionRequest

    client.force_login(world["people"]["patient"])
    response = client.post("/en/my-data/", {"note": "Please forget me"})
    assert response.status_code == 400 and not DeletionRequest.objects.exists()  # the confirmation box is required
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/my-data/", {"note": "Please forget me", "confirm": "on"})
    assert response.status_code == 302
    asked = DeletionRequest.objects.get()
    assert (asked.user, asked.status, asked.note) == (world["people"]["patient"], "pending", "Please forget me")
    assert LogEntry.objects.filter(case_id=world["case"].id, action="privacy.deletion.requested").count() == 1
    assert [m.to for m in mail.outbox] == [[hub_admin.email]]
    assert f"/en/work/deletion-requests/{asked.id}/" in mail.outbox[0].body
    again = client.post("/en/my-data/", {"note": "again", "confirm": "on"})
    assert again.status_code == 400 and "already asked" in again.content.decode()
    assert DeletionRequest.objects.count() == 1


def test_a_patient_asks_for_deletion_through_the_api_and_staff_cannot(client, world):
    from medhub.cases.models import DeletionRequest

    client.force_login(world["people"]["patient"])
    response = client.post("/api/v1/me/deletion-requests/", {"note": "by api"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["status"] == "pending"
    assert client.post("/api/v1/me/deletion-requests/", {}, content_type="application/json").status_code == 400
    assert [r["note"] for r in client.get("/api/v1/me/deletion-requests/").json()] == ["by api"]
    client.force_login(world["people"]["coordinator"])
    assert client.post("/api/v1/me/deletion-requests/", {}, content_type="application/json").status_code == 400
    assert DeletionRequest.objects.count() == 1


def ask_deletion(world):
    from medhub.privacy import services as personal_data

    return personal_data.deletion_request(user=world["people"]["patient"], note="forget me")


def test_only_the_hub_administrator_decides(client, world, hub_admin):
    from medhub.privacy import services as personal_data

    asked = ask_deletion(world)
    for who in ("coordinator", "patient", "derm"):
        client.force_login(world["people"][who])
        assert client.get("/en/work/deletion-requests/").status_code == 403, who
        response = client.post(f"/en/work/deletion-requests/{asked.id}/", {"decision": "approve"})
        assert response.status_code == 403, who
    with pytest.raises(services.CaseError):
        personal_data.deletion_decide(request_id=asked.id, actor=world["people"]["coordinator"], approve=True)
    asked.refresh_from_db()
    assert asked.status == "pending"
    client.force_login(hub_admin)
    listing = client.get("/en/work/deletion-requests/")
    assert listing.status_code == 200 and f"/en/work/deletion-requests/{asked.id}/" in listing.content.decode()


def test_the_administrator_refuses_with_a_reason_and_the_patient_is_told_in_their_language(
    client, world, hub_admin, django_capture_on_commit_callbacks
):
    patient = world["people"]["patient"]
    patient.preferred_language = "ko"
    patient.save()
    asked = ask_deletion(world)
    client.force_login(hub_admin)
    url = f"/en/work/deletion-requests/{asked.id}/"
    response = client.post(url, {"decision": "refuse", "reason": ""})
    assert response.status_code == 400 and "reason" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "refuse", "reason": "Your visa case is still open with immigration."})
    assert response.status_code == 302
    asked.refresh_from_db()
    assert (asked.status, asked.decided_by, asked.reason) == (
        "refused",
        hub_admin,
        "Your visa case is still open with immigration.",
    )
    decided = LogEntry.objects.filter(case_id=world["case"].id, action="privacy.deletion.decided", data__decision="refused")
    assert decided.count() == 1
    (email,) = mail.outbox
    assert email.to == ["pd-patient@example.com"]
    assert "한빛 의료관광 지원센터" in email.subject  # the hub's name in the patient's language
    assert "Your visa case is still open with immigration." in email.body
    patient.refresh_from_db()
    assert patient.is_active and patient.email == "pd-patient@example.com"
    world["case"].refresh_from_db()
    assert world["case"].full_name == "Test Patient"


def test_approved_deletion_erases_an_untreated_case_and_the_account(client, world, hub_admin, django_capture_on_commit_callbacks):
    from django.core.files.storage import default_storage

    from medhub.cases.models import CaseAccess, CaseDocument, Message, MessageAttachment

    case, patient = world["case"], world["people"]["patient"]
    client.force_login(world["people"]["coordinator"])
    client.get(f"/en/work/cases/{case.reference}/")
    document_path = world["document"].file.name
    attachment_path = world["attachment"].file.name
    asked = ask_deletion(world)
    patient_client = type(client)()
    patient_client.force_login(patient)
    client.force_login(hub_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/work/deletion-requests/{asked.id}/", {"decision": "approve", "reason": ""})
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == "approved" and asked.outcome["cases"]["HB-PD"]["treated"] is False
    case.refresh_from_db()
    assert case.state == "cancelled" and case.erased_at is not None
    assert (case.full_name, case.messenger_handle, case.problem) == ("", "", "")
    assert "patient@example.com" not in case.contact_email
    assert not CaseDocument.objects.filter(case=case).exists() and not default_storage.exists(document_path)
    assert not Message.objects.filter(case=case).exists() and not MessageAttachment.objects.exists()
    assert not default_storage.exists(attachment_path)
    assert CaseAccess.objects.filter(case=case).exists()  # the access log is kept
    patient.refresh_from_db()
    assert not patient.is_active and "pd-patient" not in patient.email + patient.username
    assert not patient.has_usable_password()
    # Signed out everywhere: the old session no longer opens anything.
    assert patient_client.get("/en/my-data/").status_code == 302
    (email,) = mail.outbox
    assert email.to == ["pd-patient@example.com"]  # the address as it was, before erasure
    assert "erased" in email.subject
    page = client.get(f"/en/work/deletion-requests/{asked.id}/").content.decode()
    assert "What was erased and what is kept" in page


def test_approved_deletion_keeps_the_record_of_care_of_a_treated_case(
    client, treated, hub_admin, django_capture_on_commit_callbacks
):
    from medhub.cases.models import CaseDocument, Message
    from medhub.privacy import services as personal_data
    from medhub.travel.models import Traveller

    world = treated
    case = world["case"]
    coordinator = world["people"]["coordinator"]
    services.case_transition(case_id=case.id, to_state="in_treatment", actor=coordinator)
    asked = ask_deletion(world)
    with pytest.raises(services.CaseError, match="being treated"):
        personal_data.deletion_decide(request_id=asked.id, actor=hub_admin, approve=True)
    services.case_transition(case_id=case.id, to_state="closed", actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.deletion_decide(request_id=asked.id, actor=hub_admin, approve=True)
    asked.refresh_from_db()
    done = asked.outcome["cases"]["HB-PD"]
    assert done["treated"] is True
    record = next(k for k in done["kept"] if k["what"] == "medical_record")
    visit = timezone.localtime(world["slot"].starts_at).date()
    assert record["until"] == visit.replace(year=visit.year + 10).isoformat()
    case.refresh_from_db()
    assert case.full_name == "" and case.state == "closed"
    assert CaseDocument.objects.filter(case=case).exists()  # assessed by the treating institution
    assert list(Message.objects.filter(case=case).values_list("body", flat=True)) == ["derm-words"]
    assert case.quotes.get(institution=world["derm"]).versions.get().plan == "Laser plan"  # tax and commission record
    assert not Traveller.objects.filter(case=case).exists()
    assert case.appointments.exists()


# -- 6. plain-text emails keep names as written ------------------------------------------------

HOSTILE = 'Seán O\'Brien & <Kim> "Jr"'


def email_templates() -> list[str]:
    from pathlib import Path

    import medhub

    root = Path(medhub.__file__).parent
    found = sorted(str(p.relative_to(root)) for p in root.glob("*/templates/*/email/*.txt"))
    assert len(found) >= 40, found  # cases, travel, interpreting, accounts
    return found


def hostile_context() -> dict:
    from types import SimpleNamespace

    when = timezone.now()
    person = SimpleNamespace(display_name=HOSTILE, get_full_name=HOSTILE, username=HOSTILE)
    return {
        "case": SimpleNamespace(
            reference=HOSTILE, full_name=HOSTILE, visa=SimpleNamespace(get_status_display=HOSTILE), contact_email=HOSTILE
        ),
        "booking": SimpleNamespace(
            interpreter=person,
            starts_at=when,
            ends_at=when,
            decline_reason=HOSTILE,
            get_purpose_display=HOSTILE,
            get_language_display=HOSTILE,
        ),
        "request": SimpleNamespace(requested_at=when, reason=HOSTILE),
        "user": person,
        "institution": HOSTILE,
        "hub_name": HOSTILE,
        "url": "https://hub.example/en/cases/HB-1/?a=1&b=2",
        "verify_url": "https://hub.example/en/cases/verify/x/?a=1&b=2",
        "hours": 24,
        "code": HOSTILE,
        "minutes": 10,
        "hub_zone": "Asia/Seoul",
    }


class Hostile(str):
    """Any object a template reads: its text and every attribute and call of it are the hostile
    name, so an email of any app is checked without a context written for it."""

    def __new__(cls):
        return super().__new__(cls, HOSTILE)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return timezone.now() if WHEN.search(name) else self

    def __call__(self, *args, **kwargs):
        return self


# Names that hold a moment or a day in medhub's templates (due_at, expires, starts_at, date…).
WHEN = re.compile(r"(date|_at$|^at$|_on$|due|until|expir|starts|ends|when|deadline|since|^day$|_day$)")


def template_names(source: str) -> set[str]:
    """The top-level names a template's variables and tags read ({{ name.x }}, {% if name %}…)."""
    names = set()
    for block in re.findall(r"{{(.*?)}}|{%(.*?)%}", source, flags=re.S):
        for name in re.findall(r"(?<![\w.'\"|:])([a-z_][a-z0-9_]*)", " ".join(block)):
            names.add(name)
    return names


@pytest.mark.parametrize("name", email_templates())
def test_every_plain_text_email_keeps_names_as_written(name):
    from django.template.loader import render_to_string
    from django.utils import translation

    context = hostile_context()
    import medhub

    source = (Path(medhub.__file__).parent / name).read_text(encoding="utf-8")
    for missing in template_names(source) - set(context):
        context[missing] = timezone.now() if WHEN.search(missing) else Hostile()
    for counted in re.findall(r"count \w+=(\w+)", source):  # {% blocktranslate count n=days %} needs a number
        context[counted] = 2
    with translation.override("en"):
        text = render_to_string(name.split("templates/", 1)[1], context)
    for escaped in ("&#x27;", "&#39;", "&amp;", "&lt;", "&gt;", "&quot;"):
        assert escaped not in text, (name, escaped, text)
    if "{{" in source or " with " in source:  # a text that prints no value has no name to keep
        assert HOSTILE in text, (name, text)


def test_the_inquiry_email_greets_the_patient_by_their_name_as_written(directory, settings):
    from medhub.cases import tasks
    from medhub.core.models import HubSettings

    HubSettings.objects.filter(pk=1).update(name={"en": "Health & Care <Hub>", "ja": "Health & Care <Hub>"})
    from django.core.cache import cache

    cache.clear()
    case = make_case(full_name="O'Brien & <Kim>", preferred_language="en")
    tasks.send_inquiry_received(case.id)
    (email,) = mail.outbox
    assert "Dear O'Brien & <Kim>," in email.body
    assert "Thank you for contacting Health & Care <Hub>." in email.body
    assert "&#x27;" not in email.body + email.subject and "&amp;" not in email.body


# -- the patient's contact details never reach an institution or an agency, thread included -----


@pytest.mark.parametrize(("who", "page"), [("byeol", "/en/work/inbox/HB-PD/"), ("facilitator", "/en/work/referrals/HB-PD/")])
def test_the_thread_names_the_patient_by_role_for_institutions_and_agencies(client, world, who, page):
    patient_email = world["people"]["patient"].email
    client.force_login(world["people"][who])
    html = client.get(page)
    assert html.status_code == 200
    assert patient_email not in html.content.decode()
    assert "The patient" in html.content.decode()
    api = client.get("/api/v1/cases/HB-PD/messages/", headers={"Accept-Language": "en"})
    assert api.status_code == 200 and api.json()
    assert patient_email not in api.content.decode()
    assert {m["author"] for m in api.json()} == {"The patient"}


def test_the_hub_sees_who_wrote_each_message(client, world):
    client.force_login(world["people"]["coordinator"])
    authors = {m["author"] for m in client.get("/api/v1/cases/HB-PD/messages/", headers={"Accept-Language": "en"}).json()}
    assert authors == {world["people"]["patient"].email, world["people"]["derm"].email}
    # The institution reading its own conversation sees itself as "You", the patient by role.
    client.force_login(world["people"]["derm"])
    mine = client.get("/api/v1/cases/HB-PD/messages/", headers={"Accept-Language": "en"}).json()
    assert {m["author"] for m in mine} == {"You"}
