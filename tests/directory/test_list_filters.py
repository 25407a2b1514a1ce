"""The directory's list parameters go through django-filter sets: same names, same 400s."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def slugs(response):
    return [item["slug"] for item in response.json()["results"]]


@pytest.mark.parametrize(
    ("url", "params", "field", "text"),
    [
        ("/api/v1/offerings/", {"specialty": "astrology"}, "specialty", "astrology"),
        ("/api/v1/offerings/", {"institution": "yesnal-dermatology"}, "institution", "yesnal-dermatology"),
        ("/api/v1/offerings/", {"kind": "spa"}, "kind", "spa"),
        ("/api/v1/practitioners/", {"institution": "nowhere"}, "institution", "nowhere"),
        ("/api/v1/practitioners/", {"specialty": "astrology"}, "specialty", "astrology"),
        ("/api/v1/partners/", {"kind": "casino"}, "kind", "casino"),
        ("/api/v1/partners/", {"district": "atlantis"}, "district", "atlantis"),
        ("/api/v1/institutions/", {"specialty": "astrology"}, "specialty", "astrology"),
    ],
)
def test_unknown_value_is_a_400_naming_field_and_value(client, directory, url, params, field, text):
    response = client.get(url, params)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert text in response.json()[field][0]


def test_unknown_value_message_is_in_the_readers_language(client, directory):
    response = client.get("/api/v1/offerings/", {"specialty": "astrology"}, headers={"accept-language": "ru"})
    message = response.json()["specialty"][0]
    assert "astrology" in message and any("\u0400" <= ch <= "\u04ff" for ch in message), message


def test_filters_narrow_offerings_practitioners_and_partners(client, directory):
    assert slugs(client.get("/api/v1/offerings/", {"institution": "miso-dental", "kind": "procedure"})) == ["miso-implant"]
    assert slugs(client.get("/api/v1/offerings/", {"specialty": "dermatology", "institution": "miso-dental"})) == []
    practitioners = client.get("/api/v1/practitioners/", {"specialty": "dermatology"}).json()["results"]
    assert practitioners and {p["specialty"] for p in practitioners} == {"dermatology"}
    assert client.get("/api/v1/practitioners/", {"specialty": "spine"}).json()["results"] == []
    assert slugs(client.get("/api/v1/partners/", {"district": "seoha", "kind": "transport"})) in ([], ["hanbit-van"])


def test_offering_list_query_count_does_not_grow_with_filters(client, directory):
    client.get("/api/v1/offerings/", {"specialty": "spine"})  # warms the cached code lookups
    with CaptureQueriesContext(connection) as bare:
        client.get("/api/v1/offerings/")
    with CaptureQueriesContext(connection) as filtered:
        client.get("/api/v1/offerings/", {"specialty": "dermatology", "kind": "procedure"})
    assert len(filtered) == len(bare)


def test_partner_page_ignores_an_unknown_kind(client, directory):
    assert client.get("/en/partners/", {"kind": "casino"}).status_code == 200
    page = client.get("/en/partners/", {"kind": "transport"}).content.decode()
    assert "hanbit" in page.lower() or "Hanbit" in page


def test_search_page_keeps_parameters_and_explains_a_bad_one(client, directory):
    response = client.get("/en/search/", {"specialty": "astrology", "price_min": "cheap"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a whole number." in page
    ok = client.get("/en/search/", {"specialty": "spine", "district": "maru"})
    assert ok.status_code == 200 and "haneul-spine" in ok.content.decode()
