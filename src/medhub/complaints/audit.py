"""The complaints' audit actions (core/audit.py)."""

from django.utils.translation import gettext_lazy as _

from medhub.core.audit import register

register(
    {
        "complaints.complaint.filed": _("Complaint filed"),
        "complaints.complaint.confirmed": _("Complainant's email confirmed"),
        "complaints.complaint.acknowledged": _("Complaint acknowledged"),
        "complaints.complaint.forwarded": _("Complaint forwarded to the organization"),
        "complaints.complaint.answered": _("Organization answered a complaint"),
        "complaints.complaint.closed": _("Complaint outcome recorded"),
        "complaints.complaint.withdrawn": _("Complaint withdrawn"),
        "complaints.complaint.referred": _("Complaint referred to K-medi"),
        "complaints.complaint.kmedi_outcome": _("K-medi outcome recorded"),
        "complaints.message.posted": _("Complaint message sent"),
        "complaints.packet.downloaded": _("K-medi referral packet downloaded"),
        "complaints.document.opened": _("Complaint document opened"),
    }
)
