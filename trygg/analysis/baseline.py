"""Expected weekly counts (the baseline λ) and their Poisson prediction band.

Specification: ANALYTICS.md, "Is this week unusual?".

The expected count for a week is

    λ = (1 − w) · mean(previous k weeks) + w · mean(same ISO weeks ± k/2 last year)

- "previous k weeks" are the k complete ISO weeks immediately before the week (default k = 8);
  fewer are used when the history is shorter (a new installation), never zero;
- "same ISO weeks ± k/2 last year" are the 2·⌊k/2⌋ + 1 weeks centred on the week exactly 52
  weeks earlier (same weekday, so the same ISO week number except next to a week 53): they
  bring seasonality (summer, school holidays, Christmas) into the expectation;
- w (default 0.5) is the weight of last year; w = 0 when last year's data do not exist, so λ is
  then the plain mean of the previous weeks.

The band is the central 95 % Poisson prediction interval for a single week's count when the
true mean is λ: [poisson.ppf(0.025, λ), poisson.ppf(0.975, λ)] (both inclusive integers; for
λ = 0 the band is [0, 0]). It does not include the uncertainty of λ itself, so it is slightly
too narrow when the history is short; it is a reading aid, and the decision whether a week is
unusual is made by the one-sided test with FDR correction in `trygg.analysis.significance`.

Everything here is pure: plain numbers in, frozen dataclasses or numpy arrays out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats

DEFAULT_K = 8
DEFAULT_LAST_YEAR_WEIGHT = 0.5
BAND_LEVEL = 0.95

IsoWeek = tuple[int, int]
"""An ISO week as (ISO year, ISO week number)."""


@dataclass(frozen=True)
class Baseline:
    """The expected count of one cell (area × category, or area) for one week."""

    expected: float
    """λ, the expected count."""
    lower: int
    """Lower end of the 95 % Poisson prediction band (inclusive)."""
    upper: int
    """Upper end of the 95 % Poisson prediction band (inclusive)."""
    recent_mean: float
    """Mean of the previous weeks used."""
    recent_weeks: int
    """How many previous weeks were used (k, or fewer for a short history)."""
    last_year_mean: float | None
    """Mean of last year's weeks, or None when not available."""
    last_year_weeks: int
    """How many of last year's weeks were used (0 when not available)."""
    last_year_weight: float
    """The weight w actually applied (0 when last year is not available)."""


# ---------------------------------------------------------------------------------------------
# Calendar helpers: which ISO weeks feed the baseline of a given week.
# ---------------------------------------------------------------------------------------------


def _monday(week: IsoWeek) -> dt.date:
    return dt.date.fromisocalendar(week[0], week[1], 1)


def _iso(day: dt.date) -> IsoWeek:
    iso = day.isocalendar()
    return (iso.year, iso.week)


def previous_weeks(week: IsoWeek, k: int = DEFAULT_K) -> list[IsoWeek]:
    """The k ISO weeks immediately before `week`, oldest first (crosses year boundaries)."""
    if k < 1:
        raise ValueError("k must be at least 1")
    monday = _monday(week)
    return [_iso(monday - dt.timedelta(weeks=i)) for i in range(k, 0, -1)]


def same_weeks_last_year(week: IsoWeek, k: int = DEFAULT_K) -> list[IsoWeek]:
    """The 2·⌊k/2⌋ + 1 ISO weeks centred on the week 52 weeks before `week`, oldest first.

    52 weeks (364 days) keeps the weekday and the date within ±3 days, so the centre is the
    same ISO week number last year, except next to a year with 53 weeks: 2026-W53 maps to
    2026-W01, and in the year after a 53-week year the numbers shift by one (2027-W10 →
    2026-W11). The calendar date, which is what seasonality follows, always stays aligned.
    """
    if k < 0:
        raise ValueError("k must not be negative")
    centre = _monday(week) - dt.timedelta(weeks=52)
    half = k // 2
    return [_iso(centre + dt.timedelta(weeks=i)) for i in range(-half, half + 1)]


# ---------------------------------------------------------------------------------------------
# The band.
# ---------------------------------------------------------------------------------------------


def prediction_band(
    expected: npt.ArrayLike, level: float = BAND_LEVEL
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Central Poisson prediction interval [ppf((1−level)/2, λ), ppf((1+level)/2, λ)].

    Vectorised over λ; λ = 0 gives [0, 0]. Returns integer arrays (lower, upper).
    """
    if not 0 < level < 1:
        raise ValueError("level must be in (0, 1)")
    lam = np.asarray(expected, dtype=float)
    if np.any(~np.isfinite(lam)) or np.any(lam < 0):
        raise ValueError("expected values must be finite and non-negative")
    tail = (1.0 - level) / 2.0
    # scipy returns 0 for λ = 0 already; np.where keeps that explicit and independent of version.
    lower = np.where(lam > 0, stats.poisson.ppf(tail, lam), 0.0)
    upper = np.where(lam > 0, stats.poisson.ppf(1.0 - tail, lam), 0.0)
    return lower.astype(np.int64), upper.astype(np.int64)


# ---------------------------------------------------------------------------------------------
# The expected value.
# ---------------------------------------------------------------------------------------------


def _counts(values: Sequence[float] | npt.ArrayLike, name: str) -> npt.NDArray[np.float64]:
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional")
    if np.any(~np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError(f"{name} must be finite and non-negative")
    return arr


def compute_baseline(
    previous: Sequence[float] | npt.ArrayLike,
    last_year: Sequence[float] | npt.ArrayLike | None = None,
    *,
    k: int = DEFAULT_K,
    last_year_weight: float = DEFAULT_LAST_YEAR_WEIGHT,
    level: float = BAND_LEVEL,
) -> Baseline | None:
    """Baseline for one cell.

    `previous`: weekly counts before the week, oldest first; the last k are used.
    `last_year`: the counts of `same_weeks_last_year(week, k)` (any number of weeks; None or
    empty when last year is not in the data — then w = 0).
    Returns None when there is no previous week at all (nothing to compare with).
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    if not 0.0 <= last_year_weight <= 1.0:
        raise ValueError("last_year_weight must be in [0, 1]")
    recent = _counts(previous, "previous")[-k:]
    if recent.size == 0:
        return None
    recent_mean = float(recent.mean())
    ly = _counts([] if last_year is None else last_year, "last_year")
    if ly.size:
        ly_mean: float | None = float(ly.mean())
        w = last_year_weight
    else:
        ly_mean = None
        w = 0.0
    expected = (1.0 - w) * recent_mean + w * (ly_mean if ly_mean is not None else 0.0)
    lower, upper = prediction_band(expected, level)
    return Baseline(
        expected=expected,
        lower=int(lower),
        upper=int(upper),
        recent_mean=recent_mean,
        recent_weeks=int(recent.size),
        last_year_mean=ly_mean,
        last_year_weeks=int(ly.size),
        last_year_weight=w,
    )


def expected_counts(
    previous: npt.ArrayLike,
    last_year: npt.ArrayLike | None = None,
    *,
    k: int = DEFAULT_K,
    last_year_weight: float = DEFAULT_LAST_YEAR_WEIGHT,
) -> npt.NDArray[np.float64]:
    """Vectorised λ for many cells at once (same formula as `compute_baseline`).

    `previous`: shape (cells, weeks), oldest week first; the last k columns are used (at least
    one column required). `last_year`: shape (cells, weeks') or None / zero columns, in which
    case w = 0 for every cell.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    if not 0.0 <= last_year_weight <= 1.0:
        raise ValueError("last_year_weight must be in [0, 1]")
    prev = np.asarray(previous, dtype=float)
    if prev.ndim != 2 or prev.shape[1] == 0:
        raise ValueError("previous must have shape (cells, weeks) with at least one week")
    if np.any(~np.isfinite(prev)) or np.any(prev < 0):
        raise ValueError("previous must be finite and non-negative")
    recent_mean: npt.NDArray[np.float64] = prev[:, -k:].mean(axis=1)
    if last_year is None:
        return recent_mean
    ly = np.asarray(last_year, dtype=float)
    if ly.ndim != 2 or ly.shape[0] != prev.shape[0]:
        raise ValueError("last_year must have shape (cells, weeks) with the same cells")
    if ly.shape[1] == 0:
        return recent_mean
    if np.any(~np.isfinite(ly)) or np.any(ly < 0):
        raise ValueError("last_year must be finite and non-negative")
    w = last_year_weight
    result: npt.NDArray[np.float64] = (1.0 - w) * recent_mean + w * ly.mean(axis=1)
    return result
