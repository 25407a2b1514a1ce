"""The council's declared workflows (core/workflow.py, decision 0010): a meeting is held or
cancelled once; an action item is done (and may be reopened) or cancelled (for good); a mediation gets its
recommendation once."""

from django.utils.translation import gettext_lazy as _

from medhub.core.workflow import Workflow
from medhub.council.models import ActionStatus as A
from medhub.council.models import MediationStatus as Md
from medhub.council.models import MeetingStatus as M

MEETING = Workflow(
    "council-meeting",
    M,
    {M.SCHEDULED: {M.HELD, M.CANCELLED}, M.HELD: set(), M.CANCELLED: set()},
    refusal=_("A meeting that is “%(from)s” cannot become “%(to)s”."),
    governs=("council.Meeting.status",),
)

ACTION = Workflow(
    "council-action",
    A,
    # Done may be reopened (it was not done after all); a cancelled action stays cancelled (a new one is written).
    {A.OPEN: {A.DONE, A.CANCELLED}, A.DONE: {A.OPEN}, A.CANCELLED: set()},
    refusal=_("An action that is “%(from)s” cannot become “%(to)s”."),
    governs=("council.ActionItem.status",),
)

MEDIATION = Workflow(
    "council-mediation",
    Md,
    {Md.TAKEN_UP: {Md.RECOMMENDED}, Md.RECOMMENDED: set()},
    refusal=_("A mediation that is “%(from)s” cannot become “%(to)s”."),
    governs=("council.Mediation.status",),
)
