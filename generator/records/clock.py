"""The day a command works with, worked out once per command and handed to all that needs it.

A certificate expires and a best-before date passes at midnight in Vietnam, where the records are
written and read, whatever the time zone of the machine that builds the site: a runner on UTC is
seven hours behind, and validation and the pages must agree on the day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone, tzinfo

# Vietnam's time, without daylight saving; a time in a record without an offset is in it too.
SITE_TIMEZONE = timezone(timedelta(hours=7))


def now(zone: tzinfo) -> datetime:
    """The moment, in ``zone`` (the machine's clock: the one thing the tests move)."""
    return datetime.now(zone)


def today() -> date:
    """Today in Vietnam. Call it once per command and pass the day on."""
    return now(SITE_TIMEZONE).date()


def moment(value: date | datetime) -> str:
    """A record's day or time as an ISO 8601 moment: a day starts at midnight in Vietnam."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.min, SITE_TIMEZONE)
    return value.isoformat()
