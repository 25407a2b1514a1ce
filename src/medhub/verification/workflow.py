"""The declared workflow of a renewed certificate (core/workflow.py, decision 0010): sent by the
organization, then confirmed or rejected once by the hub administrator."""

from django.utils.translation import gettext_lazy as _

from medhub.core.workflow import Workflow
from medhub.verification.models import Renewal

S = Renewal.State

RENEWAL = Workflow(
    "renewal",
    S,
    {
        S.SUBMITTED: {S.CONFIRMED, S.REJECTED},
        S.CONFIRMED: set(),
        S.REJECTED: set(),
    },
    refusal=_("A renewal that is “%(from)s” cannot become “%(to)s”."),
    governs=("verification.Renewal.state",),
)
