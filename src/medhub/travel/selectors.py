"""Reads of travel: checklists, partner bookings, rooms with availability, the itinerary."""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from medhub.accounts.permissions import partner_ids
from medhub.cases.models import Case
from medhub.core.formats import phone_international
from medhub.core.i18n import pick
from medhub.directory.models import Organization, listed
from medhub.travel.models import ACTIVE_BOOKINGS, ChecklistItem, Pickup, Room, Stay, Traveller, Trip, VisaApplication

HUB_ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)


@dataclass
class ChecklistLine:
    id: int
    label: str
    applies_to: str
    applies_label: str
    checked: bool


def visa_checklist(visa: VisaApplication, *, language: str | None = None, travellers=None) -> list[ChecklistLine]:
    """The documents this application needs: those for every visa and nationality, plus those
    for its visa type and the patient's nationality; companions' papers only with companions."""
    case = visa.case
    items = ChecklistItem.objects.filter(Q(visa_type="") | Q(visa_type=visa.visa_type)).filter(
        Q(nationality="") | Q(nationality=case.nationality)
    )
    if travellers is None:
        with_companions = case.travellers.filter(role=Traveller.Role.COMPANION).exists()
    else:
        with_companions = any(t.role == Traveller.Role.COMPANION for t in travellers)
    with_companions = with_companions or case.companions > 0
    if not with_companions:
        items = items.exclude(applies_to=ChecklistItem.Applies.COMPANION)
    checked = set(visa.checked_items or [])
    return [
        ChecklistLine(item.id, pick(item.label, language), item.applies_to, item.get_applies_to_display(), item.id in checked)
        for item in items
    ]


def partner_stays(user) -> QuerySet[Stay]:
    """Stays at the user's hotels, soonest first. The hotel sees the guest and the dates only."""
    return (
        Stay.objects.filter(room__hotel_id__in=list(partner_ids(user)))
        .select_related("room__hotel", "case")
        .order_by("check_in", "id")
    )


def partner_pickups(user) -> QuerySet[Pickup]:
    return (
        Pickup.objects.filter(company_id__in=list(partner_ids(user)))
        .select_related("company", "case")
        .order_by("pickup_at", "id")
    )


def hotel_rooms(hotel_ids) -> QuerySet[Room]:
    return Room.objects.filter(hotel_id__in=list(hotel_ids)).select_related("hotel")


def rooms_for_dates(check_in: datetime.date, check_out: datetime.date, guests: int = 1) -> list[Room]:
    """Partner hotels' rooms free for those nights and big enough, cheapest first, each with
    ``free`` set to the rooms of its type left."""
    rooms = (
        Room.objects.filter(listed("hotel__"), is_active=True, hotel__kind=Organization.Kind.HOTEL, capacity__gte=guests)
        .select_related("hotel")
        .annotate(
            taken=Count(
                "stays",
                filter=Q(stays__status__in=ACTIVE_BOOKINGS, stays__check_in__lt=check_out, stays__check_out__gt=check_in),
            )
        )
        .order_by("medical_rate_krw", "id")
    )
    result = []
    for room in rooms:
        room.free = room.rooms_available - room.taken
        if room.free > 0:
            result.append(room)
    return result


def transport_companies() -> QuerySet[Organization]:
    return Organization.objects.filter(listed(), kind=Organization.Kind.TRANSPORT).order_by("id")


def case_travel(case: Case) -> dict:
    """Everything the coordinator's travel page shows about one case (identifiers masked)."""
    trip = Trip.objects.filter(case=case).first()
    visa = VisaApplication.objects.filter(case=case).select_related("case").first()
    travellers = list(Traveller.objects.filter(case=case))
    return {
        "trip": trip,
        "visa": visa,
        "checklist": visa_checklist(visa, travellers=travellers) if visa else [],
        "travellers": travellers,
        "stays": list(Stay.objects.filter(case=case).select_related("room__hotel", "case")),
        "pickups": list(Pickup.objects.filter(case=case).select_related("company", "case")),
    }


# -- the itinerary ----------------------------------------------------------------------------


@dataclass
class Entry:
    kind: str
    title: str
    starts: datetime.datetime | None = None  # None: an event of the whole day
    ends: datetime.datetime | None = None
    details: list[str] = field(default_factory=list)
    uid: str = ""
    order: int = 5  # within a day: whole-day entries by this, timed ones (order 5) by their time


@dataclass
class Day:
    date: datetime.date
    entries: list[Entry]


@dataclass
class Itinerary:
    case: Case
    zone: zoneinfo.ZoneInfo
    trip: Trip | None
    days: list[Day]
    all_day: list[tuple[datetime.date, datetime.date, Entry]]  # (first day, day after last, entry) for calendars
    hub_zone: zoneinfo.ZoneInfo = HUB_ZONE


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def itinerary(case: Case, *, language: str) -> Itinerary:
    """The patient's trip day by day, in their time zone: arrival, pickups, the stay,
    appointments with their interpreters, teleconsults, departure. Texts come out in the
    active language (callers wrap this in ``translation.override``)."""
    from medhub.interpreting.selectors import bookings_by_appointment
    from medhub.scheduling.models import AppointmentKind
    from medhub.scheduling.selectors import appointments_for_case

    zone = _zone(case.time_zone)
    trip = Trip.objects.filter(case=case).first()
    dated: list[tuple[datetime.date, Entry]] = []
    all_day: list[tuple[datetime.date, datetime.date, Entry]] = []

    if trip:
        arrival = Entry("arrival", _("Arrival in Korea"), uid=f"trip-{trip.pk}-arrival", order=0)
        departure = Entry("departure", _("Departure from Korea"), uid=f"trip-{trip.pk}-departure", order=9)
        dated += [(trip.arrival_date, arrival), (trip.departure_date, departure)]
        all_day += [
            (trip.arrival_date, trip.arrival_date + datetime.timedelta(days=1), arrival),
            (trip.departure_date, trip.departure_date + datetime.timedelta(days=1), departure),
        ]

    for pickup in Pickup.objects.filter(case=case, status__in=ACTIVE_BOOKINGS).select_related("company"):
        title = (
            _("Airport pickup: flight %(flight)s at %(airport)s")
            if pickup.direction == Pickup.Direction.ARRIVAL
            else _("Ride to the airport for flight %(flight)s (%(airport)s)")
        ) % {"flight": pickup.flight, "airport": pickup.airport}
        details = [pick(pickup.company.name, language), pickup.destination]
        if pickup.driver_name:
            details.append(
                _("Driver: %(name)s, %(phone)s") % {"name": pickup.driver_name, "phone": phone_international(pickup.driver_phone)}
            )
        if pickup.vehicle:
            details.append(pickup.vehicle)
        details.append(pickup.get_status_display())
        entry = Entry(
            "pickup",
            title,
            pickup.pickup_at,
            pickup.pickup_at + datetime.timedelta(hours=1),
            details=[d for d in details if d],
            uid=f"pickup-{pickup.pk}",
        )
        dated.append((pickup.pickup_at.astimezone(zone).date(), entry))

    for stay in Stay.objects.filter(case=case, status__in=ACTIVE_BOOKINGS).select_related("room__hotel"):
        hotel = pick(stay.room.hotel.name, language)
        where = [pick(stay.room.name, language), pick(stay.room.hotel.address, language), stay.get_status_display()]
        check_in = Entry("stay", _("Check in at %(hotel)s") % {"hotel": hotel}, details=[d for d in where if d], order=7)
        check_out = Entry("stay", _("Check out of %(hotel)s") % {"hotel": hotel}, details=[hotel], order=1)
        dated += [(stay.check_in, check_in), (stay.check_out, check_out)]
        all_day.append(
            (
                stay.check_in,
                stay.check_out,
                Entry("stay", _("Stay at %(hotel)s") % {"hotel": hotel}, details=check_in.details, uid=f"stay-{stay.pk}"),
            )
        )

    appointments = list(appointments_for_case(case))
    interpreters = bookings_by_appointment([a.id for a in appointments])
    for appointment in appointments:
        slot = appointment.slot
        institution = pick(slot.institution.name, language)
        if slot.kind == AppointmentKind.TELECONSULT:
            title = _("Teleconsultation with %(institution)s") % {"institution": institution}
        else:
            title = _("Appointment at %(institution)s") % {"institution": institution}
        details = [pick(slot.institution.address, language)] if slot.kind != AppointmentKind.TELECONSULT else []
        for booking in interpreters.get(appointment.id, []):
            details.append(
                _("Interpreter: %(name)s (%(status)s)")
                % {"name": booking.interpreter.display_name, "status": booking.get_status_display()}
            )
        entry = Entry(
            "teleconsult" if slot.kind == AppointmentKind.TELECONSULT else "appointment",
            title,
            slot.starts_at,
            slot.ends_at,
            details=[d for d in details if d],
            uid=f"appointment-{appointment.pk}",
        )
        dated.append((slot.starts_at.astimezone(zone).date(), entry))

    by_day: dict[datetime.date, list[Entry]] = {}
    for day, entry in dated:
        by_day.setdefault(day, []).append(entry)
    earliest = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    days = [Day(day, sorted(by_day[day], key=lambda e: (e.order, e.starts or earliest))) for day in sorted(by_day)]
    return Itinerary(case, zone, trip, days, all_day)
