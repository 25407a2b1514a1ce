import datetime

import pytest
from django.utils import timezone

from medhub.accounts.models import Role
from medhub.travel import services as travel
from medhub.travel.models import Room
from tests import factories
from tests.cases.conftest import coordinator, coordinator_client, make_user  # noqa: F401 - shared fixtures
from tests.scheduling.test_booking import accepted_case


@pytest.fixture
def world(directory, coordinator):  # noqa: F811 - the shared fixture
    """An accepted case of a patient from Almaty, a partner hotel with a room, a transport
    company, and a staff login for each partner."""
    case, patient = accepted_case(directory, coordinator, reference="HB-TRIP")
    hotel = directory["hotel"]
    other_hotel = factories.partner("hotel", slug="other-hotel", name={"en": "Other Hotel", "ko": "다른 호텔"})
    transport = factories.partner("transport", slug="sky-van", name={"en": "Sky Van", "ko": "스카이 밴", "ru": "Скай Вэн"})
    room = Room.objects.create(
        hotel=hotel,
        name={"en": "Twin room", "ko": "트윈룸", "ru": "Двухместный номер"},
        capacity=2,
        rooms_available=1,
        rack_rate_krw=180_000,
        medical_rate_krw=120_000,
    )
    hotel_staff = make_user("hotel-staff", Role.PARTNER_STAFF, hotel)
    other_hotel_staff = make_user("other-hotel-staff", Role.PARTNER_STAFF, other_hotel)
    driver_desk = make_user("driver-desk", Role.PARTNER_STAFF, transport)
    arrival = timezone.localdate() + datetime.timedelta(days=10)
    return {
        "case": case,
        "patient": patient,
        "coordinator": coordinator,
        "hotel": hotel,
        "other_hotel": other_hotel,
        "transport": transport,
        "room": room,
        "hotel_staff": hotel_staff,
        "other_hotel_staff": other_hotel_staff,
        "driver_desk": driver_desk,
        "arrival": arrival,
        "departure": arrival + datetime.timedelta(days=7),
        "directory": directory,
    }


def with_trip(world, days=7):
    return travel.trip_save(
        case_id=world["case"].id,
        arrival_date=world["arrival"],
        departure_date=world["arrival"] + datetime.timedelta(days=days),
        treatment="Laser toning, three sessions",
        actor=world["coordinator"],
    )


def add_patient_traveller(world, **extra):
    data = {
        "role": "patient",
        "name_native": "Айгерим Нурланова",
        "name_latin": "Aigerim Nurlanova",
        "nationality": "KZ",
        "passport_number": "N12345678",
        "birth_date": datetime.date(1990, 4, 12),
        **extra,
    }
    return travel.traveller_save(case_id=world["case"].id, actor=world["coordinator"], data=data)
