"""The cases app's audit actions (medhub.core.audit). Those marked for the timeline are the
case's history as the patient, the hub and the referring agency see it."""

from django.utils.translation import gettext_lazy as _

from medhub.core.audit import register

register(
    {
        "cases.case.created": _("Inquiry received"),
        "cases.case.state_changed": _("State changed"),
        "cases.case.email_verified": _("Email address verified"),
        "cases.case.triaged": _("Specialty confirmed"),
        "cases.case.shared": _("Shared with an institution"),
        "cases.case.share_withdrawn": _("Share withdrawn"),
        "cases.quote.received": _("Quote received"),
        "cases.quote.revised": _("Quote revised"),
        "cases.quote.accepted": _("Quote accepted"),
        "cases.message.posted": _("Message"),
    },
    timeline=True,
)
register(
    {
        "cases.case.assigned": _("Owner assigned"),
        "cases.case.followed": _("Case followed"),
        "cases.case.unfollowed": _("Case no longer followed"),
    }
)
