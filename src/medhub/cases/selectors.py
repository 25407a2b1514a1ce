"""Reads of cases, always starting from what the requesting user may see."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from medhub.accounts.models import Role
from medhub.accounts.selectors import roles
from medhub.cases.models import Case
from medhub.directory.search import specialties_named_in
from medhub.directory.selectors import specialty_by_id

HUB_ROLES = {Role.COORDINATOR, Role.HUB_ADMIN}


def is_hub_staff(user) -> bool:
    return user.is_authenticated and bool(roles(user) & HUB_ROLES)


def cases_visible_to(user) -> QuerySet[Case]:
    """Every case query that serves a request starts here."""
    if not user.is_authenticated:
        return Case.objects.none()
    if is_hub_staff(user):
        return Case.objects.all()
    return Case.objects.filter(patient=user)


def case_board(user, *, state="", owner="", overdue=False, specialty=None, nationality="") -> QuerySet[Case]:
    qs = cases_visible_to(user) if is_hub_staff(user) else Case.objects.none()
    if state:
        qs = qs.filter(state=state)
    if owner == "me":
        qs = qs.filter(owner=user)
    elif owner == "none":
        qs = qs.filter(owner__isnull=True)
    if overdue:
        qs = qs.filter(first_responded_at__isnull=True, first_response_due__lt=timezone.now())
    if specialty is not None:
        qs = qs.filter(specialty=specialty)
    if nationality:
        qs = qs.filter(nationality=nationality)
    return qs.select_related("owner", "specialty", "requested_specialty").order_by("first_response_due", "id")


@dataclass(frozen=True)
class Suggestion:
    specialty_id: int
    code: str
    words: tuple[str, ...]


def triage_suggestions(text: str) -> list[Suggestion]:
    """Specialties the inquiry's words name, in any language, most named first, with the words."""
    named = specialties_named_in(text)
    by_id = specialty_by_id()
    counts = Counter({sid: len(words) for sid, words in named.items()})
    return [Suggestion(sid, by_id[sid].code, tuple(sorted(named[sid]))) for sid, _count in counts.most_common() if sid in by_id]
