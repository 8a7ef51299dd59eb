"""Sessions held against planned (trygg.interventions.schedule), against hand-counted
calendars: December 2026 has four Fridays (4, 11, 18, 25) and four Saturdays (5, 12, 19, 26)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trygg.interventions.schedule import (
    SessionSpec,
    SlotSpec,
    next_dates,
    planned_dates,
    session_end_day,
    tally,
)

D = dt.date
FRIDAY = SlotSpec(1, 5, D(2026, 1, 1))
SATURDAY = SlotSpec(2, 6, D(2026, 1, 1))
DEC = {"start": D(2026, 12, 1), "end": D(2026, 12, 31)}


def test_planned_dates_are_the_weekdays_in_the_window_and_validity() -> None:
    assert list(planned_dates(FRIDAY, D(2026, 12, 1), D(2026, 12, 31))) == [
        D(2026, 12, 4), D(2026, 12, 11), D(2026, 12, 18), D(2026, 12, 25)
    ]  # fmt: skip
    limited = SlotSpec(1, 5, D(2026, 12, 10), D(2026, 12, 20))
    assert list(planned_dates(limited, D(2026, 12, 1), D(2026, 12, 31))) == [
        D(2026, 12, 11), D(2026, 12, 18)
    ]  # fmt: skip
    assert list(planned_dates(SlotSpec(1, 5, D(2027, 1, 1)), D(2026, 12, 1), D(2026, 12, 31))) == []


def test_a_finished_month_counts_held_cancelled_not_recorded_and_extra() -> None:
    sessions = [
        SessionSpec(1, D(2026, 12, 4), True, 5),
        SessionSpec(1, D(2026, 12, 11), False),
        SessionSpec(1, D(2026, 12, 18), True, 4),
        # 25 December: nothing recorded
        SessionSpec(2, D(2026, 12, 5), True, 6),
        SessionSpec(2, D(2026, 12, 12), True, 3),
        SessionSpec(2, D(2026, 12, 19), True, 2),
        SessionSpec(2, D(2026, 12, 26), False),
        SessionSpec(None, D(2026, 12, 31), True, 10),  # nyårsafton, extra
        SessionSpec(None, D(2026, 12, 30), False),  # a cancelled extra counts nowhere
    ]
    t = tally([FRIDAY, SATURDAY], sessions, cutoff=D(2027, 1, 10), **DEC)
    assert (t.planned, t.held, t.cancelled, t.not_recorded, t.extra) == (8, 5, 2, 1, 1)
    assert t.participants == 5 + 4 + 6 + 3 + 2 + 10
    assert t.complete and t.recorded == 7
    assert t.held_share == pytest.approx(5 / 8)


def test_a_running_month_counts_only_up_to_the_cutoff_like_with_like() -> None:
    """On Monday 14 December only the four sessions up to Saturday 12th are planned so far:
    half the month is not "half the sessions missing"."""
    sessions = [SessionSpec(1, D(2026, 12, 4), True, 5), SessionSpec(2, D(2026, 12, 5), True, 5)]
    t = tally([FRIDAY, SATURDAY], sessions, cutoff=D(2026, 12, 13), **DEC)
    assert (t.planned, t.held, t.not_recorded) == (4, 2, 2)
    assert not t.complete and t.counted_until == D(2026, 12, 13)


def test_a_session_recorded_ahead_counts_although_its_day_is_after_the_cutoff() -> None:
    """Cancelled on Friday morning for the evening: planned and cancelled, not unknown."""
    sessions = [SessionSpec(1, D(2026, 12, 18), False)]
    t = tally([FRIDAY], sessions, cutoff=D(2026, 12, 17), **DEC)
    assert (t.planned, t.cancelled, t.not_recorded) == (3, 1, 2)


def test_nothing_planned_gives_no_share() -> None:
    t = tally([], [], cutoff=D(2026, 12, 31), **DEC)
    assert t.planned == 0 and t.held_share is None


def test_a_session_on_a_day_its_time_does_not_run_is_extra() -> None:
    t = tally([FRIDAY], [SessionSpec(1, D(2026, 12, 3), True, 2)], cutoff=D(2026, 12, 2), **DEC)
    assert (t.planned, t.extra) == (0, 1)


def test_next_dates_interleave_times_in_date_order() -> None:
    assert next_dates([SATURDAY, FRIDAY], D(2026, 12, 5), 3) == [
        (2, D(2026, 12, 5)), (1, D(2026, 12, 11)), (2, D(2026, 12, 12))
    ]  # fmt: skip


def test_a_session_ending_at_or_before_its_start_ends_the_next_day() -> None:
    assert session_end_day(D(2026, 12, 4), dt.time(20), dt.time(0)) == D(2026, 12, 5)
    assert session_end_day(D(2026, 12, 4), dt.time(21), dt.time(1)) == D(2026, 12, 5)
    assert session_end_day(D(2026, 12, 4), dt.time(18), dt.time(22)) == D(2026, 12, 4)


@given(
    weekday=st.integers(1, 7),
    start=st.dates(D(2020, 1, 1), D(2030, 1, 1)),
    days=st.integers(0, 400),
    held=st.sets(st.integers(0, 60)),
)
def test_planned_equals_held_plus_cancelled_plus_not_recorded(
    weekday: int, start: dt.date, days: int, held: set[int]
) -> None:
    slot = SlotSpec(1, weekday, D(2019, 1, 1))
    end = start + dt.timedelta(days=days)
    dates = list(planned_dates(slot, start, end))
    assert len(dates) == sum(
        1 for k in range(days + 1) if (start + dt.timedelta(k)).isoweekday() == weekday
    )
    sessions = [SessionSpec(1, day, n in held, 1) for n, day in enumerate(dates) if n % 3]
    t = tally([slot], sessions, start=start, end=end, cutoff=end)
    assert t.planned == len(dates) == t.held + t.cancelled + t.not_recorded
    assert t.extra == 0
