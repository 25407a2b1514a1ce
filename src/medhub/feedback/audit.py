"""The feedback app's audit actions (medhub.core.audit). Giving and answering feedback are on the
case's timeline; moderation is kept for the record (the admin)."""

from django.utils.translation import gettext_lazy as _

from medhub.core.audit import register

register(
    {
        "feedback.feedback.given": _("Feedback given"),
        "feedback.feedback.answered": _("The institution answered the feedback"),
    },
    timeline=True,
)
register(
    {
        "feedback.feedback.hidden": _("Feedback hidden by the hub"),
        "feedback.feedback.restored": _("Feedback restored by the hub"),
    }
)
