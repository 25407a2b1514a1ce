"""People's names show what they say: no character that hides itself or turns the text around,
one space between words, NFC; the name in Latin letters (the passport's) holds Latin letters
only. The rule holds for the patient's name (inquiry page and API) and for travellers' names
(travel page and API), and in the services behind them."""

import datetime
import json
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from rest_framework.test import APIClient

from medhub.cases import services as case_services
from medhub.cases.models import Case
from medhub.core.names import BIDI_CONTROLS, clean_file_name, clean_latin_name, clean_name
from medhub.travel import services as travel_services
from medhub.travel.models import Traveller
from tests.scheduling.test_booking import accepted_case

pytestmark = pytest.mark.django_db

INVISIBLE = "invisible or text-direction character"
NOT_LATIN = "Write the name in Latin letters"

# Each character a name must not carry, with a name for the test.
HIDDEN = {
    **{f"bidi-U+{ord(c):04X}": c for c in sorted(BIDI_CONTROLS)},
    "zero-width-space": "\u200b",
    "zero-width-non-joiner": "\u200c",
    "zero-width-joiner": "\u200d",
    "word-joiner": "\u2060",
    "byte-order-mark": "\ufeff",
    "soft-hyphen": "\u00ad",
    "mongolian-vowel-separator": "\u180e",
    "tag-latin-a": "\U000e0041",
    "hangul-filler": "\u3164",
    "braille-blank": "\u2800",
    "combining-grapheme-joiner": "\u034f",
    "bell": "\x07",
    "escape": "\x1b",
    "delete": "\x7f",
    "private-use": "\ue000",
}


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def trip_case(directory, coordinator):
    """An accepted case, ready for its travellers."""
    case, _patient = accepted_case(directory, coordinator, reference="HB-NAMES")
    return case


@pytest.fixture
def staff(client, coordinator):
    client.force_login(coordinator)
    return client


# -- the rule ------------------------------------------------------------------------------


@pytest.mark.parametrize("char", list(HIDDEN.values()), ids=list(HIDDEN))
def test_hidden_and_direction_characters_are_refused_in_any_name(char):
    for clean in (clean_name, clean_latin_name):
        with pytest.raises(ValidationError) as refused:
            clean(f"Aigerim{char}Nurlanova")
        (message,) = refused.value.messages
        assert INVISIBLE in message and f"U+{ord(char):04X}" in message
        assert char not in message  # the name is quoted without it


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Айгерим \t Нурланова\n", "Айгерим Нурланова"),
        ("Nguye\u0302\u0303n Va\u0306n An", "Nguyễn Văn An"),  # decomposed accents become NFC
        ("佐藤\u3000美咲", "佐藤 美咲"),  # an ideographic space is a space
        ("خالد\u00a0المنصوري", "خالد المنصوري"),  # so is a no-break space
        ("김 민준", "김 민준"),
        ("สมชาย ใจดี", "สมชาย ใจดี"),
    ],
)
def test_a_name_in_any_script_is_normalized(typed, kept):
    assert clean_name(typed) == kept
    assert unicodedata.is_normalized("NFC", clean_name(typed))


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Aigerim Nurlanova", "Aigerim Nurlanova"),  # the case is kept
        ("NGUYỄN VĂN AN", "NGUYỄN VĂN AN"),
        ("José-María O'Neill", "José-María O'Neill"),
        ("Jean-Luc d’Arc Jr.", "Jean-Luc d’Arc Jr."),
        ("Oʻktam Ørsted-Łukasz Straße", "Oʻktam Ørsted-Łukasz Straße"),
        ("Ｓａｔｏ　Ｍｉｓａｋｉ", "Sato Misaki"),  # full-width letters from a Japanese keyboard
        ("  Wang   Li ", "Wang Li"),
    ],
)
def test_a_latin_name_takes_latin_letters_of_every_kind(typed, kept):
    assert clean_latin_name(typed) == kept


@pytest.mark.parametrize(
    "typed",
    [
        "Айгерим",  # Cyrillic
        "Sаto",  # a Cyrillic а that looks Latin
        "佐藤",
        "Wang Li 2",
        "Wang_Li",
        "Wang<Li>",
        "Li@example",
        "Zo\u0301\u0301\u0301\u0301e",  # a pile of accents on one letter
    ],
)
def test_a_latin_name_refuses_anything_else(typed):
    with pytest.raises(ValidationError, match=NOT_LATIN):
        clean_latin_name(typed)


@pytest.mark.parametrize("typed", ["123", "---", "'.'", "!!"])
def test_a_name_needs_a_letter(typed):
    for clean in (clean_name, clean_latin_name):
        with pytest.raises(ValidationError):
            clean(typed)


def test_blank_is_left_to_the_caller():
    assert clean_name("  \t ") == "" and clean_latin_name("") == ""


def test_file_names_lose_hidden_characters_but_are_never_refused():
    assert clean_file_name("scan\u202egpj.pdf") == "scangpj.pdf"
    assert clean_file_name("\u200b\u200b") == "document"
    assert clean_file_name("a/b\\c:d.png") == "a_b_c_d.png"


# -- the patient's name: inquiry page, API and service ----------------------------------------


def test_the_inquiry_page_refuses_a_name_with_a_direction_override_and_keeps_the_rest(client, inquiry_data):
    response = client.post("/en/inquiry/", {**inquiry_data, "full_name": "Aigerim\u202eavonalruN"})
    assert response.status_code == 400
    assert "full_name" in response.context["form"].errors
    page = response.content.decode()
    assert INVISIBLE in page and "U+202E" in page
    assert "Беспокоят прыщи" in page  # nothing else typed is lost
    assert not Case.objects.exists()


def test_the_inquiry_page_stores_the_name_normalized(client, inquiry_data):
    response = client.post("/en/inquiry/", {**inquiry_data, "full_name": "  Nguye\u0302\u0303n \t Va\u0306n  An "})
    assert response.status_code == 302
    assert Case.objects.get().full_name == "Nguyễn Văn An"


def test_the_inquiry_api_refuses_a_zero_width_name(inquiry_data):
    api = APIClient()
    api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = api.post("/api/v1/inquiries/", {**inquiry_data, "full_name": "Ai\u200bgerim"}, format="multipart")
    assert response.status_code == 400
    assert "full_name" in response.json()
    assert "U+200B" in json.dumps(response.json())
    assert not Case.objects.exists()
    accepted = api.post("/api/v1/inquiries/", {**inquiry_data, "full_name": "Айгерим\u00a0 Нурланова"}, format="multipart")
    assert accepted.status_code == 201
    assert Case.objects.get().full_name == "Айгерим Нурланова"


def test_the_inquiry_service_holds_the_rule_itself(inquiry_data):
    data = {**inquiry_data, "full_name": "Kim\u2067nosrep\u2069", "nationality": "KZ"}
    with pytest.raises(ValidationError, match=INVISIBLE):
        case_services.inquiry_submit(data=data, documents=[], language="en")
    assert not Case.objects.exists()


# -- travellers' names: travel page, API and service ------------------------------------------


def person(**extra) -> dict:
    return {
        "role": "patient",
        "name_native": "Айгерим Нурланова",
        "name_latin": "Aigerim Nurlanova",
        "nationality": "KZ",
        "passport_number": "N12345678",
        "birth_date": "1990-04-12",
        **extra,
    }


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("name_native", "Айгерим\u202eаволнаруН", INVISIBLE),
        ("name_native", "Ай\u200dгерим", INVISIBLE),
        ("name_latin", "Aigerim\u200f Nurlanova", INVISIBLE),
        ("name_latin", "Айгерим Нурланова", NOT_LATIN),
        ("name_latin", "Aigerim <b>Nurlanova</b>", NOT_LATIN),
    ],
)
def test_the_travel_page_refuses_a_hidden_or_non_latin_name(trip_case, staff, field, value, says):
    url = f"/en/work/cases/{trip_case.reference}/travel/"
    response = staff.post(url, {"action": "traveller", **person(**{field: value})})
    assert response.status_code == 400
    assert says in response.content.decode()
    assert not Traveller.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("name_native", "Ай\u2066герим\u2069", INVISIBLE),
        ("name_latin", "Aigerim\u00adNurlanova", INVISIBLE),
        ("name_latin", "Sаto Misaki", NOT_LATIN),
    ],
)
def test_the_travel_api_refuses_a_hidden_or_non_latin_name(trip_case, staff, field, value, says):
    url = f"/api/v1/cases/{trip_case.reference}/travel/travellers/"
    staff.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = staff.post(url, person(**{field: value}), content_type="application/json")
    assert response.status_code == 400
    assert field in response.json() and says in json.dumps(response.json(), ensure_ascii=False)
    assert not Traveller.objects.exists()


def test_good_names_go_through_page_and_api_normalized(trip_case, staff):
    reference = trip_case.reference
    page = staff.post(
        f"/en/work/cases/{reference}/travel/",
        {"action": "traveller", **person(name_native="  Нгуен \t Ван ", name_latin="Nguye\u0302\u0303n  Va\u0306n")},
    )
    assert page.status_code == 302
    api = staff.post(
        f"/api/v1/cases/{reference}/travel/travellers/",
        person(role="companion", relationship="Sister", name_native="佐藤\u3000美咲", name_latin="Ｓａｔｏ Ｍｉｓａｋｉ"),
        content_type="application/json",
    )
    assert api.status_code == 201
    names = sorted(Traveller.objects.values_list("name_native", "name_latin"))
    # The passport's name is printed in capitals, as it was before this rule.
    assert names == [("Нгуен Ван", "NGUYỄN VĂN"), ("佐藤 美咲", "SATO MISAKI")]


def test_the_traveller_service_holds_the_rule_itself(trip_case, coordinator):
    data = {**person(name_latin="Aigerim\u202e"), "birth_date": datetime.date(1990, 4, 12)}
    with pytest.raises(ValidationError, match=INVISIBLE):
        travel_services.traveller_save(case_id=trip_case.id, actor=coordinator, data=data)
    with pytest.raises(ValidationError, match=NOT_LATIN):
        travel_services.traveller_save(case_id=trip_case.id, actor=coordinator, data={**data, "name_latin": "Айгерим"})
    assert not Traveller.objects.exists()
