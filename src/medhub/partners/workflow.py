"""The screening of a partner application, in one table (decision 0010).

Submitted → under review → (more information requested → under review)* → approved or
rejected. An application still waiting to be looked at may be rejected at once (a body that is
plainly not eligible); it is approved only after someone reviewed it. Approved and rejected
are final: a rejected body applies again.
"""

from django.utils.translation import gettext_lazy as _

from medhub.core.workflow import Workflow
from medhub.partners.models import Status

APPLICATION = Workflow(
    "partner application",
    Status,
    {
        Status.SUBMITTED: {Status.UNDER_REVIEW, Status.REJECTED},
        Status.UNDER_REVIEW: {Status.INFO_REQUESTED, Status.APPROVED, Status.REJECTED},
        Status.INFO_REQUESTED: {Status.UNDER_REVIEW, Status.REJECTED},
        Status.APPROVED: set(),
        Status.REJECTED: set(),
    },
    refusal=_("An application that is “%(from)s” cannot become “%(to)s”."),
    governs=("partners.Application.status",),
)
