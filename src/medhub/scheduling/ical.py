"""iCal feeds: a patient's and an institution's appointments, for any calendar application.

Feed URLs carry a signed token instead of a login (calendar applications cannot sign in)."""

import zoneinfo

from django.conf import settings
from django.core import signing
from icalendar import Calendar, Event

from medhub.core.i18n import pick
from medhub.core.ical import with_timezones

SALT = "medhub.scheduling.ical"


def feed_token(kind: str, pk: int) -> str:
    return signing.dumps({"k": kind, "id": pk}, salt=SALT, compress=True)


def read_token(token: str) -> tuple[str, int] | None:
    try:
        data = signing.loads(token, salt=SALT)
        return data["k"], int(data["id"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def calendar_for(appointments, *, name: str, language: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//medhub//appointments//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    # Appointments happen in Korea: their times are written in Korean time, with its VTIMEZONE.
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for appointment in appointments:
        slot = appointment.slot
        event = Event()
        event.add("uid", f"appointment-{appointment.pk}@medhub")
        event.add("dtstart", slot.starts_at.astimezone(zone))
        event.add("dtend", slot.ends_at.astimezone(zone))
        event.add("dtstamp", appointment.created_at)
        event.add("summary", f"{appointment.case.reference} · {pick(slot.institution.name, language)}")
        event.add("location", pick(slot.institution.address, language))
        calendar.add_component(event)
    return with_timezones(calendar)
