"""The declared workflows of interpretation: bookings and subsidy claims.

Services change these statuses only through ``BOOKING.move`` and ``CLAIM.move``
(``core/workflow.py``, decision 0010).
"""

from django.utils.translation import gettext_lazy as _

from medhub.core.workflow import Workflow
from medhub.interpreting.models import InterpreterBooking, SubsidyClaim

# Like a hotel stay or a pickup: the interpreter answers a requested booking; once accepted,
# only the hub cancels it (and not once hours are logged, a rule of the service).
B = InterpreterBooking.Status
BOOKING = Workflow(
    "interpreter booking",
    B,
    {
        B.REQUESTED: {B.ACCEPTED, B.DECLINED, B.CANCELLED},
        B.ACCEPTED: {B.CANCELLED},
        B.DECLINED: set(),
        B.CANCELLED: set(),
    },
    refusal=_("An interpreter booking that is “%(from)s” cannot become “%(to)s”."),
    governs=("interpreting.InterpreterBooking.status",),
)

# The hub administrator decides a claim once.
C = SubsidyClaim.Status
CLAIM = Workflow(
    "subsidy claim",
    C,
    {C.PENDING: {C.APPROVED, C.REJECTED}, C.APPROVED: set(), C.REJECTED: set()},
    refusal=_("A subsidy claim that is “%(from)s” cannot become “%(to)s”."),
    governs=("interpreting.SubsidyClaim.status",),
)
