"""The institution search API: cross-language search, filters, ranking and bad input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def slugs(response):
    return [item["slug"] for item in response.json()["results"]]


@pytest.mark.parametrize("query", ["피부과", "皮肤科", "皮膚科", "дерматология", "dermatology", "Dermatology", "ДЕРМАТОЛОГИЯ"])
def test_specialty_name_in_any_language_reaches_dermatology(client, directory, query):
    response = client.get("/api/v1/institutions/", {"q": query})
    assert response.status_code == 200
    assert slugs(response) == ["sora-dermatology"]
    assert response.json()["results"][0]["specialties"] == ["dermatology"]


@pytest.mark.parametrize("query", ["皮肤", "피부", "ソラ皮膚", "소라"])
def test_cjk_substrings_match_without_word_boundaries(client, directory, query):
    assert slugs(client.get("/api/v1/institutions/", {"q": query})) == ["sora-dermatology"]


def test_a_synonym_finds_the_specialty(client, directory):
    assert "haneul-spine" in slugs(client.get("/api/v1/institutions/", {"q": "척추"}))


def test_a_misspelled_specialty_is_understood_by_triage(client, directory):
    # No word of the lexicon: the embedding model names the specialty (directory/triage.py).
    assert slugs(client.get("/api/v1/institutions/", {"q": "dermatolgoy"})) == ["sora-dermatology"]


@pytest.mark.parametrize("query", ["xyzzy plugh", "%", "_", "' OR 1=1 --", "ㅋ"])
def test_unknown_words_answer_empty_not_error(client, directory, query):
    response = client.get("/api/v1/institutions/", {"q": query})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_lapsed_registration_is_never_listed(client, directory):
    assert "yesnal-dermatology" not in slugs(client.get("/api/v1/institutions/", {"specialty": "dermatology"}))


def test_filters_narrow_the_list(client, directory):
    get = lambda **params: set(slugs(client.get("/api/v1/institutions/", params)))  # noqa: E731
    assert get(specialty="spine") == {"haneul-spine"}
    assert get(language="ar") == {"miso-dental"}
    assert get(district="maru") == {"haneul-spine"}
    assert get(accreditation="kahf") == {"sora-dermatology"}
    assert get(institution_class="hospital") == {"haneul-spine"}
    assert get(offering_kind="bundle") == {"haneul-spine"}
    assert get(price_max=500_000) == {"sora-dermatology"}
    assert get(price_min=2_500_000) == {"haneul-spine"}
    assert get(price_min=1_000_000, price_max=2_500_000) == {"miso-dental"}
    assert get(price_min=1_000_000, price_max=3_500_000) == {"miso-dental", "haneul-spine"}
    assert get(district="seoha", language="ru") == {"sora-dermatology"}


def test_every_result_explains_its_rank(client, directory):
    response = client.get("/api/v1/institutions/", {"q": "dermatology", "lang": "ru"})
    rank = response.json()["results"][0]["rank"]
    codes = {reason["code"] for reason in rank["reasons"]}
    assert codes == {"specialty", "language", "accreditation"}
    assert rank["score"] == sum(reason["points"] for reason in rank["reasons"])


def test_language_served_lifts_rank(client, directory):
    # Without a query, every listed institution ties on specialty; Mongolian is served by spine only.
    results = client.get("/api/v1/institutions/", {"lang": "mn"}).json()["results"]
    assert results[0]["slug"] in {"haneul-spine", "sora-dermatology"}
    scores = {item["slug"]: item["rank"]["score"] for item in results}
    assert scores["haneul-spine"] - scores["miso-dental"] == 20


def test_content_language_from_lang_or_accept_language(client, directory):
    by_param = client.get("/api/v1/institutions/sora-dermatology/", {"lang": "ja"})
    assert by_param.json()["name"] == "ソラ皮膚科クリニック"
    assert by_param.headers["Content-Language"] == "ja"
    by_header = client.get("/api/v1/institutions/sora-dermatology/", headers={"accept-language": "ru"})
    assert by_header.json()["name"] == "Клиника дерматологии Сора"
    # Missing translations fall back to English rather than an empty name.
    assert client.get("/api/v1/institutions/miso-dental/", {"lang": "th"}).json()["name"] == "Miso Dental Clinic"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"price_min": "cheap"}, "price_min"),
        ({"price_min": "-5"}, "price_min"),
        ({"price_min": "900", "price_max": "100"}, "price_max"),
        ({"specialty": "astrology"}, "specialty"),
        ({"district": "atlantis"}, "district"),
        ({"accreditation": "iso"}, "accreditation"),
        ({"institution_class": "castle"}, "institution_class"),
        ({"language": "xx"}, "language"),
        ({"lang": "klingon"}, "lang"),
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page_size": "1000"}, "page_size"),
        ({"q": "x" * 500}, "q"),
    ],
)
def test_malformed_parameters_get_a_400_naming_the_field(client, directory, params, field):
    response = client.get("/api/v1/institutions/", params)
    assert response.status_code == 400
    assert field in response.json()
    assert all(isinstance(message, str) and message for message in response.json()[field])


def test_errors_are_translated(client, directory):
    response = client.get("/api/v1/institutions/", {"price_min": "cheap"}, headers={"accept-language": "ko"})
    assert response.status_code == 400
    message = response.json()["price_min"][0]
    assert any("\uac00" <= ch <= "\ud7a3" for ch in message), message


def test_page_past_the_end_is_404_not_500(client, directory):
    assert client.get("/api/v1/institutions/", {"page": "99"}).status_code == 404


def test_institution_list_query_count_does_not_grow_with_results(client, directory, settings):
    settings.MEDHUB_SEARCH_ROWS = 0  # each page reads its rows (none kept from an earlier page)
    client.get("/api/v1/institutions/")  # warms the small caches (hub settings, code lookups)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/institutions/", {"page_size": 1})
    with CaptureQueriesContext(connection) as many:
        client.get("/api/v1/institutions/", {"page_size": 50})
    assert len(many) == len(few)
    assert len(many) <= 8


def test_other_endpoints(client, directory):
    specialties = client.get("/api/v1/specialties/", {"lang": "ko"}).json()
    assert len(specialties) == 17
    assert {"code": "dermatology"}.items() <= specialties[0].items()
    assert specialties[0]["name"] == "피부과"
    offerings = client.get("/api/v1/offerings/", {"specialty": "dentistry"}).json()["results"]
    assert [o["slug"] for o in offerings] == ["miso-implant"]
    assert offerings[0]["institution"]["slug"] == "miso-dental"
    assert client.get("/api/v1/offerings/", {"kind": "spa"}).status_code == 400
    practitioners = client.get("/api/v1/practitioners/", {"institution": "sora-dermatology"}).json()["results"]
    assert practitioners[0]["specialty"] == "dermatology"
    partners = client.get("/api/v1/partners/", {"kind": "transport"}).json()["results"]
    assert [p["slug"] for p in partners] == ["hanbit-van"]
    assert client.get("/api/v1/partners/", {"district": "nowhere"}).status_code == 400
    assert client.get("/api/v1/institutions/does-not-exist/").status_code == 404
    assert client.get("/api/v1/offerings/sora-laser-toning/").json()["price_min_krw"] == 80_000
    assert client.get("/api/v1/specialties/spine/", {"lang": "en"}).json()["name"]


def test_lapsed_institution_detail_is_hidden_from_api(client, directory):
    assert client.get("/api/v1/institutions/yesnal-dermatology/").status_code == 404


def test_openapi_schema_and_docs(client, db):
    schema = client.get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in [
        "/api/v1/institutions/",
        "/api/v1/offerings/",
        "/api/v1/specialties/",
        "/api/v1/practitioners/",
        "/api/v1/partners/",
    ]:
        assert path in paths
    assert {p["name"] for p in paths["/api/v1/institutions/"]["get"]["parameters"]} >= {"q", "specialty", "lang", "price_min"}
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


@pytest.mark.parametrize("query", ["plastic surgery", "Пластическая хирургия", "성형외과", "整形美容外科"])
def test_multi_word_specialty_names_are_understood(client, directory, query):
    from tests import factories

    factories.institution(
        name={"en": "Dana Plastic Surgery Clinic", "ko": "다나 성형외과의원"},
        specialties=[directory["specialties"]["plastic-surgery"]],
        slug="dana-plastic",
    )
    response = client.get("/api/v1/institutions/", {"q": query})
    assert slugs(response) == ["dana-plastic"]
    assert response.json()["results"][0]["rank"]["reasons"][0]["code"] == "specialty"


def test_specialty_word_and_a_place_word_must_both_match(client, directory):
    # "dermatology" names the specialty; "seoha" must also be in the institution's text.
    assert slugs(client.get("/api/v1/institutions/", {"q": "dermatology seoha"})) == ["sora-dermatology"]
    assert slugs(client.get("/api/v1/institutions/", {"q": "dermatology maru"})) == []


def test_fast_institution_representation_matches_the_declared_serializer(directory, rf):
    import json

    from django.utils import timezone
    from rest_framework.renderers import JSONRenderer

    from medhub.directory import selectors
    from medhub.directory.serializers import InstitutionSerializer

    search = selectors.search_institutions(selectors.SearchCriteria(q="dermatology", visitor_language="ru"))
    page = selectors.ranked_page(search, number=1, size=10)
    institutions = selectors.institutions_for_page(page.pairs, search, "ru")
    context = {"language": "ru", "today": timezone.localdate()}
    fast = InstitutionSerializer(institutions, many=True, context=context).data
    generic = InstitutionSerializer(institutions, many=True, context={**context, "fast": False}).data
    assert len(fast) == 1
    as_json = lambda data: json.loads(JSONRenderer().render(data))  # noqa: E731
    assert as_json(fast) == as_json(generic)


PARITY_CRITERIA = [
    {},
    {"q": "dermatology"},
    {"q": "皮肤"},
    {"q": "소라"},
    {"q": "clinic"},
    {"q": "dermatology seoha"},
    {"q": "xyzzy"},
    {"specialty": "spine"},
    {"language": "ar"},
    {"district": "seoha", "visitor_language": "ru"},
    {"accreditation": "kahf"},
    {"institution_class": "hospital"},
    {"offering_kind": "bundle"},
    {"price_min": 1_000_000, "price_max": 3_500_000},
    {"price_max": 500_000, "visitor_language": "zh-hans"},
    {"specialty": "dermatology", "price_min": 100_000},
    {"specialty": "astrology"},
]


@pytest.mark.parametrize("criteria", PARITY_CRITERIA)
def test_memory_index_and_database_give_the_same_ranking(directory, criteria):
    from medhub.directory import selectors

    search = selectors.search_institutions(selectors.SearchCriteria(**criteria))
    memory = selectors.ranked_page(search, number=1, size=50, backend="memory")
    database = selectors.ranked_page(search, number=1, size=50, backend="database")
    assert memory.pairs == database.pairs
    assert memory.total == database.total


def test_index_follows_changes_to_the_directory(client, directory):
    from tests import factories

    assert slugs(client.get("/api/v1/institutions/", {"specialty": "ophthalmology"})) == []
    factories.institution(
        name={"en": "Nuri Eye Clinic"}, specialties=[directory["specialties"]["ophthalmology"]], slug="nuri-eye"
    )
    assert slugs(client.get("/api/v1/institutions/", {"specialty": "ophthalmology"})) == ["nuri-eye"]
    derm = directory["derm"]
    derm.is_published = False
    derm.save()
    from medhub.directory.services import organization_reindex

    organization_reindex(organization=derm)
    assert "sora-dermatology" not in slugs(client.get("/api/v1/institutions/"))


def test_a_change_recorded_by_another_server_reaches_this_process(client, directory, monkeypatch):
    from medhub.directory import index
    from medhub.directory.models import DirectoryVersion, Organization

    assert "haneul-spine" in slugs(client.get("/api/v1/institutions/", {"specialty": "spine"}))
    # Another app server unpublishes the hospital: the row and the version change in the database.
    Organization.objects.filter(slug="haneul-spine").update(is_published=False)
    DirectoryVersion.objects.update_or_create(pk=1, defaults={"value": 42})
    monkeypatch.setattr(index, "VERSION_TTL_SECONDS", 3600.0)
    assert "haneul-spine" in slugs(client.get("/api/v1/institutions/", {"specialty": "spine"}))  # not yet re-read
    monkeypatch.setattr(index, "VERSION_TTL_SECONDS", 0.0)
    assert slugs(client.get("/api/v1/institutions/", {"specialty": "spine"})) == []


def test_a_new_specialty_code_is_accepted_by_the_search_at_once(client, directory):
    # The API builds its parameter form once per process; its choices must still be read live.
    from medhub.directory.models import Specialty
    from medhub.directory.services import specialty_save
    from tests import factories

    assert client.get("/api/v1/institutions/", {"specialty": "sleep-medicine"}).status_code == 400
    sleep = specialty_save(specialty=Specialty(code="sleep-medicine", name={"en": "Sleep medicine"}, position=99))
    factories.institution(name={"en": "Jamsil Sleep Clinic"}, specialties=[sleep], slug="jamsil-sleep")
    response = client.get("/api/v1/institutions/", {"specialty": "sleep-medicine"})
    assert response.status_code == 200
    assert slugs(response) == ["jamsil-sleep"]
