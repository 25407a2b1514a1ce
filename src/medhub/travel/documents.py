"""PDF documents of a trip: the invitation letter for the visa and the itinerary.

WeasyPrint lays out an HTML template; the fonts named in MEDHUB_PDF_FONTS (Noto, from
Debian's fonts-noto-core and fonts-noto-cjk) cover every script medhub supports, so a name in
Arabic, Thai, Cyrillic or CJK letters prints as written. WeasyPrint is imported only here, so
the rest of medhub runs on a machine without Pango.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from medhub.cases.models import Case
from medhub.cases.selectors import accepted_institution_id
from medhub.core.formats import korean_address, place_map_url
from medhub.core.i18n import pick
from medhub.core.qr import qr_data_uri
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


@dataclass(frozen=True)
class Place:
    """Where the patient goes, printed so a taxi driver can read it: the name and address in
    Korean script beside the reader's, the phone, and a QR code of the map link."""

    kind: str
    name: str
    name_ko: str
    address: str
    address_ko: str
    phone: str
    map_url: str
    qr: str


# Numbers that work from any phone in Korea, for everyone: ambulance and fire, police, and the
# Korea Tourism Organization's travel helpline, which interprets (also in emergencies).
KOREAN_EMERGENCY_NUMBERS = (("119", "ambulance"), ("112", "police"), ("1330", "helpline"))


def _places(case: Case, language: str) -> list[Place]:
    """The hotels of the active stays and the institutions of in-person appointments (the
    accepted institution when there is none yet), each once, in that order."""
    from medhub.scheduling.models import AppointmentKind
    from medhub.scheduling.selectors import appointments_for_case
    from medhub.travel.models import ACTIVE_BOOKINGS, Stay

    organizations: list[tuple[str, Organization]] = []
    for stay in Stay.objects.filter(case=case, status__in=ACTIVE_BOOKINGS).select_related("room__hotel").order_by("check_in"):
        organizations.append(("hotel", stay.room.hotel))
    clinics = [
        a.slot.institution
        for a in appointments_for_case(case).order_by("slot__starts_at")
        if a.slot.kind != AppointmentKind.TELECONSULT
    ]
    if not clinics:
        accepted = accepted_institution_id(case)
        clinics = list(Organization.objects.filter(pk=accepted)) if accepted else []
    organizations += [("institution", o) for o in clinics]
    seen: set[int] = set()
    places = []
    for kind, organization in organizations:
        if organization.pk in seen:
            continue
        seen.add(organization.pk)
        url = place_map_url(organization, language)
        places.append(
            Place(
                kind=kind,
                name=pick(organization.name, language),
                name_ko=(organization.name or {}).get("ko", ""),
                address=pick(organization.address, language),
                address_ko=korean_address(organization.address),
                phone=organization.phone,
                map_url=url,
                qr=qr_data_uri(url) if url else "",
            )
        )
    return places


def itinerary_pdf(case: Case, *, language: str) -> bytes:
    with translation.override(language):
        plan = selectors.itinerary(case, language=language)
        places = _places(case, language)
    hub = hub_settings()
    context = {
        "case": case,
        "plan": plan,
        "now": timezone.now(),
        "places": places,
        "hub": hub,
        "emergency_numbers": KOREAN_EMERGENCY_NUMBERS,
    }
    return _render("travel/pdf/itinerary.html", context, language)
