"""predictive.py (ANALYTICS.md rev 2, "Is this week unusual?") against scipy and hand cases."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from scipy import stats

from trygg.analysis.predictive import (
    DEFAULT_K,
    WINDOWS,
    baseline_weeks,
    bh_rows,
    dispersion,
    dispersion_weeks,
    evaluate_series,
    evaluate_window,
    predictive_band,
    predictive_expected,
    predictive_p,
    series_baseline,
    series_dispersion,
    window_weeks,
)
from trygg.analysis.significance import benjamini_hochberg

# ---------------------------------------------------------------------------------------------
# Calendar
# ---------------------------------------------------------------------------------------------


def test_window_weeks_cross_the_year_boundary() -> None:
    assert window_weeks((2026, 2), 4) == [(2025, 51), (2025, 52), (2026, 1), (2026, 2)]
    assert window_weeks((2026, 20), 1) == [(2026, 20)]
    assert WINDOWS == (1, 4)
    with pytest.raises(ValueError):
        window_weeks((2026, 2), 0)


def test_baseline_weeks_are_the_recent_k_and_the_season_a_year_earlier() -> None:
    # t = 1, k = 8 at 2025-W20: 2025-W12..W19 and the 1 + 8 weeks centred on 2024-W20.
    weeks = baseline_weeks((2025, 20), 1)
    assert weeks == [(2024, w) for w in range(16, 25)] + [(2025, w) for w in range(12, 20)]
    assert len(weeks) == 8 + 1 + 2 * (DEFAULT_K // 2)
    # t = 4 at 2025-W20 (window W17..W20): W09..W16 and 4 + 8 weeks centred on 2024-W17..W20.
    weeks4 = baseline_weeks((2025, 20), 4)
    assert weeks4 == [(2024, w) for w in range(13, 25)] + [(2025, w) for w in range(9, 17)]
    assert not set(weeks4) & set(window_weeks((2025, 20), 4))
    # Unusable weeks (outside the history, low coverage) are left out.
    history_from_2025 = baseline_weeks((2025, 20), 1, usable=lambda w: w[0] >= 2025)
    assert history_from_2025 == [(2025, w) for w in range(12, 20)]
    low_coverage = {(2025, 15), (2024, 20)}
    assert baseline_weeks((2025, 20), 1, usable=lambda w: w not in low_coverage) == [
        w for w in weeks if w not in low_coverage
    ]
    assert baseline_weeks((2025, 20), 1, usable=lambda w: False) == []
    # k = 4: 4 recent weeks and 1 + 4 seasonal weeks.
    assert len(baseline_weeks((2025, 20), 1, k=4)) == 9
    # P for φ: the 52 weeks before the window.
    p_weeks = dispersion_weeks((2025, 20), 4)
    assert len(p_weeks) == 52 and p_weeks[-1] == (2025, 16) and p_weeks[0] == (2024, 17)
    with pytest.raises(ValueError):
        baseline_weeks((2025, 20), 1, k=0)


# ---------------------------------------------------------------------------------------------
# The p-value
# ---------------------------------------------------------------------------------------------


def test_p_equals_scipy_nbinom_for_phi_one_and_one_week() -> None:
    rng = np.random.default_rng(81)
    n = 20000
    E = rng.integers(1, 21, size=n).astype(float)
    B = rng.poisson(rng.gamma(0.8, 4.0, size=n) * E).astype(float)
    lam = (B + 0.5) / E
    x = rng.poisson(lam * rng.uniform(0.3, 4.0, size=n)).astype(float)
    x[:50] = 0
    ours = predictive_p(x, B, E, 1, 1.0)
    reference = stats.nbinom.sf(x - 1, B + 0.5, E / (E + 1))
    np.testing.assert_allclose(ours, reference, rtol=1e-12, atol=1e-300)
    assert np.all(ours[:50] == 1.0)


def test_p_equals_scipy_nbinom_for_phi_one_and_four_weeks() -> None:
    rng = np.random.default_rng(82)
    n = 5000
    E = rng.integers(1, 21, size=n).astype(float)
    B = rng.poisson(rng.gamma(0.8, 4.0, size=n) * E).astype(float)
    x = rng.poisson(4 * (B + 0.5) / E * rng.uniform(0.3, 3.0, size=n)).astype(float)
    ours = predictive_p(x, B, E, 4, 1.0)
    reference = stats.nbinom.sf(x - 1, B + 0.5, E / (E + 4))
    np.testing.assert_allclose(ours, reference, rtol=1e-12, atol=1e-300)


def test_hand_computed_case_with_phi_two_and_four_weeks() -> None:
    # x = 6, B = 5, E = 16, t = 4, φ = 2: a = x/φ = 3, r = B/φ + ½ = 3, q = 4/(16 + 4) = 0.2.
    # For whole a and b, I_q(a, b) = P(Bin(a + b − 1, q) ≥ a) = P(Bin(5, 0.2) ≥ 3)
    #   = 10·0.2³·0.8² + 5·0.2⁴·0.8 + 0.2⁵ = 0.0512 + 0.0064 + 0.00032 = 0.05792.
    assert float(predictive_p(6, 5, 16, 4, 2.0)) == pytest.approx(0.05792, rel=1e-12)
    # expected = t(B + φ/2)/E = 4·(5 + 1)/16 = 1.5
    assert float(predictive_expected(5, 16, 4, 2.0)) == pytest.approx(1.5, rel=1e-15)
    # band: NB(3, 0.8) has P(0) = 0.512, cdf 0.512, 0.8192, 0.94208, 0.98304 at 0..3, so the
    # central 95 % is [0, 3]; times φ = 2: [0, 6].
    lower, upper = predictive_band(5, 16, 4, 2.0)
    assert (int(lower), int(upper)) == (0, 6)
    # With φ = 1.5 the band ends are rounded outwards: r = 5/1.5 + ½.
    r = 5 / 1.5 + 0.5
    lo, up = stats.nbinom.ppf([0.025, 0.975], r, 0.8)
    lower, upper = predictive_band(5, 16, 4, 1.5)
    assert (int(lower), int(upper)) == (math.floor(1.5 * lo), math.ceil(1.5 * up))


def test_one_event_in_an_empty_baseline_is_not_flagged_three_may_be() -> None:
    # B = 0 over E = 16 weeks, t = 1, φ = 1: r = ½, q = 1/17.
    #   one event:    p = I_q(1, ½) = 1 − (16/17)^½ = 0.029857...
    #   two events:   p = 0.0013239
    #   three events: p = 0.0000651
    p = predictive_p([1, 2, 3], 0, 16, 1, 1.0)
    assert p[0] == pytest.approx(1 - math.sqrt(16 / 17), rel=1e-12)
    assert p[0] == pytest.approx(0.029857, rel=1e-4)
    assert p[1] == pytest.approx(0.0013239, rel=1e-4)
    assert p[2] == pytest.approx(6.506e-5, rel=1e-3)
    # (the old Poisson test against λ = 0 gave p = 0 for all three)

    # A week of Flen's 144 cells: one cell with one event where none were seen in 16 weeks,
    # another with three; the rest quiet against ordinary baselines.
    rng = np.random.default_rng(3)
    B = rng.poisson(8.0, size=144).astype(float)
    x = rng.poisson((B + 0.5) / 16).astype(float)
    B[0], x[0] = 0, 1
    B[1], x[1] = 0, 3
    result = evaluate_window(x, B, 16, 1, 1.0)
    assert not result.flagged[0]  # q = 144·0.0299/rank ≫ 0.05
    assert result.flagged[1]  # q ≤ 144·6.5e-5 = 0.0094
    assert result.q[1] <= 144 * p[2] + 1e-12
    # With φ = 1.5 three events are weaker evidence (a = 2): p = 0.0013239, q ≈ 0.19.
    clustered = evaluate_window(x, B, 16, 1, 1.5)
    assert clustered.p[1] == pytest.approx(0.0013239, rel=1e-4)
    assert not clustered.flagged[0]


def test_zero_observed_gives_p_one_and_no_baseline_gives_no_test() -> None:
    np.testing.assert_array_equal(predictive_p([0, 0, 0], [0, 3, 400], 8, 1, 1.7), [1, 1, 1])
    p = predictive_p([0, 1, 5], 3, 0, 1, 1.0)
    assert np.all(np.isnan(p))
    assert np.isnan(predictive_expected(3, 0, 1, 1.0))
    lower, upper = predictive_band([3, 1], [0, 8], 1, 1.0)
    assert (lower[0], upper[0]) == (-1, -1) and lower[1] >= 0
    result = evaluate_window([5, 0, 7, 1], [0, 0, 2, 1], [0, 16, 16, 0], 1, 1.0)
    assert result.tested.tolist() == [False, True, True, False]
    assert np.isnan(result.p[0]) and np.isnan(result.q[0]) and np.isnan(result.q[3])
    assert result.flagged.tolist()[0] is False and not result.flagged[3]
    # The family is the two tested cells only.
    fdr = benjamini_hochberg(result.p[[1, 2]])
    np.testing.assert_allclose(result.q[[1, 2]], fdr.q, rtol=1e-15)


def test_evaluate_window_matches_its_parts() -> None:
    rng = np.random.default_rng(10)
    n = 150
    E = rng.integers(0, 21, size=n).astype(float)
    B = rng.poisson(2.0 * E).astype(float)
    phi = rng.choice([1.0, 1.3, 2.2], size=n)
    x = rng.poisson(4 * 2.0 * rng.uniform(0.5, 2.5, size=n)).astype(float)
    result = evaluate_window(x, B, E, 4, phi)
    np.testing.assert_array_equal(result.observed, x)
    np.testing.assert_array_equal(result.baseline_weeks, E)
    np.testing.assert_array_equal(result.phi, phi)
    np.testing.assert_allclose(result.p, predictive_p(x, B, E, 4, phi), equal_nan=True)
    np.testing.assert_allclose(result.expected, predictive_expected(B, E, 4, phi), equal_nan=True)
    lower, upper = predictive_band(B, E, 4, phi)
    np.testing.assert_array_equal(result.lower, lower)
    np.testing.assert_array_equal(result.upper, upper)
    tested = E > 0
    fdr = benjamini_hochberg(result.p[tested])
    np.testing.assert_allclose(result.q[tested], fdr.q, rtol=1e-15)
    np.testing.assert_array_equal(result.flagged[tested], fdr.flagged)
    assert result.t == 4 and result.alpha == 0.05
    assert evaluate_window([], [], [], 1, 1.0).p.shape == (0,)


# ---------------------------------------------------------------------------------------------
# The band
# ---------------------------------------------------------------------------------------------


def _poisson_gamma(
    rng: np.random.Generator, mean: np.ndarray, phi: float, size: tuple[int, ...]
) -> np.ndarray:
    """Counts with mean `mean` and variance phi·mean (Poisson with a gamma-distributed mean)."""
    rate = rng.gamma(mean / (phi - 1.0), phi - 1.0, size=size)
    return rng.poisson(rate)


@pytest.mark.parametrize("t", [1, 4])
def test_band_holds_the_observed_count_about_95_percent_of_the_time(t: int) -> None:
    rng = np.random.default_rng(40 + t)
    phi = 1.5
    n, E = 40000, 16
    lam = rng.choice([0.5, 1.0, 2.0, 4.0, 10.0], size=n)
    baseline = _poisson_gamma(rng, lam[:, None], phi, (n, E)).sum(axis=1)
    observed = _poisson_gamma(rng, lam[:, None], phi, (n, t)).sum(axis=1)
    lower, upper = predictive_band(baseline, E, t, phi)
    inside = (observed >= lower) & (observed <= upper)
    for value in np.unique(lam):
        share = inside[lam == value].mean()
        assert 0.93 <= share <= 0.995, (value, share)
    assert 0.94 <= inside.mean() <= 0.99


# ---------------------------------------------------------------------------------------------
# Dispersion
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("true_phi", [1.5, 2.0])
def test_dispersion_recovers_phi_of_negative_binomial_data(true_phi: float) -> None:
    rng = np.random.default_rng(int(true_phi * 10))
    weeks, areas = 52 + 52 + 8, 9
    lam = rng.uniform(1.0, 6.0, size=areas)
    counts = _poisson_gamma(rng, lam[None, :], true_phi, (weeks, areas)).astype(float)
    usable = np.ones(weeks, dtype=bool)
    B1, E1 = series_baseline(counts, usable, 1)
    P = slice(weeks - 52, weeks)  # the 52 weeks before a window that starts after the series
    phi = dispersion(counts[P], B1[P], E1[P])
    assert phi == pytest.approx(true_phi, rel=0.15)
    # Poisson data: φ = 1 (the estimate is clamped at 1 from below).
    poisson = rng.poisson(lam[None, :], size=(weeks, areas)).astype(float)
    B0, E0 = series_baseline(poisson, usable, 1)
    assert dispersion(poisson[P], B0[P], E0[P]) == pytest.approx(1.0, abs=0.12)


def test_dispersion_hand_case_and_too_few_terms() -> None:
    # Two weeks × 6 areas, E = 4: μ = B/4; terms (y − μ)²/(μ·1.25).
    y = np.array([[3, 0, 2, 5, 1, 0], [4, 1, 0, 2, 2, 6]], dtype=float)
    B = np.array([[4, 4, 8, 8, 0, 4], [8, 4, 4, 4, 8, 8]], dtype=float)
    E = np.array([4.0, 4.0])
    mu = B / 4
    mask = mu > 0
    expected = float(((y - mu) ** 2 / (mu * 1.25))[mask].sum() / mask.sum())
    assert mask.sum() == 11
    assert dispersion(y, B, E) == pytest.approx(max(1.0, expected), rel=1e-12)
    assert expected > 1  # (so the max does not hide the computation)
    # An unusable week (E = 0) is left out: 5 terms < 10 → φ = 1.
    assert dispersion(y, B, np.array([4.0, 0.0])) == 1.0
    assert dispersion(np.zeros((0, 9)), np.zeros((0, 9)), np.zeros(0)) == 1.0


def test_validation_rejects_bad_input() -> None:
    bad_cases: list[Callable[[], object]] = [
        lambda: predictive_p([-1], 2, 8, 1, 1.0),
        lambda: predictive_p([1.5], 2, 8, 1, 1.0),
        lambda: predictive_p([float("nan")], 2, 8, 1, 1.0),
        lambda: predictive_p([1], -2, 8, 1, 1.0),
        lambda: predictive_p([1], float("inf"), 8, 1, 1.0),
        lambda: predictive_p([1], 2, -1, 1, 1.0),
        lambda: predictive_p([1], 2, float("nan"), 1, 1.0),
        lambda: predictive_p([1], 2, 8, 0, 1.0),
        lambda: predictive_p([1], 2, 8, 1, 0.0),
        lambda: predictive_p([1], 2, 8, 1, float("inf")),
        lambda: predictive_expected(-1, 8, 1, 1.0),
        lambda: predictive_band(2, 8, 1, -1.0),
        lambda: predictive_band(2, 8, 1, 1.0, level=1.0),
        lambda: dispersion([[1, -1]], [[1, 1]], [8]),
        lambda: dispersion([[1, 1]], [[1, float("nan")]], [8]),
        lambda: dispersion([[1, 1]], [[1, 1]], [-8]),
        lambda: dispersion([[1, 1]], [[1, 1]], [8, 8]),
        lambda: evaluate_window([1, 2], [1, 2, 3], 8, 1, 1.0),
        lambda: evaluate_window([1], [1], 8, 1, 1.0, alpha=0.0),
        lambda: evaluate_window([1], [1], 8, 0, 1.0),
        lambda: series_baseline(np.ones((10, 3)), np.ones(9, dtype=bool), 1),
        lambda: bh_rows([[0.5, 1.5]]),
    ]
    for case in bad_cases:
        with pytest.raises(ValueError):
            case()


# ---------------------------------------------------------------------------------------------
# Whole series: equal to the per-week definitions
# ---------------------------------------------------------------------------------------------


def test_series_baseline_equals_baseline_weeks_week_by_week() -> None:
    rng = np.random.default_rng(5)
    weeks = 130
    counts = rng.poisson(1.5, size=(weeks, 4, 3)).astype(float)
    usable = rng.random(weeks) > 0.1
    first = (2023, 1)
    calendar = [_week_at(first, i) for i in range(weeks)]
    index = {w: i for i, w in enumerate(calendar)}
    for t in WINDOWS:
        B, E = series_baseline(counts, usable, t)
        for end in range(weeks):
            chosen = baseline_weeks(
                calendar[end], t, usable=lambda w: w in index and bool(usable[index[w]])
            )
            rows = [index[w] for w in chosen]
            assert E[end] == len(rows)
            np.testing.assert_array_equal(B[end], counts[rows].sum(axis=0))


def test_series_dispersion_equals_dispersion_week_by_week() -> None:
    rng = np.random.default_rng(6)
    weeks = 140
    counts = _poisson_gamma(rng, rng.uniform(0.3, 3.0, size=(1, 9, 2)), 1.8, (weeks, 9, 2))
    counts = counts.astype(float)
    usable = rng.random(weeks) > 0.15
    B1, E1 = series_baseline(counts, usable, 1)
    E_used = np.where(usable, E1, 0.0)
    for t in WINDOWS:
        phi = series_dispersion(counts, usable, t)
        assert phi.shape == (weeks, 2)
        for end in range(weeks):
            start = end - (t - 1)
            P = list(range(max(0, start - 52), max(0, start)))
            for c in range(2):
                one = dispersion(counts[P, :, c], B1[P, :, c], E_used[P])
                assert phi[end, c] == pytest.approx(one, rel=1e-12), (t, end, c)
        assert np.all(phi >= 1.0) and phi[-1].max() > 1.2


def test_bh_rows_equals_benjamini_hochberg_per_row() -> None:
    rng = np.random.default_rng(7)
    p = rng.choice([0.001, 0.01, 0.02, 0.3, 1.0], size=(200, 30)) * rng.random((200, 30)) ** 0.1
    p[rng.random(p.shape) < 0.2] = np.nan
    p[0] = np.nan  # a week without any test
    q, flagged = bh_rows(p)
    for i in range(p.shape[0]):
        present = ~np.isnan(p[i])
        assert np.all(np.isnan(q[i, ~present])) and not flagged[i, ~present].any()
        if present.any():
            ref = benjamini_hochberg(p[i, present])
            np.testing.assert_allclose(q[i, present], ref.q, rtol=1e-14)
            np.testing.assert_array_equal(flagged[i, present], ref.flagged)


def test_evaluate_series_equals_evaluate_window_and_flags_a_planted_rise() -> None:
    rng = np.random.default_rng(8)
    weeks = 120
    counts = _poisson_gamma(rng, rng.uniform(0.2, 3.0, size=(1, 9, 16)), 1.5, (weeks, 9, 16))
    counts = counts.astype(float)
    counts[-4:, 2, 5] += 20  # 20 extra events a week for four weeks in one cell
    usable = np.ones(weeks, dtype=bool)
    for t in WINDOWS:
        series = evaluate_series(counts, usable, t)
        B, E = series_baseline(counts, usable, t)
        phi = series_dispersion(counts, usable, t)
        end = weeks - 1
        x = counts[end - t + 1 : end + 1].sum(axis=0)
        one = evaluate_window(
            x.ravel(), B[end].ravel(), E[end], t, np.broadcast_to(phi[end], (9, 16)).ravel()
        )
        np.testing.assert_allclose(series.p[end].ravel(), one.p, rtol=1e-14)
        np.testing.assert_allclose(series.q[end].ravel(), one.q, rtol=1e-14)
        np.testing.assert_array_equal(series.flagged[end].ravel(), one.flagged)
        # t = 1 sees the first week of the rise, t = 4 the whole rise at its end
        assert series.flagged[weeks - 4 if t == 1 else end, 2, 5]
        # before it, few weeks have any flag (BH keeps the family-wise rate near 5 %)
        assert series.flagged[weeks - 60 : weeks - 4].any(axis=(1, 2)).mean() <= 0.1
    # Area totals: one φ per municipality.
    totals = evaluate_series(counts.sum(axis=2), usable, 4)
    assert totals.phi.shape == (weeks, 9) and np.all(totals.phi[-1] == totals.phi[-1, 0])
    # The first weeks have no baseline week: no test.
    assert np.all(np.isnan(totals.p[:1])) and not totals.flagged[:4].any()


def _week_at(first: tuple[int, int], offset: int) -> tuple[int, int]:
    import datetime as dt

    monday = dt.date.fromisocalendar(first[0], first[1], 1) + dt.timedelta(weeks=offset)
    iso = monday.isocalendar()
    return (iso.year, iso.week)
