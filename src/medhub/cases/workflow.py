"""The case pipeline: every allowed move between states, in one place.

Only ``services.case_transition`` changes a case's state, and it refuses any move not listed
here.
"""

from medhub.cases.models import CaseState as S

# Cases that end here cannot move on.
FINAL = {S.CLOSED, S.DECLINED, S.CANCELLED, S.LOST}
# A case may be cancelled (by the patient) or lost (no answer) from any open state.
_ANYTIME = {S.CANCELLED, S.LOST}

TRANSITIONS: dict[str, set[str]] = {
    S.NEW: {S.TRIAGED, S.DECLINED, *_ANYTIME},
    S.TRIAGED: {S.SHARED, S.DECLINED, *_ANYTIME},
    S.SHARED: {S.QUOTED, S.DECLINED, *_ANYTIME},
    S.QUOTED: {S.ACCEPTED, S.SHARED, S.DECLINED, *_ANYTIME},
    S.ACCEPTED: {S.SCHEDULED, *_ANYTIME},
    S.SCHEDULED: {S.PRE_ARRIVAL, S.IN_TREATMENT, *_ANYTIME},
    S.PRE_ARRIVAL: {S.IN_TREATMENT, *_ANYTIME},
    S.IN_TREATMENT: {S.AFTERCARE, S.CLOSED},
    S.AFTERCARE: {S.CLOSED},
    **{state: set() for state in FINAL},
}


def allowed(from_state: str, to_state: str) -> bool:
    return to_state in TRANSITIONS.get(from_state, set())


def next_states(state: str) -> list[str]:
    return [s for s in S.values if s in TRANSITIONS.get(state, set())]
