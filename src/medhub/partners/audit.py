"""The partners app's audit actions (medhub.core.audit): every step of the screening, who
opened which document, and what became of the approved organization and its first account."""

from django.utils.translation import gettext_lazy as _

from medhub.core.audit import register

register(
    {
        "partners.application.submitted": _("Application submitted"),
        "partners.application.review_started": _("Review started"),
        "partners.application.info_requested": _("More information requested"),
        "partners.application.info_answered": _("Applicant answered"),
        "partners.application.scored": _("Application scored"),
        "partners.application.approved": _("Application approved"),
        "partners.application.rejected": _("Application rejected"),
        "partners.document.opened": _("Application document opened"),
        "partners.organization.created": _("Organization created from an application"),
        "partners.organization.published": _("Organization published"),
        "partners.invitation.sent": _("Staff account invited"),
        "partners.invitation.accepted": _("Invited staff member set a password"),
        "partners.criterion.saved": _("Screening criterion saved"),
    }
)
