"""From figures to a ranking: min–max per kind of partner (fewer is better for the time to answer
and complaints), weights, ranks per kind, recomputing, committee scores, and the round's workflow."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from medhub.core.models import LogEntry
from medhub.evaluation import figures, services
from medhub.evaluation.models import Criterion, Figure, Metric, PartnerGroup, Result, RoundStatus
from medhub.evaluation.workflow import ROUND
from tests.evaluation.conftest import YEAR, at, booked_case, complaint


def test_normalise_puts_the_best_at_100_and_the_worst_at_0():
    got = figures.normalise({1: Decimal(10), 2: Decimal(5), 3: Decimal(0), 4: None}, lower_is_better=False)
    assert got == {1: Decimal("100.0"), 2: Decimal("50.0"), 3: Decimal("0.0"), 4: None}


def test_normalise_reverses_when_fewer_is_better():
    got = figures.normalise({1: Decimal(2), 2: Decimal(12), 3: Decimal(7)}, lower_is_better=True)
    assert got == {1: Decimal("100.0"), 2: Decimal("0.0"), 3: Decimal("50.0")}


def test_normalise_without_spread_gives_everyone_the_middle():
    assert figures.normalise({1: Decimal(3), 2: Decimal(3)}, lower_is_better=False) == {1: Decimal("50.0"), 2: Decimal("50.0")}
    assert figures.normalise({1: None}, lower_is_better=True) == {1: None}


def test_time_to_answer_and_complaints_are_lower_is_better():
    assert {Metric.ANSWER_TIME, Metric.COMPLAINTS} == figures.LOWER_IS_BETTER


def test_weighted_total_shares_the_weight_of_a_missing_score():
    assert figures.weighted_total([(30, Decimal(100)), (10, Decimal(0))]) == Decimal("75.0")
    assert figures.weighted_total([(30, Decimal(100)), (10, None)]) == Decimal("100.0")
    assert figures.weighted_total([(0, Decimal(100)), (10, Decimal(40))]) == Decimal("40.0")
    assert figures.weighted_total([(10, None)]) == Decimal("0.0")


def test_equal_totals_share_a_rank():
    assert figures.rank({1: Decimal(50), 2: Decimal(80), 3: Decimal(50), 4: Decimal(10)}) == {2: 1, 1: 2, 3: 2, 4: 4}


def test_default_weights_add_up_to_100():
    assert sum(w for _, w in figures.DEFAULT_WEIGHTS) == 100
    assert {m for m, _ in figures.DEFAULT_WEIGHTS} == set(Metric.values)


@pytest.fixture
def scoring(world):
    booked_case(world["derm"], booked_at=at(5), reference="HB-S-0001")
    booked_case(world["derm"], booked_at=at(6), reference="HB-S-0002")
    booked_case(world["spine"], booked_at=at(6), reference="HB-S-0003")
    complaint(world["derm"], closed_at=at(8))
    complaint(world["hotel"], closed_at=at(8))
    booked_case(world["dental"], booked_at=at(4), reference="HB-S-0005", referred_by=world["agency"])
    round_ = services.round_open(actor=world["admin"], year=YEAR)
    services.round_move(actor=world["admin"], round_id=round_.pk, to_state=RoundStatus.SCORING)
    round_.refresh_from_db()
    return round_


def test_partners_with_nothing_to_evaluate_are_left_out(world, scoring):
    ranked = set(Result.objects.filter(round=scoring).values_list("organization_id", flat=True))
    assert {world["derm"].pk, world["spine"].pk, world["dental"].pk, world["agency"].pk, world["hotel"].pk} <= ranked
    assert world["restaurant"].pk not in ranked and world["lapsed"].pk not in ranked
    services.committee_score_enter(actor=world["admin"], round_id=scoring.pk, organization_id=world["restaurant"].pk, score=50)
    assert Result.objects.filter(round=scoring, organization=world["restaurant"]).exists()


def _results(round_):
    return {r.organization_id: (r.group, r.rank, r.total) for r in Result.objects.filter(round=round_)}


def test_opening_seeds_the_default_criteria_and_starting_scoring_computes(world, scoring):
    assert [(c.metric, c.weight) for c in scoring.criteria.order_by("order")] == list(figures.DEFAULT_WEIGHTS)
    assert scoring.computed_at is not None
    assert LogEntry.objects.filter(action="evaluation.round.opened", object_id=scoring.pk).exists()
    assert Figure.objects.filter(criterion__round=scoring).count() == 7 * Result.objects.filter(round=scoring).count()


def test_each_kind_of_partner_is_ranked_on_its_own(world, scoring):
    results = _results(scoring)
    assert results[world["derm"].pk][0] == PartnerGroup.INSTITUTIONS
    assert results[world["agency"].pk][0] == PartnerGroup.AGENCIES
    assert results[world["hotel"].pk][0] == PartnerGroup.TOURISM
    for group in PartnerGroup.values:
        ranks = sorted(r for g, r, _ in results.values() if g == group)
        assert ranks and ranks[0] == 1


def test_weights_decide_between_more_patients_and_fewer_complaints(world, scoring):
    derm, spine = world["derm"].pk, world["spine"].pk
    patients = scoring.criteria.get(metric=Metric.PATIENTS)
    complaints = scoring.criteria.get(metric=Metric.COMPLAINTS)
    # Derm: two patients and one upheld complaint; spine: one patient and none.
    derm_figures = {f.criterion.metric: f for f in Figure.objects.filter(criterion__round=scoring, organization_id=derm)}
    assert derm_figures[Metric.PATIENTS].score == Decimal("100.0")
    assert derm_figures[Metric.COMPLAINTS].score == Decimal("0.0")
    spine_complaints = Figure.objects.get(criterion=complaints, organization_id=spine)
    assert spine_complaints.score == Decimal("100.0")
    for criterion in scoring.criteria.exclude(pk__in=[patients.pk, complaints.pk]):
        services.criterion_weigh(actor=world["admin"], criterion_id=criterion.pk, weight=0)
    services.criterion_weigh(actor=world["admin"], criterion_id=complaints.pk, weight=10)
    services.criterion_weigh(actor=world["admin"], criterion_id=patients.pk, weight=90)
    assert _results(scoring)[derm][1] < _results(scoring)[spine][1]
    services.criterion_weigh(actor=world["admin"], criterion_id=patients.pk, weight=5)
    assert _results(scoring)[spine][1] < _results(scoring)[derm][1]


def test_recompute_is_idempotent(world, scoring):
    def snapshot():
        figs = sorted(
            (f.criterion.metric, f.organization_id, f.value, f.score, str(f.source))
            for f in Figure.objects.filter(criterion__round=scoring).select_related("criterion")
        )
        return figs, sorted(_results(scoring).items())

    before = snapshot()
    services.round_compute(actor=world["coordinator"], round_id=scoring.pk)
    services.round_compute(actor=world["coordinator"], round_id=scoring.pk)
    assert snapshot() == before
    booked_case(world["spine"], booked_at=at(7), reference="HB-S-0004")
    services.round_compute(actor=world["coordinator"], round_id=scoring.pk)
    assert snapshot() != before


def test_committee_score_enters_the_ranking_as_given(world, scoring):
    services.committee_score_enter(actor=world["coordinator"], round_id=scoring.pk, organization_id=world["hotel"].pk, score=73)
    figure = Figure.objects.get(criterion__round=scoring, criterion__metric=Metric.COMMITTEE, organization=world["hotel"])
    assert (figure.value, figure.score, figure.source["entered"]) == (Decimal("73.00"), Decimal("73.0"), True)
    with pytest.raises(ValidationError):
        services.committee_score_enter(
            actor=world["coordinator"], round_id=scoring.pk, organization_id=world["hotel"].pk, score=101
        )


def test_the_round_moves_only_as_declared(world, scoring):
    assert ROUND.allowed(RoundStatus.DRAFT, RoundStatus.SCORING)
    assert not ROUND.allowed(RoundStatus.DRAFT, RoundStatus.PUBLISHED)
    services.round_move(actor=world["admin"], round_id=scoring.pk, to_state=RoundStatus.PUBLISHED)
    scoring.refresh_from_db()
    assert scoring.published_at is not None
    with pytest.raises(ValidationError):
        services.round_compute(actor=world["admin"], round_id=scoring.pk)
    with pytest.raises(ValidationError):
        services.criterion_weigh(actor=world["admin"], criterion_id=Criterion.objects.filter(round=scoring).first().pk, weight=5)
    with pytest.raises(ValidationError):
        services.round_move(actor=world["admin"], round_id=scoring.pk, to_state=RoundStatus.DRAFT)


def test_one_round_per_year_and_not_in_the_future(world, scoring):
    with pytest.raises(ValidationError):
        services.round_open(actor=world["admin"], year=YEAR)
    with pytest.raises(ValidationError):
        services.round_open(actor=world["admin"], year=YEAR + 5)


def test_an_award_needs_korean_and_english(world, scoring):
    with pytest.raises(ValidationError) as error:
        services.award_give(
            actor=world["admin"],
            round_id=scoring.pk,
            winner_id=world["derm"].pk,
            name={"en": "Mayor's commendation"},
            category="excellence",
            citation={"en": "For care", "ko": "공로"},
        )
    assert "name" in error.value.message_dict
