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
from medhub.council.models import Invitation, MeetingKind, MeetingStatus


def certificate_number(invitation: Invitation) -> str:
    return f"TR-{invitation.meeting.starts_at:%Y}-{invitation.meeting_id:04d}-{invitation.pk:05d}"


def check_issuable(invitation: Invitation) -> None:
    meeting = invitation.meeting
    if meeting.kind != MeetingKind.TRAINING:
        raise ValidationError(_("Certificates are issued for training sessions only."))
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(_("Certificates are issued once the training is held."))
    if not invitation.present:
        raise ValidationError(_("A certificate is issued only to someone recorded present."))


def certificate_pdf(invitation: Invitation) -> bytes:
    from medhub.travel.documents import html_to_pdf

    check_issuable(invitation)
    person = invitation.member.person
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
                        "invitation": invitation,
                        "meeting": invitation.meeting,
                        "name": invitation.member.display_name,
                        "organization": pick(invitation.member.organization.name, language)
                        if invitation.member.organization_id
                        else "",
                        "number": certificate_number(invitation),
                        "hub_name": pick(hub_settings().name, language) or "medhub",
                    },
                )
            )
    html = render_to_string("council/pdf/certificate.html", {"pages": pages, "fonts": settings.MEDHUB_PDF_FONTS})
    return html_to_pdf(html)
