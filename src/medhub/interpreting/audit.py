"""The interpreting app's audit actions (medhub.core.audit). None is on the case's timeline."""

from django.utils.translation import gettext_lazy as _

from medhub.core.audit import register

register(
    {
        "interpreting.booking.requested": _("Interpreter booked"),
        "interpreting.booking.accepted": _("Booking accepted"),
        "interpreting.booking.declined": _("Booking declined"),
        "interpreting.booking.cancelled": _("Booking cancelled"),
        "interpreting.booking.hours_logged": _("Hours logged"),
        "interpreting.claim.created": _("Subsidy claimed"),
        "interpreting.claim.approved": _("Claim approved"),
        "interpreting.claim.rejected": _("Claim rejected"),
        "interpreting.program.saved": _("Subsidy program saved"),
        "interpreting.interpreter.saved": _("Interpreter registry entry saved"),
        "interpreting.availability.added": _("Availability entered"),
        "interpreting.availability.removed": _("Availability removed"),
    }
)
