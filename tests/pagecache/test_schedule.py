"""Seconds until midnight, portal time: worked out once a day per process,
right whichever way the clock moves."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from pagecache.schedule import seconds_until_midnight

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day, hour, minute, second=0):
    return dt.datetime(2026, 12, day, hour, minute, second, tzinfo=HANOI)


def test_seconds_until_midnight_follow_the_clock_across_days(time_machine):
    time_machine.move_to(at(7, 10, 0), tick=False)
    assert seconds_until_midnight() == 14 * 3600

    time_machine.move_to(at(8, 23, 59, 30), tick=False)  # the next day: a new midnight
    assert seconds_until_midnight() == 30

    time_machine.move_to(at(8, 0, 0, 1), tick=False)  # back that day's first second
    assert seconds_until_midnight() == 24 * 3600 - 1

    time_machine.move_to(at(3, 12, 0), tick=False)  # days back (a test, a clock fixed)
    assert seconds_until_midnight() == 12 * 3600
