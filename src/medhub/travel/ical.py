"""The itinerary as an iCalendar file: timed entries with their times, stays and travel days
as whole-day events, texts in the patient's language."""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

from medhub.core.ical import with_timezones
from medhub.travel.selectors import Itinerary


def itinerary_calendar(plan: Itinerary, *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//medhub//itinerary//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(plan.zone))
    stamp = timezone.now()
    for day in plan.days:
        for entry in day.entries:
            if entry.starts is None:
                continue  # whole-day entries come from plan.all_day, once each
            event = Event()
            event.add("uid", f"{entry.uid}@medhub")
            event.add("dtstamp", stamp)
            event.add("dtstart", entry.starts.astimezone(plan.zone))
            event.add("dtend", (entry.ends or entry.starts + datetime.timedelta(hours=1)).astimezone(plan.zone))
            event.add("summary", entry.title)
            if entry.details:
                event.add("description", "\n".join(entry.details))
            calendar.add_component(event)
    for first, after_last, entry in plan.all_day:
        event = Event()
        event.add("uid", f"{entry.uid}@medhub")
        event.add("dtstamp", stamp)
        event.add("dtstart", first)
        event.add("dtend", after_last)
        event.add("summary", entry.title)
        if entry.details:
            event.add("description", "\n".join(entry.details))
        calendar.add_component(event)
    return with_timezones(calendar)
