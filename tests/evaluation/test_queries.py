"""The ranked table costs the same number of queries for three partners or thirty."""

import pytest
from django.urls import reverse

from medhub.directory.models import Organization
from medhub.evaluation import services
from medhub.evaluation.models import CommitteeScore, RoundStatus
from tests import factories
from tests.evaluation.conftest import YEAR, api_for, at, booked_case, signed_in


def _round(world):
    booked_case(world["derm"], booked_at=at(5), reference="HB-Q-0001")
    round_ = services.round_open(actor=world["admin"], year=YEAR)
    services.round_move(actor=world["admin"], round_id=round_.pk, to_state=RoundStatus.SCORING)
    # Every partner of the hub has a committee score, so every one is ranked.
    CommitteeScore.objects.bulk_create(
        CommitteeScore(round=round_, organization=org, score=(7 * org.pk) % 100) for org in Organization.objects.all()
    )
    services.round_compute(actor=world["admin"], round_id=round_.pk)
    return round_


def _more_partners(world, n):
    for i in range(n):
        factories.partner("hotel", slug=f"stay-{i}", name={"en": f"Stay {i}", "ko": f"스테이 {i}"})
        factories.partner("facilitator", slug=f"agency-{i}", name={"en": f"Agency {i}"})


@pytest.mark.parametrize("extra", [0, 15])
def test_ranked_table_page_and_api_queries_do_not_grow_with_partners(world, django_assert_max_num_queries, extra):
    _more_partners(world, extra)
    round_ = _round(world)
    client = signed_in(world["coordinator"])
    api = api_for(world["coordinator"])
    for group in ("institutions", "agencies", "tourism"):
        url = reverse("evaluation-round", kwargs={"round_id": round_.pk}) + f"?group={group}"
        with django_assert_max_num_queries(16):
            response = client.get(url)
        assert response.status_code == 200
        api_url = reverse("api-evaluation-results", kwargs={"round_id": round_.pk}) + f"?group={group}"
        with django_assert_max_num_queries(15):
            response = api.get(api_url)
        assert response.status_code == 200
    assert len(response.json()) == 3 + extra  # the hotel, the van, the restaurant and the new hotels


def test_partners_day_page_queries_are_fixed(world, django_assert_max_num_queries, client):
    _more_partners(world, 10)
    round_ = _round(world)
    for i in range(3):
        services.award_give(
            actor=world["admin"],
            round_id=round_.pk,
            winner_id=world["derm"].pk,
            name={"ko": f"상 {i}", "en": f"Award {i}"},
            category="excellence",
            citation={"ko": "공로", "en": "Merit"},
        )
    services.round_move(actor=world["admin"], round_id=round_.pk, to_state=RoundStatus.PUBLISHED)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("partners-day"))
    assert response.status_code == 200
