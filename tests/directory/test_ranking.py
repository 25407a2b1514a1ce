"""The ranking's weights are declared once: the order and the reasons shown both follow them."""

import dataclasses

import pytest

from medhub.directory import ranking

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_dentists(directory):
    """Two dental clinics that differ in one thing each: one serves Russian, the other is accredited."""
    from tests import factories

    dentistry = directory["specialties"]["dentistry"]
    speaks = factories.institution(
        name={"en": "Dana Dental"}, specialties=[dentistry], languages=("ko", "ru"), slug="dana-dental"
    )
    accredited = factories.institution(name={"en": "Bora Dental"}, specialties=[dentistry], languages=("ko",), slug="bora-dental")
    factories.accreditation(accredited, "jci")
    return speaks, accredited


def search_page(backend: str):
    from medhub.directory import selectors

    search = selectors.search_institutions(selectors.SearchCriteria(specialty="dentistry", visitor_language="ru"))
    page = selectors.ranked_page(search, number=1, size=20, backend=backend)
    return selectors.institutions_for_page(page.pairs, search, "en")


def points(inst) -> dict[str, int]:
    return {reason.code: reason.points for reason in inst.rank_reasons}


@pytest.mark.parametrize("backend", ["memory", "database"])
def test_order_and_reasons_follow_the_same_weights(two_dentists, settings, monkeypatch, backend):
    settings.MEDHUB_SEARCH_BACKEND = backend
    order = lambda institutions: [inst.slug for inst in institutions if inst.slug in {"dana-dental", "bora-dental"}]  # noqa: E731

    # The declared weights: serving the visitor's language (20) outweighs an accreditation (15).
    default = search_page(backend)
    assert order(default) == ["dana-dental", "bora-dental"]
    by_slug = {inst.slug: inst for inst in default}
    assert points(by_slug["dana-dental"])["language"] == ranking.WEIGHTS.language
    assert points(by_slug["bora-dental"])["accreditation"] == ranking.WEIGHTS.accreditation

    # One weight changed in one place: the order turns and the reasons show the new points.
    monkeypatch.setattr(ranking, "WEIGHTS", dataclasses.replace(ranking.WEIGHTS, accreditation=35, specialty=7))
    changed = search_page(backend)
    assert order(changed) == ["bora-dental", "dana-dental"]
    by_slug = {inst.slug: inst for inst in changed}
    assert points(by_slug["bora-dental"]) == {"specialty": 7, "accreditation": 35}
    assert points(by_slug["dana-dental"]) == {"specialty": 7, "language": 20}

    # Every score shown is the sum of the reasons shown, under both sets of weights.
    for inst in [*default, *changed]:
        assert inst.rank_score == sum(reason.points for reason in inst.rank_reasons)


def test_the_api_shows_the_weights_in_force(client, two_dentists, monkeypatch):
    monkeypatch.setattr(ranking, "WEIGHTS", dataclasses.replace(ranking.WEIGHTS, language=3))
    results = client.get("/api/v1/institutions/", {"specialty": "dentistry", "lang": "ru"}).json()["results"]
    dana = next(item for item in results if item["slug"] == "dana-dental")
    assert {r["code"]: r["points"] for r in dana["rank"]["reasons"]}["language"] == 3
    assert dana["rank"]["score"] == sum(r["points"] for r in dana["rank"]["reasons"])
    assert [item["slug"] for item in results].index("bora-dental") < [item["slug"] for item in results].index("dana-dental")
