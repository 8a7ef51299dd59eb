"""Calibration of the weekly test (ANALYTICS.md rev 2): with no change, at most 5 % of the
area-weeks may carry any flag.

Seeded simulation (trygg.analysis.simulation): three years (156 weeks) of weekly counts for
9 areas × 16 categories, seasonal (a yearly wave per category) and overdispersed (Poisson–gamma,
φ = 1.5), with no change. Some weeks have low coverage (a share of the reports missing) and
are marked unusable, as the picture marks weeks below the coverage threshold. The whole method
runs as the picture runs it: baseline weeks with the 52-week seasonal window, φ measured per
category across the areas over the 52 weeks before the window, BH over the 144 cells of each
week, and the area totals as their own family (one φ per municipality), for t = 1 and t = 4.
The last two years are counted (the first year has no seasonal baseline yet).
"""

from __future__ import annotations

import numpy as np
import pytest

from trygg.analysis.predictive import WINDOWS
from trygg.analysis.simulation import (
    AREAS,
    CATEGORIES,
    WEEKS,
    poisson_gamma,
    run_batch,
    run_method,
    simulate_world,
)

LIMIT = 0.05
FIRST_COUNTED = 52
LOW_COVERAGE_SHARE = 0.05
LOW_COVERAGE = 0.6


def _world(seed: int, total_per_week: float) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    world = simulate_world(rng, total_per_week=total_per_week, phi=1.5)
    assert world.counts.shape == (WEEKS, AREAS, CATEGORIES)
    # weeks where a share of the organisations did not report: fewer counts, not usable
    low = rng.random(WEEKS) < LOW_COVERAGE_SHARE
    counts = world.counts.copy()
    counts[low] = rng.binomial(counts[low], LOW_COVERAGE)
    return counts, ~low


@pytest.mark.parametrize("total_per_week", [27.0, 120.0])
def test_no_change_flags_at_most_five_percent_of_area_weeks(total_per_week: float) -> None:
    shares: dict[int, list[float]] = {t: [] for t in WINDOWS}
    for seed in range(6):
        counts, usable = _world(1000 + seed, total_per_week)
        for t in WINDOWS:
            flags = run_method(counts, t, usable=usable)
            area_weeks = flags.area_weeks[FIRST_COUNTED:]
            assert area_weeks.shape == (WEEKS - FIRST_COUNTED, AREAS)
            shares[t].append(float(area_weeks.mean()))
    for t in WINDOWS:
        assert max(shares[t]) <= LIMIT, (t, shares[t])
        assert float(np.mean(shares[t])) <= LIMIT / 2, (t, shares[t])
        # the method does flag at all (a test that never flags would pass trivially)
        assert float(np.mean(shares[t])) > 0, t


def test_no_change_in_many_worlds_at_once() -> None:
    """40 more worlds through the batch form (each world and week its own family)."""
    rng = np.random.default_rng(77)
    counts = np.stack([simulate_world(rng, total_per_week=40.0).counts for _ in range(40)])
    either = np.zeros(counts.shape[:3], dtype=bool)
    for t in WINDOWS:
        batch = run_batch(counts, t, from_week=FIRST_COUNTED)
        share = float(batch.area_weeks[:, FIRST_COUNTED:].mean())
        assert share <= LIMIT, (t, share)
        either |= batch.area_weeks
    # both readings together still flag few area-weeks
    assert float(either[:, FIRST_COUNTED:].mean()) <= LIMIT


def test_batch_form_equals_one_world_at_a_time() -> None:
    rng = np.random.default_rng(78)
    worlds = [simulate_world(rng, total_per_week=60.0) for _ in range(3)]
    counts = np.stack([w.counts for w in worlds])
    for t in WINDOWS:
        batch = run_batch(counts, t, from_week=40)
        for i, world in enumerate(worlds):
            one = run_method(world.counts, t)
            np.testing.assert_array_equal(batch.cells[i, 40:], one.cells.flagged[40:])
            np.testing.assert_array_equal(batch.totals[i, 40:], one.totals.flagged[40:])
            np.testing.assert_allclose(batch.cell_q[i, 40:], one.cells.q[40:], equal_nan=True)
            assert not batch.cells[i, :40].any()


def test_simulated_counts_have_the_planned_dispersion() -> None:
    rng = np.random.default_rng(79)
    mean = np.full((200_000,), 3.0)
    counts = poisson_gamma(rng, mean, 1.5)
    assert counts.mean() == pytest.approx(3.0, rel=0.01)
    assert counts.var() / counts.mean() == pytest.approx(1.5, rel=0.02)
    with pytest.raises(ValueError):
        poisson_gamma(rng, [-1.0], 1.5)
    with pytest.raises(ValueError):
        poisson_gamma(rng, [1.0], 0.5)
