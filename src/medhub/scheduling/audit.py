"""The scheduling app's audit actions (medhub.core.audit)."""

from django.utils.translation import gettext_lazy as _

from medhub.core.audit import register

register(
    {"scheduling.appointment.booked": _("Appointment booked"), "scheduling.appointment.cancelled": _("Appointment cancelled")},
    timeline=True,
)
register({"scheduling.slots.published": _("Slots published"), "scheduling.slot.deleted": _("Slot deleted")})
register(
    {"scheduling.consult_note.written": _("Consult note written"), "scheduling.consult_note.edited": _("Consult note corrected")}
)
