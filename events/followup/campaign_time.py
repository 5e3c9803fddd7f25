"""When campaign steps go out: local clock times and dates in the event's time zone, and the
send moment of a step (after the end, before the start, or a fixed local date-time)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

Row = dict[str, Any]


def parse_clock(value: str) -> time | None:
    """ "09:00" → time(9, 0); None for anything else."""
    try:
        hours, minutes = value.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        return None


def parse_local(value: str) -> datetime | None:
    """ "2026-11-03T09:00" (an <input type=datetime-local>) → naive datetime, or None."""
    try:
        return datetime.fromisoformat(value.strip()).replace(second=0, microsecond=0, tzinfo=None)
    except ValueError:
        return None


def local_instant(timezone: str, day: date, clock: time) -> datetime:
    """The UTC instant of a local wall-clock time on a local date in `timezone`."""
    return datetime.combine(day, clock, tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def step_due_at(step: Row, event: Row) -> datetime:
    """When a step goes out (UTC), from its timing and the event's end and time zone."""
    if step["timing"] == "fixed":
        moment = parse_local(step["fixed_local"])
        assert moment is not None
        return local_instant(event["timezone"], moment.date(), moment.time())
    clock = parse_clock(step["local_time"]) or time(9, 0)
    zone = ZoneInfo(event["timezone"])
    if step.get("anchor") == "start":
        start_day = event["starts_at"].astimezone(zone).date()
        return local_instant(
            event["timezone"], start_day - timedelta(days=step["offset_days"]), clock
        )
    end_day = event["ends_at"].astimezone(zone).date()
    return local_instant(event["timezone"], end_day + timedelta(days=step["offset_days"]), clock)


def is_reminder(step: Row) -> bool:
    """A step before the event: about the day people registered for, so it is transactional
    (no follow-up consent needed, no unsubscribe) and reaches only those who registered at
    least `REMINDER_NOTICE` before it goes out."""
    return step.get("anchor") == "start" and step.get("timing") == "offset"


REMINDER_NOTICE = timedelta(hours=24)
