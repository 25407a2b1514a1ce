"""The clocks: working days skip weekends and Korean public holidays; resolution counts calendar days."""

import datetime
import zoneinfo

import pytest

from medhub.complaints.clock import add_working_days, due_dates, is_working_day

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def test_two_working_days_from_a_friday_end_on_tuesday():
    friday = datetime.date(2026, 11, 27)
    assert friday.weekday() == 4
    assert add_working_days(friday, 2) == datetime.date(2026, 12, 1)


def test_a_complaint_received_on_saturday_counts_from_monday():
    saturday = datetime.date(2026, 11, 28)
    assert add_working_days(saturday, 1) == datetime.date(2026, 11, 30)
    assert add_working_days(saturday, 2) == datetime.date(2026, 12, 1)


def test_korean_public_holidays_are_not_working_days():
    # Chuseok 2026: 24–26 September (Thursday to Saturday).
    assert not is_working_day(datetime.date(2026, 9, 24))
    assert not is_working_day(datetime.date(2026, 9, 25))
    wednesday = datetime.date(2026, 9, 23)
    assert add_working_days(wednesday, 2) == datetime.date(2026, 9, 29)  # Mon 28, Tue 29
    # Hangul Day, 9 October 2026, a Friday.
    assert add_working_days(datetime.date(2026, 10, 8), 1) == datetime.date(2026, 10, 12)


def test_due_dates_follow_the_settings(settings):
    settings.MEDHUB_COMPLAINT_ACK_WORKING_DAYS = 2
    settings.MEDHUB_COMPLAINT_RESOLVE_DAYS = 14
    received = datetime.datetime(2026, 11, 27, 16, 30, tzinfo=SEOUL)  # a Friday afternoon in Seoul
    acknowledge, resolve = due_dates(received)
    assert acknowledge.astimezone(SEOUL) == datetime.datetime(2026, 12, 1, 23, 59, 59, tzinfo=SEOUL)
    assert resolve - received == datetime.timedelta(days=14)
    settings.MEDHUB_COMPLAINT_ACK_WORKING_DAYS = 5
    acknowledge, _resolve = due_dates(received)
    assert acknowledge.astimezone(SEOUL).date() == datetime.date(2026, 12, 4)


@pytest.mark.parametrize("count", [0, 1, 3, 10])
def test_the_day_reached_is_always_a_working_day(count):
    day = add_working_days(datetime.date(2026, 12, 24), count)
    assert count == 0 or is_working_day(day)
