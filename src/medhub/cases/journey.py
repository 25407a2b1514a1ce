"""Where a case stands: the one place that turns a case's state (and its quotes, shares and trip)
into the patient's journey — the steps, the current one, what happens next and who is waiting on
whom. The patient's page, the staff pages, the board's badge and the API all ask here.

The steps are fixed: inquiry → specialists reviewing → quotes → booked → trip → treatment →
aftercare. A case that ended early (declined, cancelled, lost) keeps the steps it reached marked
done and has no current step.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from medhub.cases.models import Case, CaseState, Quote
from medhub.core.formats import format_date_local

S = CaseState

# The journey's steps in order: (code, label). Codes are stable (API).
STEPS = (
    ("inquiry", _("Inquiry")),
    ("reviewing", _("Specialists reviewing")),
    ("quotes", _("Quotes")),
    ("booked", _("Booked")),
    ("trip", _("Trip")),
    ("treatment", _("Treatment")),
    ("aftercare", _("Aftercare")),
)
STEP_CODES = [code for code, _label in STEPS]

# The step each open state stands on.
STEP_OF_STATE = {
    S.NEW: "inquiry",
    S.TRIAGED: "reviewing",
    S.SHARED: "reviewing",
    S.QUOTED: "quotes",
    S.ACCEPTED: "booked",
    S.SCHEDULED: "trip",
    S.PRE_ARRIVAL: "trip",
    S.IN_TREATMENT: "treatment",
    S.AFTERCARE: "aftercare",
}
ENDED = {S.DECLINED, S.CANCELLED, S.LOST}

# Who the case is waiting on (codes are stable: API).
PATIENT, HUB, INSTITUTIONS, NOBODY = "patient", "hub", "institutions", "nobody"
WAITING_LABELS = {
    PATIENT: _("the patient"),
    HUB: _("the hub"),
    INSTITUTIONS: _("the institutions"),
    NOBODY: _("nobody"),
}


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    status: str  # "done", "current" or "todo"


@dataclass(frozen=True)
class Facts:
    """What the journey reads beyond the state. ``None`` means not known (the board does not
    read them, to stay one query); the journey then says less, never something wrong."""

    email_verified: bool | None = None
    institutions_in_case: int | None = None
    open_quotes: int | None = None
    arrival: datetime.date | None = None
    departure: datetime.date | None = None
    trip_known: bool = False  # whether arrival and departure were read (None then means no trip yet)
    # The state the case was in when it ended (declined, cancelled, lost), and the reason the
    # hub gave, from its history.
    ended_from: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class Journey:
    steps: list[Step] = field(default_factory=list)
    current: str = ""  # a step code, empty once the case is over
    next_text: str = ""  # for the patient: what happens next, in the active language
    waiting_on: str = NOBODY
    waiting_text: str = ""  # for staff: who the case waits on, in the active language
    ended: bool = False

    @property
    def current_label(self) -> str:
        return next((s.label for s in self.steps if s.code == self.current), "")

    @property
    def waiting_label(self) -> str:
        return str(WAITING_LABELS[self.waiting_on])

    def as_data(self) -> dict:
        return {
            "step": self.current,
            "steps": [{"code": s.code, "label": s.label, "status": s.status} for s in self.steps],
            "waiting_on": self.waiting_on,
            "waiting": self.waiting_text,
            "next": self.next_text,
            "ended": self.ended,
        }


def case_facts(case: Case, *, institution_view: bool = False) -> Facts:
    """Reads what the journey needs (a few small queries). An institution is not told how many
    others are in the case."""
    from medhub.cases import selectors
    from medhub.core.models import LogEntry

    trip = None
    try:
        trip = case.trip  # travel's Trip (travel sits above cases: read through the relation)
    except ObjectDoesNotExist:
        trip = None
    ended_from, reason = None, ""
    if case.state in ENDED:
        entry = (
            LogEntry.objects.filter(case_id=case.pk, action="cases.case.state_changed", data__to_state=case.state)
            .order_by("-id")
            .first()
        )
        ended_from = entry.data.get("from_state") if entry else None
        reason = str(entry.data.get("reason") or "") if entry else ""
    return Facts(
        email_verified=case.email_verified_at is not None,
        institutions_in_case=None if institution_view else len(selectors.institutions_in_case(case)),
        open_quotes=None if institution_view else case.quotes.filter(status=Quote.Status.OPEN).count(),
        arrival=trip.arrival_date if trip else None,
        departure=trip.departure_date if trip else None,
        trip_known=True,
        ended_from=ended_from,
        reason=reason,
    )


def _steps(current: str, *, reached: str | None = None, closed: bool = False) -> list[Step]:
    """The seven steps; those before ``current`` done. An ended case marks done the steps before
    the one it stopped at (``reached``); a closed one marks every step done."""
    stop = current or reached
    index = STEP_CODES.index(stop) if stop in STEP_CODES else -1
    steps = []
    for position, (code, label) in enumerate(STEPS):
        if closed or position < index:
            status = "done"
        elif position == index and current:
            status = "current"
        else:
            status = "todo"
        steps.append(Step(code, str(label), status))
    return steps


def _days(date: datetime.date) -> int:
    return (date - timezone.localdate()).days


def journey(case: Case, rights=None, facts: Facts | None = None) -> Journey:
    """The case's journey as ``rights`` (cases.access.Rights, or None for staff at a glance)
    may read it. ``facts`` default to reading them from the database."""
    from medhub.cases import access

    institution_view = rights is not None and rights.standing == access.INSTITUTION
    if facts is None:
        facts = case_facts(case, institution_view=institution_view)
    state = case.state
    hours = settings.MEDHUB_FIRST_RESPONSE_HOURS

    if state == S.CLOSED:
        return Journey(
            _steps("", closed=True), "", str(_("Your case is complete. We wish you good health.")), NOBODY, str(_("Closed")), True
        )
    if state in ENDED:
        reached = STEP_OF_STATE.get(facts.ended_from or "")
        text = str(
            {
                S.DECLINED: _("The hub could not take this case on."),
                S.CANCELLED: _("This case was cancelled."),
                S.LOST: _("This case was closed because we did not hear back. Send a new inquiry whenever you are ready."),
            }[state]
        )
        if facts.reason:
            text = f"{text} {_('Reason')}: {facts.reason}"
        return Journey(_steps("", reached=reached), "", text, NOBODY, str(CaseState(state).label), True)

    current = STEP_OF_STATE[state]
    waiting, text = HUB, ""
    if state == S.NEW:
        if facts.email_verified is False:
            waiting = PATIENT
            text = _("Confirm your email address: follow the link in the email we sent you.")
        else:
            text = ngettext(
                "The hub is reviewing your inquiry — usually within %(hours)d hour.",
                "The hub is reviewing your inquiry — usually within %(hours)d hours.",
                hours,
            ) % {"hours": hours}
    elif state == S.TRIAGED:
        text = _("A coordinator has read your inquiry and is choosing the institutions best suited to it.")
    elif state == S.SHARED:
        waiting = INSTITUTIONS
        count = facts.institutions_in_case
        if count:
            text = ngettext(
                "%(count)d clinic is reviewing your case and preparing a quote.",
                "%(count)d clinics are reviewing your case and preparing quotes.",
                count,
            ) % {"count": count}
        else:
            text = _("Specialists are reviewing your case and preparing quotes.")
    elif state == S.QUOTED:
        waiting = PATIENT
        count = facts.open_quotes
        if count:
            text = ngettext(
                "You have %(count)d quote to read — the next step is yours: accept it or ask questions.",
                "You have %(count)d quotes to compare — the next step is yours: accept one or ask questions.",
                count,
            ) % {"count": count}
        else:
            text = _("Quotes have arrived — the next step is yours: compare them and accept one.")
    elif state == S.ACCEPTED:
        text = _("You accepted a quote. The hub is booking your appointment with the institution.")
    elif state in (S.SCHEDULED, S.PRE_ARRIVAL):
        if facts.trip_known and facts.arrival is None and state == S.SCHEDULED:
            waiting = PATIENT
            text = _("Your appointment is booked. Tell your coordinator your travel dates so we can prepare your trip.")
        elif facts.arrival is not None and _days(facts.arrival) >= 0:
            text = ngettext(
                "You arrive in %(days)d day (%(date)s). The hub is preparing your visa papers, stay and pickup.",
                "You arrive in %(days)d days (%(date)s). The hub is preparing your visa papers, stay and pickup.",
                _days(facts.arrival),
            ) % {"days": _days(facts.arrival), "date": format_date_local(facts.arrival)}
        else:
            text = _("The hub is preparing your trip: visa papers, stay and airport pickup.")
    elif state == S.IN_TREATMENT:
        waiting = INSTITUTIONS
        text = _("You are in treatment. Your institution and the hub are with you; write to us any time.")
    elif state == S.AFTERCARE:
        waiting = INSTITUTIONS
        text = _("Aftercare: your institution follows your recovery. Tell us how you feel.")

    if waiting == INSTITUTIONS and institution_view:
        waiting_text = str(_("Waiting on your institution"))
    elif waiting == INSTITUTIONS and facts.institutions_in_case and state == S.SHARED:
        waiting_text = ngettext(
            "Waiting on %(count)d institution", "Waiting on %(count)d institutions", facts.institutions_in_case
        ) % {"count": facts.institutions_in_case}
    else:
        waiting_text = str(_("Waiting on %(party)s") % {"party": WAITING_LABELS[waiting]})
    return Journey(_steps(current), current, str(text), waiting, waiting_text, False)
