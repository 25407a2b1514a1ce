"""The travel app's audit actions (medhub.core.audit). Trip, visa and bookings are on the case's
timeline as they were; the checklist, the travellers and the rooms are kept for the record."""

from django.utils.translation import gettext_lazy as _

from medhub.core.audit import register

register(
    {
        "travel.trip.saved": _("Trip dates set"),
        "travel.visa.saved": _("Visa support"),
        "travel.visa.status_changed": _("Visa status changed"),
        "travel.stay.requested": _("Stay requested"),
        "travel.stay.answered": _("Stay answered"),
        "travel.stay.cancelled": _("Stay cancelled"),
        "travel.pickup.requested": _("Airport pickup requested"),
        "travel.pickup.answered": _("Airport pickup answered"),
        "travel.pickup.cancelled": _("Airport pickup cancelled"),
    },
    timeline=True,
)
register(
    {
        "travel.visa.checklist_changed": _("Visa checklist changed"),
        "travel.traveller.added": _("Traveller added"),
        "travel.traveller.changed": _("Traveller changed"),
        "travel.traveller.removed": _("Traveller removed"),
        "travel.room.created": _("Room added"),
        "travel.room.changed": _("Room changed"),
    }
)
