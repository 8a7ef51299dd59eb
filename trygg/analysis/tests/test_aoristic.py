"""Aoristic day-of-week × hour profile in Europe/Stockholm local time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trygg.analysis.aoristic import aoristic_profile, aoristic_profile_epochs, spread

SE = ZoneInfo("Europe/Stockholm")
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SE)


def test_exact_time() -> None:
    t = local(2025, 3, 5, 14, 37)  # Wednesday
    assert spread(t) == {(WED, 14): 1.0}
    assert spread(t, t) == {(WED, 14): 1.0}
    profile = aoristic_profile([(t, None)])
    assert profile.shape == (7, 24)
    assert profile[WED, 14] == 1.0 and profile.sum() == 1.0


def test_utc_input_is_shown_in_local_time() -> None:
    # 23:10 UTC on Sunday 2025-01-05 is 00:10 Monday in Stockholm (UTC+1 in winter)
    t = datetime(2025, 1, 5, 23, 10, tzinfo=UTC)
    assert spread(t) == {(MON, 0): 1.0}
    summer = datetime(2025, 7, 6, 22, 10, tzinfo=UTC)  # UTC+2: 00:10 Monday
    assert spread(summer) == {(MON, 0): 1.0}


def test_window_across_midnight_and_weekday() -> None:
    # Friday 22:30 → Saturday 00:30: 30 + 60 + 30 minutes of 120
    s = spread(local(2025, 5, 16, 22, 30), local(2025, 5, 17, 0, 30))
    assert s == pytest.approx({(FRI, 22): 0.25, (FRI, 23): 0.5, (SAT, 0): 0.25})


def test_partial_hours_by_minutes() -> None:
    s = spread(local(2025, 5, 14, 10, 45), local(2025, 5, 14, 12, 5))  # 80 minutes
    assert s == pytest.approx({(WED, 10): 15 / 80, (WED, 11): 60 / 80, (WED, 12): 5 / 80})


def test_weekend_window() -> None:
    # "happened during the weekend, found Monday morning": Fri 18:00 → Mon 07:00 = 61 hours
    s = spread(local(2025, 5, 16, 18), local(2025, 5, 19, 7))
    assert len(s) == 61
    assert all(v == pytest.approx(1 / 61) for v in s.values())
    profile = aoristic_profile([(local(2025, 5, 16, 18), local(2025, 5, 19, 7))], weights=[2.0])
    assert profile.sum() == pytest.approx(2.0)
    assert profile[SAT].sum() == pytest.approx(2 * 24 / 61)
    assert profile[FRI, :18].sum() == 0 and profile[MON, 7:].sum() == 0
    assert profile[TUE:FRI].sum() == 0


def test_dst_spring_forward() -> None:
    # last Sunday of March 2025 (30 March): 02:00 → 03:00, local hour 02 does not exist
    start, end = local(2025, 3, 30, 1, 30), local(2025, 3, 30, 3, 30)
    # Python subtracts aware datetimes of one tz by wall clock; real elapsed time is one hour
    assert end - start == timedelta(hours=2)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=1)
    s = spread(start, end)  # one real hour: 30 min in 01, 30 min in 03
    assert s == pytest.approx({(SUN, 1): 0.5, (SUN, 3): 0.5})
    assert (SUN, 2) not in s


def test_dst_fall_back() -> None:
    # last Sunday of October 2025 (26 October): 03:00 → 02:00, local hour 02 happens twice
    start = datetime(2025, 10, 25, 23, 30, tzinfo=UTC)  # 01:30 CEST
    end = datetime(2025, 10, 26, 2, 30, tzinfo=UTC)  # 03:30 CET; 3 real hours later
    assert start.astimezone(SE).hour == 1 and end.astimezone(SE).hour == 3
    s = spread(start, end)
    assert s == pytest.approx({(SUN, 1): 1 / 6, (SUN, 2): 4 / 6, (SUN, 3): 1 / 6})
    # written in local time with fold: 02:15 first pass → 02:45 second pass = 1.5 h
    first = datetime(2025, 10, 26, 2, 15, tzinfo=SE, fold=0)
    second = datetime(2025, 10, 26, 2, 45, tzinfo=SE, fold=1)
    assert spread(first, second) == pytest.approx({(SUN, 2): 1.0})


def test_profile_sums_and_weights() -> None:
    windows: list[tuple[datetime, datetime | None]] = [
        (local(2025, 5, 12, 8), None),
        (local(2025, 5, 12, 8, 30), local(2025, 5, 12, 9, 30)),
        (local(2025, 5, 17, 23), local(2025, 5, 18, 1)),
    ]
    p = aoristic_profile(windows)
    assert p.sum() == pytest.approx(3.0)
    assert p[MON, 8] == pytest.approx(1.5) and p[MON, 9] == pytest.approx(0.5)
    assert p[SAT, 23] == pytest.approx(0.5) and p[SUN, 0] == pytest.approx(0.5)
    pw = aoristic_profile(windows, weights=[1.0, 2.0, 0.5])
    assert pw.sum() == pytest.approx(3.5)
    assert aoristic_profile([]).sum() == 0


def test_validation() -> None:
    t = local(2025, 5, 12, 8)
    # naive on purpose: spread() must refuse them
    with pytest.raises(ValueError, match="timezone-aware"):
        spread(datetime(2025, 5, 12, 8))  # noqa: DTZ001
    with pytest.raises(ValueError, match="timezone-aware"):
        spread(t, datetime(2025, 5, 12, 9))  # noqa: DTZ001
    with pytest.raises(ValueError, match="ends before"):
        spread(t, t - timedelta(minutes=1))
    with pytest.raises(ValueError, match="weights"):
        aoristic_profile([(t, None)], weights=[1.0, 2.0])
    with pytest.raises(ValueError, match="weights"):
        aoristic_profile([(t, None)], weights=[-1.0])
    with pytest.raises(TypeError):
        spread("2025-05-12", None)  # type: ignore[arg-type]


# hypothesis takes naive bounds and attaches the time zone itself (timezones=)
moments = st.datetimes(
    min_value=datetime(2020, 1, 1),  # noqa: DTZ001
    max_value=datetime(2030, 12, 31),  # noqa: DTZ001
    timezones=st.just(SE),
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(moments, st.one_of(st.none(), st.integers(min_value=0, max_value=60 * 24 * 9))),
        max_size=8,
    ),
)
def test_total_weight_preserved(items: list[tuple[datetime, int | None]]) -> None:
    # windows of m minutes of real time (aware-datetime arithmetic in a zone is wall-clock
    # arithmetic and could invert a window across a DST change); times as stored come from UTC
    windows = []
    for s, m in items:
        start_utc = s.astimezone(UTC)
        end = None if m is None else (start_utc + timedelta(minutes=m)).astimezone(SE)
        windows.append((start_utc.astimezone(SE), end))
    profile = aoristic_profile(windows)
    assert profile.sum() == pytest.approx(len(windows), abs=1e-9)
    assert np.all(profile >= 0)
    for start, end in windows:
        assert sum(spread(start, end).values()) == pytest.approx(1.0, abs=1e-12)


def _epochs(
    windows: list[tuple[datetime, datetime | None]],
) -> tuple[list[tuple[int, float]], list[tuple[int, int]]]:
    """Split windows as the selector does: exact times counted per UTC hour, windows as seconds."""
    hours: dict[int, float] = {}
    spans: list[tuple[int, int]] = []
    for start, end in windows:
        s = int(start.timestamp())
        if end is None:
            hours[s // 3600] = hours.get(s // 3600, 0.0) + 1.0
        else:
            spans.append((s, int(end.timestamp())))
    return sorted(hours.items()), spans


def test_epoch_profile_dst_days() -> None:
    # spring forward: a window over the missing local hour 02; fall back: the doubled hour 02
    spring = (
        local(2025, 3, 30, 1, 30),
        (local(2025, 3, 30, 1, 30).astimezone(UTC) + timedelta(hours=2)).astimezone(SE),
    )
    autumn_start = datetime(2025, 10, 26, 0, 0, tzinfo=UTC)  # 02:00 CEST
    autumn = (autumn_start.astimezone(SE), (autumn_start + timedelta(hours=2)).astimezone(SE))
    windows = [spring, autumn, (local(2025, 10, 26, 2, 15), None)]
    hours, spans = _epochs(windows)
    expected = aoristic_profile(windows)
    got = aoristic_profile_epochs(exact_hours=hours, windows=spans)
    np.testing.assert_allclose(got, expected, atol=1e-12)
    assert got[SUN, 2] == pytest.approx(1.0 + 1.0)  # both autumn 02 hours, plus the exact report
    # spring: 01:30–02:00 CET (¼ of two real hours), 03:00–04:00 CEST (½), 04:00–04:30 (¼);
    # the local hour 02 does not exist that day
    assert got[SUN, 1] == pytest.approx(0.25)
    assert got[SUN, 3] == pytest.approx(0.5)
    assert got[SUN, 4] == pytest.approx(0.25)


def test_epoch_profile_weights_and_validation() -> None:
    start = int(local(2025, 5, 12, 8).timestamp())
    got = aoristic_profile_epochs(
        exact_hours=[(start // 3600, 3.0)],
        windows=[(start, start + 7200), (start + 60, start + 60)],
        window_weights=[2.0, 0.5],
    )
    assert got[MON, 8] == pytest.approx(3.0 + 1.0 + 0.5)
    assert got[MON, 9] == pytest.approx(1.0)
    assert got.sum() == pytest.approx(5.5)
    assert aoristic_profile_epochs().sum() == 0
    with pytest.raises(ValueError, match="ends before"):
        aoristic_profile_epochs(windows=[(start, start - 1)])
    with pytest.raises(ValueError, match="weights"):
        aoristic_profile_epochs(exact_hours=[(start // 3600, -1.0)])
    with pytest.raises(ValueError, match="weights"):
        aoristic_profile_epochs(windows=[(start, start + 1)], window_weights=[1.0, 2.0])


whole_seconds = st.integers(
    min_value=int(datetime(2020, 1, 1, tzinfo=UTC).timestamp()),
    max_value=int(datetime(2030, 12, 31, tzinfo=UTC).timestamp()),
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            whole_seconds, st.one_of(st.none(), st.integers(min_value=0, max_value=3600 * 24 * 9))
        ),
        max_size=12,
    ),
)
def test_epoch_profile_equals_reference(items: list[tuple[int, int | None]]) -> None:
    windows = [
        (
            datetime.fromtimestamp(s, UTC).astimezone(SE),
            None if d is None else datetime.fromtimestamp(s + d, UTC).astimezone(SE),
        )
        for s, d in items
    ]
    hours, spans = _epochs(windows)
    got = aoristic_profile_epochs(exact_hours=hours, windows=spans)
    np.testing.assert_allclose(got, aoristic_profile(windows), atol=1e-9)
