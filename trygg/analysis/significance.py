"""Significance tests for counts: did the rate change, is there a trend; BH across many tests.

The weekly test ("is this week unusual?") is the predictive test of `trygg.analysis.predictive`.

Specification: ANALYTICS.md, "Is this week unusual?". Reference implementations (used only in
the tests, never imported here): scipy.stats.poisson.sf, statsmodels' multipletests(fdr_bh),
test_poisson_2indep(method="exact-cond"), proportion_confint(method="beta") and GLM(Poisson).

- `benjamini_hochberg`: BH step-up FDR adjustment; q-values and flags q < alpha.
- `compare_rates`: exact conditional test of two Poisson rates with exposures and the
  incidence-rate ratio with its exact conditional (Clopper–Pearson) confidence interval.
- `poisson_trend`: Poisson regression of weekly counts on time (IRLS), slope with Wald CI and a
  verdict that says "no detectable change" when the CI covers 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
import numpy.typing as npt
from scipy import special, stats

DEFAULT_ALPHA = 0.05

Alternative = Literal["two-sided", "larger", "smaller"]
TrendVerdict = Literal["increase", "decrease", "no detectable change", "not estimable"]


def _z(alpha: float) -> float:
    """Two-sided normal critical value: 1.959963984540054 for alpha = 0.05."""
    return float(stats.norm.isf(alpha / 2.0))


def _check_alpha(alpha: float) -> None:
    if not 0.0 < alpha < 1.0:
        raise ValueError("alpha must be in (0, 1)")


def _as_counts(values: npt.ArrayLike, name: str) -> npt.NDArray[np.float64]:
    arr = np.asarray(values, dtype=float)
    if np.any(~np.isfinite(arr)) or np.any(arr < 0) or np.any(arr != np.floor(arr)):
        raise ValueError(f"{name} must be non-negative whole numbers")
    return arr


# ---------------------------------------------------------------------------------------------
# One-sided Poisson test and Benjamini–Hochberg.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FDRResult:
    """Benjamini–Hochberg adjusted p-values (q) and flags q < alpha, in the input order."""

    q: npt.NDArray[np.float64]
    flagged: npt.NDArray[np.bool_]
    alpha: float


def benjamini_hochberg(p_values: npt.ArrayLike, alpha: float = DEFAULT_ALPHA) -> FDRResult:
    """Benjamini–Hochberg (1995) step-up adjustment, vectorised.

    q_(i) = min_{j ≥ i} min(1, m · p_(j) / j) over the p-values sorted ascending; a cell is
    flagged when q < alpha (the specification's "p < 0.05 after FDR correction"). The q-values
    equal statsmodels' multipletests(method="fdr_bh"); the family is all cells passed in (for
    the weekly picture: every area × category cell of that week). Empty input → empty output.
    """
    _check_alpha(alpha)
    p = np.asarray(p_values, dtype=float).ravel()
    if np.any(~np.isfinite(p)) or np.any(p < 0) or np.any(p > 1):
        raise ValueError("p-values must be in [0, 1]")
    m = p.size
    if m == 0:
        return FDRResult(q=np.zeros(0), flagged=np.zeros(0, dtype=bool), alpha=alpha)
    order = np.argsort(p, kind="mergesort")
    ranked = p[order] * m / np.arange(1, m + 1)
    q_sorted = np.minimum(np.minimum.accumulate(ranked[::-1])[::-1], 1.0)
    q = np.empty(m)
    q[order] = q_sorted
    return FDRResult(q=q, flagged=q < alpha, alpha=alpha)


@dataclass(frozen=True)
class RateComparison:
    """Period 1 against period 2 (e.g. this quarter against the last; after against before).

    rate_ratio = (count1/exposure1) / (count2/exposure2). The confidence interval is the exact
    conditional one: given n = count1 + count2, count1 ~ Binomial(n, π) with
    π = RR·e1 / (RR·e1 + e2); the Clopper–Pearson interval for π is mapped to
    RR = π/(1 − π) · e2/e1. It is the interval obtained by inverting the two one-sided exact
    conditional tests at alpha/2 each (statsmodels test_poisson_2indep, method="exact-cond").
    """

    count1: int
    exposure1: float
    count2: int
    exposure2: float
    rate_ratio: float | None
    """None when count2 = 0 (the ratio is infinite or, with count1 = 0 too, undefined)."""
    lower: float
    """Lower confidence limit of the rate ratio (0 when count1 = 0)."""
    upper: float | None
    """Upper confidence limit; None means unbounded (count2 = 0)."""
    p: float
    alternative: Alternative
    confidence: float
    method: str = "exact-cond"


#: relative tolerance when comparing probabilities in the two-sided binomial test (as scipy's
#: binomtest): outcomes whose probability is within it of the observed one count as "as likely"
_RELATIVE_TIE: Final = 1 + 1e-7


def _binom_logpmf(j: int, n: int, log_p: float, log_q: float) -> float:
    return (
        math.lgamma(n + 1)
        - math.lgamma(j + 1)
        - math.lgamma(n - j + 1)
        + j * log_p
        + (n - j) * log_q
    )


def _binom_cdf(k: int, n: int, p: float) -> float:
    """P(X ≤ k) for X ~ Bin(n, p); 0 for k < 0, 1 for k ≥ n."""
    if k < 0:
        return 0.0
    if k >= n:
        return 1.0
    return float(special.bdtr(k, n, p))


def _binom_sf(k: int, n: int, p: float) -> float:
    """P(X > k) for X ~ Bin(n, p); 1 for k < 0, 0 for k ≥ n."""
    if k < 0:
        return 1.0
    if k >= n:
        return 0.0
    return float(special.bdtrc(k, n, p))


def binom_two_sided_p(k: int, n: int, p: float) -> float:
    """Two-sided exact binomial p-value, likelihood-ordered (the definition scipy's binomtest uses).

    p = Σ P(X = j) over all outcomes j no more likely than the observed k (with a relative
    tolerance of 1e-7). The binomial probabilities rise to the mode and fall after it, so the
    outcomes on the far side of the mean that qualify form one tail; its edge is found by
    bisection on log-probabilities (O(log n)) and both tails come from the incomplete beta
    function — about 40 times faster than ``scipy.stats.binomtest`` with the same result.
    """
    if not 0 < p < 1:
        raise ValueError("p must be strictly between 0 and 1")
    if k < 0 or k > n:
        raise ValueError("k must be between 0 and n")
    mean = p * n
    if k == mean:
        return 1.0
    log_p, log_q = math.log(p), math.log1p(-p)
    limit = _binom_logpmf(k, n, log_p, log_q) + math.log(_RELATIVE_TIE)

    def qualifies(j: int) -> bool:
        return _binom_logpmf(j, n, log_p, log_q) <= limit

    if k < mean:
        # far side: j in [ceil(mean), n], probabilities non-increasing; first j that qualifies
        lo, hi = math.ceil(mean), n + 1
        while lo < hi:
            mid = (lo + hi) // 2
            if qualifies(mid):
                hi = mid
            else:
                lo = mid + 1
        p_value = _binom_cdf(k, n, p) + _binom_sf(lo - 1, n, p)
    else:
        # far side: j in [0, floor(mean)], probabilities non-decreasing; last j that qualifies
        lo, hi = -1, math.floor(mean)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if qualifies(mid):
                lo = mid
            else:
                hi = mid - 1
        p_value = _binom_cdf(lo, n, p) + _binom_sf(k - 1, n, p)
    return min(1.0, p_value)


def compare_rates(
    count1: int,
    exposure1: float,
    count2: int,
    exposure2: float,
    *,
    value: float = 1.0,
    alternative: Alternative = "two-sided",
    alpha: float = DEFAULT_ALPHA,
) -> RateComparison:
    """Exact conditional (binomial) test of H0: rate1/rate2 = value, and the rate ratio's CI.

    p-values equal statsmodels' test_poisson_2indep(count1, exposure1, count2, exposure2,
    value=value, method="exact-cond", alternative=alternative): "larger" means H1: ratio >
    value, "smaller" H1: ratio < value, "two-sided" uses scipy's binomtest (likelihood-ordered
    two-sided p). With no events at all (count1 = count2 = 0) p = 1 and the CI is (0, ∞).
    The CI has level 1 − alpha and is always two-sided.
    """
    _check_alpha(alpha)
    y1 = _as_counts(count1, "count1")
    y2 = _as_counts(count2, "count2")
    if y1.ndim or y2.ndim:
        raise ValueError("counts must be scalars")
    c1, c2 = int(y1), int(y2)
    if not (math.isfinite(exposure1) and exposure1 > 0):
        raise ValueError("exposure1 must be positive")
    if not (math.isfinite(exposure2) and exposure2 > 0):
        raise ValueError("exposure2 must be positive")
    if not (math.isfinite(value) and value > 0):
        raise ValueError("value must be positive")
    if alternative not in ("two-sided", "larger", "smaller"):
        raise ValueError("alternative must be 'two-sided', 'larger' or 'smaller'")
    n = c1 + c2
    r_d = value * exposure1 / exposure2
    prop = r_d / (1.0 + r_d)
    if n == 0:
        p = 1.0
    elif alternative == "two-sided":
        p = binom_two_sided_p(c1, n, prop)
    elif alternative == "larger":
        p = _binom_sf(c1 - 1, n, prop)
    else:
        p = _binom_cdf(c1, n, prop)

    # Clopper–Pearson for π = share of the events in period 1, mapped to the ratio scale.
    half = alpha / 2.0
    pi_low = 0.0 if c1 == 0 else float(special.betaincinv(c1, c2 + 1, half))
    pi_upp = 1.0 if c2 == 0 else float(special.betaincinv(c1 + 1, c2, 1.0 - half))
    scale = exposure2 / exposure1
    lower = pi_low / (1.0 - pi_low) * scale
    upper = None if c2 == 0 else pi_upp / (1.0 - pi_upp) * scale
    ratio = None if c2 == 0 else (c1 / exposure1) / (c2 / exposure2)
    return RateComparison(
        count1=c1,
        exposure1=float(exposure1),
        count2=c2,
        exposure2=float(exposure2),
        rate_ratio=ratio,
        lower=lower,
        upper=upper,
        p=min(p, 1.0),
        alternative=alternative,
        confidence=1.0 - alpha,
    )


# ---------------------------------------------------------------------------------------------
# Trend over many weeks: Poisson regression log μ_t = a + b·t.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendResult:
    """Poisson regression of weekly counts on time: log E[y_t] = a + b·t.

    `slope` b is the change of the log rate per unit of t (per week with the default t =
    0, 1, …, n−1); exp(b) is the rate ratio per week. Wald CI b ± z·SE. With
    dispersion="pearson" (quasi-Poisson) SE is multiplied by √φ, φ = Pearson χ²/(n − 2), which
    widens the CI when the weeks vary more than a Poisson process would (usual for crime counts).
    verdict: "increase" when the CI lies above 0, "decrease" below 0, otherwise
    "no detectable change"; "not estimable" when the slope has no finite estimate (no events,
    fewer than two distinct weeks, or every event in the first or in the last week), with the
    reason in `reason`.
    """

    slope: float | None
    se: float | None
    lower: float | None
    upper: float | None
    rate_ratio: float | None
    """exp(slope): multiplicative change of the rate per unit of t."""
    rate_ratio_lower: float | None
    rate_ratio_upper: float | None
    z: float | None
    p: float | None
    """Two-sided Wald p-value for slope = 0."""
    dispersion: float
    """φ applied to the variance (1 for "poisson")."""
    pearson_dispersion: float | None
    """Pearson χ²/(n − 2), always reported when estimable, so overdispersion is visible."""
    n_weeks: int
    total: int
    iterations: int
    verdict: TrendVerdict
    reason: str
    confidence: float


def _poisson_irls(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.float64], max_iter: int = 100
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], int]:
    """Fit log μ = β0 + β1·x by Newton–Raphson = IRLS (canonical link), with step halving.

    x should be centred for conditioning. Returns (beta, covariance = (XᵀWX)⁻¹, iterations).
    """
    design = np.column_stack([np.ones_like(x), x])
    beta = np.array([math.log(float(y.mean())), 0.0])

    def loglik(b: npt.NDArray[np.float64]) -> float:
        eta = design @ b
        return float(np.sum(y * eta - np.exp(eta)))

    current = loglik(beta)
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007 - the count is returned
        mu = np.exp(design @ beta)
        info = design.T @ (mu[:, None] * design)  # XᵀWX with W = diag(μ)
        score = design.T @ (y - mu)
        step = np.linalg.solve(info, score)
        t = 1.0
        while True:
            candidate = beta + t * step
            value = loglik(candidate)
            if value >= current - 1e-12 * (1.0 + abs(current)) or t < 1e-10:
                break
            t /= 2.0
        beta, current = candidate, value
        if np.max(np.abs(t * step) / (1.0 + np.abs(beta))) < 1e-13:
            break
    mu = np.exp(design @ beta)
    cov = np.linalg.inv(design.T @ (mu[:, None] * design))
    return beta, cov, iterations


def poisson_trend(
    counts: Sequence[int] | npt.ArrayLike,
    times: Sequence[float] | npt.ArrayLike | None = None,
    *,
    alpha: float = DEFAULT_ALPHA,
    dispersion: Literal["poisson", "pearson"] = "poisson",
) -> TrendResult:
    """Trend of weekly counts (oldest first). `times` defaults to 0, 1, …, n−1 (weeks).

    The slope and its standard error equal statsmodels' GLM(y, [1, t], family=Poisson())
    (with scale="X2" for dispersion="pearson").
    """
    _check_alpha(alpha)
    y = _as_counts(counts, "counts")
    if y.ndim != 1:
        raise ValueError("counts must be one-dimensional")
    n = int(y.size)
    t = np.arange(n, dtype=float) if times is None else np.asarray(times, dtype=float)
    if t.shape != y.shape or np.any(~np.isfinite(t)):
        raise ValueError("times must be finite and have the same length as counts")
    total = int(y.sum())
    confidence = 1.0 - alpha

    def not_estimable(reason: str) -> TrendResult:
        return TrendResult(
            slope=None,
            se=None,
            lower=None,
            upper=None,
            rate_ratio=None,
            rate_ratio_lower=None,
            rate_ratio_upper=None,
            z=None,
            p=None,
            dispersion=1.0,
            pearson_dispersion=None,
            n_weeks=n,
            total=total,
            iterations=0,
            verdict="not estimable",
            reason=reason,
            confidence=confidence,
        )

    if n == 0 or np.unique(t).size < 2:
        return not_estimable("fewer than two distinct weeks")
    if dispersion == "pearson" and n < 3:
        return not_estimable("the Pearson dispersion needs at least three weeks")
    if total == 0:
        return not_estimable("no events in the period")
    # The MLE is finite iff the event-weighted mean time lies strictly inside (min t, max t).
    event_mean_t = float(np.sum(y * t) / total)
    if event_mean_t <= float(t.min()) or event_mean_t >= float(t.max()):
        return not_estimable("all events fall in the first or in the last week")

    centre = float(t.mean())
    beta, cov, iterations = _poisson_irls(t - centre, y)
    mu = np.exp(beta[0] + beta[1] * (t - centre))
    pearson = float(np.sum((y - mu) ** 2 / mu) / (n - 2)) if n > 2 else None
    phi = 1.0
    if dispersion == "pearson":
        assert pearson is not None
        phi = pearson
    slope = float(beta[1])
    se = math.sqrt(float(cov[1, 1]) * phi)
    crit = _z(alpha)
    lower, upper = slope - crit * se, slope + crit * se
    z = slope / se if se > 0 else math.inf
    p = float(2.0 * stats.norm.sf(abs(z)))
    verdict: TrendVerdict
    if lower > 0:
        verdict, reason = "increase", "the confidence interval of the slope lies above 0"
    elif upper < 0:
        verdict, reason = "decrease", "the confidence interval of the slope lies below 0"
    else:
        verdict, reason = "no detectable change", "the confidence interval of the slope spans 0"
    return TrendResult(
        slope=slope,
        se=se,
        lower=lower,
        upper=upper,
        rate_ratio=math.exp(slope),
        rate_ratio_lower=math.exp(lower),
        rate_ratio_upper=math.exp(upper),
        z=z,
        p=p,
        dispersion=phi,
        pearson_dispersion=pearson,
        n_weeks=n,
        total=total,
        iterations=iterations,
        verdict=verdict,
        reason=reason,
        confidence=confidence,
    )
