"""The complaint's clocks: acknowledged within MEDHUB_COMPLAINT_ACK_WORKING_DAYS working days,
resolved within MEDHUB_COMPLAINT_RESOLVE_DAYS calendar days of receipt.

A working day is Monday to Friday and not a Korean public holiday (the ``holidays`` package's
calendar for KR, substitute holidays included). Days are counted in the hub's time zone: the
acknowledgement is due at the end of the n-th working day after the day of receipt, so a
complaint received on a Friday or a Saturday is due at the end of Tuesday (n = 2).
"""

import datetime
import functools

import holidays
from django.conf import settings
from django.utils import timezone


@functools.cache
def _korean_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("KR", years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _korean_holidays(day.year)


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The ``count``-th working day after ``day`` (``day`` itself is never counted)."""
    current = day
    remaining = max(0, count)
    while remaining:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def _end_of(day: datetime.date) -> datetime.datetime:
    zone = timezone.get_default_timezone()
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=zone)


def due_dates(received_at: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """(acknowledgement due, resolution due) for a complaint received at ``received_at``."""
    local_day = timezone.localtime(received_at).date()
    acknowledge = _end_of(add_working_days(local_day, settings.MEDHUB_COMPLAINT_ACK_WORKING_DAYS))
    resolve = received_at + datetime.timedelta(days=settings.MEDHUB_COMPLAINT_RESOLVE_DAYS)
    return acknowledge, resolve
