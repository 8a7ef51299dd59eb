"""Is this week unusual? The predictive weekly test of ANALYTICS.md revision 2.

For a tested window of t consecutive ISO weeks ending with a week (t = 1 "this week", t = 4
"the last four weeks"):

- **Baseline weeks** W (`baseline_weeks`): the k weeks before the window (default k = 8) and
  the t + 2·⌊k/2⌋ weeks centred on the window 52 weeks earlier, each kept only when the caller
  says it is usable (inside the municipality's history and its coverage meets the threshold).
  E = |W| (number of weeks), B = total count over W. E = 0: no test.
- **Predictive test**: with a Jeffreys prior the rate per week has the posterior
  Gamma(B + ½, E); the count of t new weeks then has the negative binomial predictive
  NB(r = B + ½, E/(E + t)). Quasi-Poisson scaling by the dispersion φ divides counts by φ:
  r = B/φ + ½, q = t/(E + t) and the one-sided p-value of the observed count x is

      p = I_q(x/φ, r) = scipy.special.betainc(x/φ, r, q)   for x ≥ 1,   p = 1 for x = 0.

  For φ = 1 this is P(X ≥ x) for X ~ NB(r, E/(E + t)), i.e. scipy.stats.nbinom.sf(x − 1, r,
  E/(E + t)) (the identity P(X ≥ x) = I_{1−p}(x, r) of the negative binomial).
- **Expected value**: t·(B + φ/2)/E (the predictive mean φ·r·t/E).
  **Band**: φ × the central 95 % interval of NB(r, E/(E + t)), lower rounded down, upper up.
- **Dispersion** φ (`dispersion`): the method's own one-week prediction error over the 52 weeks
  before the window, φ = max(1, Σ (y − μ)² / (μ (1 + 1/E)) / N) over the N terms with
  μ = B/E > 0; φ = 1 when N < 10.
- **Flag**: q < α after Benjamini–Hochberg over all cells of one family (a municipality's
  area × category cells of one week and window; area totals are a family of their own).

The public functions work on whole arrays (one scipy call per array, never per cell). The
`series_*` functions compute the same quantities for every week of a consecutive weekly series
at once (cumulative sums), for simulations, benches and charts over many weeks; their results
equal the per-week definitions (tested).

Pure: numpy and scipy only, no Django. Reference tests: trygg/analysis/tests/test_predictive.py
and the calibration test trygg/analysis/tests/test_calibration.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special

from trygg.analysis.significance import benjamini_hochberg

IsoWeek = tuple[int, int]
"""An ISO week as (ISO year, ISO week number)."""

DEFAULT_K = 8
DEFAULT_COVERAGE_THRESHOLD = 0.75
DEFAULT_ALPHA = 0.05
BAND_LEVEL = 0.95
WINDOWS = (1, 4)
"""t = 1 "this week", t = 4 "the last four weeks"."""
SEASON_LAG = 52
"""Weeks back to the same season last year (364 days: same weekday, date within ±3 days)."""
DISPERSION_WEEKS = 52
"""Length of the period P over which φ is measured (the weeks before the window)."""
DISPERSION_MIN_TERMS = 10
"""Fewer terms than this: φ = 1 (too little to measure)."""

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


# ---------------------------------------------------------------------------------------------
# Calendar: which weeks are tested and which feed the baseline.
# ---------------------------------------------------------------------------------------------


def _monday(week: IsoWeek) -> dt.date:
    return dt.date.fromisocalendar(week[0], week[1], 1)


def _iso(day: dt.date) -> IsoWeek:
    iso = day.isocalendar()
    return (iso.year, iso.week)


def _shift(week: IsoWeek, weeks: int) -> IsoWeek:
    return _iso(_monday(week) + dt.timedelta(weeks=weeks))


def _check_t(t: int) -> None:
    if isinstance(t, bool) or not isinstance(t, int | np.integer) or t < 1:
        raise ValueError("t must be a whole number of weeks, at least 1")


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise ValueError("k must be a whole number of weeks, at least 1")


def window_weeks(end: IsoWeek, t: int) -> list[IsoWeek]:
    """The t ISO weeks ending with `end`, oldest first."""
    _check_t(t)
    return [_shift(end, -i) for i in range(t - 1, -1, -1)]


def _baseline_offsets(t: int, k: int) -> list[int]:
    """Offsets (in weeks, relative to the window's last week) of the baseline weeks.

    The window is offsets −(t−1)…0. The k weeks before it: −(t−1)−k … −t. The window 52 weeks
    earlier extended by ⌊k/2⌋ on each side: −(t−1)−52−⌊k/2⌋ … −52+⌊k/2⌋.
    """
    start = -(t - 1)
    half = k // 2
    recent = range(start - k, start)
    seasonal = range(start - SEASON_LAG - half, -SEASON_LAG + half + 1)
    return sorted(set(recent) | set(seasonal))


def baseline_weeks(
    end: IsoWeek,
    t: int,
    k: int = DEFAULT_K,
    usable: Callable[[IsoWeek], bool] = lambda w: True,
) -> list[IsoWeek]:
    """The baseline weeks W of the window of t weeks ending with `end`, sorted and unique.

    The k weeks before the window and the t + 2·⌊k/2⌋ weeks centred on the window 52 weeks
    earlier, each kept only when `usable(week)` (the caller: inside the municipality's history
    and coverage at or above the threshold). An empty list means "no test".
    """
    _check_t(t)
    _check_k(k)
    return [w for w in (_shift(end, o) for o in _baseline_offsets(t, k)) if usable(w)]


def dispersion_weeks(end: IsoWeek, t: int) -> list[IsoWeek]:
    """The 52 weeks P before the window of t weeks ending with `end`, oldest first: the weeks
    over which φ is measured (each used only when usable, by the caller)."""
    _check_t(t)
    start = _shift(end, -(t - 1))
    return [_shift(start, -i) for i in range(DISPERSION_WEEKS, 0, -1)]


# ---------------------------------------------------------------------------------------------
# Validation.
# ---------------------------------------------------------------------------------------------


def _counts(values: npt.ArrayLike, name: str) -> FloatArray:
    arr = np.asarray(values, dtype=float)
    if np.any(~np.isfinite(arr)) or np.any(arr < 0) or np.any(arr != np.floor(arr)):
        raise ValueError(f"{name} must be non-negative whole numbers")
    return arr


def _non_negative(values: npt.ArrayLike, name: str) -> FloatArray:
    arr = np.asarray(values, dtype=float)
    if np.any(~np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError(f"{name} must be finite and non-negative")
    return arr


def _positive(values: npt.ArrayLike, name: str) -> FloatArray:
    arr = np.asarray(values, dtype=float)
    if np.any(~np.isfinite(arr)) or np.any(arr <= 0):
        raise ValueError(f"{name} must be finite and positive")
    return arr


def _inputs(
    B: npt.ArrayLike, E: npt.ArrayLike, t: npt.ArrayLike, phi: npt.ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    b = _non_negative(B, "B (baseline total)")
    e = _non_negative(E, "E (number of baseline weeks)")
    tt = _positive(t, "t (window length)")
    ph = _positive(phi, "phi (dispersion)")
    b, e, tt, ph = np.broadcast_arrays(b, e, tt, ph)
    return b, e, tt, ph


# ---------------------------------------------------------------------------------------------
# The test, the expected value and the band.
# ---------------------------------------------------------------------------------------------


def _p(x: FloatArray, b: FloatArray, e: FloatArray, tt: FloatArray, ph: FloatArray) -> FloatArray:
    """predictive_p on validated arrays of one shape."""
    tested = e > 0
    positive = x > 0
    a = np.where(positive, x / ph, 1.0)
    r = b / ph + 0.5
    q = np.where(tested, tt / np.where(tested, e + tt, 1.0), 0.5)
    p = np.where(positive, special.betainc(a, r, q), 1.0)
    return np.asarray(np.where(tested, p, np.nan), dtype=float)


def _expected(b: FloatArray, e: FloatArray, tt: FloatArray, ph: FloatArray) -> FloatArray:
    tested = e > 0
    value = tt * (b + ph / 2.0) / np.where(tested, e, 1.0)
    return np.asarray(np.where(tested, value, np.nan), dtype=float)


def _quantile(level: FloatArray, r: FloatArray, p: FloatArray) -> FloatArray:
    """Smallest whole k ≥ 0 with I_p(r, k + 1) ≥ level, elementwise on validated 1-D arrays
    (level in (0, 1), r > 0, p in (0, 1])."""
    mean = r * (1.0 - p) / p
    sd = np.sqrt(r * (1.0 - p)) / p
    skew = (2.0 - p) / np.sqrt(r * (1.0 - p) + 1e-300)
    z = special.ndtri(level)
    guess = mean + sd * (z + (z * z - 1.0) * skew / 6.0)
    k = np.maximum(0.0, np.floor(np.nan_to_num(guess, nan=0.0, posinf=0.0, neginf=0.0)))
    k = np.where(p >= 1.0, 0.0, k)
    # up while P(X ≤ k) < level; then down while P(X ≤ k − 1) ≥ level
    todo = np.flatnonzero(special.betainc(r, k + 1.0, p) < level)
    while todo.size:
        k[todo] += 1.0
        todo = todo[special.betainc(r[todo], k[todo] + 1.0, p[todo]) < level[todo]]
    todo = np.flatnonzero(k > 0)
    while todo.size:
        todo = todo[special.betainc(r[todo], k[todo], p[todo]) >= level[todo]]
        k[todo] -= 1.0
        todo = todo[k[todo] > 0]
    return np.asarray(k, dtype=float)


def _band(
    b: FloatArray, e: FloatArray, tt: FloatArray, ph: FloatArray, level: float
) -> tuple[IntArray, IntArray]:
    tested = e > 0
    r = (b / ph + 0.5).ravel()
    prob = np.where(tested, e / np.where(tested, e + tt, 1.0), 0.5).ravel()
    tail = (1.0 - level) / 2.0
    n = r.size
    levels = np.concatenate([np.full(n, tail), np.full(n, 1.0 - tail)])
    both = _quantile(levels, np.concatenate([r, r]), np.concatenate([prob, prob]))
    lower = np.floor(ph * both[:n].reshape(b.shape) + 1e-9)
    upper = np.ceil(ph * both[n:].reshape(b.shape) - 1e-9)
    lower = np.where(tested, lower, -1.0)
    upper = np.where(tested, upper, -1.0)
    return lower.astype(np.int64), upper.astype(np.int64)


def predictive_p(
    x: npt.ArrayLike, B: npt.ArrayLike, E: npt.ArrayLike, t: npt.ArrayLike, phi: npt.ArrayLike
) -> FloatArray:
    """One-sided predictive p-value, elementwise (arrays broadcast).

    p = betainc(x/φ, B/φ + ½, t/(E + t)) for x ≥ 1; p = 1 for x = 0; nan where E = 0 (no
    baseline week: no test).
    """
    xx = _counts(x, "x (observed count)")
    b, e, tt, ph = _inputs(B, E, t, phi)
    xx, b, e, tt, ph = np.broadcast_arrays(xx, b, e, tt, ph)
    return _p(xx, b, e, tt, ph)


def predictive_expected(
    B: npt.ArrayLike, E: npt.ArrayLike, t: npt.ArrayLike, phi: npt.ArrayLike
) -> FloatArray:
    """Expected count of the window: t·(B + φ/2)/E; nan where E = 0."""
    return _expected(*_inputs(B, E, t, phi))


def nbinom_quantile(level: float, r: npt.ArrayLike, p: npt.ArrayLike) -> FloatArray:
    """The `level` quantile of NB(r, p) (failures before the r-th success, success probability
    p): the smallest whole k ≥ 0 with P(X ≤ k) = I_p(r, k + 1) ≥ level, elementwise.

    Equals scipy.stats.nbinom.ppf(level, r, p) (tested) and is about three times faster on
    the weekly page's arrays: a Cornish–Fisher first guess, then a step up or down only where
    the cdf says the guess is off.
    """
    if not 0.0 < level < 1.0:
        raise ValueError("level must be in (0, 1)")
    rr, pp = np.broadcast_arrays(np.asarray(r, dtype=float), np.asarray(p, dtype=float))
    if np.any(~(rr > 0)) or np.any(~((pp > 0) & (pp <= 1))):
        raise ValueError("r must be positive and p in (0, 1]")
    flat_r = rr.ravel().copy()
    k = _quantile(np.full(flat_r.size, level), flat_r, pp.ravel().copy())
    return k.reshape(rr.shape)


def predictive_band(
    B: npt.ArrayLike,
    E: npt.ArrayLike,
    t: npt.ArrayLike,
    phi: npt.ArrayLike,
    level: float = BAND_LEVEL,
) -> tuple[IntArray, IntArray]:
    """φ × the central `level` interval of NB(r = B/φ + ½, E/(E + t)): (lower, upper), both
    inclusive integers, lower rounded down and upper up.

    Where E = 0 (no test) both ends are −1: there is no band, never read it as [0, 0].
    """
    if not 0 < level < 1:
        raise ValueError("level must be in (0, 1)")
    return _band(*_inputs(B, E, t, phi), level)


# ---------------------------------------------------------------------------------------------
# Dispersion.
# ---------------------------------------------------------------------------------------------


def _dispersion_terms(y: FloatArray, B: FloatArray, E: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Per week: (Σ over areas of the Pearson terms, number of terms). y, B: (P, areas, ...);
    E: (P,). Terms only where E > 0 and μ = B/E > 0."""
    e = E.reshape(E.shape + (1,) * (y.ndim - 1))
    valid = (e > 0) & (B > 0)
    e_safe = np.where(e > 0, e, 1.0)
    mu = np.where(valid, B / e_safe, 1.0)
    terms = np.where(valid, (y - mu) ** 2 / (mu * (1.0 + 1.0 / e_safe)), 0.0)
    return terms.sum(axis=1), valid.sum(axis=1).astype(float)


def _phi_from(sums: FloatArray, n: FloatArray) -> FloatArray:
    enough = n >= DISPERSION_MIN_TERMS
    ratio = sums / np.where(enough, n, 1.0)
    return np.asarray(np.where(enough, np.maximum(1.0, ratio), 1.0), dtype=float)


def dispersion(y: npt.ArrayLike, B: npt.ArrayLike, E: npt.ArrayLike) -> float:
    """φ from the method's own one-week prediction errors.

    y: (weeks P, areas) observed one-week counts; B: same shape, the t = 1 baseline total of
    each (week, area); E: (weeks P,) the number of baseline weeks of each week's t = 1 baseline
    (0 for weeks that are not usable: excluded).
    φ = max(1, Σ (y − μ)² / (μ (1 + 1/E)) / N) over the N terms with μ = B/E > 0; 1 when N < 10.
    """
    yy = _counts(y, "y (observed counts)")
    bb = _non_negative(B, "B (baseline totals)")
    ee = _non_negative(E, "E (number of baseline weeks)")
    if yy.ndim != 2 or bb.shape != yy.shape or ee.shape != (yy.shape[0],):
        raise ValueError("y and B must have shape (weeks, areas) and E shape (weeks,)")
    sums, n = _dispersion_terms(yy, bb, ee)
    return float(_phi_from(np.asarray(sums.sum()), np.asarray(n.sum())))


# ---------------------------------------------------------------------------------------------
# One window of one week: every cell of a family.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WindowTest:
    """The predictive test of one window (t weeks) for every cell passed in, in input order."""

    observed: FloatArray
    """x, the count in the window."""
    baseline_total: FloatArray
    """B, the total count over the baseline weeks."""
    baseline_weeks: FloatArray
    """E, the number of baseline weeks (0: no test)."""
    expected: FloatArray
    """t·(B + φ/2)/E (nan without a test)."""
    lower: IntArray
    """Lower end of the 95 % predictive band (−1 without a test)."""
    upper: IntArray
    """Upper end of the 95 % predictive band (−1 without a test)."""
    p: FloatArray
    """One-sided predictive p-value (nan without a test)."""
    q: FloatArray
    """Benjamini–Hochberg adjusted p over the tested cells passed in (nan without a test)."""
    flagged: BoolArray
    """q < alpha: "ovanligt högt"."""
    phi: FloatArray
    """The dispersion applied to each cell."""
    t: int
    alpha: float

    @property
    def tested(self) -> BoolArray:
        """Cells that have a test (at least one baseline week)."""
        return np.asarray(self.baseline_weeks > 0)


def evaluate_window(
    x: npt.ArrayLike,
    B: npt.ArrayLike,
    E: npt.ArrayLike,
    t: int,
    phi: npt.ArrayLike,
    alpha: float = DEFAULT_ALPHA,
) -> WindowTest:
    """Evaluate one family of cells (1-D arrays, or scalars for E and φ, broadcast).

    BH (`significance.benjamini_hochberg`) over every cell passed in that has a test (E > 0);
    cells without a test get p = q = nan and are never flagged.
    """
    _check_t(t)
    if not 0.0 < alpha < 1.0:
        raise ValueError("alpha must be in (0, 1)")
    xx = _counts(x, "x (observed count)")
    b, e, tt, ph = _inputs(B, E, t, phi)
    xx, b, e, tt, ph = np.broadcast_arrays(xx, b, e, tt, ph)
    if xx.ndim != 1:
        raise ValueError("evaluate_window takes 1-D arrays of cells")
    p = _p(xx, b, e, tt, ph)
    tested = e > 0
    q = np.full(xx.shape, np.nan)
    flagged = np.zeros(xx.shape, dtype=bool)
    if tested.any():
        fdr = benjamini_hochberg(p[tested], alpha)
        q[tested] = fdr.q
        flagged[tested] = fdr.flagged
    lower, upper = _band(b, e, tt, ph, BAND_LEVEL)
    return WindowTest(
        observed=np.array(xx, dtype=float),
        baseline_total=np.array(b, dtype=float),
        baseline_weeks=np.array(e, dtype=float),
        expected=_expected(b, e, tt, ph),
        lower=lower,
        upper=upper,
        p=p,
        q=q,
        flagged=flagged,
        phi=np.array(ph, dtype=float),
        t=int(t),
        alpha=float(alpha),
    )


# ---------------------------------------------------------------------------------------------
# Whole series at once: consecutive weeks, oldest first (simulations, benches, charts).
# ---------------------------------------------------------------------------------------------


def _prefix(values: FloatArray) -> FloatArray:
    """Cumulative sums along axis 0 with a leading zero row: S[i] = Σ values[:i]."""
    zero = np.zeros((1, *values.shape[1:]))
    return np.concatenate([zero, np.cumsum(values, axis=0)], axis=0)


def _range_sums(prefix: FloatArray, lo: IntArray, hi: IntArray) -> FloatArray:
    """Σ values[lo:hi+1] per row, with lo and hi clipped to the series (empty when lo > hi)."""
    n = prefix.shape[0] - 1
    lo_c = np.clip(lo, 0, n)
    hi_c = np.clip(hi + 1, 0, n)
    hi_c = np.maximum(hi_c, lo_c)
    result: FloatArray = prefix[hi_c] - prefix[lo_c]
    return result


def _series_inputs(counts: npt.ArrayLike, usable: npt.ArrayLike) -> tuple[FloatArray, BoolArray]:
    c = _counts(counts, "counts")
    u = np.asarray(usable, dtype=bool)
    if c.ndim < 1 or u.shape != (c.shape[0],):
        raise ValueError("counts must have weeks on axis 0 and usable shape (weeks,)")
    return c, u


def series_baseline(
    counts: npt.ArrayLike, usable: npt.ArrayLike, t: int, k: int = DEFAULT_K
) -> tuple[FloatArray, FloatArray]:
    """(B, E) of the window of t weeks ending with each week of a series.

    counts: (weeks, ...) consecutive ISO weeks, oldest first (index 0 = the first week of the
    history; earlier weeks do not exist); usable: (weeks,) whether each week may be a baseline
    week (coverage at or above the threshold). Returns B with the shape of counts and E with
    shape (weeks,): exactly `baseline_weeks` applied to every week (tested).
    """
    _check_t(t)
    _check_k(k)
    c, u = _series_inputs(counts, usable)
    weeks = c.shape[0]
    masked = c * u.reshape((-1,) + (1,) * (c.ndim - 1))
    prefix_c = _prefix(masked)
    prefix_u = _prefix(u.astype(float))
    end = np.arange(weeks)
    start = end - (t - 1)
    half = k // 2
    ranges = [
        (start - k, start - 1),
        (start - SEASON_LAG - half, end - SEASON_LAG + half),
    ]
    # The two ranges never overlap when k ≤ 52 − ⌊k/2⌋ (k ≤ 34); longer k overlaps: merge.
    if k + half > SEASON_LAG - t:  # pragma: no cover - only for unusual k
        raise ValueError("k is too long: the recent and the seasonal weeks would overlap")
    B = np.zeros_like(c)
    E = np.zeros(weeks)
    for lo, hi in ranges:
        B = B + _range_sums(prefix_c, lo, hi)
        E = E + _range_sums(prefix_u, lo, hi)
    return B, E


def series_dispersion(
    counts: npt.ArrayLike, usable: npt.ArrayLike, t: int, k: int = DEFAULT_K
) -> FloatArray:
    """φ for the window of t weeks ending with each week of a series.

    counts: (weeks, areas, ...) — areas on axis 1 are pooled into one φ; further axes (e.g.
    categories) get a φ each. Returns shape (weeks, ...) without the areas axis. Equals
    `dispersion` over the 52 weeks before each window, with each week's t = 1 baseline and the
    unusable weeks given E = 0 (tested).
    """
    _check_t(t)
    c, u = _series_inputs(counts, usable)
    if c.ndim < 2:
        raise ValueError("counts must have shape (weeks, areas, ...)")
    B1, E1 = series_baseline(c, u, 1, k)
    E_used = np.where(u, E1, 0.0)
    sums, n = _dispersion_terms(c, B1, E_used)
    prefix_s, prefix_n = _prefix(sums), _prefix(n)
    end = np.arange(c.shape[0])
    start = end - (t - 1)
    lo, hi = start - DISPERSION_WEEKS, start - 1
    return _phi_from(_range_sums(prefix_s, lo, hi), _range_sums(prefix_n, lo, hi))


def bh_rows(p: npt.ArrayLike, alpha: float = DEFAULT_ALPHA) -> tuple[FloatArray, BoolArray]:
    """Benjamini–Hochberg in every row of a 2-D array at once; nan = no test (left out of its
    row's family, q = nan, not flagged). Each row equals `benjamini_hochberg` of its non-nan
    values (tested)."""
    if not 0.0 < alpha < 1.0:
        raise ValueError("alpha must be in (0, 1)")
    pp = np.asarray(p, dtype=float)
    if pp.ndim != 2:
        raise ValueError("p must be 2-D (families, cells)")
    present = ~np.isnan(pp)
    if np.any((pp[present] < 0) | (pp[present] > 1)):
        raise ValueError("p-values must be in [0, 1]")
    m = present.sum(axis=1, keepdims=True).astype(float)
    order = np.argsort(np.where(present, pp, np.inf), axis=1, kind="mergesort")
    sorted_p = np.take_along_axis(pp, order, axis=1)
    ranks = np.arange(1, pp.shape[1] + 1, dtype=float)[None, :]
    ranked = np.where(np.isnan(sorted_p), np.inf, sorted_p * m / ranks)
    q_sorted = np.minimum(np.minimum.accumulate(ranked[:, ::-1], axis=1)[:, ::-1], 1.0)
    q = np.empty_like(pp)
    np.put_along_axis(q, order, q_sorted, axis=1)
    q = np.where(present, q, np.nan)
    flagged = np.where(present, q < alpha, False)
    return q, np.asarray(flagged, dtype=bool)


@dataclass(frozen=True)
class SeriesTest:
    """The predictive test of one family for every week of a series (window of t weeks)."""

    observed: FloatArray
    """(weeks, cells...) the count in the window ending with each week."""
    baseline_total: FloatArray
    baseline_weeks: FloatArray
    """(weeks,) E of each week's window."""
    phi: FloatArray
    """(weeks, cells...) the φ applied (per category, or one per municipality)."""
    p: FloatArray
    q: FloatArray
    flagged: BoolArray
    t: int
    alpha: float


def evaluate_series(
    counts: npt.ArrayLike,
    usable: npt.ArrayLike,
    t: int,
    k: int = DEFAULT_K,
    alpha: float = DEFAULT_ALPHA,
) -> SeriesTest:
    """The whole method for every week of a weekly series of one family.

    counts: (weeks, areas) for area totals (one φ per municipality) or (weeks, areas,
    categories) for area × category cells (φ per category, pooled over the areas). For each
    week: the window of t weeks ending with it, its baseline (`series_baseline`), φ
    (`series_dispersion`), p (`predictive_p`) and BH over all cells of that week (`bh_rows`).
    """
    c, u = _series_inputs(counts, usable)
    if c.ndim < 2:
        raise ValueError("counts must have shape (weeks, areas, ...)")
    B, E = series_baseline(c, u, t, k)
    phi_rest = series_dispersion(c, u, t, k)  # (weeks, ...) without areas
    phi = np.broadcast_to(np.expand_dims(phi_rest, 1), c.shape)
    observed = _range_sums(_prefix(c), np.arange(c.shape[0]) - (t - 1), np.arange(c.shape[0]))
    E_b = E.reshape((-1,) + (1,) * (c.ndim - 1))
    p = predictive_p(observed, B, np.broadcast_to(E_b, c.shape), t, phi)
    q, flagged = bh_rows(p.reshape(c.shape[0], -1), alpha)
    return SeriesTest(
        observed=observed,
        baseline_total=B,
        baseline_weeks=E,
        phi=np.array(phi),
        p=p,
        q=q.reshape(c.shape),
        flagged=flagged.reshape(c.shape),
        t=int(t),
        alpha=float(alpha),
    )
