"""Reads for partner applications: the reviewers' list, one application with its scores and
history, and whether an approved organization's profile is complete enough to publish."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from medhub.accounts import permissions
from medhub.core.i18n import pick
from medhub.core.models import LogEntry
from medhub.directory.models import Organization
from medhub.partners.models import OPEN_STATUSES, Application, Criterion, Review, Score


def applications_visible_to(user) -> QuerySet[Application]:
    """Every application for the hub's staff; none for anyone else."""
    if not permissions.may_review_applications(user):
        return Application.objects.none()
    return Application.objects.all()


def overdue_q(now: datetime.datetime | None = None) -> Q:
    """Still open and sent longer ago than the hub promises a decision."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.MEDHUB_APPLICATION_REVIEW_DAYS)
    return Q(status__in=OPEN_STATUSES, submitted_at__lt=cutoff)


def application_list(user, *, status: str = "", kind: str = "", overdue: bool = False) -> QuerySet[Application]:
    rows = applications_visible_to(user).select_related("district").annotate(review_count=Count("reviews", distinct=True))
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    if overdue:
        rows = rows.filter(overdue_q())
    return rows.order_by("-submitted_at", "-id")


def application_for_review(user, application_id: int) -> Application | None:
    return (
        applications_visible_to(user)
        .select_related("district", "decided_by", "organization", "invited_user")
        .prefetch_related("documents", "info_requests__documents", "info_requests__requested_by")
        .filter(pk=application_id)
        .first()
    )


def active_criteria() -> list[Criterion]:
    return list(Criterion.objects.filter(active=True).order_by("position", "id"))


@dataclass
class ScoreBoard:
    """Every reviewer's scores of one application, and the totals reviewers compare."""

    criteria: list[Criterion]
    reviews: list[Review]
    # Per review: {criterion_id: value}
    values: dict[int, dict[int, int]] = field(default_factory=dict)
    # The weighted total of each review, as a share of the most it could score (0–100).
    percent: dict[int, float] = field(default_factory=dict)
    average_percent: float | None = None
    # The plain average score per criterion over the reviewers who scored it.
    criterion_average: dict[int, float] = field(default_factory=dict)

    def average_cells(self) -> list[float | None]:
        return [self.criterion_average.get(c.id) for c in self.criteria]

    def rows(self):
        """(review, [(criterion, value or None)], percent) for the template."""
        for review in self.reviews:
            scored = self.values.get(review.id, {})
            yield review, [(c, scored.get(c.id)) for c in self.criteria], self.percent.get(review.id)


def weighted_percent(values: dict[int, int], criteria: list[Criterion]) -> float | None:
    """Sum of weight × score over sum of weight × highest score, on the criteria scored."""
    top = sum(c.weight * c.max_score for c in criteria if c.id in values)
    if not top:
        return None
    return round(100 * sum(c.weight * values[c.id] for c in criteria if c.id in values) / top, 1)


def score_board(application: Application) -> ScoreBoard:
    criteria = list(
        Criterion.objects.filter(
            Q(active=True) | Q(pk__in=Score.objects.filter(review__application=application).values("criterion_id"))
        ).distinct()
    )
    criteria.sort(key=lambda c: (c.position, c.id))
    reviews = list(application.reviews.select_related("reviewer").prefetch_related("scores"))
    board = ScoreBoard(criteria=criteria, reviews=reviews)
    sums: dict[int, list[int]] = {}
    for review in reviews:
        values = {s.criterion_id: s.value for s in review.scores.all()}
        board.values[review.id] = values
        board.percent[review.id] = weighted_percent(values, criteria)
        for criterion_id, value in values.items():
            sums.setdefault(criterion_id, []).append(value)
    board.criterion_average = {cid: round(sum(v) / len(v), 2) for cid, v in sums.items()}
    totals = [p for p in board.percent.values() if p is not None]
    board.average_percent = round(sum(totals) / len(totals), 1) if totals else None
    return board


def history(application: Application) -> list[LogEntry]:
    """The application's audit entries, oldest first (the organization it created included)."""
    targets = Q(content_type=ContentType.objects.get_for_model(Application), object_id=application.pk)
    if application.organization_id:
        targets |= Q(content_type=ContentType.objects.get_for_model(Organization), object_id=application.organization_id)
    return list(
        LogEntry.objects.filter(targets, action__startswith="partners.").select_related("actor").order_by("created_at", "id")
    )


# -- the approved organization's profile -------------------------------------------------------


def profile_gaps(organization: Organization) -> list[str]:
    """What an organization's profile still lacks before the public may see it (translated
    labels; empty when complete): a name, an address, a phone, a description, and for a
    medical institution at least one specialty. The one definition of "complete"."""
    gaps = []
    if not pick(organization.name):
        gaps.append(_("a name"))
    if not pick(organization.address):
        gaps.append(_("an address"))
    if not organization.phone:
        gaps.append(_("a phone number"))
    if not pick(organization.description):
        gaps.append(_("a description"))
    if organization.kind == Organization.Kind.INSTITUTION and not organization.specialties.exists():
        gaps.append(_("at least one specialty"))
    return gaps


def profile_complete(organization: Organization) -> bool:
    return not profile_gaps(organization)
