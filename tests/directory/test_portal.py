"""The public portal: every page in every language, hreflang, sitemap, prices, bad input."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db
LANGS = [code for code, _name in settings.LANGUAGES]


def html(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_answers_in_every_language(client, directory, lang):
    pages = [
        f"/{lang}/",
        f"/{lang}/search/",
        f"/{lang}/search/?q=dermatology",
        f"/{lang}/institutions/sora-dermatology/",
        f"/{lang}/offerings/sora-laser-toning/",
        f"/{lang}/specialties/",
        f"/{lang}/specialties/dermatology/",
        f"/{lang}/partners/",
        f"/{lang}/partners/?kind=hotel",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = html(response)
        assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in page
        # One alternate per hub language plus x-default, all absolute.
        alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="(http://testserver/[^"]+)"', page)
        assert {code for code, _href in alternates} == {*LANGS, "x-default"}


def test_arabic_is_right_to_left_and_translated(client, directory):
    page = html(client.get("/ar/"))
    assert 'dir="rtl"' in page
    assert "ابحث" in page or "بحث" in page  # the search button is in Arabic


def test_root_redirects_to_a_language(client, directory):
    response = client.get("/", headers={"accept-language": "ja"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/ja/"


def test_specialty_pages_use_stable_codes(client, directory):
    page = html(client.get("/ru/specialties/dermatology/"))
    assert "Дерматология" in page
    assert "/ru/institutions/sora-dermatology/" in page
    assert client.get("/ru/specialties/astrology/").status_code == 404


def test_prices_show_krw_and_visitor_currency_with_rate_date(client, directory):
    page = html(client.get("/en/offerings/sora-laser-toning/", {"currency": "USD"}))
    assert "₩80,000 – ₩250,000" in page
    assert "$57 – $179" in page  # CLDR: an English reader's dollar is "$"
    assert "2026-11-20" in page
    # The choice is remembered.
    assert client.cookies["medhub_currency"].value == "USD"
    page = html(client.get("/en/offerings/sora-laser-toning/", {"currency": "JPY"}))
    assert "¥8,421 – ¥26,316" in page


def test_unknown_currency_falls_back_to_hub_default(client, directory):
    page = html(client.get("/en/offerings/sora-laser-toning/", {"currency": "XXX"}))
    assert "$57" in page


def test_search_page_explains_ranking_and_finds_across_languages(client, directory):
    page = html(client.get("/ko/search/", {"q": "皮肤科"}))
    assert "소라 피부과의원" in page
    assert "피부과" in page
    assert "+40" in page  # the specialty reason with its points
    assert "하늘 척추병원" not in page


def test_unknown_words_get_a_friendly_empty_page(client, directory):
    response = client.get("/en/search/", {"q": "qwertyuiop"})
    assert response.status_code == 200
    assert "Nothing matches yet" in html(response)


def test_bad_filters_get_a_400_page_with_translated_errors(client, directory):
    response = client.get("/ko/search/", {"price_min": "abc"})
    assert response.status_code == 400
    assert 'role="alert"' in html(response)
    response = client.get("/en/search/", {"specialty": "astrology", "page": "zz"})
    assert response.status_code == 400


def test_page_number_out_of_range_shows_last_page(client, directory):
    assert client.get("/en/search/", {"q": "dermatology", "page": "999"}).status_code == 200


def test_lapsed_institution_page_is_not_found(client, directory):
    assert client.get("/en/institutions/yesnal-dermatology/").status_code == 404


def test_institution_page_shows_registration_accreditation_and_nearby_partners(client, directory):
    page = html(client.get("/en/institutions/sora-dermatology/"))
    assert directory["derm"].registration_number in page
    assert "KAHF" in page
    assert "Maru Stay" in page
    assert "Dr. Kim Seo-yeon" in page


def test_search_page_query_count_is_fixed(client, directory, settings):
    settings.MEDHUB_SEARCH_ROWS = 0  # each page reads its rows (none kept from an earlier page)
    client.get("/en/search/", {"q": "clinic"})
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/search/", {"specialty": "dermatology"})
    with CaptureQueriesContext(connection) as more:
        client.get("/en/search/")
    assert len(more) == len(queries) <= 10


def test_sitemap_lists_pages_in_every_language_with_alternates(client, directory):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = html(response)
    for lang in LANGS:
        assert f"http://testserver/{lang}/institutions/sora-dermatology/" in body
    assert 'hreflang="x-default"' in body
    assert "yesnal-dermatology" not in body


def test_robots_points_to_sitemap(client, db):
    body = html(client.get("/robots.txt"))
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /api/" in body


def test_healthz_answers_when_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "in-process"}


def test_healthz_fails_when_database_does_not(client, db, monkeypatch):
    from django.db import DatabaseError

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503


def test_missing_pages_are_404_in_the_visitors_language(client, directory):
    response = client.get("/ko/institutions/nope/")
    assert response.status_code == 404
