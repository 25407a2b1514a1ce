"""The council's audit actions (core/audit.py)."""

from django.utils.translation import gettext_lazy as _

from medhub.core.audit import register

register(
    {
        "council.division.changed": _("Council division changed"),
        "council.member.added": _("Council member added"),
        "council.member.changed": _("Council member changed"),
        "council.member.shared": _("Council member changed what they share"),
        "council.meeting.scheduled": _("Council meeting scheduled"),
        "council.meeting.invited": _("Council meeting invitations sent"),
        "council.meeting.replied": _("Council meeting invitation answered"),
        "council.meeting.attendance": _("Council meeting attendance recorded"),
        "council.meeting.minutes": _("Council meeting minutes recorded"),
        "council.meeting.cancelled": _("Council meeting cancelled"),
        "council.decision.recorded": _("Council decision recorded"),
        "council.action.added": _("Council action item added"),
        "council.action.moved": _("Council action item status changed"),
        "council.action.reminded": _("Council action item reminder sent"),
        "council.document.added": _("Council meeting document added"),
        "council.document.opened": _("Council meeting document opened"),
        "council.training.participant": _("Participant added to a council training"),
        "council.training.attendance": _("Council training participants' attendance recorded"),
        "council.mediation.taken_up": _("Complaint taken up by the mediation committee"),
        "council.mediation.recommended": _("Mediation committee recommendation recorded"),
        "council.announcement.sent": _("Council announcement sent"),
        "council.announcement.read": _("Council announcement read"),
    }
)
