"""significance.py against scipy and statsmodels (test-only references), plus edge cases."""

from __future__ import annotations

import math

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats import rates as sm_rates
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from trygg.analysis.significance import (
    benjamini_hochberg,
    binom_two_sided_p,
    compare_rates,
    poisson_trend,
)

TOL = 1e-9

# statsmodels' test_poisson_2indep is used through its module so pytest does not collect it.


# ---------------------------------------------------------------------------------------------
# One-sided Poisson test
# ---------------------------------------------------------------------------------------------


def test_bh_equals_statsmodels_on_random_cases() -> None:
    rng = np.random.default_rng(7)
    for _ in range(300):
        m = int(rng.integers(1, 400))
        kind = rng.integers(0, 3)
        if kind == 0:  # continuous p-values, a share of them small
            p = np.where(rng.random(m) < 0.2, rng.random(m) * 1e-3, rng.random(m))
        elif kind == 1:  # discrete Poisson p-values with ties and exact 1s (as in a real week)
            lam = rng.gamma(1.0, 3.0, size=m)
            x = rng.poisson(lam * rng.uniform(0.5, 3.0, size=m))
            p = np.where(x == 0, 1.0, stats.poisson.sf(x - 1, lam))
        else:  # heavy ties
            p = rng.choice([0.001, 0.01, 0.02, 0.5, 1.0], size=m)
        reject, q_ref, _, _ = multipletests(p, alpha=0.05, method="fdr_bh")
        result = benjamini_hochberg(p, alpha=0.05)
        np.testing.assert_allclose(result.q, q_ref, rtol=TOL, atol=1e-15)
        # statsmodels rejects at q ≤ alpha, we flag at q < alpha: identical unless q == alpha.
        at_alpha = np.isclose(q_ref, 0.05, rtol=0, atol=1e-15)
        np.testing.assert_array_equal(result.flagged[~at_alpha], reject[~at_alpha])


def test_bh_hand_case() -> None:
    # m = 4, p sorted = 0.01, 0.02, 0.03, 0.5
    # raw m·p/i = 0.04, 0.04, 0.04, 0.5; running min from the end keeps them.
    result = benjamini_hochberg([0.03, 0.5, 0.01, 0.02])
    np.testing.assert_allclose(result.q, [0.04, 0.5, 0.04, 0.04], rtol=1e-12)
    assert result.flagged.tolist() == [True, False, True, True]


def test_bh_edge_cases() -> None:
    empty = benjamini_hochberg([])
    assert empty.q.shape == (0,) and empty.flagged.shape == (0,)
    single = benjamini_hochberg([0.04])
    assert single.q.tolist() == [0.04] and single.flagged.tolist() == [True]
    assert benjamini_hochberg([0.05]).flagged.tolist() == [False]  # strict: q < alpha
    with pytest.raises(ValueError):
        benjamini_hochberg([1.2])
    with pytest.raises(ValueError):
        benjamini_hochberg([0.1], alpha=0)


@settings(max_examples=200)
@given(st.lists(st.floats(min_value=0.0, max_value=1.0, allow_nan=False), max_size=60))
def test_bh_properties(p_list: list[float]) -> None:
    p = np.asarray(p_list, dtype=float)
    q = benjamini_hochberg(p).q
    assert q.shape == p.shape
    assert np.all(q >= p - 1e-15)
    assert np.all(q <= 1.0)
    order = np.argsort(p, kind="mergesort")
    assert np.all(np.diff(q[order]) >= -1e-15)  # monotone in p
    permuted = np.random.default_rng(len(p_list)).permutation(p.size)
    np.testing.assert_allclose(benjamini_hochberg(p[permuted]).q, q[permuted])


# ---------------------------------------------------------------------------------------------
# The weekly cell evaluation
# ---------------------------------------------------------------------------------------------


def _random_rate_cases(n: int, seed: int) -> list[tuple[int, float, int, float, float]]:
    rng = np.random.default_rng(seed)
    cases = []
    for _ in range(n):
        e1, e2 = rng.uniform(0.2, 5.0, size=2)
        c1, c2 = (int(v) for v in rng.poisson(rng.gamma(1.0, 25.0, size=2)))
        value = float(rng.choice([1.0, rng.uniform(0.3, 3.0)]))
        cases.append((c1, float(e1), c2, float(e2), value))
    return cases


@pytest.mark.parametrize("alternative", ["two-sided", "larger", "smaller"])
def test_compare_rates_p_equals_statsmodels_exact_cond(alternative: str) -> None:
    for c1, e1, c2, e2, value in _random_rate_cases(300, seed=11):
        if c1 + c2 == 0:
            continue
        ours = compare_rates(c1, e1, c2, e2, value=value, alternative=alternative)  # type: ignore[arg-type]
        ref = sm_rates.test_poisson_2indep(
            c1, e1, c2, e2, value=value, method="exact-cond", alternative=alternative
        )
        assert ours.p == pytest.approx(min(float(ref.pvalue), 1.0), rel=TOL, abs=1e-300)
        if c2 > 0:
            assert ours.rate_ratio == pytest.approx(float(ref.ratio), rel=TOL)


def test_compare_rates_ci_is_the_exact_conditional_interval() -> None:
    # statsmodels' confint_poisson_2indep has no "exact-cond" method, so the reference is the
    # definition: Clopper–Pearson for π = c1/(c1 + c2) (statsmodels proportion_confint, "beta")
    # mapped to RR = π/(1 − π)·e2/e1, and at each limit the one-sided exact-cond test of
    # statsmodels has p = alpha/2 (the interval inverts that test).
    for c1, e1, c2, e2, _ in _random_rate_cases(300, seed=12):
        if c1 + c2 == 0:
            continue
        ours = compare_rates(c1, e1, c2, e2)
        lo_pi, up_pi = proportion_confint(c1, c1 + c2, alpha=0.05, method="beta")
        assert ours.lower == pytest.approx(lo_pi / (1 - lo_pi) * e2 / e1, rel=TOL, abs=1e-300)
        if c2 == 0:
            assert ours.upper is None
            continue
        assert ours.upper is not None
        assert ours.upper == pytest.approx(up_pi / (1 - up_pi) * e2 / e1, rel=TOL)
        at_upper = sm_rates.test_poisson_2indep(
            c1, e1, c2, e2, value=ours.upper, method="exact-cond", alternative="smaller"
        )
        assert float(at_upper.pvalue) == pytest.approx(0.025, rel=1e-7)
        if c1 > 0:
            at_lower = sm_rates.test_poisson_2indep(
                c1, e1, c2, e2, value=ours.lower, method="exact-cond", alternative="larger"
            )
            assert float(at_lower.pvalue) == pytest.approx(0.025, rel=1e-7)
            assert ours.rate_ratio is not None
            assert ours.lower < ours.rate_ratio < ours.upper


def test_compare_rates_exact_ci_is_wider_than_the_approximate_score_ci() -> None:
    # Not a 1e-9 comparison (statsmodels' score CI is found with fmin at xtol 1e-8): the exact
    # conditional interval is conservative, so it contains the score interval in these cases.
    for c1, c2 in [(10, 3), (25, 40), (7, 7), (60, 45)]:
        ours = compare_rates(c1, 1.0, c2, 1.0)
        lo, up = sm_rates.confint_poisson_2indep(c1, 1.0, c2, 1.0, method="score")
        assert ours.upper is not None
        assert ours.lower <= lo and up <= ours.upper


def test_compare_rates_hand_case_and_edges() -> None:
    # 10 vs 3 events with equal exposure: given 13 events, X ~ Bin(13, 1/2) under H0;
    # two-sided p = 2·P(X ≥ 10) = 2·(C(13,10) + C(13,11) + C(13,12) + C(13,13))/2^13
    #             = 2·(286 + 78 + 13 + 1)/8192 = 756/8192 = 0.0922851562...
    result = compare_rates(10, 1.0, 3, 1.0)
    assert result.p == pytest.approx(756 / 8192, rel=1e-12)
    assert result.rate_ratio == pytest.approx(10 / 3)
    none = compare_rates(0, 1.0, 0, 2.0)
    assert (none.p, none.rate_ratio, none.lower, none.upper) == (1.0, None, 0.0, None)
    only_first = compare_rates(5, 1.0, 0, 1.0)
    assert only_first.rate_ratio is None and only_first.upper is None and only_first.lower > 0
    only_second = compare_rates(0, 1.0, 5, 1.0)
    assert only_second.rate_ratio == 0.0 and only_second.lower == 0.0
    with pytest.raises(ValueError):
        compare_rates(1, 0.0, 1, 1.0)
    with pytest.raises(ValueError):
        compare_rates(-1, 1.0, 1, 1.0)
    with pytest.raises(ValueError):
        compare_rates(1, 1.0, 1, 1.0, alternative="bigger")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Trend: Poisson regression
# ---------------------------------------------------------------------------------------------


def _glm(y: np.ndarray, t: np.ndarray, scale: str | None = None) -> sm.GLM:
    model = sm.GLM(y, sm.add_constant(t), family=sm.families.Poisson())
    kwargs = {} if scale is None else {"scale": scale}
    first = model.fit(tol=1e-14, maxiter=500, **kwargs)
    # statsmodels' covariance comes from the IRLS weights of its last-but-one iterate; restart
    # at the converged estimate so the covariance is evaluated at the MLE itself.
    return model.fit(start_params=first.params, tol=1e-14, maxiter=500, **kwargs)


@pytest.mark.parametrize("dispersion", ["poisson", "pearson"])
def test_trend_equals_statsmodels_glm(dispersion: str) -> None:
    rng = np.random.default_rng(99)
    checked = 0
    for _ in range(200):
        n = int(rng.integers(3, 105))
        t = np.arange(n, dtype=float) if rng.random() < 0.5 else np.sort(rng.uniform(0, 50, n))
        y = rng.poisson(np.exp(rng.normal(1.0, 1.2) + rng.normal(0, 0.04) * (t - t.mean())))
        ours = poisson_trend(y, t, dispersion=dispersion)  # type: ignore[arg-type]
        if ours.slope is None:
            continue
        ref = _glm(y, t, scale="X2" if dispersion == "pearson" else None)
        assert ours.slope == pytest.approx(ref.params[1], rel=TOL, abs=1e-12)
        assert ours.se == pytest.approx(ref.bse[1], rel=TOL)
        assert ours.p == pytest.approx(ref.pvalues[1], rel=1e-8, abs=1e-12)
        low, up = ref.conf_int(alpha=0.05)[1]
        assert ours.lower == pytest.approx(low, rel=TOL, abs=1e-12)
        assert ours.upper == pytest.approx(up, rel=TOL, abs=1e-12)
        assert ours.pearson_dispersion == pytest.approx(ref.pearson_chi2 / (n - 2), rel=TOL)
        checked += 1
    assert checked > 150


def test_trend_verdicts() -> None:
    weeks = np.arange(52)
    rising = np.round(np.exp(0.5 + 0.05 * weeks)).astype(int)  # ~1.6 → ~21 per week
    assert poisson_trend(rising).verdict == "increase"
    assert poisson_trend(rising[::-1]).verdict == "decrease"
    flat = poisson_trend([3, 4, 2, 3, 5, 3, 2, 4, 3, 3, 4, 2])
    assert flat.verdict == "no detectable change"
    assert flat.lower is not None and flat.upper is not None
    assert flat.lower < 0 < flat.upper
    # A short, small series with an apparent rise: honest answer is no detectable change.
    assert poisson_trend([1, 0, 2, 1, 3, 2]).verdict == "no detectable change"


def test_trend_overdispersion_widens_the_interval() -> None:
    y = [2, 15, 1, 20, 3, 18, 2, 25, 4, 22, 3, 30]
    poisson = poisson_trend(y)
    quasi = poisson_trend(y, dispersion="pearson")
    assert poisson.pearson_dispersion is not None and poisson.pearson_dispersion > 5
    assert poisson.se is not None and quasi.se is not None
    assert quasi.se == pytest.approx(poisson.se * math.sqrt(poisson.pearson_dispersion))


def test_trend_not_estimable_cases() -> None:
    assert poisson_trend([]).verdict == "not estimable"
    assert poisson_trend([4]).verdict == "not estimable"
    assert poisson_trend([0, 0, 0, 0]).reason == "no events in the period"
    assert poisson_trend([0, 0, 0, 9]).verdict == "not estimable"  # slope → +∞
    assert poisson_trend([5, 0, 0, 0]).verdict == "not estimable"  # slope → −∞
    assert poisson_trend([3, 4], dispersion="pearson").verdict == "not estimable"
    assert poisson_trend([1, 1], times=[2.0, 2.0]).verdict == "not estimable"
    # Events only in one middle week: a finite MLE exists (slope 0 by symmetry).
    middle = poisson_trend([0, 6, 0])
    assert middle.slope == pytest.approx(0.0, abs=1e-9)
    with pytest.raises(ValueError):
        poisson_trend([1, 2], times=[0.0])
    with pytest.raises(ValueError):
        poisson_trend([1, -2, 3])


def test_binom_two_sided_p_equals_scipy_binomtest() -> None:
    rng = np.random.default_rng(2026)
    cases = [(0, 1, 0.5), (1, 1, 0.5), (5, 10, 0.5), (0, 10, 0.03), (10, 10, 0.97), (3, 7, 0.3)]
    for _ in range(400):
        n = int(rng.choice([1, 2, 5, 20, 100, 1000, 20000]))
        p = float(rng.uniform(0.001, 0.999))
        k = int(rng.binomial(n, float(rng.uniform(0, 1))))
        cases.append((k, n, p))
    for k, n, p in cases:
        ours = binom_two_sided_p(k, n, p)
        ref = float(stats.binomtest(k, n=n, p=p).pvalue)
        assert ours == pytest.approx(ref, rel=TOL, abs=1e-300), (k, n, p)
    with pytest.raises(ValueError):
        binom_two_sided_p(3, 2, 0.5)
    with pytest.raises(ValueError):
        binom_two_sided_p(1, 2, 1.0)
