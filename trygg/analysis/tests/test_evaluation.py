"""evaluation.py: DiD, RE, WDD, WDQ and the power guard on hand-computed cases."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trygg.analysis.evaluation import (
    RelativeEffect,
    buffer_change_detectable,
    difference_in_differences,
    evaluate_intervention,
    relative_effect,
    too_few_events,
    weighted_displacement_difference,
    weighted_displacement_quotient,
)

Z95 = 1.959963984540054  # norm.isf(0.025)


def test_did_re_wdd_hand_case_without_buffer() -> None:
    # T0 = 50, T1 = 30, C0 = 40, C1 = 36
    # Δ   = (30 − 50) − (36 − 40) = −20 + 4 = −16
    # RE  = (50/30)/(40/36) = (50·36)/(30·40) = 1800/1200 = 1.5
    # var = 1/50 + 1/30 + 1/40 + 1/36 = (36 + 60 + 45 + 50)/1800 = 191/1800 = 0.10611…
    # CI  = exp(ln 1.5 ± 1.96·√(191/1800)) = exp(0.405465 ± 0.638452) = (0.7922, 2.8403)
    # WDD = Δ = −16 (buffer terms 0), Var = 50 + 30 + 40 + 36 = 156, z = −16/√156 = −1.2810
    assert difference_in_differences(50, 30, 40, 36) == -16
    effect = relative_effect(50, 30, 40, 36)
    assert effect.re == pytest.approx(1.5, rel=1e-12)
    assert effect.var_log == pytest.approx(191 / 1800, rel=1e-12)
    assert effect.lower == pytest.approx(math.exp(math.log(1.5) - Z95 * math.sqrt(191 / 1800)))
    assert effect.upper == pytest.approx(math.exp(math.log(1.5) + Z95 * math.sqrt(191 / 1800)))
    assert effect.lower == pytest.approx(0.7922, abs=5e-5)
    assert effect.upper == pytest.approx(2.8403, abs=5e-5)
    wdd = weighted_displacement_difference(50, 30, 40, 36)
    assert (wdd.wdd, wdd.local, wdd.displacement, wdd.variance) == (-16, -16, 0, 156)
    assert wdd.z == pytest.approx(-16 / math.sqrt(156), rel=1e-12)
    assert wdd.z == pytest.approx(-1.2810, abs=5e-5)
    assert not wdd.buffer_assessed and not wdd.comparison_buffer_assessed

    result = evaluate_intervention(50, 30, 40, 36)
    # CI 0.79–2.84 includes 1 but does not span 0.67: enough events, no detectable effect.
    assert result.verdict == "no detectable effect"
    assert result.wdq is None
    assert (result.target_change, result.comparison_change) == (-20, -4)
    assert result.target_relative_change == pytest.approx(-0.4)  # 30/50 − 1
    assert result.comparison_relative_change == pytest.approx(-0.1)  # 36/40 − 1


def test_published_worked_example_with_buffer() -> None:
    # Wheeler & Ratcliffe (2018), worked example (also the "paper" test case of the ptools R
    # package): target 207 → 110, control 308 → 318, target buffer 178 → 157, control buffer
    # 150 → 140. Published: WDD = −118, Var = 1568, z = −2.98, 95 % CI (−196, −40).
    # WDD = (110 − 207) − (318 − 308) + (157 − 178) − (140 − 150)
    #     = −97 − 10 − 21 + 10 = −118
    # Var = 207 + 110 + 308 + 318 + 178 + 157 + 150 + 140 = 1568; √1568 = 39.598
    # z   = −118/39.598 = −2.980; CI = −118 ± 1.96·39.598 = (−195.6, −40.4)
    wdd = weighted_displacement_difference(207, 110, 308, 318, 178, 157, 150, 140)
    assert (wdd.wdd, wdd.variance, wdd.local, wdd.displacement) == (-118, 1568, -107, -11)
    assert wdd.z is not None and round(wdd.z, 2) == -2.98
    assert (round(wdd.lower), round(wdd.upper)) == (-196, -40)
    assert wdd.buffer_assessed and wdd.comparison_buffer_assessed
    assert wdd.p == pytest.approx(0.00288, abs=1e-5)  # 2·Φ(−2.98)

    # WDQ = (157/318 − 178/308) / (110/318 − 207/308)
    #     = (0.493711 − 0.577922) / (0.345912 − 0.672078) = −0.084211 / −0.326166 = 0.25819
    # success measure negative (target improved) and WDQ > 0 → diffusion of benefits.
    wdq = weighted_displacement_quotient(207, 110, 308, 318, 178, 157)
    assert wdq.wdq == pytest.approx((157 / 318 - 178 / 308) / (110 / 318 - 207 / 308), rel=1e-12)
    assert wdq.wdq == pytest.approx(0.25819, abs=5e-6)
    assert wdq.interpretation == "diffusion of benefits"

    # RE = (207/110)/(308/318) = 65826/33880 = 1.94292
    # var = 1/207 + 1/110 + 1/308 + 1/318 = 0.020313; CI = exp(0.66419 ± 0.27934)
    #     = (1.4694, 2.5690): above 1 → reduction relative to the comparison area.
    result = evaluate_intervention(207, 110, 308, 318, 178, 157, 150, 140)
    assert result.relative_effect.re == pytest.approx(65826 / 33880, rel=1e-12)
    assert result.relative_effect.lower == pytest.approx(1.4694, abs=5e-5)
    assert result.relative_effect.upper == pytest.approx(2.5690, abs=5e-5)
    assert result.verdict == "reduction relative to the comparison area"
    assert result.difference_in_differences == -107
    assert result.wdd == wdd and result.wdq == wdq


@pytest.mark.parametrize(
    ("D1", "expected_wdq", "interpretation"),
    [
        # T 100 → 60, C 100 → 100, D0 = 50: success = 60/100 − 100/100 = −0.4
        (40, -0.1 / -0.4, "diffusion of benefits"),  # (0.4 − 0.5)/(−0.4) = 0.25
        (50, 0.0, "no displacement or diffusion"),  # (0.5 − 0.5)/(−0.4) = 0
        (70, 0.2 / -0.4, "displacement with net benefit"),  # (0.7 − 0.5)/(−0.4) = −0.5
        (90, -1.0, "displacement equal to the gain"),  # (0.9 − 0.5)/(−0.4) = −1
        (100, 0.5 / -0.4, "gain erased"),  # (1.0 − 0.5)/(−0.4) = −1.25
    ],
)
def test_wdq_interpretations(D1: int, expected_wdq: float, interpretation: str) -> None:
    wdq = weighted_displacement_quotient(100, 60, 100, 100, 50, D1)
    assert wdq.wdq == pytest.approx(expected_wdq, rel=1e-12, abs=1e-15)
    assert wdq.interpretation == interpretation
    assert wdq.success_measure == pytest.approx(-0.4)


def test_wdq_undefined_and_uninterpretable() -> None:
    zero_control = weighted_displacement_quotient(10, 5, 0, 8, 4, 4)
    assert zero_control.wdq is None and zero_control.reason is not None
    # Target moved exactly like the comparison: 20/40 − 10/20 = 0 → division by zero.
    no_change = weighted_displacement_quotient(10, 20, 20, 40, 5, 9)
    assert no_change.wdq is None and no_change.success_measure == 0.0
    assert no_change.reason is not None
    # Target got worse (success measure > 0): computed but not interpreted.
    worse = weighted_displacement_quotient(10, 20, 20, 20, 5, 9)
    assert worse.wdq == pytest.approx((9 / 20 - 5 / 20) / (20 / 20 - 10 / 20))
    assert worse.interpretation is None and worse.reason is not None


def test_power_guard_small_counts() -> None:
    # T 6 → 3, C 5 → 5: RE = (6/3)/(5/5) = 2; var = 1/6 + 1/3 + 1/5 + 1/5 = 0.9;
    # CI = exp(ln 2 ± 1.96·0.9487) = (0.312, 12.84): spans 0.67 and 1.5 → too few events,
    # even though the target "halved".
    result = evaluate_intervention(6, 3, 5, 5)
    assert result.relative_effect.re == pytest.approx(2.0)
    assert result.relative_effect.var_log == pytest.approx(0.9)
    assert result.verdict == "too few events to detect an effect"
    assert "0.67" in result.reason and "1.5" in result.reason


def test_increase_relative_to_comparison() -> None:
    # T 30 → 90, C 50 → 50: RE = (30/90)/(50/50) = 1/3; var = 1/30 + 1/90 + 2/50 = 0.08444;
    # CI = exp(−1.0986 ± 0.5696) = (0.1886, 0.5892): below 1 → increase.
    result = evaluate_intervention(30, 90, 50, 50)
    assert result.relative_effect.upper == pytest.approx(0.5892, abs=5e-5)
    assert result.verdict == "increase relative to the comparison area"
    assert result.wdd.wdd == 60 and result.wdd.variance == 220


def test_zero_counts() -> None:
    effect = relative_effect(12, 0, 10, 9)
    assert effect.re is None and effect.lower is None and effect.upper is None
    assert effect.reason is not None and "T1" in effect.reason
    result = evaluate_intervention(12, 0, 10, 9)
    assert result.verdict == "too few events to detect an effect"
    assert result.reason == effect.reason
    assert result.difference_in_differences == (0 - 12) - (9 - 10)  # −11
    nothing = evaluate_intervention(0, 0, 0, 0)
    assert nothing.wdd.z is None and nothing.wdd.p is None and nothing.wdd.variance == 0
    assert nothing.target_relative_change is None and nothing.comparison_relative_change is None
    assert too_few_events(RelativeEffect(None, None, None, None, 0.95, "zero"))


def test_buffer_only_in_target_and_input_validation() -> None:
    # Only the target's buffer assessed: Cd terms are 0.
    # WDD = (30 − 50) − (36 − 40) + (25 − 20) − 0 = −16 + 5 = −11; Var = 156 + 20 + 25 = 201
    wdd = weighted_displacement_difference(50, 30, 40, 36, 20, 25)
    assert (wdd.wdd, wdd.variance) == (-11, 201)
    assert wdd.buffer_assessed and not wdd.comparison_buffer_assessed
    assert evaluate_intervention(50, 30, 40, 36, 20, 25).wdq is not None
    # numpy integers are accepted and come back as Python ints.
    result = evaluate_intervention(*(np.int64(v) for v in (50, 30, 40, 36)))
    assert type(result.T0) is int and type(result.wdd.wdd) is int
    with pytest.raises(ValueError):
        weighted_displacement_difference(50, 30, 40, 36, D0=20)  # half a pair
    with pytest.raises(ValueError):
        evaluate_intervention(50, -1, 40, 36)
    with pytest.raises(ValueError):
        evaluate_intervention(50, 3.5, 40, 36)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        evaluate_intervention(True, 3, 40, 36)


counts = st.integers(min_value=0, max_value=2000)
positive = st.integers(min_value=1, max_value=2000)


@given(T0=counts, T1=counts, C0=counts, C1=counts)
def test_wdd_without_buffer_is_did(T0: int, T1: int, C0: int, C1: int) -> None:
    wdd = weighted_displacement_difference(T0, T1, C0, C1)
    assert wdd.wdd == difference_in_differences(T0, T1, C0, C1)
    assert wdd.variance == T0 + T1 + C0 + C1


@given(T0=positive, T1=positive, C0=positive, C1=positive)
def test_re_properties(T0: int, T1: int, C0: int, C1: int) -> None:
    effect = relative_effect(T0, T1, C0, C1)
    assert effect.re is not None and effect.lower is not None and effect.upper is not None
    assert effect.lower < effect.re < effect.upper
    # Swapping target and comparison inverts RE and its interval.
    swapped = relative_effect(C0, C1, T0, T1)
    assert swapped.re is not None and swapped.lower is not None and swapped.upper is not None
    assert swapped.re == pytest.approx(1 / effect.re, rel=1e-9)
    assert swapped.lower == pytest.approx(1 / effect.upper, rel=1e-9)
    # The CI is symmetric on the log scale around ln RE.
    assert math.log(effect.upper) - math.log(effect.re) == pytest.approx(
        math.log(effect.re) - math.log(effect.lower), rel=1e-9
    )


@given(T0=counts, T1=counts, C0=counts, C1=counts, D0=counts, D1=counts)
def test_buffer_changing_like_its_comparison_buffer_adds_nothing(
    T0: int, T1: int, C0: int, C1: int, D0: int, D1: int
) -> None:
    wdd = weighted_displacement_difference(T0, T1, C0, C1, D0, D1, D0, D1)
    assert wdd.wdd == difference_in_differences(T0, T1, C0, C1)
    assert wdd.displacement == 0


def test_a_buffer_within_chance_is_not_read_as_diffusion() -> None:
    """The walkthrough's case: target 93 → 60, comparison 35 → 35, buffer 89 → 86. WDQ is
    positive ("diffusion of benefits" by its formula), but the buffer fell 3 % where the
    comparison stayed: its relative change (89/86)/(35/35) = 1.035, 95 % CI
    exp(ln 1.035 ± 1.96·√(1/89 + 1/86 + 1/35 + 1/35)) = 0.71–1.51, includes 1."""
    result = evaluate_intervention(93, 60, 35, 35, 89, 86)
    assert result.wdq is not None and result.wdq.interpretation == "diffusion of benefits"
    effect = result.buffer_effect
    assert effect is not None and effect.re == pytest.approx(89 / 86)
    spread = NormalDist().inv_cdf(0.975) * math.sqrt(1 / 89 + 1 / 86 + 1 / 35 + 1 / 35)
    assert effect.lower == pytest.approx(89 / 86 * math.exp(-spread))
    assert effect.upper == pytest.approx(89 / 86 * math.exp(spread))
    assert buffer_change_detectable(result) is False
    # a buffer that halves while the comparison stays is a detectable change
    assert buffer_change_detectable(evaluate_intervention(93, 60, 35, 35, 90, 40)) is True
    assert buffer_change_detectable(evaluate_intervention(93, 60, 35, 35)) is None
