"""What every iCalendar file medhub writes shares: times carry their zone (``DTSTART;TZID=``)
and the file carries a VTIMEZONE for each zone used, first, so that calendar applications
that do not know the IANA names (or know an older rule) still place events at the right hour."""

from icalendar import Calendar


def with_timezones(calendar: Calendar) -> bytes:
    """The calendar as bytes, with a VTIMEZONE (built by icalendar from the tz database) for
    every TZID its events use, placed before the events."""
    calendar.add_missing_timezones()
    zones = [c for c in calendar.subcomponents if c.name == "VTIMEZONE"]
    others = [c for c in calendar.subcomponents if c.name != "VTIMEZONE"]
    calendar.subcomponents[:] = zones + others
    return calendar.to_ical()
