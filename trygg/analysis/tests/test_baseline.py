"""baseline.py: λ from the previous weeks (blended with last year) and the Poisson band."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from trygg.analysis.baseline import (
    compute_baseline,
    expected_counts,
    prediction_band,
    previous_weeks,
    same_weeks_last_year,
)

TOL = 1e-9


def test_band_equals_scipy_ppf_on_random_cases() -> None:
    rng = np.random.default_rng(5)
    lam = np.concatenate([rng.gamma(1.0, 10.0, size=3000), [1e-9, 0.025, 1.0, 250.0]])
    lower, upper = prediction_band(lam)
    np.testing.assert_array_equal(lower, stats.poisson.ppf(0.025, lam))
    np.testing.assert_array_equal(upper, stats.poisson.ppf(0.975, lam))
    # The band holds at least 95 % of the Poisson mass.
    mass = stats.poisson.cdf(upper, lam) - stats.poisson.cdf(lower - 1, lam)
    assert np.all(mass >= 0.95 - 1e-12)


def test_band_hand_cases_and_zero() -> None:
    # λ = 4: P(X ≤ 0) = e^−4 = 0.018 < 0.025, P(X ≤ 1) = 5e^−4 = 0.092 ≥ 0.025 → lower 1;
    # P(X ≤ 8) = 0.9786 ≥ 0.975 and P(X ≤ 7) = 0.9489 < 0.975 → upper 8.
    lower, upper = prediction_band(4.0)
    assert (int(lower), int(upper)) == (1, 8)
    lower, upper = prediction_band([0.0])
    assert (lower.tolist(), upper.tolist()) == ([0], [0])
    assert prediction_band([])[0].shape == (0,)
    with pytest.raises(ValueError):
        prediction_band([-1.0])
    with pytest.raises(ValueError):
        prediction_band([1.0], level=1.0)


def test_baseline_recent_only() -> None:
    # Last 8 of 10 weeks: 2, 3, 4, 1, 0, 5, 3, 6 → mean 24/8 = 3.
    result = compute_baseline([9, 9, 2, 3, 4, 1, 0, 5, 3, 6])
    assert result is not None
    assert result.expected == pytest.approx(3.0)
    assert result.recent_weeks == 8 and result.last_year_weeks == 0
    assert result.last_year_mean is None and result.last_year_weight == 0.0
    assert (result.lower, result.upper) == (
        int(stats.poisson.ppf(0.025, 3.0)),
        int(stats.poisson.ppf(0.975, 3.0)),
    )


def test_baseline_blended_with_last_year() -> None:
    # recent mean 3 (as above); last year's 9 weeks sum 63 → mean 7;
    # λ = 0.5·3 + 0.5·7 = 5; with w = 0.25: 0.75·3 + 0.25·7 = 4.
    recent = [2, 3, 4, 1, 0, 5, 3, 6]
    last_year = [5, 6, 7, 8, 9, 8, 7, 6, 7]
    blended = compute_baseline(recent, last_year)
    assert blended is not None
    assert blended.expected == pytest.approx(5.0)
    assert blended.last_year_mean == pytest.approx(7.0)
    assert blended.last_year_weeks == 9 and blended.last_year_weight == 0.5
    quarter = compute_baseline(recent, last_year, last_year_weight=0.25)
    assert quarter is not None and quarter.expected == pytest.approx(4.0)
    # Empty last year = not available: w falls back to 0.
    plain = compute_baseline(recent, [])
    assert plain is not None and plain.expected == pytest.approx(3.0)
    assert plain.last_year_weight == 0.0


def test_baseline_short_history_and_edges() -> None:
    short = compute_baseline([4, 6])  # a new installation: two weeks only
    assert short is not None and short.expected == 5.0 and short.recent_weeks == 2
    assert compute_baseline([]) is None
    zero = compute_baseline([0, 0, 0])
    assert zero is not None and (zero.expected, zero.lower, zero.upper) == (0.0, 0, 0)
    custom_k = compute_baseline([10, 1, 2, 3], k=3)
    assert custom_k is not None and custom_k.expected == pytest.approx(2.0)
    with pytest.raises(ValueError):
        compute_baseline([1, -1])
    with pytest.raises(ValueError):
        compute_baseline([1], k=0)
    with pytest.raises(ValueError):
        compute_baseline([1], [1], last_year_weight=1.5)


def test_expected_counts_vectorised_equals_the_scalar_version() -> None:
    rng = np.random.default_rng(8)
    previous = rng.poisson(3.0, size=(50, 12))
    last_year = rng.poisson(4.0, size=(50, 9))
    vec = expected_counts(previous, last_year, k=8, last_year_weight=0.3)
    vec_recent = expected_counts(previous, None, k=8)
    vec_no_columns = expected_counts(previous, np.zeros((50, 0)), k=8)
    for i in range(50):
        one = compute_baseline(previous[i], last_year[i], k=8, last_year_weight=0.3)
        assert one is not None and vec[i] == pytest.approx(one.expected, rel=TOL)
        assert vec_recent[i] == pytest.approx(previous[i, -8:].mean(), rel=TOL)
    np.testing.assert_array_equal(vec_recent, vec_no_columns)
    with pytest.raises(ValueError):
        expected_counts(np.zeros((3, 0)))
    with pytest.raises(ValueError):
        expected_counts(np.zeros((3, 2)), np.zeros((2, 2)))


@given(
    recent=st.lists(st.integers(0, 500), min_size=1, max_size=20),
    last_year=st.lists(st.integers(0, 500), max_size=12),
    w=st.floats(0.0, 1.0),
)
def test_baseline_lies_between_its_inputs(
    recent: list[int], last_year: list[int], w: float
) -> None:
    result = compute_baseline(recent, last_year, last_year_weight=w)
    assert result is not None
    parts = [result.recent_mean] + (
        [result.last_year_mean] if result.last_year_mean is not None else []
    )
    assert min(parts) - 1e-9 <= result.expected <= max(parts) + 1e-9
    assert result.lower <= result.upper


def test_calendar_helpers() -> None:
    # The 8 weeks before 2026-W02 cross the year boundary (2025 has 52 ISO weeks).
    assert previous_weeks((2026, 2)) == [
        (2025, 46),
        (2025, 47),
        (2025, 48),
        (2025, 49),
        (2025, 50),
        (2025, 51),
        (2025, 52),
        (2026, 1),
    ]
    # Same weeks last year: 9 weeks centred on the week 52 weeks earlier.
    assert same_weeks_last_year((2025, 20)) == [(2024, w) for w in range(16, 25)]
    # 2026 has 53 ISO weeks: W53 sits 52 weeks after 2026-W01, and the year after shifts by one.
    assert same_weeks_last_year((2026, 53), k=0) == [(2026, 1)]
    assert same_weeks_last_year((2027, 10), k=2) == [(2026, 10), (2026, 11), (2026, 12)]
    # Weeks that exist in both years keep their number.
    assert same_weeks_last_year((2026, 30), k=0) == [(2025, 30)]
    with pytest.raises(ValueError):
        previous_weeks((2026, 2), k=0)
