"""The declared workflow of a complaint (core/workflow.py, decision 0010).

A complaint filed without an account waits for its email to be confirmed; then it is received
and its clocks run. The hub acknowledges it, may forward it to the organization concerned, and
records an outcome: resolved, upheld, not upheld or referred to K-medi. The complainant may
withdraw it at any time before an outcome. Outcomes are final; what K-medi decides later is
recorded on the referral, not as a new status.
"""

from django.utils.translation import gettext_lazy as _

from medhub.complaints.models import ComplaintStatus as S
from medhub.core.workflow import Workflow

_OUTCOMES = {S.RESOLVED, S.UPHELD, S.NOT_UPHELD, S.REFERRED, S.WITHDRAWN}

COMPLAINT = Workflow(
    "complaint",
    S,
    {
        S.UNCONFIRMED: {S.RECEIVED},
        S.RECEIVED: {S.ACKNOWLEDGED, S.WITHDRAWN},
        S.ACKNOWLEDGED: {S.FORWARDED} | _OUTCOMES,
        S.FORWARDED: set(_OUTCOMES),
        S.RESOLVED: set(),
        S.WITHDRAWN: set(),
        S.UPHELD: set(),
        S.NOT_UPHELD: set(),
        S.REFERRED: set(),
    },
    refusal=_("A complaint that is “%(from)s” cannot become “%(to)s”."),
    governs=("complaints.Complaint.status",),
)
