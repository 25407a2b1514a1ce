"""Demo travel for the demo hub: rooms at every partner hotel, and one case that has come the
whole way (accepted quote, booked consultation) with a trip being arranged: visa papers,
travellers, a stay, an airport pickup and an interpreter, each waiting for its partner's answer."""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone

from medhub.cases import services as cases
from medhub.cases.models import CONSENT_VERSION, Case, CaseState
from medhub.cases.selectors import recommend_institutions
from medhub.core.audit import log_action
from medhub.directory.models import Organization, Specialty
from medhub.interpreting import services as interpreting
from medhub.interpreting.models import Interpreter
from medhub.scheduling import services as schedule
from medhub.travel import services
from medhub.travel.models import Room

HUB_ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)

ROOMS = [
    (
        {
            "ko": "스탠더드 더블",
            "en": "Standard double",
            "ru": "Стандартный двухместный",
            "zh-hans": "标准大床房",
            "ja": "スタンダードダブル",
        },
        2,
        6,
        140_000,
        98_000,
    ),
    (
        {
            "ko": "패밀리 스위트 (주방 포함)",
            "en": "Family suite with kitchen",
            "ru": "Семейный люкс с кухней",
            "zh-hans": "带厨房家庭套房",
            "ja": "キッチン付きファミリースイート",
        },
        4,
        2,
        260_000,
        190_000,
    ),
]


def create_travel_case() -> Case:
    """The inquiry of the patient whose trip is being arranged (not yet triaged)."""
    now = timezone.now()
    arrival = timezone.localdate() + datetime.timedelta(days=14)
    case = Case.objects.create(
        reference="HB-DEMO-007",
        full_name="Дана Серикова",
        contact_email="patient@demo.medhub.example",
        email_verified_at=now,
        nationality="KZ",
        residence_country="KZ",
        preferred_language="ru",
        time_zone="Asia/Almaty",
        problem="Хочу пройти лечение и консультацию; приеду с мамой.",
        desired_from=arrival,
        desired_to=arrival + datetime.timedelta(days=7),
        companions=1,
        consent_version=CONSENT_VERSION,
        consent_health_data_at=now,
        consent_transfer_at=now,
        first_response_due=now + datetime.timedelta(hours=settings.MEDHUB_FIRST_RESPONSE_HOURS),
    )
    log_action(case, "cases.case.created", case=case, data={"to_state": CaseState.NEW})
    return case


def travel_institution(case: Case) -> Organization:
    """The institution the product recommends first for this case, asked the way the hub's
    coordinator asks it: the first specialty (in the directory's order) with any recommendation.
    Nothing is saved: the case is triaged later through the service."""
    for specialty in Specialty.objects.order_by("position", "id"):
        case.specialty = specialty
        recommended = recommend_institutions(case, limit=1)
        if recommended:
            return recommended[0].institution
    raise LookupError("the demo directory has no institution the product would recommend")


def build_demo_travel(*, case: Case, coordinator, patient, provider, institution: Organization, interpreter_user) -> Case:
    for hotel in Organization.objects.filter(kind=Organization.Kind.HOTEL):
        for name, capacity, count, rack, medical in ROOMS:
            Room.objects.create(
                hotel=hotel, name=name, capacity=capacity, rooms_available=count, rack_rate_krw=rack, medical_rate_krw=medical
            )
    arrival = case.desired_from
    today = timezone.localdate()
    specialty = case.specialty  # chosen with the institution, see travel_institution
    patient.preferred_language = "ru"
    patient.save(update_fields=["preferred_language"])
    Case.objects.filter(pk=case.pk).update(patient=patient, contact_email=patient.email)
    cases.case_triage(case_id=case.id, specialty=specialty, actor=coordinator, suggested_code=specialty.code)
    cases.case_share(case_id=case.id, institution_ids=[institution.id], actor=coordinator)
    version = cases.quote_submit(
        case_id=case.id,
        institution_id=institution.id,
        actor=provider,
        data={
            "plan": "Consultation, examination and treatment over two visits.",
            "items": [("Consultation and examination", 180_000), ("Treatment", 1_450_000)],
            "currency": "KRW",
            "valid_until": today + datetime.timedelta(days=30),
            "stay_days": 7,
            "recovery_days": 2,
        },
    )
    cases.quote_accept(case_id=case.id, quote_id=version.quote_id, actor=patient)

    slots = schedule.slots_publish(
        institution_id=institution.id,
        day=arrival + datetime.timedelta(days=1),
        start=datetime.time(10, 0),
        minutes=60,
        count=4,
        kind="in_person",
    )
    appointment = schedule.appointment_book(case_id=case.id, slot_id=slots[0].id, actor=patient)
    interpreting.booking_create(
        appointment_id=appointment.id,
        interpreter_id=Interpreter.objects.get(user=interpreter_user).id,
        purpose="consultation",
        language="ru",
        actor=coordinator,
    )

    services.trip_save(
        case_id=case.id,
        arrival_date=arrival,
        departure_date=arrival + datetime.timedelta(days=7),
        treatment=f"{specialty} — consultation and treatment",
        actor=coordinator,
    )
    services.visa_save(case_id=case.id, actor=coordinator)
    services.traveller_save(
        case_id=case.id,
        actor=coordinator,
        data={
            "role": "patient",
            "name_native": "Дана Серикова",
            "name_latin": "Dana Serikova",
            "nationality": "KZ",
            "passport_number": "N0DEMO1234",
            "birth_date": "1988-05-17",
        },
    )
    services.traveller_save(
        case_id=case.id,
        actor=coordinator,
        data={
            "role": "companion",
            "relationship": "мать / mother",
            "name_native": "Гульнара Серикова",
            "name_latin": "Gulnara Serikova",
            "nationality": "KZ",
            "passport_number": "N0DEMO5678",
            "birth_date": "1961-11-02",
        },
    )
    hotel_room = Room.objects.filter(hotel__kind=Organization.Kind.HOTEL).order_by("hotel_id", "medical_rate_krw").first()
    services.stay_book(
        case_id=case.id,
        room_id=hotel_room.id,
        check_in=arrival,
        check_out=arrival + datetime.timedelta(days=7),
        guests=2,
        actor=coordinator,
        note="Late arrival from Almaty; quiet room please.",
    )
    transport = Organization.objects.filter(kind=Organization.Kind.TRANSPORT).order_by("id").first()
    services.pickup_book(
        case_id=case.id,
        company_id=transport.id,
        data={
            "direction": "arrival",
            "flight": "KC909",
            "airport": "Incheon International Airport (ICN)",
            "pickup_at": datetime.datetime.combine(arrival, datetime.time(7, 40), tzinfo=HUB_ZONE),
            "destination": str(hotel_room.hotel),
            "passengers": 2,
        },
        actor=coordinator,
    )
    return case
