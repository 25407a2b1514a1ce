"""The figures of a year's evaluation, computed from medhub's own data, each with its source.

``compute(year, organizations, committee_scores)`` returns, for every metric, each partner's
figure (a ``Decimal``, or None when the criterion does not apply to the partner's kind or there
was nothing to measure) and its source: the count and the references of the cases, complaints or
meetings it was made from. Every metric costs a fixed number of queries, whatever the number of
partners. ``normalise`` and ``weighted_total`` turn figures into scores (decision 0027)."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, Min
from django.utils import timezone

from medhub.accounts.models import Role
from medhub.cases.models import Case, CaseShare, CaseState, Message, Quote, QuoteVersion
from medhub.complaints.models import Complaint, ComplaintStatus
from medhub.core.models import LogEntry
from medhub.council.selectors import attendance_by_organization
from medhub.directory.models import Organization
from medhub.evaluation.models import Metric, PartnerGroup
from medhub.feedback.models import CRITERIA, Feedback
from medhub.travel.models import BookingStatus, Pickup, Stay

# A case counts as a patient attracted once it is booked: scheduled, then pre-arrival, treatment,
# aftercare, closed (the case workflow reaches "closed" only after treatment).
REACHED = (CaseState.SCHEDULED, CaseState.PRE_ARRIVAL, CaseState.IN_TREATMENT, CaseState.AFTERCARE, CaseState.CLOSED)
# How many references a source keeps (the count is always whole).
MAX_REFS = 40

# The kinds of partner each metric applies to; elsewhere its figure is empty and its weight is
# shared among the others.
APPLIES = {
    Metric.PATIENTS: {PartnerGroup.INSTITUTIONS, PartnerGroup.AGENCIES, PartnerGroup.TOURISM},
    Metric.ANSWER_TIME: {PartnerGroup.INSTITUTIONS},
    Metric.QUOTE_ACCEPTANCE: {PartnerGroup.INSTITUTIONS},
    Metric.FEEDBACK: {PartnerGroup.INSTITUTIONS},
    Metric.COMPLAINTS: {PartnerGroup.INSTITUTIONS, PartnerGroup.AGENCIES, PartnerGroup.TOURISM},
    Metric.ATTENDANCE: {PartnerGroup.INSTITUTIONS, PartnerGroup.AGENCIES, PartnerGroup.TOURISM},
    Metric.COMMITTEE: {PartnerGroup.INSTITUTIONS, PartnerGroup.AGENCIES, PartnerGroup.TOURISM},
}
# Fewer is better for these: the fastest answer, the fewest upheld complaints.
LOWER_IS_BETTER = frozenset({Metric.ANSWER_TIME, Metric.COMPLAINTS})
# The default criteria of a new round, in order, with their weights (they add up to 100).
DEFAULT_WEIGHTS = (
    (Metric.PATIENTS, 25),
    (Metric.ANSWER_TIME, 15),
    (Metric.QUOTE_ACCEPTANCE, 10),
    (Metric.FEEDBACK, 15),
    (Metric.COMPLAINTS, 10),
    (Metric.ATTENDANCE, 10),
    (Metric.COMMITTEE, 15),
)

TOURISM_KINDS = (Organization.Kind.HOTEL, Organization.Kind.RESTAURANT, Organization.Kind.SHOP, Organization.Kind.TRANSPORT)
KINDS_OF = {
    PartnerGroup.INSTITUTIONS: (Organization.Kind.INSTITUTION,),
    PartnerGroup.AGENCIES: (Organization.Kind.FACILITATOR,),
    PartnerGroup.TOURISM: TOURISM_KINDS,
}


def group_of(kind: str) -> str:
    if kind == Organization.Kind.INSTITUTION:
        return PartnerGroup.INSTITUTIONS
    if kind == Organization.Kind.FACILITATOR:
        return PartnerGroup.AGENCIES
    return PartnerGroup.TOURISM


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The year in the hub's time zone, as [start, end)."""
    tz = timezone.get_default_timezone()
    return (
        datetime.datetime(year, 1, 1, tzinfo=tz),
        datetime.datetime(year + 1, 1, 1, tzinfo=tz),
    )


@dataclass
class Partner:
    id: int
    kind: str

    @property
    def group(self) -> str:
        return group_of(self.kind)


def _d(value, places: str = "0.01") -> Decimal:
    return Decimal(str(value)).quantize(Decimal(places), ROUND_HALF_UP)


def _refs(refs) -> dict:
    refs = sorted(set(refs))
    return {"refs": refs[:MAX_REFS], "more": max(0, len(refs) - MAX_REFS)}


# -- each metric --------------------------------------------------------------------------------


def _booked_on(case_rows: list[dict]) -> dict[int, datetime.datetime]:
    """When each case first moved into a booked state (its audit log), else when it was opened."""
    ids = [row["case_id"] for row in case_rows]
    first = dict(
        LogEntry.objects.filter(action="cases.case.state_changed", case_id__in=ids, data__to_state__in=list(REACHED))
        .values("case_id")
        .annotate(first=Min("created_at"))
        .values_list("case_id", "first")
    )
    return {row["case_id"]: first.get(row["case_id"]) or row["opened_at"] for row in case_rows}


def patients(year: int, partners: list[Partner]) -> dict[int, tuple]:
    start, end = year_bounds(year)
    by_kind = defaultdict(list)
    for p in partners:
        by_kind[p.kind].append(p.id)
    found: dict[int, list[str]] = defaultdict(list)

    institution_rows = list(
        Quote.objects.filter(
            status=Quote.Status.ACCEPTED,
            institution_id__in=by_kind[Organization.Kind.INSTITUTION],
            case__state__in=REACHED,
        ).values("case_id", "institution_id", reference=F("case__reference"), opened_at=F("case__created_at"))
    )
    agency_rows = list(
        Case.objects.filter(referred_by_id__in=by_kind[Organization.Kind.FACILITATOR], state__in=REACHED).values(
            "reference", opened_at=F("created_at"), case_id=F("id"), institution_id=F("referred_by_id")
        )
    )
    if institution_rows or agency_rows:
        booked = _booked_on(institution_rows + agency_rows)
        for row in institution_rows + agency_rows:
            if start <= booked[row["case_id"]] < end:
                found[row["institution_id"]].append(row["reference"])

    stays = Stay.objects.filter(
        room__hotel_id__in=by_kind[Organization.Kind.HOTEL],
        status=BookingStatus.CONFIRMED,
        check_in__gte=start.date(),
        check_in__lt=end.date(),
    ).values_list("room__hotel_id", "case__reference")
    pickups = Pickup.objects.filter(
        company_id__in=by_kind[Organization.Kind.TRANSPORT],
        status=BookingStatus.CONFIRMED,
        pickup_at__gte=start,
        pickup_at__lt=end,
    ).values_list("company_id", "case__reference")
    for org_id, reference in [*stays, *pickups]:
        found[org_id].append(reference)

    out = {}
    for p in partners:
        if p.kind in (Organization.Kind.RESTAURANT, Organization.Kind.SHOP):
            out[p.id] = (None, {"not_applicable": True})
            continue
        refs = set(found.get(p.id, []))
        out[p.id] = (Decimal(len(refs)), {"kind": "cases", "count": len(refs), **_refs(refs)})
    return out


def answer_time(year: int, partners: list[Partner]) -> dict[int, tuple]:
    """Median hours from sharing a case with an institution to its first answer: its first quote,
    or its first message in the case's conversation with it, by one of its staff."""
    start, end = year_bounds(year)
    ids = [p.id for p in partners if p.group == PartnerGroup.INSTITUTIONS]
    shares = list(
        CaseShare.objects.filter(institution_id__in=ids, created_at__gte=start, created_at__lt=end).values(
            "case_id", "institution_id", "created_at", reference=F("case__reference")
        )
    )
    case_ids = {s["case_id"] for s in shares}
    first_answer: dict[tuple[int, int], datetime.datetime] = {}
    quotes = (
        QuoteVersion.objects.filter(quote__case_id__in=case_ids, quote__institution_id__in=ids)
        .values(case_id=F("quote__case_id"), institution_id=F("quote__institution_id"))
        .annotate(first=Min("created_at"))
    )
    messages = (
        Message.objects.filter(
            case_id__in=case_ids,
            institution_id__in=ids,
            author__memberships__role=Role.PROVIDER_STAFF,
            author__memberships__organization_id=F("institution_id"),
        )
        .values("case_id", "institution_id")
        .annotate(first=Min("created_at"))
    )
    for row in [*quotes, *messages]:
        key = (row["case_id"], row["institution_id"])
        if key not in first_answer or row["first"] < first_answer[key]:
            first_answer[key] = row["first"]

    hours: dict[int, list[float]] = defaultdict(list)
    answered: dict[int, list[str]] = defaultdict(list)
    shared: dict[int, int] = defaultdict(int)
    for s in shares:
        shared[s["institution_id"]] += 1
        at = first_answer.get((s["case_id"], s["institution_id"]))
        if at is not None and at >= s["created_at"]:
            hours[s["institution_id"]].append((at - s["created_at"]).total_seconds() / 3600)
            answered[s["institution_id"]].append(s["reference"])
    out = {}
    for p in partners:
        if p.group != PartnerGroup.INSTITUTIONS:
            out[p.id] = (None, {"not_applicable": True})
            continue
        values = hours.get(p.id)
        source = {"kind": "cases", "count": len(values or []), "shared": shared.get(p.id, 0), **_refs(answered.get(p.id, []))}
        out[p.id] = (_d(statistics.median(values), "0.1") if values else None, source)
    return out


def quote_acceptance(year: int, partners: list[Partner]) -> dict[int, tuple]:
    """Quotes accepted among the quotes an institution sent in the year, in percent."""
    start, end = year_bounds(year)
    ids = [p.id for p in partners if p.group == PartnerGroup.INSTITUTIONS]
    rows = Quote.objects.filter(institution_id__in=ids, created_at__gte=start, created_at__lt=end, versions__isnull=False)
    rows = rows.distinct().values_list("institution_id", "status", "case__reference")
    sent: dict[int, int] = defaultdict(int)
    accepted: dict[int, list[str]] = defaultdict(list)
    for org_id, status, reference in rows:
        sent[org_id] += 1
        if status == Quote.Status.ACCEPTED:
            accepted[org_id].append(reference)
    out = {}
    for p in partners:
        if p.group != PartnerGroup.INSTITUTIONS:
            out[p.id] = (None, {"not_applicable": True})
            continue
        n = sent.get(p.id, 0)
        refs = accepted.get(p.id, [])
        source = {"kind": "cases", "count": len(refs), "sent": n, **_refs(refs)}
        out[p.id] = (_d(Decimal(len(refs)) * 100 / n, "0.1") if n else None, source)
    return out


def feedback(year: int, partners: list[Partner]) -> dict[int, tuple]:
    """The mean of the five criteria patients rate (1 to 5) over the year's visible feedback,
    as feedback.selectors averages them (hidden feedback counts nowhere)."""
    start, end = year_bounds(year)
    ids = [p.id for p in partners if p.group == PartnerGroup.INSTITUTIONS]
    rows = (
        Feedback.objects.filter(institution_id__in=ids, created_at__gte=start, created_at__lt=end, hidden_at__isnull=True)
        .values("institution_id")
        .annotate(count=Count("id"), **{f"avg_{c}": Avg(c) for c in CRITERIA})
    )
    found = {row["institution_id"]: row for row in rows}
    out = {}
    for p in partners:
        if p.group != PartnerGroup.INSTITUTIONS:
            out[p.id] = (None, {"not_applicable": True})
            continue
        row = found.get(p.id)
        if row is None:
            out[p.id] = (None, {"kind": "feedback", "count": 0})
            continue
        mean = sum(Decimal(str(row[f"avg_{c}"])) for c in CRITERIA) / len(CRITERIA)
        out[p.id] = (_d(mean), {"kind": "feedback", "count": row["count"]})
    return out


def complaints(year: int, partners: list[Partner]) -> dict[int, tuple]:
    """Complaints about the partner whose outcome, recorded in the year, was "upheld"."""
    start, end = year_bounds(year)
    rows = Complaint.objects.filter(
        organization_id__in=[p.id for p in partners],
        status=ComplaintStatus.UPHELD,
        closed_at__gte=start,
        closed_at__lt=end,
    ).values_list("organization_id", "reference")
    found: dict[int, list[str]] = defaultdict(list)
    for org_id, reference in rows:
        found[org_id].append(reference)
    return {
        p.id: (
            Decimal(len(found.get(p.id, []))),
            {"kind": "complaints", "count": len(found.get(p.id, [])), **_refs(found.get(p.id, []))},
        )
        for p in partners
    }


def attendance(year: int, partners: list[Partner]) -> dict[int, tuple]:
    """From the council's own count (council.selectors.attendance_by_organization): of the council
    meetings held in the year that the partner's members were invited to, and the training
    sessions they attended, the share they were present at, in percent — a training attended
    counts as a meeting attended. Empty for a partner with no member invited or trained."""
    counts = attendance_by_organization(start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31))
    out = {}
    for p in partners:
        row = counts.get(p.id, {"invited": 0, "present": 0, "trainings": 0})
        base = row["invited"] + row["trainings"]
        source = {"kind": "meetings", "count": row["present"], "invited": row["invited"], "trainings": row["trainings"]}
        out[p.id] = (_d(Decimal(row["present"] + row["trainings"]) * 100 / base, "0.1") if base else None, source)
    return out


def committee(partners: list[Partner], scores: dict[int, dict]) -> dict[int, tuple]:
    out = {}
    for p in partners:
        entry = scores.get(p.id)
        if entry is None:
            out[p.id] = (None, {"kind": "committee", "entered": False})
        else:
            out[p.id] = (Decimal(entry["score"]), {"kind": "committee", "entered": True, **entry})
    return out


def compute(year: int, partners: list[Partner], committee_scores: dict[int, dict]) -> dict[str, dict[int, tuple]]:
    return {
        Metric.PATIENTS: patients(year, partners),
        Metric.ANSWER_TIME: answer_time(year, partners),
        Metric.QUOTE_ACCEPTANCE: quote_acceptance(year, partners),
        Metric.FEEDBACK: feedback(year, partners),
        Metric.COMPLAINTS: complaints(year, partners),
        Metric.ATTENDANCE: attendance(year, partners),
        Metric.COMMITTEE: committee(partners, committee_scores),
    }


def active(computed: dict[str, dict[int, tuple]]) -> set[int]:
    """The partners with something to evaluate in the year: a patient, a shared case, a quote, a
    feedback, an upheld complaint, a council invitation or a committee score. The others are left
    out of the ranking rather than tied at its bottom, and do not stretch the scale of the rest."""
    keys = ("count", "shared", "sent", "invited", "trainings")
    found = set()
    for metric, values in computed.items():
        for pid, (_value, source) in values.items():
            if metric == Metric.COMMITTEE:
                if source.get("entered"):
                    found.add(pid)
            elif any(source.get(key) for key in keys):
                found.add(pid)
    return found


# -- from figures to scores ------------------------------------------------------------------------


def normalise(values: dict[int, Decimal | None], *, lower_is_better: bool) -> dict[int, Decimal | None]:
    """Min–max within one kind of partner: the best figure scores 100, the worst 0, the others in
    proportion (reversed when fewer is better). When every figure is the same the criterion cannot
    tell the partners apart and each scores 50. An empty figure stays empty."""
    present = [v for v in values.values() if v is not None]
    if not present:
        return dict.fromkeys(values)
    low, high = min(present), max(present)
    out = {}
    for key, value in values.items():
        if value is None:
            out[key] = None
        elif high == low:
            out[key] = Decimal("50.0")
        else:
            share = (high - value) / (high - low) if lower_is_better else (value - low) / (high - low)
            out[key] = _d(share * 100, "0.1")
    return out


def weighted_total(scores: list[tuple[int, Decimal | None]]) -> Decimal:
    """The weighted mean of a partner's scores (weight, score); a criterion with no score leaves
    the total, and its weight is shared among the others."""
    counted = [(w, s) for w, s in scores if s is not None and w > 0]
    weight = sum(w for w, _ in counted)
    if not weight:
        return Decimal("0.0")
    return _d(sum(Decimal(w) * s for w, s in counted) / weight, "0.1")


def rank(totals: dict[int, Decimal]) -> dict[int, int]:
    """Competition ranking (1, 2, 2, 4): equal totals share a rank."""
    ordered = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    ranks, previous, position = {}, None, 0
    for index, (key, total) in enumerate(ordered, start=1):
        if total != previous:
            position, previous = index, total
        ranks[key] = position
    return ranks
