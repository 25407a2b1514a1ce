"""The evaluation's use cases: open a round, weigh its criteria, compute its figures, enter the
committee's scores, move it (draft → scoring → published), and give awards. Each holds its rule,
its transaction and its audit row; views and API views only parse and authorize."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from medhub.accounts.models import ORGANIZATION_ROLES, Membership
from medhub.core.audit import log_action
from medhub.directory.models import Organization
from medhub.evaluation import figures
from medhub.evaluation.models import (
    Award,
    AwardCategory,
    CommitteeScore,
    Criterion,
    Figure,
    Metric,
    Result,
    Round,
    RoundStatus,
)
from medhub.evaluation.workflow import ROUND
from medhub.notifications.services import notify

# The languages an award's name and citation must have: its certificate is in Korean and English.
AWARD_LANGUAGES = ("ko", "en")
MAX_WEIGHT = 100


def _locked(round_id: int) -> Round:
    return Round.objects.select_for_update().get(pk=round_id)


def _editable(round_: Round) -> None:
    if round_.status == RoundStatus.PUBLISHED:
        raise ValidationError(_("This evaluation is published; it can no longer change."), code="published")


@transaction.atomic
def round_open(*, actor, year: int) -> Round:
    """Opens the year's evaluation as a draft with the default criteria and weights."""
    this_year = timezone.localdate().year
    if not 2000 <= int(year) <= this_year:
        raise ValidationError({"year": _("Choose a year between 2000 and %(year)s.") % {"year": this_year}})
    if Round.objects.filter(year=year).exists():
        raise ValidationError({"year": _("The evaluation of %(year)s is already open.") % {"year": year}})
    round_ = Round.objects.create(year=year, opened_by=actor if getattr(actor, "is_authenticated", False) else None)
    Criterion.objects.bulk_create(
        Criterion(round=round_, metric=metric, weight=weight, order=index)
        for index, (metric, weight) in enumerate(figures.DEFAULT_WEIGHTS)
    )
    log_action(round_, "evaluation.round.opened", actor=actor, data={"year": round_.year})
    return round_


@transaction.atomic
def criteria_weigh(*, actor, round_id: int, weights: dict[int, int]) -> list[Criterion]:
    """Changes the weights of a round's criteria (criterion id → 0 to 100) until it is published;
    in scoring the ranking is recomputed once."""
    round_ = _locked(round_id)
    _editable(round_)
    criteria = {c.pk: c for c in round_.criteria.all()}
    if set(weights) - set(criteria):
        raise ValidationError({"weight": _("This criterion is not one of this evaluation's.")})
    for criterion_id, weight in weights.items():
        try:
            weight = int(weight)
        except (TypeError, ValueError):
            weight = -1
        if not 0 <= weight <= MAX_WEIGHT:
            raise ValidationError({"weight": _("A weight is a whole number from 0 to 100.")})
        criterion = criteria[criterion_id]
        if criterion.weight == weight:
            continue
        previous, criterion.weight = criterion.weight, weight
        criterion.save(update_fields=["weight"])
        log_action(criterion, "evaluation.criterion.weighted", actor=actor, data={"from": previous, "to": weight})
    if round_.status == RoundStatus.SCORING:
        _compute(round_)
    return sorted(criteria.values(), key=lambda c: (c.order, c.pk))


def criterion_weigh(*, actor, criterion_id: int, weight: int) -> Criterion:
    criterion = Criterion.objects.get(pk=criterion_id)
    criteria_weigh(actor=actor, round_id=criterion.round_id, weights={criterion.pk: weight})
    criterion.refresh_from_db()
    return criterion


def partners() -> list[figures.Partner]:
    """Who is evaluated: every published partner the directory lists and the registry does not hold."""
    rows = Organization.objects.filter(is_published=True, hold="").values_list("id", "kind")
    return [figures.Partner(id=pk, kind=kind) for pk, kind in rows.order_by("id")]


def _compute(round_: Round) -> None:
    """Replaces the round's figures and results with fresh ones: the same data gives the same rows."""
    who = partners()
    scores = {
        s.organization_id: {
            "score": s.score,
            "note": s.note,
            "by": (s.entered_by.get_full_name() or s.entered_by.get_username()) if s.entered_by_id else "",
            "on": timezone.localdate(s.entered_at).isoformat(),
        }
        for s in CommitteeScore.objects.filter(round=round_).select_related("entered_by")
    }
    computed = figures.compute(round_.year, who, scores)
    evaluated = figures.active(computed)
    who = [p for p in who if p.id in evaluated]
    criteria = list(round_.criteria.all())
    rows: list[Figure] = []
    per_partner: dict[int, list] = {p.id: [] for p in who}
    for criterion in criteria:
        values = computed[criterion.metric]
        scored: dict[int, object] = {}
        for group in {p.group for p in who}:
            in_group = {p.id: values[p.id][0] for p in who if p.group == group}
            if criterion.metric == Metric.COMMITTEE:
                scored.update(in_group)  # already on 0–100, given by the committee
            else:
                scored.update(figures.normalise(in_group, lower_is_better=criterion.metric in figures.LOWER_IS_BETTER))
        for p in who:
            value, source = values[p.id]
            rows.append(Figure(criterion=criterion, organization_id=p.id, value=value, source=source, score=scored[p.id]))
            per_partner[p.id].append((criterion.weight, scored[p.id]))
    Figure.objects.filter(criterion__round=round_).delete()
    Result.objects.filter(round=round_).delete()
    Figure.objects.bulk_create(rows, batch_size=500)
    results: list[Result] = []
    for group in {p.group for p in who}:
        totals = {p.id: figures.weighted_total(per_partner[p.id]) for p in who if p.group == group}
        ranks = figures.rank(totals)
        results.extend(
            Result(round=round_, organization_id=pid, group=group, total=totals[pid], rank=ranks[pid]) for pid in totals
        )
    Result.objects.bulk_create(results, batch_size=500)
    round_.computed_at = timezone.now()
    round_.save(update_fields=["computed_at"])


@transaction.atomic
def round_compute(*, actor, round_id: int) -> Round:
    """Recomputes every figure of a round in scoring from the data as it is now (idempotent)."""
    round_ = _locked(round_id)
    if round_.status != RoundStatus.SCORING:
        raise ValidationError(_("Figures are computed while the evaluation is in scoring."), code="not_scoring")
    _compute(round_)
    log_action(round_, "evaluation.round.computed", actor=actor, data={"results": round_.results.count()})
    return round_


@transaction.atomic
def committee_score_enter(*, actor, round_id: int, organization_id: int, score: int, note: str = "") -> CommitteeScore:
    round_ = _locked(round_id)
    if round_.status != RoundStatus.SCORING:
        raise ValidationError(_("Committee scores are entered while the evaluation is in scoring."), code="not_scoring")
    if not Organization.objects.filter(pk=organization_id, is_published=True).exists():
        raise ValidationError({"organization": _("No partner has this id.")})
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = -1
    if not 0 <= score <= 100:
        raise ValidationError({"score": _("A committee score is a whole number from 0 to 100.")})
    entry, _created = CommitteeScore.objects.update_or_create(
        round=round_,
        organization_id=organization_id,
        defaults={"score": score, "note": (note or "").strip()[:300], "entered_by": actor},
    )
    _compute(round_)
    log_action(entry, "evaluation.score.entered", actor=actor, data={"organization": organization_id, "score": score})
    return entry


@transaction.atomic
def round_move(*, actor, round_id: int, to_state: str) -> Round:
    """Moves a round: to scoring computes its figures; to published puts it on the Partners Day
    page for good (and tells the winners' staff of their awards)."""
    round_ = _locked(round_id)
    previous = ROUND.move(round_, to_state)
    fields = ["status"]
    if to_state == RoundStatus.SCORING and previous == RoundStatus.DRAFT:
        _compute(round_)
    if to_state == RoundStatus.PUBLISHED:
        if round_.computed_at is None:
            raise ValidationError(_("Compute the figures before publishing."), code="not_computed")
        round_.published_at = timezone.now()
        fields.append("published_at")
    round_.save(update_fields=fields)
    log_action(round_, "evaluation.round.status_changed", actor=actor, data={"from_state": previous, "to_state": to_state})
    if to_state == RoundStatus.PUBLISHED:
        transaction.on_commit(lambda: _tell_winners(round_.pk))
    return round_


def _tell_winners(round_id: int) -> None:
    awards = list(Award.objects.filter(round_id=round_id).select_related("round", "winner"))
    staff = Membership.objects.filter(
        organization_id__in=[a.winner_id for a in awards], role__in=ORGANIZATION_ROLES
    ).select_related("user")
    for membership in staff:
        for award in awards:
            if award.winner_id == membership.organization_id:
                notify(
                    membership.user,
                    "evaluation.award",
                    {"award": award, "year": award.round.year},
                    lambda user, year=award.round.year: reverse("partners-day-year", kwargs={"year": year}),
                )


def _award_fields(*, name: dict, category: str, citation: dict) -> dict:
    errors = {}
    name = {k: (v or "").strip() for k, v in (name or {}).items() if (v or "").strip()}
    citation = {k: (v or "").strip() for k, v in (citation or {}).items() if (v or "").strip()}
    if any(code not in name for code in AWARD_LANGUAGES):
        errors["name"] = _("Give the award's name in Korean and in English.")
    if any(code not in citation for code in AWARD_LANGUAGES):
        errors["citation"] = _("Give the citation in Korean and in English.")
    if category not in AwardCategory.values:
        errors["category"] = _("Choose a category from the list.")
    if errors:
        raise ValidationError(errors)
    return {"name": name, "category": category, "citation": citation}


@transaction.atomic
def award_give(*, actor, round_id: int, winner_id: int, name: dict, category: str, citation: dict) -> Award:
    round_ = _locked(round_id)
    _editable(round_)
    fields = _award_fields(name=name, category=category, citation=citation)
    winner = Organization.objects.filter(pk=winner_id, is_published=True).first()
    if winner is None:
        raise ValidationError({"winner": _("No partner has this id.")})
    award = Award.objects.create(
        round=round_,
        winner=winner,
        order=round_.awards.count(),
        created_by=actor if actor and actor.is_authenticated else None,
        **fields,
    )
    log_action(award, "evaluation.award.given", actor=actor, data={"winner": winner.pk, "category": award.category})
    return award


@transaction.atomic
def award_change(*, actor, award_id: int, winner_id: int, name: dict, category: str, citation: dict) -> Award:
    award = Award.objects.get(pk=award_id)
    _editable(_locked(award.round_id))
    fields = _award_fields(name=name, category=category, citation=citation)
    winner = Organization.objects.filter(pk=winner_id, is_published=True).first()
    if winner is None:
        raise ValidationError({"winner": _("No partner has this id.")})
    for key, value in fields.items():
        setattr(award, key, value)
    award.winner = winner
    award.save()
    log_action(award, "evaluation.award.changed", actor=actor, data={"winner": winner.pk, "category": award.category})
    return award


@transaction.atomic
def award_withdraw(*, actor, award_id: int) -> None:
    award = Award.objects.get(pk=award_id)
    _editable(_locked(award.round_id))
    log_action(award, "evaluation.award.withdrawn", actor=actor, data={"winner": award.winner_id})
    award.delete()
