"""The declared workflows of cases: the case pipeline, quotes and deletion requests.

Only ``services.case_transition`` changes a case's state, and it refuses any move not listed
here; quotes and deletion requests move only through ``QUOTE.move`` and ``DELETION.move``
(``core/workflow.py``, decision 0010).
"""

from django.utils.translation import gettext_lazy as _

from medhub.cases.models import CaseState as S
from medhub.cases.models import DeletionRequest, Quote
from medhub.core.workflow import Workflow

# A case may be cancelled (by the patient) or lost (no answer) from any open state.
_ANYTIME = {S.CANCELLED, S.LOST}
_CLOSED = {S.CLOSED, S.DECLINED, S.CANCELLED, S.LOST}

CASE = Workflow(
    "case",
    S,
    {
        S.NEW: {S.TRIAGED, S.DECLINED, *_ANYTIME},
        S.TRIAGED: {S.SHARED, S.DECLINED, *_ANYTIME},
        S.SHARED: {S.QUOTED, S.DECLINED, *_ANYTIME},
        S.QUOTED: {S.ACCEPTED, S.SHARED, S.DECLINED, *_ANYTIME},
        S.ACCEPTED: {S.SCHEDULED, *_ANYTIME},
        # Back to "accepted" when the institution cancels the booked consultation: the patient books another.
        S.SCHEDULED: {S.PRE_ARRIVAL, S.IN_TREATMENT, S.ACCEPTED, *_ANYTIME},
        S.PRE_ARRIVAL: {S.IN_TREATMENT, S.ACCEPTED, *_ANYTIME},
        S.IN_TREATMENT: {S.AFTERCARE, S.CLOSED},
        S.AFTERCARE: {S.CLOSED},
        **{state: set() for state in _CLOSED},
    },
    refusal=_("A case that is “%(from)s” cannot become “%(to)s”."),
    governs=("cases.Case.state",),
)

# Moves only a service makes, never a coordinator's button: back to "accepted" happens when the
# institution cancels the booked slot (scheduling.services.slot_cancel), with its reason.
BY_SERVICE_ONLY = frozenset({(S.SCHEDULED, S.ACCEPTED), (S.PRE_ARRIVAL, S.ACCEPTED)})


def by_hand(from_state: str, to_state: str) -> bool:
    """Whether staff may make this move themselves (on the case page)."""
    return (from_state, to_state) not in BY_SERVICE_ONLY


# The names callers used before the table moved onto core.workflow.Workflow.
TRANSITIONS: dict[str, set[str]] = CASE.transitions
# Cases that end here cannot move on.
FINAL = CASE.final
allowed = CASE.allowed
next_states = CASE.next_states

# An institution's quote is open (it may be revised) until the patient accepts it or it is
# declined (the patient accepted another, or the hub withdrew the case from the institution).
Q = Quote.Status
QUOTE = Workflow(
    "quote",
    Q,
    {Q.OPEN: {Q.ACCEPTED, Q.DECLINED}, Q.ACCEPTED: set(), Q.DECLINED: set()},
    refusal=_("A quote that is “%(from)s” cannot become “%(to)s”."),
    governs=("cases.Quote.status",),
)

# The hub administrator decides a patient's deletion request once; a new request may follow.
D = DeletionRequest.Status
DELETION = Workflow(
    "deletion request",
    D,
    {D.PENDING: {D.APPROVED, D.REFUSED}, D.APPROVED: set(), D.REFUSED: set()},
    refusal=_("A deletion request that is “%(from)s” cannot become “%(to)s”."),
    governs=("cases.DeletionRequest.status",),
)
