"""The declared workflows of travel: stays and pickups (one table for both) and the visa.

Services change these statuses only through ``BOOKING.move`` and ``VISA.move``
(``core/workflow.py``, decision 0010).
"""

from django.utils.translation import gettext_lazy as _

from medhub.core.workflow import Workflow
from medhub.travel.models import BookingStatus as B
from medhub.travel.models import VisaApplication

# One table for a hotel stay and an airport pickup, so the two cannot disagree. The partner
# answers a requested booking (confirms or declines); once confirmed, the partner may no longer
# decline it: a partner that cannot honour a confirmation calls the hub, and the hub cancels
# (a requested or a confirmed booking). Declined and cancelled bookings are over; the hub books
# again.
BOOKING = Workflow(
    "stay or pickup",
    B,
    {
        B.REQUESTED: {B.CONFIRMED, B.DECLINED, B.CANCELLED},
        B.CONFIRMED: {B.CANCELLED},
        B.DECLINED: set(),
        B.CANCELLED: set(),
    },
    refusal=_("A booking that is “%(from)s” cannot become “%(to)s”."),
    governs=("travel.Stay.status", "travel.Pickup.status"),
)

# The visa goes preparing → documents collected → submitted → issued or refused; collected
# documents may go back to preparing, and a refused application may be prepared again.
V = VisaApplication.Status
VISA = Workflow(
    "visa application",
    V,
    {
        V.PREPARING: {V.COLLECTED},
        V.COLLECTED: {V.SUBMITTED, V.PREPARING},
        V.SUBMITTED: {V.ISSUED, V.REFUSED},
        V.ISSUED: set(),
        V.REFUSED: {V.PREPARING},
    },
    refusal=_("A visa application that is “%(from)s” cannot become “%(to)s”."),
    governs=("travel.VisaApplication.status",),
)
