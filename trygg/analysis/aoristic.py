"""Aoristic day-of-week × hour profiles (ANALYTICS.md, "Aoristic time").

A report with a time window (e.g. "happened during the weekend, found Monday morning") spreads
its weight evenly over the time of the window: each local clock hour receives the fraction of
the window's *elapsed* duration that falls inside it, so partial hours count by the minutes
(seconds) covered. A report with an exact time (no end, or end equal to start) puts its whole
weight on its hour. Each report contributes exactly its weight, so the profile sums to the
number of reports (or the sum of the weights).

Two entry points compute the same profile: :func:`aoristic_profile` walks datetimes window by
window (the readable reference), :func:`aoristic_profile_epochs` takes whole UTC epoch seconds
(exact times pre-aggregated per UTC hour, as SQL can count them) and spreads all windows at once
with numpy; the tests hold them equal.

The profile is in local time, Europe/Stockholm: row = weekday (Monday = 0 … Sunday = 6),
column = hour 0–23. Around daylight-saving changes the window is walked in real (UTC) time and
each piece is put on the local hour it happened in: on the last Sunday of March the local hour
02 does not exist and receives nothing; on the last Sunday of October the local hour 02 occurs
twice and receives both. Stockholm's UTC offset has been a whole number of hours since 1900, so
UTC hour boundaries are local hour boundaries.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

__all__ = ["STOCKHOLM", "Window", "aoristic_profile", "aoristic_profile_epochs", "spread"]

STOCKHOLM: Final = ZoneInfo("Europe/Stockholm")
HOUR: Final = timedelta(hours=1)

Window = tuple[datetime, datetime | None]


def _utc(value: datetime, name: str) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware: {value!r}")
    return value.astimezone(UTC)


def _slot(moment_utc: datetime) -> tuple[int, int]:
    local = moment_utc.astimezone(STOCKHOLM)
    return local.weekday(), local.hour


def spread(start: datetime, end: datetime | None = None) -> dict[tuple[int, int], float]:
    """Fractions of one report per local (weekday, hour); they sum to 1.

    ``start`` and ``end`` must be timezone-aware; ``end`` None or equal to ``start`` means an
    exact time. ValueError if ``end`` is before ``start``.
    """
    begin = _utc(start, "start")
    if end is None:
        return {_slot(begin): 1.0}
    finish = _utc(end, "end")
    if finish < begin:
        raise ValueError(f"time window ends before it starts: {start} – {end}")
    if finish == begin:
        return {_slot(begin): 1.0}
    total = (finish - begin).total_seconds()
    result: dict[tuple[int, int], float] = {}
    moment = begin
    while moment < finish:
        boundary = moment.replace(minute=0, second=0, microsecond=0) + HOUR
        piece_end = min(boundary, finish)
        key = _slot(moment)
        result[key] = result.get(key, 0.0) + (piece_end - moment).total_seconds() / total
        moment = piece_end
    return result


def aoristic_profile(
    windows: Sequence[Window], weights: Sequence[float] | npt.ArrayLike | None = None
) -> npt.NDArray[np.float64]:
    """7×24 profile (Monday = 0, hour 0–23, Europe/Stockholm) of reports with time windows.

    ``windows`` holds one ``(start, end)`` per report, ``end`` None for an exact time;
    ``weights`` (default 1 per report, e.g. harm weights) must be finite and ≥ 0. The profile
    sums to the sum of the weights.
    """
    n = len(windows)
    if weights is None:
        w = np.ones(n, dtype=np.float64)
    else:
        w = np.asarray(weights, dtype=np.float64).reshape(-1)
        if w.shape != (n,):
            raise ValueError(f"expected {n} weights (one per window), got {w.size}")
        if not np.all(np.isfinite(w)) or np.any(w < 0):
            raise ValueError("weights must be finite and not negative")
    profile = np.zeros((7, 24), dtype=np.float64)
    for (start, end), weight in zip(windows, w, strict=True):
        for (day, hour), fraction in spread(start, end).items():
            profile[day, hour] += weight * fraction
    return profile


def _local_slots(
    utc_hours: npt.NDArray[np.int64], zone: ZoneInfo = STOCKHOLM
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(weekday Monday = 0, local hour) of each UTC epoch hour, with the zone's real offsets.

    The offset is looked up once per UTC day (at its first and last hour); only on the few days
    where the two differ (a daylight-saving change) is it looked up hour by hour. Offsets must
    be whole hours (true for Stockholm since 1900).
    """
    offsets = np.zeros(utc_hours.shape, dtype=np.int64)
    days = utc_hours // 24
    for day in np.unique(days):
        first = datetime.fromtimestamp(int(day) * 86400, UTC).astimezone(zone).utcoffset()
        last = datetime.fromtimestamp(int(day) * 86400 + 23 * 3600, UTC).astimezone(zone)
        in_day = days == day
        if first == last.utcoffset() and first is not None:
            offsets[in_day] = int(first.total_seconds()) // 3600
            continue
        for i in np.nonzero(in_day)[0]:
            moment = datetime.fromtimestamp(int(utc_hours[i]) * 3600, UTC).astimezone(zone)
            offset = moment.utcoffset()
            offsets[i] = int(offset.total_seconds()) // 3600 if offset is not None else 0
    local = utc_hours + offsets
    # 1970-01-01 (epoch day 0) was a Thursday: weekday 3 with Monday = 0
    return (local // 24 + 3) % 7, local % 24


def aoristic_profile_epochs(
    *,
    exact_hours: Sequence[tuple[int, float]] | npt.ArrayLike = (),
    windows: Sequence[tuple[int, int]] | npt.ArrayLike = (),
    window_weights: Sequence[float] | npt.ArrayLike | None = None,
) -> npt.NDArray[np.float64]:
    """The same 7×24 profile as :func:`aoristic_profile`, from UTC epoch seconds.

    ``exact_hours`` holds ``(utc_hour, weight)`` pairs — ``utc_hour`` is epoch seconds // 3600
    of reports with an exact time, ``weight`` their number (or summed weight) in that hour.
    ``windows`` holds ``(start, end)`` epoch seconds of reports with a time window; each spreads
    its weight (default 1) evenly over its elapsed seconds. A window with ``end == start`` counts
    as an exact time. ValueError if a window ends before it starts or a weight is negative.
    """
    exact = np.asarray(exact_hours, dtype=np.float64).reshape(-1, 2)
    spans = np.asarray(windows, dtype=np.int64).reshape(-1, 2)
    if window_weights is None:
        w = np.ones(len(spans), dtype=np.float64)
    else:
        w = np.asarray(window_weights, dtype=np.float64).reshape(-1)
        if w.shape != (len(spans),):
            raise ValueError(f"expected {len(spans)} weights (one per window), got {w.size}")
    if not np.all(np.isfinite(exact)) or not np.all(np.isfinite(w)):
        raise ValueError("weights must be finite and not negative")
    if np.any(exact[:, 1] < 0) or np.any(w < 0):
        raise ValueError("weights must be finite and not negative")
    starts, ends = spans[:, 0], spans[:, 1]
    if np.any(ends < starts):
        raise ValueError("a time window ends before it starts")
    profile = np.zeros((7, 24), dtype=np.float64)
    hours = exact[:, 0].astype(np.int64)
    if not len(hours) and not len(spans):
        return profile

    # Windows: per UTC hour, the seconds of each window inside it times weight / duration.
    point = ends == starts
    h_start = starts // 3600
    h_end = ends // 3600
    if len(spans):
        lo = int(min(h_start.min(), hours.min() if len(hours) else h_start.min()))
        hi = int(max(h_end.max(), hours.max() if len(hours) else h_end.max()))
    else:
        lo, hi = int(hours.min()), int(hours.max())
    size = hi - lo + 2
    totals = np.zeros(size, dtype=np.float64)
    np.add.at(totals, hours - lo, exact[:, 1])
    np.add.at(totals, h_start[point] - lo, w[point])
    real = ~point
    if np.any(real):
        s, e, weight = starts[real], ends[real], w[real]
        hs, he = h_start[real], h_end[real]
        rate = weight / (e - s)  # weight per second
        same = hs == he
        # a window inside one hour: all of its weight there
        np.add.at(totals, hs[same] - lo, weight[same])
        cross = ~same
        s, e, rate, hs, he = s[cross], e[cross], rate[cross], hs[cross], he[cross]
        np.add.at(totals, hs - lo, ((hs + 1) * 3600 - s) * rate)  # first, partial hour
        np.add.at(totals, he - lo, (e - he * 3600) * rate)  # last, partial hour (may be 0)
        # the whole hours between: a difference array over the hour axis
        steps = np.zeros(size + 1, dtype=np.float64)
        np.add.at(steps, hs + 1 - lo, 3600 * rate)
        np.add.at(steps, he - lo, -3600 * rate)
        totals += np.cumsum(steps)[:size]
        totals[np.abs(totals) < 1e-12] = 0.0  # rounding residue of the running sum
    used = np.nonzero(totals)[0]
    day, hour = _local_slots(used.astype(np.int64) + lo)
    np.add.at(profile, (day, hour), totals[used])
    return profile
