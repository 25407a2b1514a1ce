"""Writes to travel: trip dates, visa work, travellers' identifiers, rooms, stays and pickups.

Each service owns its transaction, writes the case's audit row and sends its emails after
commit. Bookings lock the row they count against (the room, the case) so that two people
booking at the same moment cannot both take the last room."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medhub.accounts.models import Membership, Role
from medhub.cases.models import Case
from medhub.cases.services import CaseError
from medhub.core.audit import log_action
from medhub.core.names import clean_latin_name, clean_name
from medhub.core.phones import to_e164
from medhub.directory.models import Organization
from medhub.travel import rules
from medhub.travel.models import (
    ACTIVE_BOOKINGS,
    BookingStatus,
    ChecklistItem,
    Pickup,
    Room,
    SensitiveAccess,
    Stay,
    Traveller,
    Trip,
    VisaApplication,
)
from medhub.travel.workflow import BOOKING, VISA


def _partner_staff(organization_id: int) -> list[int]:
    return list(
        Membership.objects.filter(role=Role.PARTNER_STAFF, organization_id=organization_id).values_list("user_id", flat=True)
    )


def _notify(case: Case, kind: str, user_ids, detail: dict | None = None) -> None:
    """Tells each person in this transaction (``notifications.notify``: in-app and the channels
    they chose), linking to where they see it: partner staff their bookings, the patient the
    itinerary, the coordinator the case's travel page. ``detail`` (a reason) goes into the text."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from medhub.accounts.selectors import roles
    from medhub.notifications.services import notify

    def path_for(user) -> str:
        if user.pk == case.patient_id:
            return reverse("itinerary", kwargs={"reference": case.reference})
        if Role.PARTNER_STAFF in roles(user):
            return reverse("partner-bookings")
        return reverse("case-travel", kwargs={"reference": case.reference})

    for user in get_user_model().objects.filter(pk__in={pk for pk in user_ids if pk}).order_by("pk"):
        notify(user, f"travel.{kind}", {"case": case, **(detail or {})}, link=path_for)


def _declined(booking) -> dict:
    """A partner's reason for declining, which the people it affects are told."""
    return {"reason": booking.partner_note} if booking.status == BookingStatus.DECLINED else {}


def _tell_patient(booking, kind: str) -> None:
    """The patient hears that a hotel or a driver confirmed or declined (with the partner's reason)."""
    confirmed = booking.status == BookingStatus.CONFIRMED
    detail = {"booking": booking, "booking_kind": kind, "partner": _partner_name(booking, kind)}
    if not confirmed:
        detail["reason"] = booking.partner_note
    _notify(booking.case, "booking_confirmed" if confirmed else "booking_declined", [booking.case.patient_id], detail)


def _partner_name(booking, kind: str):
    from django.utils.functional import lazy

    from medhub.core.i18n import pick

    names = booking.room.hotel.name if kind == "stay" else booking.company.name
    return lazy(lambda: pick(names), str)()  # worded in the recipient's language when rendered


# -- trip and visa ---------------------------------------------------------------------------


@transaction.atomic
def trip_save(*, case_id: int, arrival_date: datetime.date, departure_date: datetime.date, treatment: str, actor) -> Trip:
    case = Case.objects.select_for_update().get(pk=case_id)
    today = timezone.localdate()
    stored = Trip.objects.filter(case=case).values_list("arrival_date", flat=True).first()
    # An arrival already past may stay as it is (the patient is here); a new one may not be past.
    if arrival_date < today and arrival_date != stored:
        raise CaseError({"arrival_date": _("This date is in the past.")})
    if departure_date < today:
        raise CaseError({"departure_date": _("This date is in the past.")})
    if departure_date <= arrival_date:
        raise CaseError(_("The departure must come after the arrival."))
    if (departure_date - arrival_date).days > rules.G110_MAX_DAYS:
        raise CaseError(_("A stay for treatment can last at most one year."))
    trip, _created = Trip.objects.update_or_create(
        case=case,
        defaults={"arrival_date": arrival_date, "departure_date": departure_date, "treatment": treatment, "updated_by": actor},
    )
    visa = VisaApplication.objects.filter(case=case).first()
    if visa and visa.visa_type == rules.VisaType.C33 and trip.stay_days > rules.C33_MAX_DAYS:
        raise CaseError(_("A C-3-3 visa covers at most 90 days. Change the visa type to G-1-10 first, or shorten the stay."))
    dates = {"arrival": arrival_date.isoformat(), "departure": departure_date.isoformat()}
    log_action(trip, "travel.trip.saved", actor=actor, data=dates)
    return trip


def _check_visa_choice(case: Case, trip: Trip, visa_type: str, entries: str) -> None:
    if visa_type not in rules.VisaType.values:
        raise CaseError(_("Choose a visa type."))
    if visa_type == rules.VisaType.C33 and trip.stay_days > rules.C33_MAX_DAYS:
        raise CaseError(_("A C-3-3 visa covers at most 90 days; this stay needs a G-1-10 visa."))
    if entries not in rules.allowed_entries(visa_type, case.nationality):
        raise CaseError(_("This visa cannot be issued with that number of entries for this nationality."))


@transaction.atomic
def visa_save(*, case_id: int, actor, visa_type: str = "", entries: str = "") -> VisaApplication:
    """Starts or changes the case's visa application. Without a choice, the suggestion for the
    trip's length and the widest entries the nationality allows are taken."""
    case = Case.objects.select_for_update().get(pk=case_id)
    trip = Trip.objects.filter(case=case).first()
    if trip is None:
        raise CaseError(_("Set the arrival and departure dates first."))
    visa_type = visa_type or rules.suggested_visa(trip.stay_days)
    entries = entries or rules.allowed_entries(visa_type, case.nationality)[-1]
    _check_visa_choice(case, trip, visa_type, entries)
    visa, created = VisaApplication.objects.update_or_create(
        case=case, defaults={"visa_type": visa_type, "entries": entries, "updated_by": actor}
    )
    log_action(visa, "travel.visa.saved", actor=actor, data={"visa_type": visa_type, "entries": entries, "started": created})
    return visa


@transaction.atomic
def visa_checklist_update(*, case_id: int, item_ids: list[int], actor) -> VisaApplication:
    visa = VisaApplication.objects.select_for_update().select_related("case").filter(case_id=case_id).first()
    if visa is None:
        raise CaseError(_("Start the visa application first."))
    valid = set(ChecklistItem.objects.filter(pk__in=item_ids).values_list("pk", flat=True))
    before = set(visa.checked_items or [])
    visa.checked_items = sorted(valid)
    visa.updated_by = actor
    visa.save(update_fields=["checked_items", "updated_by", "updated_at"])
    log_action(
        visa,
        "travel.visa.checklist_changed",
        actor=actor,
        data={"checked": sorted(valid - before), "unchecked": sorted(before - valid)},
    )
    return visa


@transaction.atomic
def visa_status_set(*, case_id: int, status: str, on: datetime.date | None, actor, reason: str = "") -> VisaApplication:
    from medhub.travel.selectors import visa_checklist

    visa = VisaApplication.objects.select_for_update().select_related("case").filter(case_id=case_id).first()
    if visa is None:
        raise CaseError(_("Start the visa application first."))
    if status not in VisaApplication.Status.values:
        raise CaseError(_("Choose a visa status."))
    VISA.check(visa.status, status, error=CaseError)
    on = on or timezone.localdate()
    if status == VisaApplication.Status.COLLECTED:
        missing = [item for item in visa_checklist(visa) if not item.checked]
        if missing:
            raise CaseError(_("Some documents are still missing: %(items)s.") % {"items": ", ".join(i.label for i in missing)})
        visa.collected_on = on
    elif status == VisaApplication.Status.SUBMITTED:
        if visa.collected_on and on < visa.collected_on:
            raise CaseError(_("The application cannot be submitted before its documents were collected."))
        visa.submitted_on = on
    elif status in (VisaApplication.Status.ISSUED, VisaApplication.Status.REFUSED):
        if visa.submitted_on and on < visa.submitted_on:
            raise CaseError(_("A decision cannot come before the application was submitted."))
        if status == VisaApplication.Status.REFUSED and not reason.strip():
            raise CaseError(_("Give the reason for the refusal."))
        visa.decided_on = on
        visa.refusal_reason = reason.strip() if status == VisaApplication.Status.REFUSED else ""
    elif status == VisaApplication.Status.PREPARING:
        visa.collected_on = visa.submitted_on = visa.decided_on = None
    previous = VISA.move(visa, status, error=CaseError)
    visa.updated_by = actor
    visa.save()
    moved = {"status": status, "previous": previous, "on": on.isoformat()}
    log_action(visa, "travel.visa.status_changed", actor=actor, data=moved)
    _notify(visa.case, "visa_status", [visa.case.patient_id], {"reason": visa.refusal_reason})
    return visa


# -- travellers and their identifiers ----------------------------------------------------------


def _clean_identifiers(passport_number: str, birth_date) -> tuple[str, str]:
    passport = "".join(passport_number.split()).upper()
    if not (5 <= len(passport) <= 20) or not passport.isalnum():
        raise CaseError(_("A passport number has 5 to 20 letters and digits."))
    if isinstance(birth_date, str):
        try:
            birth_date = datetime.date.fromisoformat(birth_date)
        except ValueError as exc:
            raise CaseError(_("Give the date of birth as YYYY-MM-DD.")) from exc
    today = timezone.localdate()
    if birth_date > today or birth_date.year < today.year - 120:
        raise CaseError(_("The date of birth is not plausible."))
    return passport, birth_date.isoformat()


@transaction.atomic
def traveller_save(*, case_id: int, actor, data: dict, traveller_id: int | None = None) -> Traveller:
    """Adds or changes the patient or a companion. Writing identifiers is logged like reading them."""
    case = Case.objects.select_for_update().get(pk=case_id)
    passport, birth = _clean_identifiers(data["passport_number"], data["birth_date"])
    role = data.get("role") or Traveller.Role.COMPANION
    if role not in Traveller.Role.values:
        raise CaseError(_("Choose whether this is the patient or a companion."))
    if traveller_id is None:
        traveller = Traveller(case=case)
    else:
        traveller = Traveller.objects.filter(case=case, pk=traveller_id).first()
        if traveller is None:
            raise CaseError(_("This person is not on the case."))
    if role == Traveller.Role.PATIENT and case.travellers.filter(role=role).exclude(pk=traveller.pk).exists():
        raise CaseError(_("The case already has its patient; add the others as companions."))
    traveller.role = role
    traveller.relationship = (data.get("relationship") or "").strip()
    # Any script for the native name; Latin letters only for the passport's, printed in capitals.
    traveller.name_native = clean_name(data["name_native"])
    traveller.name_latin = clean_latin_name(data["name_latin"]).upper()
    traveller.nationality = (data.get("nationality") or case.nationality).upper()
    traveller.passport_number = passport
    traveller.birth_date = birth
    if not traveller.name_native or not traveller.name_latin:
        raise CaseError(_("Give the name both in its own script and in Latin letters."))
    if role == Traveller.Role.COMPANION and not traveller.relationship:
        raise CaseError(_("Say how the companion is related to the patient."))
    added = traveller.pk is None
    traveller.save()
    # What changed is not written down: the identifiers stay only in the traveller's own row.
    log_action(traveller, "travel.traveller.added" if added else "travel.traveller.changed", actor=actor, data={"role": role})
    SensitiveAccess.objects.create(case=case, user=actor, purpose=SensitiveAccess.Purpose.EDIT, travellers=1)
    return traveller


@transaction.atomic
def traveller_remove(*, case_id: int, traveller_id: int, actor) -> None:
    traveller = Traveller.objects.filter(case_id=case_id, pk=traveller_id).first()
    if traveller is None:
        raise CaseError(_("This person is not on the case."))
    # Logged before the row goes, with no name nor identifier: only that someone was removed.
    log_action(traveller, "travel.traveller.removed", actor=actor, data={"role": traveller.role})
    traveller.delete()


def sensitive_reveal(*, case: Case, user, purpose: str) -> list[Traveller]:
    """The case's travellers with their identifiers, and a log row saying who read them."""
    travellers = list(Traveller.objects.filter(case=case))
    if travellers:
        SensitiveAccess.objects.create(case=case, user=user, purpose=purpose, travellers=len(travellers))
    return travellers


# -- rooms, stays and pickups ---------------------------------------------------------------


@transaction.atomic
def room_save(*, hotel_id: int, data: dict, room_id: int | None = None, actor=None) -> Room:
    room = Room(hotel_id=hotel_id) if room_id is None else Room.objects.filter(hotel_id=hotel_id, pk=room_id).first()
    if room is None:
        raise CaseError(_("This room is not your hotel's."))
    if data["medical_rate_krw"] > data["rack_rate_krw"]:
        raise CaseError(_("The medical-tourist rate cannot be higher than the usual rate."))
    fields = ("name", "capacity", "rooms_available", "rack_rate_krw", "medical_rate_krw", "is_active")
    changed = [field for field in fields if room.pk is None or getattr(room, field) != data[field]]
    created = room.pk is None
    for field in fields:
        setattr(room, field, data[field])
    room.save()
    log_action(room, "travel.room.created" if created else "travel.room.changed", actor=actor, data={"fields": changed})
    return room


def rooms_taken(room: Room, check_in: datetime.date, check_out: datetime.date, *, exclude: int | None = None) -> int:
    overlapping = Stay.objects.filter(room=room, status__in=ACTIVE_BOOKINGS, check_in__lt=check_out, check_out__gt=check_in)
    if exclude:
        overlapping = overlapping.exclude(pk=exclude)
    return overlapping.count()


@transaction.atomic
def stay_book(
    *, case_id: int, room_id: int, check_in: datetime.date, check_out: datetime.date, guests: int, actor, note: str = ""
) -> Stay:
    case = Case.objects.select_for_update().get(pk=case_id)
    room = (
        Room.objects.select_for_update()
        .select_related("hotel")
        .filter(pk=room_id, is_active=True, hotel__kind=Organization.Kind.HOTEL)
        .first()
    )
    if room is None:
        raise CaseError(_("This room is not offered."))
    if check_out <= check_in:
        raise CaseError(_("The check-out must come after the check-in."))
    trip = Trip.objects.filter(case=case).first()
    if trip and (check_in < trip.arrival_date or check_out > trip.departure_date):
        raise CaseError(
            _("The stay must fall within the trip (%(arrival)s to %(departure)s).")
            % {"arrival": trip.arrival_date, "departure": trip.departure_date}
        )
    if guests < 1 or guests > room.capacity:
        raise CaseError(_("This room sleeps at most %(capacity)d.") % {"capacity": room.capacity})
    if rooms_taken(room, check_in, check_out) >= room.rooms_available:
        raise CaseError(_("This room is fully booked for those nights. Choose other dates or another room."))
    stay = Stay.objects.create(
        case=case,
        room=room,
        check_in=check_in,
        check_out=check_out,
        guests=guests,
        rate_krw=room.medical_rate_krw,
        note=note.strip(),
        booked_by=actor,
    )
    booked = {"stay": stay.id, "status": stay.status, "hotel": room.hotel.slug}
    log_action(stay, "travel.stay.requested", actor=actor, data=booked)
    _notify(case, "stay_requested", _partner_staff(room.hotel_id))
    return stay


@transaction.atomic
def pickup_book(*, case_id: int, company_id: int, data: dict, actor) -> Pickup:
    case = Case.objects.select_for_update().get(pk=case_id)
    company = Organization.objects.filter(pk=company_id, kind=Organization.Kind.TRANSPORT).first()
    if company is None:
        raise CaseError(_("Choose one of the hub's transport partners."))
    if data["pickup_at"] <= timezone.now():
        raise CaseError(_("The pickup must be in the future."))
    flight = "".join(data["flight"].split()).upper()
    if not (3 <= len(flight) <= 8) or not flight.isalnum():
        raise CaseError(_("Give the flight number, such as KE902."))
    if data.get("direction") not in Pickup.Direction.values:
        raise CaseError(_("Choose whether the ride meets an arrival or goes to a departure."))
    pickup = Pickup.objects.create(
        case=case,
        company=company,
        direction=data["direction"],
        flight=flight,
        airport=data["airport"].strip(),
        pickup_at=data["pickup_at"],
        destination=data["destination"].strip(),
        passengers=data.get("passengers") or 1,
        booked_by=actor,
    )
    log_action(pickup, "travel.pickup.requested", actor=actor, data={"pickup": pickup.id, "status": pickup.status})
    _notify(case, "pickup_requested", _partner_staff(company.id))
    return pickup


def _partner_booking(model, pk: int, organization_ids, field: str):
    booking = (
        model.objects.select_for_update().select_related("case").filter(pk=pk, **{f"{field}__in": list(organization_ids)}).first()
    )
    if booking is None:
        raise CaseError(_("This booking is not yours."))
    return booking


@transaction.atomic
def stay_respond(*, stay_id: int, organization_ids, confirm: bool, actor, note: str = "") -> Stay:
    """The hotel confirms or declines a requested stay."""
    stay = _partner_booking(Stay, stay_id, organization_ids, "room__hotel_id")
    answer = BookingStatus.CONFIRMED if confirm else BookingStatus.DECLINED
    BOOKING.check(stay.status, answer, error=CaseError)
    if not confirm and not note.strip():
        raise CaseError(_("Say why you decline, so the coordinator can find another option."))
    BOOKING.move(stay, answer, error=CaseError)
    stay.partner_note = note.strip()
    stay.save(update_fields=["status", "partner_note", "updated_at"])
    log_action(stay, "travel.stay.answered", actor=actor, data={"stay": stay.id, "status": stay.status, **_declined(stay)})
    _notify(stay.case, "booking_answered", [stay.case.owner_id, stay.booked_by_id], _declined(stay))
    _tell_patient(stay, "stay")
    return stay


@transaction.atomic
def pickup_respond(*, pickup_id: int, organization_ids, confirm: bool, actor, data: dict) -> Pickup:
    """The transport company confirms (naming driver and vehicle) or declines a pickup."""
    pickup = _partner_booking(Pickup, pickup_id, organization_ids, "company_id")
    BOOKING.check(pickup.status, BookingStatus.CONFIRMED if confirm else BookingStatus.DECLINED, error=CaseError)
    note = (data.get("note") or "").strip()
    if confirm:
        driver, phone = (data.get("driver_name") or "").strip(), (data.get("driver_phone") or "").strip()
        if not driver or not phone:
            raise CaseError(_("Name the driver and give a phone number the patient can call."))
        pickup.driver_name, pickup.driver_phone = driver, to_e164(phone, field="driver_phone")
        pickup.vehicle = (data.get("vehicle") or "").strip()
        BOOKING.move(pickup, BookingStatus.CONFIRMED, error=CaseError)
    else:
        if not note:
            raise CaseError(_("Say why you decline, so the coordinator can find another option."))
        BOOKING.move(pickup, BookingStatus.DECLINED, error=CaseError)
    pickup.partner_note = note
    pickup.save()
    answered = {"pickup": pickup.id, "status": pickup.status, **_declined(pickup)}
    log_action(pickup, "travel.pickup.answered", actor=actor, data=answered)
    _notify(pickup.case, "booking_answered", [pickup.case.owner_id, pickup.booked_by_id], _declined(pickup))
    _tell_patient(pickup, "pickup")
    return pickup


def _cancel_reason(reason: str) -> str:
    """Cancelling affects the partner and the patient, who are told why: a reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise CaseError(_("Say why the booking is cancelled: the partner and the patient are told."))
    if len(reason) > 300:
        raise CaseError(_("Keep the reason under 300 characters."))
    return reason


@transaction.atomic
def booking_cancel(*, case_id: int, kind: str, pk: int, actor, reason: str) -> None:
    """The coordinator cancels a stay or a pickup that is not needed any more, saying why; the
    partner's staff and the patient are told, with the reason."""
    reason = _cancel_reason(reason)
    model = {"stay": Stay, "pickup": Pickup}.get(kind)
    booking = model.objects.select_for_update().filter(case_id=case_id, pk=pk).first() if model else None
    if booking is None:
        raise CaseError(_("This booking does not exist."))
    BOOKING.move(booking, BookingStatus.CANCELLED, error=CaseError)
    booking.save(update_fields=["status", "updated_at"])
    log_action(
        booking, f"travel.{kind}.cancelled", actor=actor, data={kind: booking.id, "status": booking.status, "reason": reason}
    )
    partner = booking.room.hotel_id if kind == "stay" else booking.company_id
    _notify(booking.case, "booking_cancelled", _partner_staff(partner), {"reason": reason})
    detail = {"booking": booking, "booking_kind": kind, "partner": _partner_name(booking, kind), "reason": reason}
    _notify(booking.case, "booking_cancelled_patient", [booking.case.patient_id], detail)
