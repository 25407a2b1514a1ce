"""Institutions publish slots; an accepted case books one; nobody books the same slot twice."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from medhub.accounts.models import Role
from medhub.cases import services
from medhub.cases.models import CaseState
from medhub.cases.services import CaseError
from medhub.core.formats import format_datetime_local
from medhub.scheduling import ical
from medhub.scheduling import services as schedule
from medhub.scheduling.models import Appointment, Slot
from tests.cases.conftest import make_case, make_user


def quote_data():
    return {
        "plan": "Plan",
        "items": [("Consultation", 50_000)],
        "currency": "KRW",
        "valid_until": timezone.localdate() + datetime.timedelta(days=30),
        "stay_days": 2,
        "recovery_days": 1,
    }


def accepted_case(directory, coordinator, reference="HB-BOOK"):
    patient = make_user(f"pat-{reference}", Role.PATIENT)
    case = make_case(patient=patient, reference=reference, time_zone="Asia/Almaty")
    services.case_triage(case_id=case.id, specialty=directory["specialties"]["dermatology"], actor=coordinator)
    services.case_share(case_id=case.id, institution_ids=[directory["derm"].id], actor=coordinator)
    version = services.quote_submit(case_id=case.id, institution_id=directory["derm"].id, actor=coordinator, data=quote_data())
    services.quote_accept(case_id=case.id, quote_id=version.quote_id, actor=patient)
    case.refresh_from_db()
    return case, patient


def tomorrow_slots(institution, count=2):
    """Slots from 10:00 the day after tomorrow. Published through the service the first time;
    later calls for the same institution write the rows directly, because some tests need two
    appointments at the same time, which one institution cannot publish (test_overlap.py)."""
    day = timezone.localdate() + datetime.timedelta(days=2)
    if not Slot.objects.filter(institution=institution).exists():
        return schedule.slots_publish(
            institution_id=institution.id, day=day, start=datetime.time(10, 0), minutes=30, count=count, kind="in_person"
        )
    first = datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=schedule.HUB_ZONE)
    length = datetime.timedelta(minutes=30)
    return Slot.objects.bulk_create(
        Slot(institution=institution, starts_at=first + n * length, ends_at=first + (n + 1) * length, kind="in_person")
        for n in range(count)
    )


@pytest.mark.django_db
def test_provider_publishes_slots_in_korean_time(client, directory):
    staff = make_user("derm-staff", Role.PROVIDER_STAFF, directory["derm"])
    client.force_login(staff)
    day = timezone.localdate() + datetime.timedelta(days=3)
    response = client.post(
        "/en/work/slots/", {"day": day.isoformat(), "start": "09:00", "minutes": "30", "count": "3", "kind": "teleconsult"}
    )
    assert response.status_code == 302
    slots = list(Slot.objects.filter(institution=directory["derm"]))
    assert len(slots) == 3
    assert timezone.localtime(slots[0].starts_at).hour == 9  # Asia/Seoul
    assert slots[0].starts_at.utcoffset() is not None
    assert slots[1].starts_at - slots[0].starts_at == datetime.timedelta(minutes=30)
    past = client.post(
        "/en/work/slots/", {"day": "2020-01-01", "start": "09:00", "minutes": "30", "count": "1", "kind": "in_person"}
    )
    assert past.status_code == 400


@pytest.mark.django_db
def test_patient_books_a_slot_and_sees_both_time_zones(client, directory, coordinator):
    case, patient = accepted_case(directory, coordinator)
    slot = tomorrow_slots(directory["derm"])[0]
    client.force_login(patient)
    page = client.get(f"/en/cases/{case.reference}/").content.decode()
    # Both written the reader's way (tests/core/test_formats.py pins the formats): "Dec 5, 2026, 10:00 AM".
    korean = format_datetime_local(slot.starts_at, "en", zone="Asia/Seoul")
    almaty = format_datetime_local(slot.starts_at, "en", zone="Asia/Almaty")
    assert korean.endswith("10:00\u202fAM") and almaty.endswith("6:00\u202fAM")
    assert korean in page and almaty in page
    assert client.post(f"/en/cases/{case.reference}/book/", {"slot": str(slot.id)}).status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.SCHEDULED
    assert Appointment.objects.get().slot == slot


@pytest.mark.django_db
def test_a_slot_of_another_institution_cannot_be_booked(directory, coordinator):
    case, patient = accepted_case(directory, coordinator)
    other = tomorrow_slots(directory["spine"])[0]
    with pytest.raises(CaseError):
        schedule.appointment_book(case_id=case.id, slot_id=other.id, actor=patient)


@pytest.mark.django_db
def test_a_booked_slot_cannot_be_booked_again(directory, coordinator):
    first, patient = accepted_case(directory, coordinator, "HB-ONE")
    second, other = accepted_case(directory, coordinator, "HB-TWO")
    slot = tomorrow_slots(directory["derm"], count=1)[0]
    schedule.appointment_book(case_id=first.id, slot_id=slot.id, actor=patient)
    with pytest.raises(CaseError, match="just booked"):
        schedule.appointment_book(case_id=second.id, slot_id=slot.id, actor=other)


@pytest.mark.django_db
def test_ical_feeds_for_patient_and_institution(client, directory, coordinator):
    case, patient = accepted_case(directory, coordinator)
    slot = tomorrow_slots(directory["derm"])[0]
    schedule.appointment_book(case_id=case.id, slot_id=slot.id, actor=patient)
    for kind, pk in (("case", case.id), ("institution", directory["derm"].id)):
        response = client.get(f"/ical/{ical.feed_token(kind, pk)}.ics")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        body = response.content.decode()
        assert "BEGIN:VEVENT" in body and case.reference in body
        # Written in Korean time with its zone (VTIMEZONE: tests/scheduling/test_ical_timezones.py).
        korean = slot.starts_at.astimezone(datetime.timezone(datetime.timedelta(hours=9)))
        assert "DTSTART;TZID=Asia/Seoul:" + korean.strftime("%Y%m%dT%H%M%S") in body
    assert client.get("/ical/forged-token.ics").status_code == 404


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are proved on PostgreSQL (CI runs the suite there too)")
def test_two_concurrent_bookings_of_one_slot_on_postgresql(live_directory):
    from django.db import connections

    from tests.cases.conftest import make_user as make

    coordinator = make("coord-c", Role.COORDINATOR)
    first, p1 = accepted_case(live_directory, coordinator, "HB-C1")
    second, p2 = accepted_case(live_directory, coordinator, "HB-C2")
    slot = tomorrow_slots(live_directory["derm"], count=1)[0]
    barrier = threading.Barrier(2)
    results = []

    def attempt(case, patient):
        try:
            barrier.wait()
            schedule.appointment_book(case_id=case.id, slot_id=slot.id, actor=patient)
            results.append("booked")
        except CaseError:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=args) for args in ((first, p1), (second, p2))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["booked", "refused"]
    assert Appointment.objects.filter(slot=slot).count() == 1
