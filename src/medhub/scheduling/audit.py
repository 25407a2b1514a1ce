"""The scheduling app's audit actions (medhub.core.audit)."""

from django.utils.translation import gettext_lazy as _

from medhub.core.audit import register

register({"scheduling.appointment.booked": _("Appointment booked")}, timeline=True)
register({"scheduling.slots.published": _("Slots published")})
