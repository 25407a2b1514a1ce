"""Visa support: the type follows the stay, entries follow the nationality, a checklist per
visa and nationality, a status with dates, and the invitation letter as a PDF."""

import datetime
import io

import pytest
from pypdf import PdfReader

from medhub.cases.models import Case
from medhub.cases.services import CaseError
from medhub.core.models import LogEntry
from medhub.travel import rules
from medhub.travel import services as travel
from medhub.travel.models import ChecklistItem, EntryRestriction, SensitiveAccess, VisaApplication
from tests.travel.conftest import add_patient_traveller, with_trip

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def pdf_fonts(content: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


@pytest.mark.parametrize(("days", "expected"), [(1, "C-3-3"), (90, "C-3-3"), (91, "G-1-10"), (365, "G-1-10")])
def test_the_suggested_visa_follows_the_length_of_stay(days, expected):
    assert rules.suggested_visa(days) == expected


def test_restricted_nationalities_are_data_the_administrator_edits(db):
    # The defaults name the nationalities the domain facts list; the administrator can add more.
    assert rules.allowed_entries("C-3-3", "CN") == ["single", "double"]
    assert rules.allowed_entries("C-3-3", "JP") == ["single", "double", "multiple"]
    EntryRestriction.objects.create(nationality="JP", max_entries="single")
    assert rules.allowed_entries("C-3-3", "JP") == ["single"]
    assert rules.allowed_entries("G-1-10", "CN") == ["multiple"]


def test_visa_application_takes_the_suggestion_and_refuses_what_the_rules_forbid(world):
    case = world["case"]
    Case.objects.filter(pk=case.pk).update(nationality="KZ")
    with pytest.raises(CaseError):
        travel.visa_save(case_id=case.id, actor=world["coordinator"])  # no trip yet
    with_trip(world, days=14)
    visa = travel.visa_save(case_id=case.id, actor=world["coordinator"])
    assert (visa.visa_type, visa.entries) == ("C-3-3", "double")  # Kazakhstan: double at most
    with pytest.raises(CaseError):
        travel.visa_save(case_id=case.id, actor=world["coordinator"], visa_type="C-3-3", entries="multiple")
    # A longer stay cannot keep a C-3-3 visa.
    with pytest.raises(CaseError):
        with_trip(world, days=120)
    visa = travel.visa_save(case_id=case.id, actor=world["coordinator"], visa_type="G-1-10", entries="multiple")
    with_trip(world, days=120)
    assert visa.entries == "multiple"
    with pytest.raises(CaseError):
        travel.visa_save(case_id=case.id, actor=world["coordinator"], visa_type="C-3-3")


def test_checklist_depends_on_visa_type_nationality_and_companions(world):
    case = world["case"]
    Case.objects.filter(pk=case.pk).update(companions=0)
    with_trip(world, days=10)
    from medhub.travel.selectors import visa_checklist

    visa = travel.visa_save(case_id=case.id, actor=world["coordinator"])
    c33 = visa_checklist(VisaApplication.objects.select_related("case").get(pk=visa.pk), language="en")
    labels = [line.label for line in c33]
    assert "Passport (valid for at least six months)" in labels
    assert "Letter of guarantee" not in labels  # G-1-10 only
    assert not any(line.applies_to == "companion" for line in c33)
    ChecklistItem.objects.create(nationality="JP", label={"en": "Japanese residence certificate"}, position=1)
    ChecklistItem.objects.create(nationality="CN", label={"en": "Hukou booklet"}, position=2)
    Case.objects.filter(pk=case.pk).update(companions=1)
    visa = travel.visa_save(case_id=case.id, actor=world["coordinator"], visa_type="G-1-10", entries="multiple")
    with_trip(world, days=120)
    g110 = visa_checklist(VisaApplication.objects.select_related("case").get(pk=visa.pk), language="ru")
    labels = [line.label for line in g110]
    assert "Гарантийное письмо поручителя" in labels
    assert "Japanese residence certificate" in labels  # the patient is Japanese
    assert "Hukou booklet" not in labels
    assert any(line.applies_to == "companion" for line in g110)


def test_status_moves_with_dates_and_needs_every_document_first(world):
    case = world["case"]
    with_trip(world)
    visa = travel.visa_save(case_id=case.id, actor=world["coordinator"])
    with pytest.raises(CaseError) as missing:
        travel.visa_status_set(case_id=case.id, status="collected", on=None, actor=world["coordinator"])
    assert "missing" in str(missing.value)
    with pytest.raises(CaseError):
        travel.visa_status_set(case_id=case.id, status="issued", on=None, actor=world["coordinator"])  # skips steps
    from medhub.travel.selectors import visa_checklist

    ids = [line.id for line in visa_checklist(VisaApplication.objects.select_related("case").get(pk=visa.pk))]
    travel.visa_checklist_update(case_id=case.id, item_ids=[*ids, 999_999], actor=world["coordinator"])
    day = datetime.date(2026, 12, 1)
    travel.visa_status_set(case_id=case.id, status="collected", on=day, actor=world["coordinator"])
    with pytest.raises(CaseError):
        travel.visa_status_set(
            case_id=case.id, status="submitted", on=day - datetime.timedelta(days=1), actor=world["coordinator"]
        )
    travel.visa_status_set(case_id=case.id, status="submitted", on=day + datetime.timedelta(days=1), actor=world["coordinator"])
    with pytest.raises(CaseError):
        travel.visa_status_set(case_id=case.id, status="refused", on=None, actor=world["coordinator"], reason=" ")
    visa = travel.visa_status_set(
        case_id=case.id, status="issued", on=day + datetime.timedelta(days=4), actor=world["coordinator"]
    )
    assert visa.checked_items == sorted(ids)
    assert (visa.collected_on, visa.submitted_on, visa.decided_on) == (
        day,
        day + datetime.timedelta(days=1),
        day + datetime.timedelta(days=4),
    )
    visa = LogEntry.objects.filter(case_id=case.id, action__in=["travel.visa.saved", "travel.visa.status_changed"])
    assert visa.count() == 4  # started, collected, submitted, issued


def test_coordinator_drives_the_visa_from_the_travel_page(world, coordinator_client):
    case = world["case"]
    url = f"/en/work/cases/{case.reference}/travel/"
    arrival = world["arrival"].isoformat()
    response = coordinator_client.post(
        url, {"action": "trip", "arrival_date": arrival, "departure_date": arrival, "treatment": "x"}
    )
    assert response.status_code == 400
    assert "The departure must come after the arrival." in response.content.decode()
    departure = world["departure"].isoformat()
    assert (
        coordinator_client.post(
            url, {"action": "trip", "arrival_date": arrival, "departure_date": departure, "treatment": "Laser"}
        ).status_code
        == 302
    )
    assert coordinator_client.post(url, {"action": "visa", "visa_type": "", "entries": ""}).status_code == 302
    page = coordinator_client.get(url).content.decode()
    assert "C-3-3 medical tourism visa" in page
    assert "Invitation letter in Korean (PDF)" in page
    assert coordinator_client.post(url, {"action": "bogus"}).status_code == 400


def test_invitation_letter_in_korean_and_english_prints_every_script(world, coordinator_client):
    case = world["case"]
    with_trip(world)
    travel.visa_save(case_id=case.id, actor=world["coordinator"])
    letter = f"/en/work/cases/{case.reference}/travel/letter-ko.pdf"
    assert coordinator_client.get(letter).status_code == 302  # no passport details yet: back with a message
    add_patient_traveller(world, name_native="خالد المنصوري", name_latin="Khalid Almansoori", nationality="AE")
    travel.traveller_save(
        case_id=case.id,
        actor=world["coordinator"],
        data={
            "role": "companion",
            "relationship": "Sister",
            "name_native": "王丽",
            "name_latin": "Wang Li",
            "nationality": "CN",
            "passport_number": "E7654321",
            "birth_date": "1993-02-01",
        },
    )
    before = SensitiveAccess.objects.filter(case=case, purpose="letter").count()
    korean = coordinator_client.get(letter)
    assert korean.status_code == 200
    assert korean["Content-Type"] == "application/pdf"
    assert korean["Cache-Control"] == "private, no-store"
    text = pdf_text(korean.content)
    for expected in ("초청장", "환자", "خالد المنصوري", "KHALID ALMANSOORI", "N12345678", "王丽", "WANG LI", "E7654321", "C-3-3"):
        assert expected in text, expected
    assert "소라 피부과의원" in text  # the institution's letterhead in Korean
    fonts = pdf_fonts(korean.content)
    assert any("Noto-Sans-CJK" in f for f in fonts), fonts
    assert any("Arabic" in f for f in fonts), fonts
    english = coordinator_client.get(f"/en/work/cases/{case.reference}/travel/letter-en.pdf")
    text = pdf_text(english.content)
    assert "Letter of invitation" in text
    assert "Sora Dermatology Clinic" in text
    assert "Sister" in text
    assert SensitiveAccess.objects.filter(case=case, purpose="letter").count() == before + 2
    assert coordinator_client.get(f"/en/work/cases/{case.reference}/travel/letter-ru.pdf").status_code == 404


def test_the_letter_needs_an_accepted_institution(directory, coordinator, coordinator_client):
    from tests.cases.conftest import make_case

    case = make_case(reference="HB-NOQUOTE")
    world = {"case": case, "coordinator": coordinator, "arrival": datetime.date(2027, 3, 1)}
    with_trip(world)
    travel.visa_save(case_id=case.id, actor=coordinator)
    add_patient_traveller(world)
    response = coordinator_client.get(f"/en/work/cases/{case.reference}/travel/letter-en.pdf", follow=True)
    assert "whose quote the patient accepted" in response.content.decode()
