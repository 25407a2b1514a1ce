"""Reads of the evaluation: the ranked table of a kind of partner with every figure and its source
(a fixed number of queries, whatever the number of partners), one partner's figures, and what the
public Partners Day page shows (published rounds only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from medhub.evaluation.models import Award, Criterion, Figure, Metric, PartnerGroup, Result, Round, RoundStatus

# How many partners of each kind the Partners Day page names.
TOP = 3


@dataclass
class Line:
    """One partner in a ranked table: its result and its figures in the order of the criteria."""

    result: Result
    figures: list[Figure] = field(default_factory=list)


def figure_text(metric: str, value: Decimal | None) -> str:
    """A figure with its unit, in the reader's language."""
    if value is None:
        return "—"
    if metric == Metric.ANSWER_TIME:
        return _("%(hours)s h") % {"hours": number_format(value, 1)}
    if metric in (Metric.QUOTE_ACCEPTANCE, Metric.ATTENDANCE):
        return _("%(percent)s %%") % {"percent": number_format(value, 1)}
    if metric == Metric.FEEDBACK:
        return _("%(score)s / 5") % {"score": number_format(value, 2)}
    return number_format(value, 0)


def source_text(metric: str, source: dict) -> str:
    """Where a figure comes from, in words (the references are listed beside it)."""
    if source.get("not_applicable"):
        return _("Does not apply to this kind of partner.")
    count = int(source.get("count", 0))
    if metric == Metric.PATIENTS:
        return ngettext(
            "%(count)s case booked through the hub in the year",
            "%(count)s cases booked through the hub in the year",
            count,
        ) % {"count": count}
    if metric == Metric.ANSWER_TIME:
        shared = int(source.get("shared", 0))
        if not shared:
            return _("No case was shared with it in the year.")
        return ngettext(
            "%(answered)s of %(shared)s case shared in the year answered (first quote or message)",
            "%(answered)s of %(shared)s cases shared in the year answered (first quote or message)",
            shared,
        ) % {"answered": count, "shared": shared}
    if metric == Metric.QUOTE_ACCEPTANCE:
        sent = int(source.get("sent", 0))
        if not sent:
            return _("No quote sent in the year.")
        return ngettext(
            "%(accepted)s of %(sent)s quote sent in the year accepted",
            "%(accepted)s of %(sent)s quotes sent in the year accepted",
            sent,
        ) % {"accepted": count, "sent": sent}
    if metric == Metric.FEEDBACK:
        if not count:
            return _("No patient feedback in the year.")
        return ngettext(
            "the average of %(count)s patient feedback given in the year",
            "the average of %(count)s patient feedbacks given in the year",
            count,
        ) % {"count": count}
    if metric == Metric.COMPLAINTS:
        return ngettext(
            "%(count)s complaint upheld in the year",
            "%(count)s complaints upheld in the year",
            count,
        ) % {"count": count}
    if metric == Metric.ATTENDANCE:
        invited, trainings = int(source.get("invited", 0)), int(source.get("trainings", 0))
        if not invited and not trainings:
            return _("Nobody of this partner was invited to a council meeting or attended a training in the year.")
        meetings = ngettext(
            "present at %(present)s of %(invited)s council meeting held in the year",
            "present at %(present)s of %(invited)s council meetings held in the year",
            invited,
        ) % {"present": count, "invited": invited}
        trained = ngettext(
            "%(count)s training session attended",
            "%(count)s training sessions attended",
            trainings,
        ) % {"count": trainings}
        return _("%(meetings)s; %(trainings)s") % {"meetings": meetings, "trainings": trained}
    if metric == Metric.COMMITTEE:
        if not source.get("entered"):
            return _("No committee score entered yet.")
        return _("Entered by %(by)s on %(on)s") % {"by": source.get("by") or _("the hub"), "on": source.get("on", "")}
    return ""


def source_links(metric: str, source: dict) -> list[tuple[str, str]]:
    """The references a figure was made from, each with the staff page that shows it."""
    refs = source.get("refs") or []
    if source.get("kind") == "complaints":
        return [(ref, reverse("complaint-work", kwargs={"reference": ref})) for ref in refs]
    if source.get("kind") == "cases":
        return [(ref, reverse("work-case", kwargs={"reference": ref})) for ref in refs]
    return []


def rounds() -> list[Round]:
    return list(Round.objects.order_by("-year"))


def criteria(round_: Round) -> list[Criterion]:
    return list(round_.criteria.order_by("order", "id"))


def ranked(round_: Round, group: str, *, limit: int | None = None) -> list[Line]:
    """The ranked table of one kind of partner: three queries (results with their partners, the
    figures of those partners, and nothing per row)."""
    results = Result.objects.filter(round=round_, group=group).select_related("organization").order_by("rank", "organization_id")
    if limit is not None:
        results = results.filter(rank__lte=limit)
    results = list(results)
    figures = Figure.objects.filter(criterion__round=round_, organization_id__in=[r.organization_id for r in results])
    by_partner: dict[int, list[Figure]] = {}
    for figure in figures.select_related("criterion").order_by("criterion__order", "criterion_id"):
        by_partner.setdefault(figure.organization_id, []).append(figure)
    return [Line(result=r, figures=by_partner.get(r.organization_id, [])) for r in results]


def partner_figures(round_: Round, organization_id: int) -> list[Figure]:
    return list(
        Figure.objects.filter(criterion__round=round_, organization_id=organization_id)
        .select_related("criterion")
        .order_by("criterion__order", "criterion_id")
    )


def awards(round_: Round) -> list[Award]:
    return list(round_.awards.select_related("winner").order_by("order", "id"))


# -- the public Partners Day page ------------------------------------------------------------------


def published_years() -> list[int]:
    return list(Round.objects.filter(status=RoundStatus.PUBLISHED).order_by("-year").values_list("year", flat=True))


def published_round(year: int | None = None) -> Round | None:
    qs = Round.objects.filter(status=RoundStatus.PUBLISHED)
    if year is not None:
        qs = qs.filter(year=year)
    return (
        qs.order_by("-year")
        .prefetch_related(Prefetch("awards", queryset=Award.objects.select_related("winner").order_by("order", "id")))
        .first()
    )


def podium(round_: Round) -> list[tuple[str, str, list[Result]]]:
    """The top partners of each kind: (group, label, results), in one query."""
    results = list(
        Result.objects.filter(round=round_, rank__lte=TOP)
        .select_related("organization")
        .order_by("group", "rank", "organization_id")
    )
    return [
        (group.value, group.label, [r for r in results if r.group == group.value])
        for group in PartnerGroup
        if any(r.group == group.value for r in results)
    ]
