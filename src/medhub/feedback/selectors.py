"""Reads of feedback: who may give it, what each reader sees, and the aggregates per institution
(the institution page, when the hub publishes them, and the partner evaluation of the council)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from medhub.accounts import permissions
from medhub.cases.models import Case, CaseState, Quote, QuoteVersion
from medhub.core.models import FeedbackPublishing
from medhub.core.selectors import hub_settings
from medhub.feedback.models import CRITERIA, Feedback

# A case may get feedback once its treatment is over: in aftercare, or closed. The case workflow
# (cases/workflow.py) reaches "closed" only from "in treatment" or "aftercare", so a closed case
# is always closed after treatment (tests/feedback/test_eligibility.py holds the workflow to it).
AFTER_TREATMENT = (CaseState.AFTERCARE, CaseState.CLOSED)


@dataclass(frozen=True)
class Eligibility:
    allowed: bool
    code: str = ""
    message: str = ""


def accepted_quote(case: Case) -> tuple[Quote, QuoteVersion] | None:
    """The quote the patient accepted and its version (the latest: an accepted quote is not revised)."""
    quote = Quote.objects.filter(case=case, status=Quote.Status.ACCEPTED).select_related("institution").first()
    if quote is None:
        return None
    version = quote.versions.order_by("-number").first()
    return (quote, version) if version is not None else None


def eligibility(user, case: Case) -> Eligibility:
    """Whether ``user`` may give feedback on ``case`` now; if not, why (a code and a translated text)."""
    if not permissions.may_give_feedback(user, case):
        return Eligibility(False, "not_patient", _("Only the patient of this case can give feedback on it."))
    if Feedback.objects.filter(case=case).exists():
        return Eligibility(False, "given", _("You have already given feedback on this case; it can be given once."))
    if case.state not in AFTER_TREATMENT:
        return Eligibility(
            False, "not_treated", _("Feedback can be given once the treatment is over (aftercare, or the case is closed).")
        )
    if accepted_quote(case) is None:
        return Eligibility(False, "no_institution", _("This case has no accepted quote, so no institution treated it."))
    return Eligibility(True)


def cases_awaiting_feedback(user, case_ids) -> set[int]:
    """Which of these cases the user (their patient) may give feedback on now, in one query."""
    if not user.is_authenticated:
        return set()
    given = Feedback.objects.filter(case_id=OuterRef("pk"))
    accepted = Quote.objects.filter(case_id=OuterRef("pk"), status=Quote.Status.ACCEPTED)
    return set(
        Case.objects.filter(pk__in=list(case_ids), patient=user, state__in=AFTER_TREATMENT)
        .filter(Exists(accepted))
        .exclude(Exists(given))
        .values_list("pk", flat=True)
    )


def feedback_visible_to(user) -> QuerySet[Feedback]:
    """Every feedback query that serves a signed-in reader starts here: the hub's staff see all,
    an institution's staff their institution's, a patient their own, anyone else none."""
    if not user.is_authenticated:
        return Feedback.objects.none()
    if permissions.may_read_all_feedback(user):
        return Feedback.objects.all()
    institutions = permissions.feedback_institution_ids(user)
    if institutions:
        return Feedback.objects.filter(institution_id__in=institutions)
    return Feedback.objects.filter(patient=user)


def work_list(user, *, institution_id: int | None = None, hidden: bool | None = None) -> QuerySet[Feedback]:
    qs = feedback_visible_to(user).select_related("case", "institution", "answered_by")
    if institution_id is not None:
        qs = qs.filter(institution_id=institution_id)
    if hidden is not None:
        qs = qs.filter(hidden_at__isnull=not hidden)
    return qs.order_by("-created_at", "-id")


# -- aggregates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Aggregate:
    """One institution's scores: averages per criterion (1 to 5, one decimal), how many feedbacks,
    and the share of patients who paid more than their accepted quote (0 to 1, of those whose
    payment could be compared)."""

    institution_id: int
    count: int
    averages: dict
    overall: Decimal
    compared: int
    paid_more: int

    @property
    def paid_more_share(self) -> Decimal | None:
        if not self.compared:
            return None
        return (Decimal(self.paid_more) / Decimal(self.compared)).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def paid_more_percent(self) -> int | None:
        share = self.paid_more_share
        return None if share is None else int((share * 100).to_integral_value(ROUND_HALF_UP))

    def rows(self) -> list[tuple[str, str, Decimal]]:
        from medhub.feedback.models import criterion_labels

        labels = criterion_labels()
        return [(c, labels[c], self.averages[c]) for c in CRITERIA]


def _one_decimal(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def institution_aggregates(institution_ids=None, *, include_hidden: bool = False) -> dict[int, Aggregate]:
    """Aggregates per institution (all institutions with feedback, or those of ``institution_ids``),
    in one query. Hidden feedback counts nowhere unless asked for (the council may look at all)."""
    qs = Feedback.objects.all()
    if institution_ids is not None:
        qs = qs.filter(institution_id__in=list(institution_ids))
    if not include_hidden:
        qs = qs.filter(hidden_at__isnull=True)
    rows = qs.values("institution_id").annotate(
        count=Count("id"),
        compared=Count("id", filter=Q(difference_percent__isnull=False)),
        paid_more_count=Count("id", filter=Q(paid_more=True)),
        **{f"avg_{c}": Avg(c) for c in CRITERIA},
    )
    result = {}
    for row in rows.order_by("institution_id"):
        averages = {c: _one_decimal(row[f"avg_{c}"]) for c in CRITERIA}
        overall = _one_decimal(sum(float(row[f"avg_{c}"] or 0) for c in CRITERIA) / len(CRITERIA))
        result[row["institution_id"]] = Aggregate(
            institution_id=row["institution_id"],
            count=row["count"],
            averages=averages,
            overall=overall,
            compared=row["compared"],
            paid_more=row["paid_more_count"],
        )
    return result


def institution_aggregate(institution_id: int, *, include_hidden: bool = False) -> Aggregate | None:
    return institution_aggregates([institution_id], include_hidden=include_hidden).get(institution_id)


# -- what the public sees ---------------------------------------------------------------------


def publishing_level() -> str:
    return hub_settings().feedback_publishing or FeedbackPublishing.INTERNAL


def minimum_count() -> int:
    return max(1, int(settings.MEDHUB_FEEDBACK_MIN_COUNT))


@dataclass(frozen=True)
class Published:
    """What the public may see of one institution's feedback under the hub's publishing level:
    nothing (internal only, or fewer feedbacks than the minimum), the aggregate, or the aggregate
    and the visible texts with the institution's answers."""

    level: str
    minimum: int
    aggregate: Aggregate | None
    items: QuerySet | None

    @property
    def shown(self) -> bool:
        return self.aggregate is not None


def published_items(institution_id: int) -> QuerySet[Feedback]:
    return Feedback.objects.filter(institution_id=institution_id, hidden_at__isnull=True).order_by("-created_at", "-id")


def published_for(institution_id: int) -> Published:
    level = publishing_level()
    minimum = minimum_count()
    if level == FeedbackPublishing.INTERNAL:
        return Published(level, minimum, None, None)
    aggregate = institution_aggregate(institution_id)
    if aggregate is None or aggregate.count < minimum:
        return Published(level, minimum, None, None)
    items = published_items(institution_id) if level == FeedbackPublishing.FULL else None
    return Published(level, minimum, aggregate, items)
