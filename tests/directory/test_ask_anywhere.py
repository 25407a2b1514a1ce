"""Ask from anywhere: "Ask for a quote" carries what the patient looked at into the inquiry,
search cards show the price of the treatment searched, similar offerings are the same treatment
elsewhere, and the inquiry form suggests a specialty while the patient writes."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from medhub.cases.models import Case
from medhub.core.models import LogEntry
from tests import factories
from tests.cases.conftest import inquiry_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub(directory):
    """The small hub, with the dermatology clinic also doing a pricey spine offering and a
    second laser toning elsewhere."""
    s = directory["specialties"]
    factories.offering(directory["derm"], s["spine"], low=5_000_000, high=7_000_000, slug="sora-spine-care")
    other = factories.institution(
        name={"en": "Bada Skin Clinic", "ko": "바다 피부과의원"},
        specialties=[s["dermatology"]],
        district=directory["districts"]["maru"],
        slug="bada-skin",
    )
    factories.offering(other, s["dermatology"], low=90_000, high=200_000, slug="bada-laser-toning")
    factories.offering(
        other, s["dermatology"], low=1_000_000, high=1_500_000, slug="bada-scar-revision", name={"en": "Scar revision"}
    )
    factories.offering(other, s["dermatology"], low=95_000, high=210_000, kind="checkup", slug="bada-skin-checkup")
    directory["bada"] = other
    return directory


# -- Ask for a quote ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru", "ar"])
def test_institution_and_offering_pages_ask_for_a_quote_with_what_was_looked_at(client, hub, lang):
    page = client.get(f"/{lang}/institutions/sora-dermatology/").content.decode()
    assert f'href="/{lang}/inquiry/?institution=sora-dermatology"' in page
    assert f'href="/{lang}/inquiry/?offering=sora-laser-toning"' in page
    page = client.get(f"/{lang}/offerings/sora-laser-toning/").content.decode()
    assert f'href="/{lang}/inquiry/?offering=sora-laser-toning"' in page


def test_search_cards_ask_for_a_quote_with_the_specialty_searched(client, hub):
    page = client.get("/en/search/", {"q": "dermatology"}).content.decode()
    assert 'href="/en/inquiry/?institution=sora-dermatology&amp;specialty=dermatology"' in page


def test_the_inquiry_form_is_prefilled_from_an_offering_and_the_case_records_it(client, hub):
    page = client.get("/ru/inquiry/", {"offering": "sora-laser-toning"}).content.decode()
    derm = hub["specialties"]["dermatology"]
    assert 'name="offering" value="sora-laser-toning"' in page
    assert 'name="institution" value="sora-dermatology"' in page
    assert f'<option value="{derm.pk}" selected>' in page
    assert "Клиника дерматологии Сора" in page  # the page names the institution in Russian

    data = {**inquiry_fields(), "offering": "sora-laser-toning", "institution": "sora-dermatology"}
    response = client.post("/ru/inquiry/", data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.requested_specialty == derm  # the offering's specialty
    created = LogEntry.objects.get(case_id=case.id, action="cases.case.created")
    assert created.data["asked_about"] == {"institution": "sora-dermatology", "offering": "sora-laser-toning"}


def test_unknown_or_unpublished_values_in_the_link_are_left_out(client, hub):
    def form_of(response):  # the inquiry form only (the header's currency switch repeats the query)
        return response.content.decode().split('class="inquiry-form"', 1)[1]

    page = form_of(client.get("/en/inquiry/", {"institution": "yesnal-dermatology", "specialty": "no-such", "offering": "x"}))
    assert 'name="institution" value=' not in page  # a lapsed registration is not offered
    assert 'name="offering" value=' not in page
    assert '<option value="" selected>' in page.split('name="specialty"', 1)[1]
    page = form_of(client.get("/en/inquiry/", {"institution": "haneul-spine", "specialty": "spine"}))
    assert 'name="institution" value="haneul-spine"' in page
    assert f'<option value="{hub["specialties"]["spine"].pk}" selected>' in page


def test_an_offering_of_another_institution_is_refused_and_what_was_typed_kept(client, hub):
    data = {**inquiry_fields(), "offering": "sora-laser-toning", "institution": "bada-skin"}
    response = client.post("/en/inquiry/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "belongs to another institution" in page
    assert "Айгерим Нурланова" in page
    assert not Case.objects.exists()
    response = client.post("/ru/inquiry/", {**inquiry_fields(), "institution": "yesnal-dermatology"})
    assert response.status_code == 400 and not Case.objects.exists()


def test_the_inquiry_api_takes_the_institution_and_offering(hub):
    api = APIClient()
    response = api.post("/api/v1/inquiries/", {**inquiry_fields(), "offering": "bada-laser-toning"}, format="multipart")
    assert response.status_code == 201, response.content
    case = Case.objects.get(reference=response.json()["reference"])
    assert case.requested_specialty == hub["specialties"]["dermatology"]
    created = LogEntry.objects.get(case_id=case.id, action="cases.case.created")
    assert created.data["asked_about"] == {"institution": "bada-skin", "offering": "bada-laser-toning"}
    bad = api.post(
        "/api/v1/inquiries/",
        {**inquiry_fields(), "offering": "bada-laser-toning", "institution": "miso-dental"},
        format="multipart",
    )
    assert bad.status_code == 400
    unknown = api.post("/api/v1/inquiries/", {**inquiry_fields(), "institution": "nobody"}, format="multipart")
    assert unknown.status_code == 400 and "institution" in unknown.json()


# -- The price of the treatment searched ------------------------------------------------------------


def _card(page: str, name: str) -> str:
    start = page.index(name)
    return page[start : page.index("</li>", start)]


@pytest.mark.parametrize("backend", ["memory", "database"])
def test_search_cards_show_the_price_of_the_specialty_searched(client, hub, settings, backend):
    settings.MEDHUB_SEARCH_BACKEND = backend
    page = client.get("/en/search/", {"specialty": "dermatology"}).content.decode()
    card = _card(page, "Sora Dermatology Clinic")
    assert "80,000" in card and "250,000" in card
    assert "7,000,000" not in card  # the spine offering is not what was searched
    # Free text naming the specialty does the same.
    card = _card(client.get("/en/search/", {"q": "dermatology"}).content.decode(), "Sora Dermatology Clinic")
    assert "250,000" in card and "7,000,000" not in card
    # No specialty named: the whole range.
    card = _card(client.get("/en/search/", {"q": "Sora"}).content.decode(), "Sora Dermatology Clinic")
    assert "7,000,000" in card


@pytest.mark.parametrize("backend", ["memory", "database"])
def test_the_api_gives_the_matched_prices_beside_the_whole_range(hub, settings, backend):
    settings.MEDHUB_SEARCH_BACKEND = backend
    results = APIClient().get("/api/v1/institutions/", {"q": "дерматология"}).json()["results"]
    sora = next(r for r in results if r["slug"] == "sora-dermatology")
    assert sora["prices"]["min_krw"] == 80_000 and sora["prices"]["max_krw"] == 7_000_000
    assert sora["prices"]["matched"] == {"specialties": ["dermatology"], "min_krw": 80_000, "max_krw": 250_000, "offerings": 1}
    bada = next(r for r in results if r["slug"] == "bada-skin")
    assert bada["prices"]["matched"]["offerings"] == 3
    assert bada["prices"]["matched"]["max_krw"] == 1_500_000
    unmatched = APIClient().get("/api/v1/institutions/", {"q": "Sora"}).json()["results"]
    assert unmatched[0]["prices"]["matched"] is None


def test_matched_prices_cost_no_query_per_card(client, hub, settings):
    settings.MEDHUB_SEARCH_BACKEND = "memory"
    settings.MEDHUB_SEARCH_ANSWERS = 0
    api = APIClient()
    api.get("/api/v1/institutions/", {"specialty": "dermatology"})  # builds the index, keeps the rows
    with CaptureQueriesContext(connection) as few:
        api.get("/api/v1/institutions/", {"specialty": "dermatology", "page_size": 1})
    for number in range(5):
        extra = factories.institution(
            name={"en": f"Extra Skin {number}"}, specialties=[hub["specialties"]["dermatology"]], slug=f"extra-skin-{number}"
        )
        factories.offering(extra, hub["specialties"]["dermatology"], low=100_000 + number, high=300_000)
    api.get("/api/v1/institutions/", {"specialty": "dermatology"})
    with CaptureQueriesContext(connection) as many:
        response = api.get("/api/v1/institutions/", {"specialty": "dermatology"})
    assert len(response.json()["results"]) == 7
    assert all(r["prices"]["matched"] for r in response.json()["results"])
    assert len(many) == len(few)


# -- Similar offerings ------------------------------------------------------------------------------


def test_similar_offerings_are_the_same_treatment_at_other_institutions(client, hub):
    page = client.get("/en/offerings/sora-laser-toning/").content.decode()
    similar = page.split("The same treatment elsewhere", 1)[1]
    assert "bada-laser-toning" in similar
    assert similar.index("bada-laser-toning") < similar.index("bada-scar-revision")  # the same name first
    assert "bada-skin-checkup" not in similar  # another kind
    assert "sora-" not in similar.split("</ul>", 1)[0]  # never the same institution
    assert "haneul-disc-bundle" not in similar  # another specialty


# -- The specialty suggestion -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "code", "name"),
    [
        ("ru", "Беспокоят прыщи, нужна консультация дерматолога по коже", "dermatology", "Дерматология"),
        ("ko", "피부과 상담을 받고 싶어요", "dermatology", "피부과"),
        ("ar", "I need a dental implant", "dentistry", None),
    ],
)
def test_the_inquiry_form_suggests_a_specialty_in_the_page_language(client, hub, lang, text, code, name):
    response = client.post(f"/{lang}/suggest/specialty/", {"text": text})
    assert response.status_code == 200
    answer = response.json()
    first = answer["suggestions"][0]
    assert first["code"] == code
    assert first["id"] == hub["specialties"][code].pk
    if name:
        assert name.lower() in first["message"].lower()
    assert answer["use"]


def test_a_text_naming_no_specialty_suggests_nothing_and_get_is_refused(client, hub):
    assert client.post("/en/suggest/specialty/", {"text": "hello there"}).json()["suggestions"] == []
    assert client.get("/en/suggest/specialty/").status_code == 405


def test_the_suggestion_is_throttled(client, hub, settings):
    settings.MEDHUB_THROTTLES = {**settings.MEDHUB_THROTTLES, "search": (2, 3600)}
    for _ in range(2):
        assert client.post("/en/suggest/specialty/", {"text": "skin"}).status_code == 200
    assert client.post("/en/suggest/specialty/", {"text": "skin"}).status_code == 429


def test_the_inquiry_page_carries_the_suggestion_script(client, hub):
    page = client.get("/ar/inquiry/").content.decode()
    assert 'id="specialty-suggestion"' in page and 'data-url="/ar/suggest/specialty/"' in page
    assert "directory/suggest.js" in page
    json.dumps(page[:10])
