"""Did it work? Before/after evaluation of a place-based intervention.

Specification: ANALYTICS.md, "Did it work?". Notation (counts of events in windows of equal
length): T target area, C comparison area, D buffer (displacement area) around T, Cd buffer
around C; 0 = before, 1 = after.

- Difference in differences: Δ = (T₁ − T₀) − (C₁ − C₀). Negative = fewer events in the target
  than the comparison's change predicts.
- Relative effect: RE = (T₀/T₁) / (C₀/C₁); var(ln RE) ≈ 1/T₀ + 1/T₁ + 1/C₀ + 1/C₁;
  CI exp(ln RE ± z·√var). RE > 1 = a reduction relative to the comparison. Undefined (None,
  with the reason) when any of the four counts is 0.
- Weighted Displacement Difference (Wheeler & Ratcliffe 2018):
  WDD = (T₁ − T₀) − (C₁ − C₀) + (D₁ − D₀) − (Cd₁ − Cd₀), Var(WDD) = sum of the eight counts,
  z = WDD/√Var, CI WDD ± z·√Var, two-sided normal p. Negative = events prevented. Buffer
  terms are 0 when the buffers are not assessed (then WDD = Δ).
- Weighted Displacement Quotient (Bowers & Johnson 2003):
  WDQ = (D₁/C₁ − D₀/C₀) / (T₁/C₁ − T₀/C₀). The denominator (success measure) must be
  negative — the target improved relative to the comparison — for the quotient to mean
  anything: with no benefit there is nothing to displace, so otherwise the interpretation is
  None with the reason. Interpretation: > 0 diffusion of benefits; 0 neither; (−1, 0)
  displacement with net benefit; −1 displacement equal to the gain; < −1 gain erased.
- Power guard: when the CI of RE spans both 0.67 and 1.5 (or RE is undefined) the verdict is
  "too few events to detect an effect" instead of a verdict on the effect.
- Regression to the mean: the result always carries the comparison area's change beside the
  target's (`target_change`, `comparison_change`).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from scipy import stats

CONFIDENCE = 0.95
POWER_GUARD_LOW = 0.67
POWER_GUARD_HIGH = 1.5

WDQInterpretation = Literal[
    "diffusion of benefits",
    "no displacement or diffusion",
    "displacement with net benefit",
    "displacement equal to the gain",
    "gain erased",
]
Verdict = Literal[
    "too few events to detect an effect",
    "reduction relative to the comparison area",
    "increase relative to the comparison area",
    "no detectable effect",
]


def _crit(confidence: float) -> float:
    if not 0.0 < confidence < 1.0:
        raise ValueError("confidence must be in (0, 1)")
    return float(stats.norm.isf((1.0 - confidence) / 2.0))


def _check(**counts: int | None) -> None:
    """Counts must be non-negative integers (Python or numpy integers; bool is refused)."""
    for name, value in counts.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
            raise ValueError(f"{name} must be a non-negative whole number, got {value!r}")


def _int(value: int | None) -> int | None:
    return None if value is None else int(value)


def _pair(name0: str, v0: int | None, name1: str, v1: int | None) -> bool:
    """True when the pair is assessed; both or neither must be given."""
    if (v0 is None) != (v1 is None):
        raise ValueError(f"{name0} and {name1} must both be given or both be omitted")
    return v0 is not None


# ---------------------------------------------------------------------------------------------
# Difference in differences and relative effect.
# ---------------------------------------------------------------------------------------------


def difference_in_differences(T0: int, T1: int, C0: int, C1: int) -> int:
    """Δ = (T₁ − T₀) − (C₁ − C₀)."""
    _check(T0=T0, T1=T1, C0=C0, C1=C1)
    return int((T1 - T0) - (C1 - C0))


@dataclass(frozen=True)
class RelativeEffect:
    """RE = (T₀/T₁)/(C₀/C₁) with its log-normal CI; RE > 1 = reduction relative to C."""

    re: float | None
    lower: float | None
    upper: float | None
    var_log: float | None
    """var(ln RE) ≈ 1/T₀ + 1/T₁ + 1/C₀ + 1/C₁."""
    confidence: float
    reason: str | None
    """Why RE is None (a zero count), else None."""


def relative_effect(
    T0: int, T1: int, C0: int, C1: int, *, confidence: float = CONFIDENCE
) -> RelativeEffect:
    """Relative effect and its CI exp(ln RE ± z·√var); None with a reason when a count is 0."""
    _check(T0=T0, T1=T1, C0=C0, C1=C1)
    T0, T1, C0, C1 = int(T0), int(T1), int(C0), int(C1)
    crit = _crit(confidence)
    zeros = [name for name, v in (("T0", T0), ("T1", T1), ("C0", C0), ("C1", C1)) if v == 0]
    if zeros:
        return RelativeEffect(
            re=None,
            lower=None,
            upper=None,
            var_log=None,
            confidence=confidence,
            reason=(
                f"no events in {', '.join(zeros)}: the relative effect and its confidence "
                "interval are undefined"
            ),
        )
    re = (T0 / T1) / (C0 / C1)
    var_log = 1 / T0 + 1 / T1 + 1 / C0 + 1 / C1
    half = crit * math.sqrt(var_log)
    log_re = math.log(re)
    return RelativeEffect(
        re=re,
        lower=math.exp(log_re - half),
        upper=math.exp(log_re + half),
        var_log=var_log,
        confidence=confidence,
        reason=None,
    )


# ---------------------------------------------------------------------------------------------
# WDD and WDQ.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WDDResult:
    """Weighted Displacement Difference (Wheeler & Ratcliffe 2018). Negative = prevented."""

    local: int
    """(T₁ − T₀) − (C₁ − C₀)."""
    displacement: int
    """(D₁ − D₀) − (Cd₁ − Cd₀); 0 when the buffers are not assessed."""
    wdd: int
    """local + displacement."""
    variance: int
    """Sum of the eight counts (buffer counts 0 when not assessed)."""
    se: float
    z: float | None
    """WDD/√Var; None when every count is 0."""
    p: float | None
    """Two-sided normal p-value for WDD = 0."""
    lower: float
    upper: float
    confidence: float
    buffer_assessed: bool
    comparison_buffer_assessed: bool


def weighted_displacement_difference(
    T0: int,
    T1: int,
    C0: int,
    C1: int,
    D0: int | None = None,
    D1: int | None = None,
    Cd0: int | None = None,
    Cd1: int | None = None,
    *,
    confidence: float = CONFIDENCE,
) -> WDDResult:
    """WDD, its variance, z, p and CI. Buffer pairs (D0, D1) and (Cd0, Cd1) are optional."""
    _check(T0=T0, T1=T1, C0=C0, C1=C1, D0=D0, D1=D1, Cd0=Cd0, Cd1=Cd1)
    T0, T1, C0, C1 = int(T0), int(T1), int(C0), int(C1)
    crit = _crit(confidence)
    has_d = _pair("D0", D0, "D1", D1)
    has_cd = _pair("Cd0", Cd0, "Cd1", Cd1)
    d0, d1 = int(D0 or 0), int(D1 or 0)
    cd0, cd1 = int(Cd0 or 0), int(Cd1 or 0)
    local = (T1 - T0) - (C1 - C0)
    displacement = (d1 - d0) - (cd1 - cd0)
    wdd = local + displacement
    variance = T0 + T1 + C0 + C1 + d0 + d1 + cd0 + cd1
    se = math.sqrt(variance)
    z = wdd / se if variance > 0 else None
    p = float(2.0 * stats.norm.sf(abs(z))) if z is not None else None
    return WDDResult(
        local=local,
        displacement=displacement,
        wdd=wdd,
        variance=variance,
        se=se,
        z=z,
        p=p,
        lower=wdd - crit * se,
        upper=wdd + crit * se,
        confidence=confidence,
        buffer_assessed=has_d,
        comparison_buffer_assessed=has_cd,
    )


@dataclass(frozen=True)
class WDQResult:
    """Weighted Displacement Quotient (Bowers & Johnson 2003)."""

    wdq: float | None
    """None when undefined (a zero comparison count, or no change in the target vs C)."""
    success_measure: float | None
    """T₁/C₁ − T₀/C₀ (the denominator); negative = the target improved relative to C."""
    displacement_measure: float | None
    """D₁/C₁ − D₀/C₀ (the numerator); positive = the buffer got worse relative to C."""
    interpretation: WDQInterpretation | None
    reason: str | None
    """Why wdq or interpretation is None."""


def weighted_displacement_quotient(
    T0: int, T1: int, C0: int, C1: int, D0: int, D1: int
) -> WDQResult:
    """WDQ = (D₁/C₁ − D₀/C₀) / (T₁/C₁ − T₀/C₀) with its interpretation."""
    _check(T0=T0, T1=T1, C0=C0, C1=C1, D0=D0, D1=D1)
    T0, T1, C0, C1, D0, D1 = int(T0), int(T1), int(C0), int(C1), int(D0), int(D1)
    if C0 == 0 or C1 == 0:
        return WDQResult(
            wdq=None,
            success_measure=None,
            displacement_measure=None,
            interpretation=None,
            reason="no events in the comparison area in one of the periods: WDQ is undefined",
        )
    # Exact rational arithmetic for the classification, so that e.g. WDQ = −1 is recognised.
    success_q = Fraction(T1, C1) - Fraction(T0, C0)
    displacement_q = Fraction(D1, C1) - Fraction(D0, C0)
    success, displacement = float(success_q), float(displacement_q)
    if success_q == 0:
        return WDQResult(
            wdq=None,
            success_measure=success,
            displacement_measure=displacement,
            interpretation=None,
            reason="the target did not change relative to the comparison: WDQ is undefined",
        )
    wdq_q = displacement_q / success_q
    wdq = float(wdq_q)
    if success_q > 0:
        return WDQResult(
            wdq=wdq,
            success_measure=success,
            displacement_measure=displacement,
            interpretation=None,
            reason=(
                "the target got worse relative to the comparison: there is no gain to displace, "
                "so WDQ is not interpreted"
            ),
        )
    interpretation: WDQInterpretation
    if wdq_q > 0:
        interpretation = "diffusion of benefits"
    elif wdq_q == 0:
        interpretation = "no displacement or diffusion"
    elif wdq_q > -1:
        interpretation = "displacement with net benefit"
    elif wdq_q == -1:
        interpretation = "displacement equal to the gain"
    else:
        interpretation = "gain erased"
    return WDQResult(
        wdq=wdq,
        success_measure=success,
        displacement_measure=displacement,
        interpretation=interpretation,
        reason=None,
    )


# ---------------------------------------------------------------------------------------------
# Power guard and the combined evaluation.
# ---------------------------------------------------------------------------------------------


def too_few_events(
    effect: RelativeEffect, low: float = POWER_GUARD_LOW, high: float = POWER_GUARD_HIGH
) -> bool:
    """True when RE is undefined or its CI spans both `low` and `high` (lower < low, upper >
    high): the data could not tell a third less from half as much again."""
    if effect.lower is None or effect.upper is None:
        return True
    return effect.lower < low and effect.upper > high


def buffer_change_detectable(result: EvaluationResult) -> bool | None:
    """Did the buffer change against the comparison area beyond chance (RE's CI excludes
    1)? None without a buffer or when a count is zero."""
    effect = result.buffer_effect
    if effect is None or effect.lower is None or effect.upper is None:
        return None
    return effect.lower > 1 or effect.upper < 1


@dataclass(frozen=True)
class EvaluationResult:
    T0: int
    T1: int
    C0: int
    C1: int
    D0: int | None
    D1: int | None
    Cd0: int | None
    Cd1: int | None
    target_change: int
    """T₁ − T₀."""
    comparison_change: int
    """C₁ − C₀: always shown beside the target's (regression to the mean)."""
    target_relative_change: float | None
    """T₁/T₀ − 1; None when T₀ = 0."""
    comparison_relative_change: float | None
    """C₁/C₀ − 1; None when C₀ = 0."""
    difference_in_differences: int
    relative_effect: RelativeEffect
    wdd: WDDResult
    wdq: WDQResult | None
    """None when no buffer was assessed."""
    buffer_effect: RelativeEffect | None
    """The buffer's relative change against the comparison area, RE(D₀, D₁, C₀, C₁) with
    its CI; None when no buffer was assessed. WDQ's sign is read only when this CI excludes
    1: a buffer of 89 where 91 were expected is noise, not diffusion of benefits."""
    verdict: Verdict
    reason: str


def evaluate_intervention(
    T0: int,
    T1: int,
    C0: int,
    C1: int,
    D0: int | None = None,
    D1: int | None = None,
    Cd0: int | None = None,
    Cd1: int | None = None,
    *,
    confidence: float = CONFIDENCE,
) -> EvaluationResult:
    """All the evaluation figures for one intervention and a verdict based on RE's CI.

    verdict: "too few events to detect an effect" (power guard), else "reduction relative to
    the comparison area" when RE's CI lies above 1, "increase relative to the comparison area"
    when it lies below 1, else "no detectable effect".
    """
    _check(T0=T0, T1=T1, C0=C0, C1=C1, D0=D0, D1=D1, Cd0=Cd0, Cd1=Cd1)
    T0, T1, C0, C1 = int(T0), int(T1), int(C0), int(C1)
    D0, D1, Cd0, Cd1 = _int(D0), _int(D1), _int(Cd0), _int(Cd1)
    effect = relative_effect(T0, T1, C0, C1, confidence=confidence)
    wdd = weighted_displacement_difference(T0, T1, C0, C1, D0, D1, Cd0, Cd1, confidence=confidence)
    wdq = (
        weighted_displacement_quotient(T0, T1, C0, C1, D0, D1)
        if D0 is not None and D1 is not None
        else None
    )
    buffer_effect = (
        relative_effect(D0, D1, C0, C1, confidence=confidence)
        if D0 is not None and D1 is not None
        else None
    )
    verdict: Verdict
    if effect.re is None or effect.lower is None or effect.upper is None:
        verdict, reason = "too few events to detect an effect", effect.reason or ""
    elif too_few_events(effect):
        verdict = "too few events to detect an effect"
        reason = (
            f"the confidence interval of the relative effect ({effect.lower:.2f}–"
            f"{effect.upper:.2f}) spans both {POWER_GUARD_LOW} and {POWER_GUARD_HIGH}"
        )
    elif effect.lower > 1:
        verdict = "reduction relative to the comparison area"
        reason = "the confidence interval of the relative effect lies above 1"
    elif effect.upper < 1:
        verdict = "increase relative to the comparison area"
        reason = "the confidence interval of the relative effect lies below 1"
    else:
        verdict = "no detectable effect"
        reason = "the confidence interval of the relative effect includes 1"
    return EvaluationResult(
        T0=T0,
        T1=T1,
        C0=C0,
        C1=C1,
        D0=D0,
        D1=D1,
        Cd0=Cd0,
        Cd1=Cd1,
        target_change=T1 - T0,
        comparison_change=C1 - C0,
        target_relative_change=(T1 / T0 - 1) if T0 else None,
        comparison_relative_change=(C1 / C0 - 1) if C0 else None,
        difference_in_differences=difference_in_differences(T0, T1, C0, C1),
        relative_effect=effect,
        wdd=wdd,
        wdq=wdq,
        buffer_effect=buffer_effect,
        verdict=verdict,
        reason=reason,
    )
