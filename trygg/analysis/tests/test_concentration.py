"""Concentration: top-share and Gini against hand-computed cases and a direct definition."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trygg.analysis.concentration import Concentration, concentration, gini, top_share, top_units


def gini_mad(x: list[float]) -> float:
    """Independent definition: mean absolute difference / (2·mean), double loop."""
    n = len(x)
    mean = sum(x) / n
    mad = sum(abs(a - b) for a in x for b in x) / (n * n)
    return mad / (2 * mean)


def test_top_units_rounding() -> None:
    assert top_units(20, 0.05) == 1
    assert top_units(30, 0.10) == 3  # 0.1·30 = 3.0000000000000004 in floating point
    assert top_units(21, 0.05) == 2  # ⌈1.05⌉
    assert top_units(1, 0.05) == 1
    assert top_units(0, 0.05) == 0
    assert top_units(100, 0.10) == 10
    with pytest.raises(ValueError):
        top_units(10, 0)


def test_hand_computed_case() -> None:
    # 20 places, 40 events: one place 20, one 8, two 4, four 1, twelve 0
    counts = [20, 8, 4, 4, 1, 1, 1, 1] + [0] * 12
    c = concentration(counts)
    assert c.n_units == 20 and c.total == 40
    assert c.top5_units == 1 and c.top5_share == pytest.approx(20 / 40)
    assert c.top10_units == 2 and c.top10_share == pytest.approx(28 / 40)
    # Gini by hand: sorted ascending, ranks 13..20 hold 1,1,1,1,4,4,8,20
    weighted = 13 + 14 + 15 + 16 + 17 * 4 + 18 * 4 + 19 * 8 + 20 * 20
    expected = 2 * weighted / (20 * 40) - 21 / 20
    assert expected == pytest.approx(0.825)
    # and by pairs: Σ_{i<j} |x_i − x_j| = 360 (20 vs rest) + 132 (8) + 120 (4s) + 48 (1s) = 660;
    # G = 2·660 / (2·n²·mean) = 1320 / (2·400·2) = 0.825
    assert expected == 1320 / (2 * 20**2 * 2)
    assert c.gini == pytest.approx(expected, abs=1e-12)
    assert c.gini == pytest.approx(gini_mad([float(v) for v in counts]), abs=1e-12)


def test_small_gini_cases() -> None:
    assert gini([1, 1, 1, 1]) == 0.0
    assert gini([0, 0, 0, 4]) == pytest.approx(3 / 4)  # maximum (n−1)/n
    assert gini([1, 3]) == pytest.approx(0.25)  # |1−3|·2/(2·4·2) = 0.25
    assert gini([5]) == 0.0
    assert gini([0, 0]) is None
    assert gini([]) is None


def test_no_events() -> None:
    c = concentration([0, 0, 0])
    assert c == Concentration(3, 0.0, 1, None, 1, None, None)
    assert concentration([]).n_units == 0
    assert top_share([], 0.1) is None


def test_zeros_matter() -> None:
    # the same events over more (empty) units are more concentrated
    assert gini([3, 1] + [0] * 8) > gini([3, 1])  # type: ignore[operator]
    assert top_share([3, 1] + [0] * 18, 0.05) == pytest.approx(0.75)
    assert top_share([3, 1], 0.05) == pytest.approx(0.75)
    assert top_share([1, 3], 0.5) == pytest.approx(0.75)  # order of input irrelevant


def test_validation() -> None:
    with pytest.raises(ValueError):
        gini([1, -1])
    with pytest.raises(ValueError):
        top_share([1, np.inf], 0.1)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=60))
def test_properties(counts: list[int]) -> None:
    c = concentration(counts)
    if sum(counts) == 0:
        assert c.gini is None and c.top5_share is None
        return
    assert c.gini is not None and c.top5_share is not None and c.top10_share is not None
    assert c.gini == pytest.approx(gini_mad([float(v) for v in counts]), abs=1e-12)
    assert 0 <= c.gini <= (len(counts) - 1) / len(counts) + 1e-12
    assert 0 < c.top5_share <= c.top10_share <= 1
    assert c.top10_share >= c.top10_units / c.n_units - 1e-12  # top units hold at least par
