"""The notifications app's audit actions (medhub.core.audit)."""

from django.utils.translation import gettext_lazy as _

from medhub.core.audit import register

register(
    {
        "notifications.settings.changed": _("Notification settings changed"),
        "notifications.messenger.linked": _("Messenger account linked"),
    }
)
