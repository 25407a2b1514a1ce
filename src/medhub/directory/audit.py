"""The directory's audit actions (medhub.core.audit)."""

from django.utils.translation import gettext_lazy as _

from medhub.core.audit import register

register(
    {
        "directory.photo.added": _("Photo added"),
        "directory.photo.removed": _("Photo removed"),
        "directory.offering.price_changed": _("Offering price range changed"),
    }
)
