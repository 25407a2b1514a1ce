"""Calendar files of council meetings (core/ical.py: times with their zone and a VTIMEZONE)."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from medhub.core.ical import with_timezones
from medhub.council.models import MeetingStatus


def _event(meeting, *, organizer_name: str) -> Event:
    zone = ZoneInfo(settings.TIME_ZONE)
    event = Event()
    event.add("uid", f"council-meeting-{meeting.pk}@medhub")
    event.add("dtstamp", datetime.datetime.now(tz=datetime.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", meeting.title)
    if meeting.place:
        event.add("location", meeting.place)
    if meeting.video_url:
        event.add("url", meeting.video_url)
    lines = [meeting.agenda] if meeting.agenda else []
    if meeting.video_url:
        lines.append(_("Video link: %(url)s") % {"url": meeting.video_url})
    if lines:
        event.add("description", "\n\n".join(lines))
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    event.add("organizer", f"mailto:{settings.DEFAULT_FROM_EMAIL}", parameters={"cn": organizer_name})
    return event


def meetings_ics(meetings, *, name: str, organizer_name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//medhub//council//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(_event(meeting, organizer_name=organizer_name))
    return with_timezones(calendar)
