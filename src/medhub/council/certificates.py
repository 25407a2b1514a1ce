"""Attendance certificates of training sessions: one PDF page in the attendee's language and one
in Korean (a single Korean page for a Korean reader). WeasyPrint is imported only when one is
made (travel.documents.html_to_pdf), with the Noto fonts of MEDHUB_PDF_FONTS for every script."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from medhub.core.i18n import pick
from medhub.core.selectors import hub_settings
from medhub.council.models import MeetingKind, MeetingStatus, Participant


def certificate_number(attendance) -> str:
    """TR-<year>-<meeting>-<M|P><id>: a member's invitation or a participant's seat."""
    prefix = "P" if isinstance(attendance, Participant) else "M"
    return f"TR-{attendance.meeting.starts_at:%Y}-{attendance.meeting_id:04d}-{prefix}{attendance.pk:05d}"


def check_issuable(attendance) -> None:
    meeting = attendance.meeting
    if meeting.kind != MeetingKind.TRAINING:
        raise ValidationError(_("Certificates are issued for training sessions only."))
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(_("Certificates are issued once the training is held."))
    if not attendance.present:
        raise ValidationError(_("A certificate is issued only to someone recorded present."))


def certificate_pdf(attendance) -> bytes:
    """The certificate of a member's invitation or of a participant, once they attended."""
    from medhub.travel.documents import html_to_pdf

    check_issuable(attendance)
    if isinstance(attendance, Participant):
        person, organization = attendance.person, attendance.organization
    else:
        person, organization = attendance.member.person, attendance.member.organization
    name = person.get_full_name() or person.username
    languages = [person.preferred_language] if person.preferred_language == "ko" else [person.preferred_language, "ko"]
    pages = []
    for language in languages:
        with translation.override(language):
            pages.append(
                render_to_string(
                    "council/pdf/_certificate_page.html",
                    {
                        "LANG": language,
                        "bidi": translation.get_language_bidi(),
                        "meeting": attendance.meeting,
                        "name": name,
                        "organization": pick(organization.name, language) if organization is not None else "",
                        "number": certificate_number(attendance),
                        "hub_name": pick(hub_settings().name, language) or "medhub",
                    },
                )
            )
    html = render_to_string("council/pdf/certificate.html", {"pages": pages, "fonts": settings.MEDHUB_PDF_FONTS})
    return html_to_pdf(html)
