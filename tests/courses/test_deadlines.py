"""The arithmetic of deadlines, late penalties and attempt limits (courses/deadlines.py)."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from courses import deadlines

PARIS = ZoneInfo("Europe/Paris")
DUE = datetime(2026, 11, 30, 23, 59, tzinfo=UTC)  # a Monday
SECOND, MINUTE = timedelta(seconds=1), timedelta(minutes=1)
HOUR, DAY = timedelta(hours=1), timedelta(days=1)


def item(**fields) -> SimpleNamespace:
    """A scheduled item as the models have it: 10 % per day started, at most 50 %."""
    return SimpleNamespace(
        **{
            "opens_at": None,
            "due_at": DUE,
            "late_policy": "penalty",
            "penalty_per_day": 0.1,
            "penalty_cap": 0.5,
            "grace_minutes": 0,
            "max_attempts": None,
        }
        | fields
    )


@pytest.mark.parametrize(
    ("submitted", "factor"),
    [
        (DUE - DAY, 1.0),
        (DUE, 1.0),  # exactly at the deadline: on time
        (DUE + timedelta(microseconds=1), 0.9),
        (DUE + SECOND, 0.9),  # one second late: one day started
        (DUE + DAY, 0.9),  # exactly one day late: still the first day
        (DUE + DAY + SECOND, 0.8),  # the second day started
        (DUE + 3 * DAY, 0.7),  # 0.7, not 0.6999999999999999
        (DUE + 4 * DAY + SECOND, 0.5),  # 5 days: -50 %, the cap
        (DUE + 30 * DAY, 0.5),  # never more than the cap
    ],
)
def test_late_factor_at_the_boundaries(submitted, factor):
    assert deadlines.late_factor(item(), submitted) == factor


def test_the_grace_period_is_on_time_to_its_last_moment():
    graced = item(grace_minutes=15)
    assert deadlines.late_factor(graced, DUE + 15 * MINUTE) == 1.0
    assert deadlines.late_factor(graced, DUE + 15 * MINUTE + SECOND) == 0.9
    # Days late count from the end of the grace period, not from due_at.
    assert deadlines.late_factor(graced, DUE + DAY + 15 * MINUTE) == 0.9
    assert deadlines.late_factor(graced, DUE + DAY + 15 * MINUTE + SECOND) == 0.8


def test_the_factor_is_never_below_zero():
    harsh = item(penalty_per_day=0.3, penalty_cap=2.0)
    assert deadlines.late_factor(harsh, DUE + 3 * DAY) == pytest.approx(0.1)
    assert deadlines.late_factor(harsh, DUE + 4 * DAY) == 0.0
    assert deadlines.late_factor(harsh, DUE + 40 * DAY) == 0.0


def test_no_penalty_without_a_deadline_or_under_the_none_policy():
    assert deadlines.late_factor(item(due_at=None), DUE + 9 * DAY) == 1.0
    # "none" refuses late work when it is sent; what was accepted anyway counts in full.
    assert deadlines.late_factor(item(late_policy="none"), DUE + 9 * DAY) == 1.0


def test_due_at_in_paris_or_in_utc_is_the_same_instant():
    in_paris = item(due_at=DUE.astimezone(PARIS))
    for late in [SECOND, DAY, DAY + SECOND, 10 * DAY]:
        assert deadlines.late_factor(in_paris, DUE + late) == deadlines.late_factor(
            item(), (DUE + late).astimezone(PARIS)
        )


def test_days_late_are_elapsed_hours_across_the_spring_dst_change():
    # Summer time starts in Paris on Sunday 29 March 2026 at 02:00 (the clocks skip an hour).
    due = datetime(2026, 3, 28, 12, 0, tzinfo=PARIS)  # 11:00 UTC
    spring = item(due_at=due)
    # 12:30 the next day by the Paris clock is only 23.5 hours later: one day started.
    submitted = datetime(2026, 3, 29, 12, 30, tzinfo=PARIS)
    assert deadlines.late_factor(spring, submitted) == 0.9
    assert deadlines.late_factor(spring, datetime(2026, 3, 29, 10, 30, tzinfo=UTC)) == 0.9
    assert deadlines.late_factor(item(due_at=due.astimezone(UTC)), submitted) == 0.9
    # 24 hours exactly after the deadline is 13:00 Paris time: the second day starts after.
    assert deadlines.late_factor(spring, datetime(2026, 3, 29, 13, 0, tzinfo=PARIS)) == 0.9
    assert deadlines.late_factor(spring, datetime(2026, 3, 29, 13, 0, 1, tzinfo=PARIS)) == 0.8


def test_days_late_are_elapsed_hours_across_the_autumn_dst_change():
    # Summer time ends in Paris on Sunday 25 October 2026 at 03:00 (an hour is repeated).
    due = datetime(2026, 10, 24, 12, 0, tzinfo=PARIS)  # 10:00 UTC
    autumn = item(due_at=due)
    # 11:30 the next day by the Paris clock is 24.5 hours later: the second day started.
    assert deadlines.late_factor(autumn, datetime(2026, 10, 25, 11, 30, tzinfo=PARIS)) == 0.8
    assert deadlines.late_factor(autumn, datetime(2026, 10, 25, 10, 30, tzinfo=UTC)) == 0.8
    assert deadlines.late_factor(autumn, datetime(2026, 10, 25, 10, 59, tzinfo=PARIS)) == 0.9


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="aware"):
        deadlines.late_factor(item(), datetime(2026, 12, 1))


@pytest.mark.parametrize(
    ("per_day", "cap", "levels"),
    [(0.1, 0.5, 5), (0.2, 1.0, 5), (0.3, 0.5, 2), (0.05, 0.5, 10), (0.3, 2.0, 4), (0.1, 0.3, 3)],
)
def test_the_factor_stops_changing_after_penalty_levels_days(per_day, cap, levels):
    scheduled = item(penalty_per_day=per_day, penalty_cap=cap)
    assert deadlines.penalty_levels(scheduled) == levels
    last = deadlines.factor_for_days(scheduled, levels)
    assert deadlines.factor_for_days(scheduled, levels - 1) > last
    assert all(deadlines.factor_for_days(scheduled, d) == last for d in range(levels, 400))


def test_no_levels_when_lateness_costs_nothing():
    assert deadlines.penalty_levels(item(late_policy="none")) == 0
    assert deadlines.penalty_levels(item(due_at=None)) == 0
    assert deadlines.penalty_levels(item(penalty_per_day=0)) == 0


def test_not_open_yet_says_when_it_opens_in_the_zone_given():
    opens = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    scheduled = item(opens_at=opens)
    assert deadlines.can_submit(scheduled, opens - SECOND, 0) == (
        False,
        "Not open yet: it opens Mon 30 Nov, 09:00 UTC.",
    )
    allowed, reason = deadlines.can_submit(scheduled, opens - HOUR, 0, PARIS)
    assert not allowed and reason == "Not open yet: it opens Mon 30 Nov, 10:00 CET."
    assert deadlines.can_submit(scheduled, opens, 0) == (True, "")


def test_with_no_late_work_it_closes_at_the_end_of_the_grace_period():
    strict = item(late_policy="none", grace_minutes=5)
    assert deadlines.can_submit(strict, DUE + 5 * MINUTE, 0) == (True, "")
    allowed, reason = deadlines.can_submit(strict, DUE + 5 * MINUTE + SECOND, 0)
    assert not allowed
    assert reason == "Closed: it was due Mon 30 Nov, 23:59 UTC and late work is not accepted."
    # With a penalty, late work is taken (and costs).
    assert deadlines.can_submit(item(), DUE + 9 * DAY, 0) == (True, "")


def test_attempts_run_out():
    limited = item(max_attempts=3)
    assert deadlines.can_submit(limited, DUE - DAY, 2) == (True, "")
    assert deadlines.can_submit(limited, DUE - DAY, 3) == (
        False,
        "No attempts left: you have used all 3 attempts.",
    )
    assert deadlines.can_submit(item(max_attempts=1), DUE, 1)[1].endswith("all 1 attempt.")
    assert deadlines.can_submit(item(), DUE, 1000) == (True, "")


def test_describe_before_the_deadline():
    now = DUE - (2 * DAY + 3 * HOUR + 10 * MINUTE)
    assert deadlines.describe(item(max_attempts=5), now, UTC, attempts_used=2) == [
        "Due in 2 days 3 hours (Mon 30 Nov, 23:59 UTC)",
        "Late: \u221210 % per day started, at most \u221250 %",
        "3 of 5 attempts left",
    ]


def test_describe_shows_times_in_the_site_zone():
    lines = deadlines.describe(item(late_policy="none", grace_minutes=10), DUE - HOUR, PARIS)
    assert lines == [
        "Due in 1 hour (Tue 1 Dec, 00:59 CET)",
        "Late work is not accepted after 10 minutes of grace",
    ]


def test_describe_after_the_deadline():
    assert deadlines.describe(item(late_policy="none"), DUE + MINUTE, UTC)[0] == (
        "Closed (it was due Mon 30 Nov, 23:59 UTC)"
    )
    assert deadlines.describe(item(), DUE + DAY + HOUR, UTC)[0] == (
        "Due Mon 30 Nov, 23:59 UTC: late, work submitted now counts 80 %"
    )
    assert deadlines.describe(item(grace_minutes=30), DUE + 20 * MINUTE, UTC)[0] == (
        "Due Mon 30 Nov, 23:59 UTC: 10 minutes of grace left"
    )


def test_describe_before_opening_and_in_another_year():
    opens = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
    lines = deadlines.describe(item(opens_at=opens, due_at=None, max_attempts=2), DUE, UTC)
    assert lines == ["Opens in 34 days 8 hours (Mon 4 Jan 2027, 08:00 UTC)", "2 attempts allowed"]
    assert deadlines.describe(item(due_at=None), DUE, UTC) == []
