"""Two periods (quarter, tertial, year): covered days, like-with-like windows, a verdict per row.

Specification: ANALYTICS.md rev 2, "Two periods". Pure Python (dates and counts in, frozen
dataclasses out).

- `cover`: the days of a calendar period that the data cover — inside the municipality's history
  (from ``history_start``) and before ``data_end`` (the Monday after the last complete ISO week)
  — whether the period is still running, and the same calendar window one year earlier to
  compare it with. A comparison is possible only when both windows lie wholly inside the
  history; otherwise `PeriodCoverage.reason` says why not, and there is no comparison window
  (never a ratio against days without data).
- `compare_rows`: every row of one table (areas, or categories) against its like-with-like
  window: the exact conditional test of two Poisson rates with the rate ratio and its exact
  95 % CI (`significance.compare_rates`, equal to statsmodels'
  ``test_poisson_2indep(method="exact-cond")``), then Benjamini–Hochberg across the rows of the
  table; a verdict word ("increase" / "decrease") only where q < alpha.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from trygg.analysis.significance import DEFAULT_ALPHA, benjamini_hochberg, compare_rates

Reason = Literal[
    "no_data",  # the municipality has no history at all
    "not_started",  # the period has no complete week yet (or lies in the future)
    "before_history",  # the period ended before the history started: no data in it
    "starts_before_history",  # the history starts inside the period: its year-earlier window
    # has no data
    "comparison_before_history",  # the period is covered, but its window a year earlier is not
    # (wholly) inside the history
]
Verdict = Literal["increase", "decrease", "none"]


@dataclass(frozen=True)
class Window:
    """Consecutive days: ``first`` up to, not including, ``after``."""

    first: dt.date
    after: dt.date

    def __post_init__(self) -> None:
        if self.after <= self.first:
            raise ValueError("a window holds at least one day")

    @property
    def last(self) -> dt.date:
        return self.after - dt.timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.after - self.first).days


def year_before(day: dt.date) -> dt.date:
    """The same calendar day one year earlier; 29 February becomes 28 February."""
    if day.month == 2 and day.day == 29:
        return dt.date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def window_year_before(window: Window) -> Window:
    """The same calendar window one year earlier (1 Jan–29 Nov 2026 → 1 Jan–29 Nov 2025)."""
    return Window(year_before(window.first), year_before(window.last) + dt.timedelta(days=1))


@dataclass(frozen=True)
class PeriodCoverage:
    period: Window
    """The whole calendar period."""
    covered: Window | None
    """The days of the period with data (None: none); the exposure of its rates."""
    running: bool
    """The period goes on after the last complete week (its ``covered`` window ends there)."""
    comparison: Window | None
    """The same calendar window one year earlier — only when a comparison is possible."""
    reason: Reason | None
    """Why no comparison is possible (None: it is)."""
    history_start: dt.date | None

    @property
    def comparable(self) -> bool:
        return self.comparison is not None


def cover(
    first: dt.date, after: dt.date, history_start: dt.date | None, data_end: dt.date
) -> PeriodCoverage:
    """Coverage of the calendar period [first, after).

    ``history_start``: the first day of the municipality's history (None: no data at all);
    ``data_end``: the day after the last complete ISO week (its Monday after).
    """
    period = Window(first, after)
    running = first < data_end < after

    def without(reason: Reason, covered: Window | None = None) -> PeriodCoverage:
        return PeriodCoverage(period, covered, running, None, reason, history_start)

    if history_start is None or history_start >= data_end:
        return without("no_data")
    if first >= data_end:
        return without("not_started")
    if after <= history_start:
        return without("before_history")
    window_after = min(after, data_end)
    covered = Window(max(first, history_start), window_after)
    if first < history_start:
        return without("starts_before_history", covered)
    earlier = window_year_before(Window(first, window_after))
    if earlier.first < history_start:
        return without("comparison_before_history", covered)
    return PeriodCoverage(period, covered, running, earlier, None, history_start)


@dataclass(frozen=True)
class RowComparison:
    """One row of a table against its window a year earlier."""

    count: int
    exposure: float
    reference_count: int
    reference_exposure: float
    rate_ratio: float | None
    """(count/exposure) / (reference_count/reference_exposure); None when reference_count = 0."""
    lower: float
    upper: float | None
    """None: unbounded (reference_count = 0)."""
    p: float
    q: float | None
    """Benjamini–Hochberg q across the table's rows; None for a row without events in either
    window (it cannot carry evidence and is not counted in the family)."""
    verdict: Verdict


def compare_rows(
    rows: Sequence[tuple[int, float, int, float]], alpha: float = DEFAULT_ALPHA
) -> list[RowComparison]:
    """Compare each row (count, exposure, reference_count, reference_exposure) — exposures in
    days — and adjust the p-values across the rows by Benjamini–Hochberg.

    The family is the rows with at least one event in either window (a conditional test on
    n = 0 events is p = 1 by construction and can never be significant). The verdict is
    "increase" or "decrease" (by the direction of the observed daily rates) where q < alpha,
    otherwise "none" ("no detectable change").
    """
    tests = [compare_rates(c, e, r, f, alpha=alpha) for c, e, r, f in rows]
    family = [i for i, (c, _e, r, _f) in enumerate(rows) if c + r > 0]
    q: dict[int, float] = {}
    if family:
        adjusted = benjamini_hochberg([tests[i].p for i in family], alpha=alpha)
        q = {i: float(v) for i, v in zip(family, adjusted.q, strict=True)}
    out: list[RowComparison] = []
    for i, ((c, e, r, f), test) in enumerate(zip(rows, tests, strict=True)):
        verdict: Verdict = "none"
        q_i = q.get(i)
        if q_i is not None and q_i < alpha:
            verdict = "increase" if c * f > r * e else "decrease"
        out.append(
            RowComparison(
                count=c,
                exposure=float(e),
                reference_count=r,
                reference_exposure=float(f),
                rate_ratio=test.rate_ratio,
                lower=test.lower,
                upper=test.upper,
                p=test.p,
                q=q_i,
                verdict=verdict,
            )
        )
    return out
