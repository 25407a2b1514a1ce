"""Verification's audit actions (medhub.core.audit)."""

from django.utils.translation import gettext_lazy as _

from medhub.core.audit import register

register(
    {
        "verification.renewal.submitted": _("Renewed certificate sent"),
        "verification.renewal.confirmed": _("Renewed certificate confirmed"),
        "verification.renewal.rejected": _("Renewed certificate rejected"),
        "verification.reminder.sent": _("Expiry reminder sent"),
    }
)
