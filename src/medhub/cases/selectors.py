"""Reads of cases, always starting from what the requesting user may see."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from medhub.accounts import permissions
from medhub.accounts.permissions import is_hub_staff
from medhub.cases.models import Case, CaseShare, CaseState, Quote
from medhub.core.audit import timeline_actions
from medhub.core.models import LogEntry
from medhub.directory import triage
from medhub.directory.selectors import specialty_by_id


def cases_visible_to(user) -> QuerySet[Case]:
    """Every case query that serves a request starts here: hub staff see all cases, provider
    staff the cases shared with their institutions, patients their own, anyone else none."""
    if not user.is_authenticated:
        return Case.objects.none()
    if is_hub_staff(user):
        return Case.objects.all()
    institutions = permissions.institution_ids(user)
    if institutions:
        return Case.objects.filter(pk__in=active_shares(institutions).values("case_id"))
    agencies = permissions.agency_ids(user)
    if agencies:
        return Case.objects.filter(referred_by_id__in=agencies)
    return Case.objects.filter(patient=user)


def case_timeline(case: Case) -> list[LogEntry]:
    """The case's history as its pages, the API and the patient's copy show it: the entries of
    the audit log the apps marked for the timeline (``register(..., timeline=True)``), oldest
    first, each with the labels of the states it moved between (``from_label``, ``to_label``).
    Everything else logged about the case is for the record (the admin) only."""
    entries = LogEntry.objects.filter(case_id=case.pk, action__in=timeline_actions()).select_related("actor")
    entries = list(entries.order_by("created_at", "id"))
    for entry in entries:
        states = (entry.data.get("from_state"), entry.data.get("to_state"))
        entry.from_label, entry.to_label = (CaseState(code).label if code in CaseState.values else "" for code in states)
    return entries


def active_shares(institution_ids=None) -> QuerySet[CaseShare]:
    """The shares through which institutions (those of ``institution_ids``, or any) are still
    *in* their cases: the one rule of who is out (docs/personal-data.md). An institution is out
    of a case, and loses its page, documents, conversation and API, once

    - the hub withdrew the share, or
    - its quote was declined, or
    - the patient accepted another institution's quote (whether or not it had quoted).
    """
    declined = Quote.objects.filter(
        case_id=OuterRef("case_id"), institution_id=OuterRef("institution_id"), status=Quote.Status.DECLINED
    )
    other_accepted = Quote.objects.filter(case_id=OuterRef("case_id"), status=Quote.Status.ACCEPTED).exclude(
        institution_id=OuterRef("institution_id")
    )
    shares = CaseShare.objects.filter(withdrawn_at__isnull=True)
    if institution_ids is not None:
        shares = shares.filter(institution_id__in=list(institution_ids))
    return shares.exclude(Exists(declined)).exclude(Exists(other_accepted))


def institutions_in_case(case: Case, institution_ids=None) -> set[int]:
    """Which institutions (of ``institution_ids``, or all) are still in the case."""
    return set(active_shares(institution_ids).filter(case=case).values_list("institution_id", flat=True))


def accepted_institution_id(case: Case) -> int | None:
    """The institution whose quote the patient accepted, if any."""
    from medhub.cases.models import Quote

    return case.quotes.filter(status=Quote.Status.ACCEPTED).values_list("institution_id", flat=True).first()


def shared_cases(user) -> QuerySet[Case]:
    """The institution's inbox: cases shared with the user's institutions, newest share first."""
    institutions = permissions.institution_ids(user)
    if not institutions:
        return Case.objects.none()
    return (
        Case.objects.filter(pk__in=active_shares(institutions).values("case_id"))
        .select_related("specialty")
        .order_by("-created_at")
    )


def possible_owners():
    """The hub's staff, who may own a case (``permissions.may_own_cases``), by login."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__role__in=list(permissions.HUB_ROLES))
        .distinct()
        .order_by("username")
    )


def followed_case_ids(user, case_ids) -> set[int]:
    """Which of these cases the user follows (one query)."""
    from medhub.cases.models import CaseFollow

    return set(CaseFollow.objects.filter(user=user, case_id__in=list(case_ids)).values_list("case_id", flat=True))


def case_board(user) -> QuerySet[Case]:
    """The cases on the coordinator's board, soonest due first (cases.filters.CaseBoardFilter narrows them)."""
    qs = cases_visible_to(user) if is_hub_staff(user) else Case.objects.none()
    return qs.select_related("owner", "specialty", "requested_specialty").order_by("first_response_due", "id")


@dataclass(frozen=True)
class Suggestion:
    specialty_id: int
    code: str
    words: tuple[str, ...]


def triage_suggestions(text: str) -> list[Suggestion]:
    """Specialties the inquiry is about, in any language, best first, with the words that named
    them: directory.triage (the lexicon and the embedding model, decision 0019)."""
    by_id = specialty_by_id()
    return [Suggestion(m.specialty_id, m.code, m.words) for m in triage.triage(text).matches if m.specialty_id in by_id]


@dataclass
class Recommendation:
    institution: object
    reasons: list[str]
    codes: list[str]
    shared: bool


def recommend_institutions(case: Case, *, limit: int = 10) -> list[Recommendation]:
    """Institutions that fit a triaged case, best first, each with its reasons.

    Only institutions whose registration and malpractice insurance are both still valid are
    ever recommended.
    """
    from django.utils.translation import gettext as _

    from medhub.core.money import format_amount
    from medhub.core.selectors import latest_rates
    from medhub.directory import selectors as directory

    if case.specialty_id is None:
        return []
    today = timezone.localdate()
    criteria = directory.SearchCriteria(specialty=case.specialty.code, visitor_language=case.preferred_language)
    budget_krw = None
    if case.budget_amount:
        if case.budget_currency == "KRW":
            budget_krw = case.budget_amount
        elif rate := latest_rates().get(case.budget_currency):
            budget_krw = int(case.budget_amount * rate.krw_per_unit)
    search = directory.search_institutions(criteria, today)
    page = directory.ranked_page(search, number=1, size=200)
    institutions = [
        inst
        for inst in directory.institutions_for_page(page.pairs, search, case.preferred_language)
        if inst.insurance_valid(today)
    ]
    fits_budget = set()
    if budget_krw is not None:
        from medhub.directory.models import Offering

        fits_budget = set(
            Offering.objects.filter(
                organization_id__in=[i.id for i in institutions],
                specialty_id=case.specialty_id,
                is_published=True,
                price_min_krw__lte=budget_krw,
            ).values_list("organization_id", flat=True)
        )
        institutions.sort(key=lambda inst: inst.id not in fits_budget)  # stable: keeps rank order within
    shared = set(case.shares.values_list("institution_id", flat=True))
    result = []
    for inst in institutions[:limit]:
        reasons = [reason.label for reason in inst.rank_reasons]
        codes = [reason.code for reason in inst.rank_reasons]
        if budget_krw is not None and inst.id in fits_budget:
            reasons.append(_("Has an offering within the budget (%(budget)s)") % {"budget": format_amount(budget_krw, "KRW")})
            codes.append("price")
        reasons.append(
            _("Registration valid until %(registration)s, malpractice insurance until %(insurance)s")
            % {"registration": inst.registration_expires, "insurance": inst.insurance_expires}
        )
        codes.append("valid")
        result.append(Recommendation(inst, reasons, codes, inst.id in shared))
    return result


@dataclass
class QuoteView:
    quote: object
    latest: object
    versions: list
    converted_total: int | None
    converted_currency: str
    changes: list


def quotes_for_case(case: Case, *, display_currency: str) -> list[QuoteView]:
    """Every quote of a case with all its versions, the latest total also in the reader's
    currency (through KRW, at the latest rates)."""
    from medhub.cases.models import Quote
    from medhub.core.selectors import latest_rates

    rates = latest_rates()
    views = []
    quotes = Quote.objects.filter(case=case).select_related("institution").prefetch_related("versions")
    events = {
        (e.detail.get("institution"), e.detail.get("version")): e.detail.get("changes", [])
        for e in LogEntry.objects.filter(case_id=case.pk, action="cases.quote.revised")
    }
    for quote in quotes:
        versions = sorted(quote.versions.all(), key=lambda v: v.number)
        latest = versions[-1]
        total_krw = latest.total if latest.currency == "KRW" else None
        if latest.currency != "KRW" and latest.currency in rates:
            total_krw = int(latest.total * rates[latest.currency].krw_per_unit)
        converted = None
        if total_krw is not None:
            converted = (
                total_krw
                if display_currency == "KRW"
                else (rates[display_currency].convert(total_krw) if display_currency in rates else None)
            )
        views.append(
            QuoteView(
                quote, latest, versions, converted, display_currency, events.get((quote.institution.slug, latest.number), [])
            )
        )
    return views


def thread(case: Case, *, reader_language: str, conversations=None):
    """The case's messages with attachments and any translation into the reader's language;
    only those of ``conversations`` (keys: None for the general one, institution ids) if given."""
    from django.db.models import Prefetch, Q

    from medhub.cases.models import MessageTranslation

    messages = case.messages.select_related("author").prefetch_related(
        "attachments",
        Prefetch("translations", queryset=MessageTranslation.objects.filter(language=reader_language), to_attr="for_reader"),
    )
    if conversations is not None:
        institutions = [key for key in conversations if key is not None]
        wanted = Q(institution_id__in=institutions)
        if None in conversations:
            wanted |= Q(institution__isnull=True)
        messages = messages.filter(wanted)
    return messages


@dataclass
class Conversation:
    key: int | None
    institution: object | None
    messages: list
    writable: bool


def conversations(case: Case, rights, *, reader_language: str) -> list[Conversation]:
    """The conversations the reader may read, the general one first, each with its messages."""
    from medhub.directory.models import Organization

    by_key: dict = {key: [] for key in rights.readable}
    for message in thread(case, reader_language=reader_language, conversations=rights.readable):
        by_key.setdefault(message.institution_id, []).append(message)
    institutions = Organization.objects.in_bulk([key for key in by_key if key is not None])
    keys = sorted(by_key, key=lambda key: (key is not None, key or 0))
    return [Conversation(key, institutions.get(key), by_key[key], rights.can_write(key)) for key in keys]


def referred_cases(user) -> QuerySet[Case]:
    """A facilitator's own cases: those its agency referred, and no others."""
    agencies = permissions.agency_ids(user)
    if not agencies:
        return Case.objects.none()
    return Case.objects.filter(referred_by_id__in=agencies).select_related("specialty").order_by("-created_at")


def asked_about(case) -> dict:
    """What the patient asked about when the inquiry came from "Ask for a quote": the institution
    and the offering stored (by slug) in the case's creation record, as the directory rows that
    still exist (an unpublished one is named, not linked)."""
    from medhub.core.models import LogEntry
    from medhub.directory.models import Offering, Organization

    entry = LogEntry.objects.filter(case_id=case.id, action="cases.case.created").order_by("pk").first()
    asked = (entry.data or {}).get("asked_about") if entry else None
    if not isinstance(asked, dict):
        return {}
    found = {}
    if asked.get("institution"):
        found["institution"] = Organization.objects.filter(slug=str(asked["institution"])).first()
    if asked.get("offering"):
        found["offering"] = Offering.objects.filter(slug=str(asked["offering"])).select_related("organization").first()
    return {name: row for name, row in found.items() if row is not None}
