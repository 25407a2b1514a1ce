"""Every iCalendar file carries the VTIMEZONE of the zone its times are written in, so a
calendar application that does not know the IANA name still puts the event at the right hour."""

import datetime

import pytest
from icalendar import Calendar

from medhub.cases.models import Case
from medhub.scheduling import ical
from medhub.scheduling import services as schedule
from tests.scheduling.test_booking import accepted_case, tomorrow_slots

pytestmark = pytest.mark.django_db


def _zones(calendar: Calendar) -> dict[str, Calendar]:
    return {str(zone["TZID"]): zone for zone in calendar.walk("VTIMEZONE")}


def test_appointment_feed_has_asia_seoul_vtimezone(client, directory, coordinator):
    case, patient = accepted_case(directory, coordinator)
    slot = tomorrow_slots(directory["derm"])[0]
    schedule.appointment_book(case_id=case.id, slot_id=slot.id, actor=patient)
    for kind, pk in (("case", case.id), ("institution", directory["derm"].id)):
        body = client.get(f"/ical/{ical.feed_token(kind, pk)}.ics").content
        calendar = Calendar.from_ical(body)
        zones = _zones(calendar)
        assert list(zones) == ["Asia/Seoul"]
        standard = zones["Asia/Seoul"].walk("STANDARD")
        assert any(s.decoded("TZOFFSETTO") == datetime.timedelta(hours=9) for s in standard)
        # The zone comes before the events that use it.
        text = body.decode()
        assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")
        (event,) = calendar.walk("VEVENT")
        assert event["DTSTART"].params["TZID"] == "Asia/Seoul"
        assert event["DTEND"].params["TZID"] == "Asia/Seoul"
        # 10:00 in Seoul, the same instant as the slot.
        assert "DTSTART;TZID=Asia/Seoul:" + slot.starts_at.strftime("%Y%m%d") + "T100000" in text
        assert event.decoded("DTSTART") == slot.starts_at


def test_itinerary_ics_has_the_patients_zone_and_korean_patients_get_seoul(client, directory, coordinator):
    case, patient = accepted_case(directory, coordinator, reference="HB-ICS")
    slot = tomorrow_slots(directory["derm"])[0]
    schedule.appointment_book(case_id=case.id, slot_id=slot.id, actor=patient)
    client.force_login(patient)

    almaty = Calendar.from_ical(client.get(f"/en/cases/{case.reference}/itinerary.ics").content)
    assert list(_zones(almaty)) == ["Asia/Almaty"]
    (event,) = almaty.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Asia/Almaty" and event.decoded("DTSTART") == slot.starts_at

    Case.objects.filter(pk=case.pk).update(time_zone="Asia/Seoul")
    body = client.get(f"/en/cases/{case.reference}/itinerary.ics").content
    seoul = Calendar.from_ical(body)
    assert list(_zones(seoul)) == ["Asia/Seoul"]
    assert "DTSTART;TZID=Asia/Seoul:" + slot.starts_at.strftime("%Y%m%d") + "T100000" in body.decode()
