"""Free-text search with triage's close second reading, and free text whose words name different
specialties.

Triage is replaced by a stand-in that answers chosen readings (the parsed queries are forgotten
around each test), so the tests check the search's rule, not the model's judgement; one test runs
the real ``triage.readings`` rule on chosen scores.
"""

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from medhub.directory import ranking, search, triage
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/api/v1/institutions/"
TEXT = "physio after my knee operation"  # words no institution's text contains


@pytest.fixture
def hub(directory):
    """Three orthopedic institutions (one is the directory's spine hospital) and two rehabilitation ones."""
    specialties = directory["specialties"]
    ortho = [directory["spine"]] + [
        factories.institution(name={"en": f"Bone Clinic {n}"}, specialties=[specialties["orthopedics"]], slug=f"bone-{n}")
        for n in (1, 2)
    ]
    rehab = [
        factories.institution(name={"en": f"Rehab Center {n}"}, specialties=[specialties["rehabilitation"]], slug=f"rehab-{n}")
        for n in (1, 2)
    ]
    return {"specialties": specialties, "ortho": ortho, "rehab": rehab}


@pytest.fixture
def readings(monkeypatch):
    """Makes triage answer ``answer["codes"]`` (codes, first reading first) for any text."""
    from medhub.directory.models import Specialty

    answer = {"codes": ()}

    def fake(text, lang=None):
        ids = dict(Specialty.objects.values_list("code", "id"))
        return tuple(ids[code] for code in answer["codes"])

    monkeypatch.setattr(triage, "readings", fake)
    search.forget_specialty_terms()
    yield answer
    search.forget_specialty_terms()


def results(client, **params):
    response = client.get(URL, {"q": TEXT, "lang": "en", **params})
    assert response.status_code == 200, response.content
    return response.json()


def slugs(body):
    return [item["slug"] for item in body["results"]]


def test_interleaving_takes_two_of_the_first_reading_then_one_of_the_second():
    is_second = np.array([False, False, False, False, True, True, True])
    order = ranking.interleaved(is_second)
    assert order.tolist() == [0, 1, 4, 2, 3, 5, 6]  # F F S F F S S: the second's rest follows
    assert ranking.interleaved(np.array([True, True, False])).tolist() == [2, 0, 1]  # S S F → F S S
    assert ranking.interleaved(np.array([], dtype=bool)).tolist() == []


def test_a_close_second_reading_takes_the_third_place(client, hub, readings):
    readings["codes"] = ("orthopedics", "rehabilitation")
    body = results(client)
    found = slugs(body)
    assert body["count"] == 5
    ortho = {inst.slug for inst in hub["ortho"]}
    rehab = {inst.slug for inst in hub["rehab"]}
    assert found[0] in ortho and found[1] in ortho
    assert found[2] in rehab
    assert set(found) == ortho | rehab
    labels = {item["slug"]: [r["label"] for r in item["rank"]["reasons"] if r["code"] == "specialty"] for item in body["results"]}
    assert "second reading" in labels[found[2]][0]
    assert "Rehabilitation" in labels[found[2]][0]
    assert labels[found[2]][0].endswith("(physio)")  # the word that named the second reading
    assert "likelier reading" in labels[found[0]][0]
    assert "Orthopedics" in labels[found[0]][0]


def test_without_a_second_reading_only_the_first_readings_institutions_come(client, hub, readings):
    readings["codes"] = ("orthopedics",)
    found = slugs(results(client))
    assert set(found) == {inst.slug for inst in hub["ortho"]}


def test_the_specialty_filter_means_no_guessing(client, hub, readings):
    readings["codes"] = ("orthopedics", "rehabilitation")
    body = results(client, specialty="rehabilitation")
    assert set(slugs(body)) == {inst.slug for inst in hub["rehab"]}
    for item in body["results"]:
        labels = [r["label"] for r in item["rank"]["reasons"] if r["code"] == "specialty"]
        assert labels and "reading" not in labels[0]
    # A guess the filter contradicts no longer empties the results.
    readings["codes"] = ("dermatology",)
    search.forget_specialty_terms()
    assert set(slugs(results(client, specialty="orthopedics"))) == {inst.slug for inst in hub["ortho"]}


def test_the_memory_index_and_the_database_mix_the_same_way(hub, readings):
    from medhub.directory import selectors

    readings["codes"] = ("orthopedics", "rehabilitation")
    found = selectors.search_institutions(selectors.SearchCriteria(q=TEXT, visitor_language="en"))
    assert found.second_reading is not None
    for size in (2, 3, 50):
        for number in (1, 2):
            memory = selectors.ranked_page(found, number=number, size=size, backend="memory")
            database = selectors.ranked_page(found, number=number, size=size, backend="database")
            assert memory.pairs == database.pairs
            assert memory.total == database.total == 5


def test_the_page_says_both_readings(client, hub, readings):
    readings["codes"] = ("orthopedics", "rehabilitation")
    page = client.get("/en/search/", {"q": TEXT}).content.decode()
    assert "Orthopedics" in page and "Rehabilitation" in page
    assert "second reading" in page


def test_mixing_adds_no_query(client, hub, readings, settings):
    settings.MEDHUB_SEARCH_ROWS = 0
    readings["codes"] = ("orthopedics",)
    client.get(URL, {"q": TEXT, "lang": "en"})  # warms the small caches
    client.get(URL, {"q": "warm", "lang": "en"})
    with CaptureQueriesContext(connection) as one:
        results(client, page_size=5)
    readings["codes"] = ("orthopedics", "rehabilitation")
    search.forget_specialty_terms()
    client.get(URL, {"q": TEXT, "lang": "en"})
    with CaptureQueriesContext(connection) as two:
        results(client, page_size=5)
    assert len(two) <= len(one)


def test_words_naming_different_specialties_are_not_required_together(client, hub, settings):
    # "physio" names rehabilitation, "knee" orthopedics, the other words are general. Required
    # together, they found only institutions treating both: none. Triage reads them instead (the
    # lexicon alone here: both words score the same, so both readings come).
    settings.MEDHUB_TRIAGE_MODEL = False
    search.forget_specialty_terms()
    body = results(client)
    assert body["count"] == 5
    assert {item["slug"] for item in body["results"][:3]} & {inst.slug for inst in hub["rehab"]}
    assert {item["slug"] for item in body["results"][:3]} & {inst.slug for inst in hub["ortho"]}
    search.forget_specialty_terms()


def test_a_specialty_and_a_place_word_still_narrow_together(client, directory):
    assert [i["slug"] for i in client.get(URL, {"q": "dermatology seoha"}).json()["results"]] == ["sora-dermatology"]
    assert client.get(URL, {"q": "dermatology maru"}).json()["results"] == []


def test_readings_keep_a_second_only_when_it_scores_close_to_the_first(monkeypatch):
    def fake(first, second):
        matches = tuple(
            triage.Match(specialty_id=sid, code=str(sid), score=score, words=(), similarity=None)
            for sid, score in ((1, first), (2, second))
            if score
        )
        return lambda text, lang=None, *, limit=5, use_model=None: triage.Triage("en", matches[:limit], (), True)

    monkeypatch.setattr(triage, "triage", fake(1.0, 0.62))
    assert triage.readings("x") == (1, 2)
    monkeypatch.setattr(triage, "triage", fake(1.0, 0.12))
    assert triage.readings("x") == (1,)
    monkeypatch.setattr(triage, "triage", fake(0.7, 0))
    assert triage.readings("x") == (1,)
    monkeypatch.setattr(triage, "triage", lambda *a, **k: triage.Triage("en", (), (), False))
    assert triage.readings("x") == ()
