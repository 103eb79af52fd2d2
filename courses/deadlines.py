"""Deadlines, late penalties and attempt limits of a scheduled item (an exercise, a quiz).

Pure functions over the fields of `courses.models.Scheduled`: no database, no Django,
so that the arithmetic can be tested (and reasoned about) on its own. Times must be
aware datetimes; the time zone to show them in is passed in by the caller (the site's
TIME_ZONE).

A day late is 24 hours of elapsed time counted from the end of the grace period, and a
started day counts in full (one second late is one day late). Times are compared in UTC,
so a change to or from summer time neither adds nor removes an hour.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol

DAY = timedelta(days=1)
NONE = "none"
PENALTY = "penalty"


class Scheduled(Protocol):
    opens_at: datetime | None
    due_at: datetime | None
    late_policy: str
    penalty_per_day: float
    penalty_cap: float
    grace_minutes: int
    max_attempts: int | None


def _utc(moment: datetime) -> datetime:
    # Python subtracts two datetimes of the same tzinfo by their wall clocks, ignoring a DST
    # change in between: converting both to UTC first makes every difference elapsed time.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"an aware datetime is needed, not {moment!r}")
    return moment.astimezone(UTC)


def deadline(item: Scheduled) -> datetime | None:
    """The last moment that is on time: the due date plus the grace period."""
    if item.due_at is None:
        return None
    return _utc(item.due_at) + timedelta(minutes=item.grace_minutes or 0)


def days_late(item: Scheduled, at: datetime) -> int:
    """Started days after the deadline (0 when on time, 1 for one second late)."""
    end = deadline(item)
    if end is None:
        return 0
    late = _utc(at) - end
    if late <= timedelta(0):
        return 0
    return -(-late // DAY)  # ceiling division of timedeltas: exact, no float rounding


def factor_for_days(item: Scheduled, days: int) -> float:
    """What a score is multiplied by when it is `days` started days late."""
    if item.late_policy != PENALTY or days <= 0:
        return 1.0
    lost = min(item.penalty_cap, item.penalty_per_day * days)
    # Rounded so that 1 - 3 * 0.1 is 0.7, not 0.6999999999999999, in pages and exports.
    return round(min(1.0, max(0.0, 1.0 - lost)), 10)


def late_factor(item: Scheduled, submitted_at: datetime) -> float:
    """The part of the score that counts for work submitted at `submitted_at`.

    1.0 on time (or within the grace period). With the "penalty" policy, 1 minus
    min(cap, per day x started days late), never below 0. With the "none" policy late
    work is refused when submitted (see can_submit), so whatever was accepted anyway
    (by staff, or before the deadline was moved) counts in full.
    """
    return factor_for_days(item, days_late(item, submitted_at))


def penalty_levels(item: Scheduled) -> int:
    """The number of days late after which the factor stops changing (0: it never does).

    The grade book groups submissions by days late up to this number (one group per
    distinct factor), so that the database can take the best score of each group.
    """
    if item.late_policy != PENALTY or item.due_at is None or item.penalty_per_day <= 0:
        return 0
    most = min(max(item.penalty_cap, 0.0), 1.0)
    return max(1, math.ceil(most / item.penalty_per_day))


def is_open(item: Scheduled, now: datetime) -> bool:
    return item.opens_at is None or _utc(now) >= _utc(item.opens_at)


def is_closed(item: Scheduled, now: datetime) -> bool:
    """Closed for good: past the deadline and late work is not accepted."""
    end = deadline(item)
    return item.late_policy != PENALTY and end is not None and _utc(now) > end


def attempts_left(item: Scheduled, attempts_used: int) -> int | None:
    if item.max_attempts is None:
        return None
    return max(0, item.max_attempts - attempts_used)


def can_submit(
    item: Scheduled, now: datetime, attempts_used: int, tz: tzinfo = UTC
) -> tuple[bool, str]:
    """May work be submitted now? (True, "") or (False, the reason, for the student)."""
    if not is_open(item, now):
        return False, f"Not open yet: it opens {when(item.opens_at, tz, now)}."
    if is_closed(item, now):
        return False, (
            f"Closed: it was due {when(item.due_at, tz, now)} and late work is not accepted."
        )
    if attempts_left(item, attempts_used) == 0:
        allowed = _plural(item.max_attempts, "attempt")
        return False, f"No attempts left: you have used all {allowed}."
    return True, ""


def describe(
    item: Scheduled, now: datetime, tz: tzinfo = UTC, attempts_used: int | None = None
) -> list[str]:
    """Lines for a page: opening, deadline and time left, late policy, attempts left."""
    lines = []
    if not is_open(item, now):
        left = _duration(_utc(item.opens_at) - _utc(now))
        lines.append(f"Opens in {left} ({when(item.opens_at, tz, now)})")
    if item.due_at is not None:
        lines.append(_due(item, now, tz))
        lines.append(_policy(item))
    if item.max_attempts is not None:
        if attempts_used is None:
            lines.append(f"{_plural(item.max_attempts, 'attempt')} allowed")
        else:
            left = attempts_left(item, attempts_used)
            lines.append(f"{left} of {_plural(item.max_attempts, 'attempt')} left")
    return lines


def _due(item: Scheduled, now: datetime, tz: tzinfo) -> str:
    due, end, now = _utc(item.due_at), deadline(item), _utc(now)
    shown = when(item.due_at, tz, now)
    if now <= due:
        return f"Due in {_duration(due - now)} ({shown})"
    if now <= end:
        return f"Due {shown}: {_duration(end - now)} of grace left"
    if is_closed(item, now):
        return f"Closed (it was due {shown})"
    factor = late_factor(item, now)
    return f"Due {shown}: late, work submitted now counts {_percent(factor)}"


def _policy(item: Scheduled) -> str:
    grace = f" after {_plural(item.grace_minutes, 'minute')} of grace" if item.grace_minutes else ""
    if item.late_policy != PENALTY:
        return f"Late work is not accepted{grace}"
    per_day, cap = _percent(item.penalty_per_day), _percent(min(item.penalty_cap, 1.0))
    return f"Late: \u2212{per_day} per day started, at most \u2212{cap}{grace}"


def when(moment: datetime, tz: tzinfo, now: datetime | None = None) -> str:
    """In `tz`, e.g. "Mon 30 Nov, 23:59 UTC"; with the year when it is not this year's."""
    local = moment.astimezone(tz)
    year = "" if now is not None and now.astimezone(tz).year == local.year else f" {local.year}"
    return f"{local:%a} {local.day} {local:%b}{year}, {local:%H:%M} {local.tzname()}"


def _duration(span: timedelta) -> str:
    """The two largest units, rounded down: "2 days 3 hours", "5 minutes"."""
    minutes = int(span.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _plural(days, "day") + (f" {_plural(hours, 'hour')}" if hours else "")
    if hours:
        return _plural(hours, "hour") + (f" {_plural(minutes, 'minute')}" if minutes else "")
    if minutes:
        return _plural(minutes, "minute")
    return "less than a minute"


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'}"


def _percent(part: float) -> str:
    return f"{round(part * 100, 2):g} %"
