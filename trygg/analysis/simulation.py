"""Simulated weekly counts for calibrating and measuring the weekly test (ANALYTICS.md rev 2).

A simulated municipality has `areas` × `categories` cells (default 9 × 16, like the demo's
Flen) and `weeks` consecutive ISO weeks (default 156, three years). Each cell has a base mean
per week (area weight × category weight, scaled to `total_per_week`), multiplied by a smooth
annual season per category; the counts are Poisson–gamma (negative binomial) with variance
φ × mean, so events cluster as real reports do (φ ≈ 1.5 by default).

Used by the calibration test (trygg/analysis/tests/test_calibration.py), the power table
(bench/power.py) and docs/statistics.md. Pure numpy; every function takes a seeded
numpy Generator or a seed, so the numbers are reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from trygg.analysis.predictive import (
    DEFAULT_ALPHA,
    DEFAULT_K,
    SeriesTest,
    bh_rows,
    evaluate_series,
    predictive_p,
    series_baseline,
    series_dispersion,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

WEEKS = 156
AREAS = 9
CATEGORIES = 16
PHI = 1.5
WEEKS_PER_YEAR = 52.1775

#: relative size of the areas (Flen's demo areas: the station and the centre are busiest)
AREA_WEIGHTS = (5.5, 5.0, 3.5, 2.5, 2.2, 1.6, 0.6, 0.5, 0.35)
#: relative frequency of the categories (the demo's default table)
CATEGORY_WEIGHTS = (14, 9, 10, 3, 13, 6, 4, 1, 7, 4, 5, 2, 8, 2, 1, 2)


def poisson_gamma(rng: np.random.Generator, mean: npt.ArrayLike, phi: float) -> IntArray:
    """Counts with the given means and variance φ·mean: Poisson with a gamma-distributed mean
    (shape mean/(φ − 1), scale φ − 1). φ = 1 gives plain Poisson counts."""
    mu = np.asarray(mean, dtype=float)
    if np.any(~np.isfinite(mu)) or np.any(mu < 0):
        raise ValueError("means must be finite and non-negative")
    if not np.isfinite(phi) or phi < 1:
        raise ValueError("phi must be at least 1")
    if phi == 1:
        return np.asarray(rng.poisson(mu), dtype=np.int64)
    shape = np.where(mu > 0, mu / (phi - 1.0), 1.0)
    rate = np.where(mu > 0, rng.gamma(shape, phi - 1.0), 0.0)
    return np.asarray(rng.poisson(rate), dtype=np.int64)


def base_means(
    total_per_week: float,
    areas: int = AREAS,
    categories: int = CATEGORIES,
) -> FloatArray:
    """(areas, categories) mean counts per week at season factor 1, summing to the total."""
    a = np.resize(np.asarray(AREA_WEIGHTS, dtype=float), areas)
    c = np.resize(np.asarray(CATEGORY_WEIGHTS, dtype=float), categories)
    cells = np.outer(a, c)
    result: FloatArray = cells / cells.sum() * total_per_week
    return result


def season(
    rng: np.random.Generator, weeks: int, categories: int, amplitude: tuple[float, float]
) -> FloatArray:
    """(weeks, categories) smooth annual factors 1 + A·sin(2π w/52.18 + phase), A drawn from
    `amplitude` per category (summer peaks for some categories, winter peaks for others)."""
    amp = rng.uniform(amplitude[0], amplitude[1], size=categories)
    phase = rng.uniform(0.0, 2.0 * np.pi, size=categories)
    w = np.arange(weeks, dtype=float)[:, None]
    result: FloatArray = 1.0 + amp[None, :] * np.sin(2.0 * np.pi * w / WEEKS_PER_YEAR + phase)
    return result


@dataclass(frozen=True)
class World:
    """One simulated municipality: counts and the true means behind them."""

    counts: IntArray
    """(weeks, areas, categories)"""
    means: FloatArray
    """(weeks, areas, categories) the true mean of each cell and week"""
    phi: float


def simulate_world(
    rng: np.random.Generator,
    *,
    weeks: int = WEEKS,
    areas: int = AREAS,
    categories: int = CATEGORIES,
    total_per_week: float = 40.0,
    phi: float = PHI,
    amplitude: tuple[float, float] = (0.15, 0.45),
    means: FloatArray | None = None,
) -> World:
    """A municipality with no change: seasonal means, Poisson–gamma counts.

    `means` (weeks, areas, categories) replaces the generated means (for planted changes).
    """
    if means is None:
        base = base_means(total_per_week, areas, categories)
        factors = season(rng, weeks, categories, amplitude)
        means = base[None, :, :] * factors[:, None, :]
    return World(counts=poisson_gamma(rng, means, phi), means=means, phi=phi)


@dataclass(frozen=True)
class Flags:
    """The whole method on one world, for one window length t."""

    cells: SeriesTest
    """area × category cells, BH over all of them per week, φ per category"""
    totals: SeriesTest
    """area totals, their own family, one φ per municipality"""

    @property
    def area_weeks(self) -> BoolArray:
        """(weeks, areas): any category of the area or its total flagged that week."""
        return np.asarray(self.cells.flagged.any(axis=2) | self.totals.flagged)


def run_method(
    counts: npt.ArrayLike,
    t: int,
    *,
    usable: npt.ArrayLike | None = None,
    k: int = DEFAULT_K,
    alpha: float = DEFAULT_ALPHA,
) -> Flags:
    """The weekly test as the picture runs it, for every week of a simulated series."""
    c = np.asarray(counts)
    u = np.ones(c.shape[0], dtype=bool) if usable is None else np.asarray(usable, dtype=bool)
    return Flags(
        cells=evaluate_series(c, u, t, k, alpha),
        totals=evaluate_series(c.sum(axis=2), u, t, k, alpha),
    )


def first_testable_week(k: int = DEFAULT_K) -> int:
    """Index of the first week whose baseline has its full seasonal part (one year and ⌊k/2⌋
    weeks into the history); earlier weeks rest on the recent weeks only."""
    return 52 + k // 2


@dataclass(frozen=True)
class BatchFlags:
    """`run_method` for many independent worlds at once (each its own families)."""

    cells: BoolArray
    """(worlds, weeks, areas, categories) flagged"""
    totals: BoolArray
    """(worlds, weeks, areas) flagged"""
    cell_q: FloatArray
    """(worlds, weeks, areas, categories) BH q-values (nan without a test)"""

    @property
    def area_weeks(self) -> BoolArray:
        return np.asarray(self.cells.any(axis=3) | self.totals)


def _batch_family(
    counts: FloatArray, t: int, k: int, alpha: float, from_week: int
) -> tuple[FloatArray, BoolArray]:
    """counts (worlds, weeks, areas, rest...) → (q, flagged) of the same shape, BH per world
    and week over areas × rest, φ per world × rest pooled over the areas; weeks before
    `from_week` are not tested (q = nan, not flagged)."""
    worlds, weeks = counts.shape[:2]
    # weeks first, then areas (pooled for φ), then the worlds and the rest (separate φ each)
    series = np.moveaxis(counts, 0, 2)  # (weeks, areas, worlds, rest...)
    usable = np.ones(weeks, dtype=bool)
    B, E = series_baseline(series, usable, t, k)
    phi = np.expand_dims(series_dispersion(series, usable, t, k), 1)
    end = np.arange(from_week, weeks)
    prefix = np.concatenate([np.zeros((1, *series.shape[1:])), np.cumsum(series, axis=0)])
    lo = np.clip(end - (t - 1), 0, weeks)
    observed = prefix[end + 1] - prefix[lo]
    tested_shape = observed.shape
    E_b = np.broadcast_to(E[end].reshape((-1,) + (1,) * (series.ndim - 1)), tested_shape)
    phi_b = np.broadcast_to(phi[end], tested_shape)
    p = np.moveaxis(predictive_p(observed, B[end], E_b, t, phi_b), 2, 0)
    tested = p.shape  # (worlds, tested weeks, areas, rest...)
    q_tested, flagged_tested = bh_rows(p.reshape(worlds * (weeks - from_week), -1), alpha)
    q = np.full((worlds, weeks, *tested[2:]), np.nan)
    flagged = np.zeros(q.shape, dtype=bool)
    q[:, from_week:] = q_tested.reshape(tested)
    flagged[:, from_week:] = flagged_tested.reshape(tested)
    return q, flagged


def run_batch(
    counts: npt.ArrayLike,
    t: int,
    *,
    k: int = DEFAULT_K,
    alpha: float = DEFAULT_ALPHA,
    from_week: int = 0,
) -> BatchFlags:
    """`run_method` (all weeks usable) for counts of shape (worlds, weeks, areas, categories):
    each world and week is its own family, exactly as if run one world at a time (tested).
    Only weeks from index `from_week` on are tested (the rest: not flagged, q = nan), which
    saves time when only the last weeks matter."""
    c = np.asarray(counts, dtype=float)
    if c.ndim != 4:
        raise ValueError("counts must have shape (worlds, weeks, areas, categories)")
    if not 0 <= from_week < c.shape[1]:
        raise ValueError("from_week must be a week of the series")
    cell_q, cells = _batch_family(c, t, k, alpha, from_week)
    _, totals = _batch_family(c.sum(axis=3), t, k, alpha, from_week)
    return BatchFlags(cells=cells, totals=totals, cell_q=cell_q)
