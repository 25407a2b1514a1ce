"""PDF documents of a trip: the invitation letter for the visa and the itinerary.

WeasyPrint lays out an HTML template; the fonts named in MEDHUB_PDF_FONTS (Noto, from
Debian's fonts-noto-core and fonts-noto-cjk) cover every script medhub supports, so a name in
Arabic, Thai, Cyrillic or CJK letters prints as written. WeasyPrint is imported only here, so
the rest of medhub runs on a machine without Pango.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from medhub.cases.models import Case
from medhub.cases.selectors import accepted_institution_id
from medhub.core.i18n import pick
from medhub.core.selectors import hub_settings
from medhub.directory.models import Organization
from medhub.travel import selectors
from medhub.travel.models import SensitiveAccess, Traveller, Trip, VisaApplication
from medhub.travel.services import sensitive_reveal

LETTER_LANGUAGES = ("ko", "en")


class DocumentError(Exception):
    """A document cannot be made yet; the message says what is missing (translated)."""


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def _render(template: str, context: dict, language: str) -> bytes:
    with translation.override(language):
        html = render_to_string(
            template,
            {
                **context,
                "LANG": language,
                "bidi": translation.get_language_bidi(),
                "fonts": settings.MEDHUB_PDF_FONTS,
                "hub_name": pick(hub_settings().name, language) or "medhub",
            },
        )
    return html_to_pdf(html)


def invitation_letter(case: Case, *, language: str, user) -> bytes:
    """The accepted institution invites the patient and companions, in Korean or English.
    Reading the identifiers to print them is logged like any other reading."""

    if language not in LETTER_LANGUAGES:
        raise DocumentError("language")
    with translation.override(language):
        trip = Trip.objects.filter(case=case).first()
        visa = VisaApplication.objects.filter(case=case).first()
        institution_id = accepted_institution_id(case)
        if trip is None or visa is None:
            raise DocumentError(_("Set the trip dates and start the visa application before making the letter."))
        if institution_id is None:
            raise DocumentError(_("The letter comes from the institution whose quote the patient accepted; there is none yet."))
        travellers = sensitive_reveal(case=case, user=user, purpose=SensitiveAccess.Purpose.LETTER)
        patient = next((t for t in travellers if t.role == Traveller.Role.PATIENT), None)
        if patient is None:
            raise DocumentError(_("Add the patient's passport details before making the letter."))
        companions = [t for t in travellers if t.role == Traveller.Role.COMPANION]
        context = {
            "case": case,
            "trip": trip,
            "visa": visa,
            "institution": Organization.objects.get(pk=institution_id),
            "patient": patient,
            "companions": companions,
            "today": timezone.localdate(),
        }
    return _render("travel/pdf/invitation_letter.html", context, language)


def itinerary_pdf(case: Case, *, language: str) -> bytes:
    with translation.override(language):
        plan = selectors.itinerary(case, language=language)
    return _render("travel/pdf/itinerary.html", {"case": case, "plan": plan, "now": timezone.now()}, language)
