"""Aoristic day-of-week × hour profiles (ANALYTICS.md, "Aoristic time").

A report with a time window (e.g. "happened during the weekend, found Monday morning") spreads
its weight evenly over the time of the window: each local clock hour receives the fraction of
the window's *elapsed* duration that falls inside it, so partial hours count by the minutes
(seconds) covered. A report with an exact time (no end, or end equal to start) puts its whole
weight on its hour. Each report contributes exactly its weight, so the profile sums to the
number of reports (or the sum of the weights).

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

__all__ = ["STOCKHOLM", "Window", "aoristic_profile", "spread"]

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
