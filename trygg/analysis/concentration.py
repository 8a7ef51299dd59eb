"""How concentrated is the problem? (ANALYTICS.md, "Concentration").

Definitions used throughout Trygg:

- **Units** are the cells of the study area or the places of the municipality, *all* of them,
  including units with no events (leaving out the zeros would understate concentration).
- **Top-share** for a fraction p (0.05, 0.10): sort the n units by count, descending, take the
  first k = ⌈p·n⌉ units (at least one when n > 0) and divide their events by all events. Ties at
  the cut-off do not matter: tied units have the same count.
- **Gini coefficient** over the n units: G = Σ_i Σ_j |x_i − x_j| / (2 n² x̄), i.e. the mean
  absolute difference divided by twice the mean. 0 = events spread evenly; the maximum,
  everything in one unit, is (n − 1)/n (this is the standard, not the "small-sample corrected"
  Gini). Computed as G = 2 Σ_i i·x_(i) / (n Σ x) − (n + 1)/n with x_(1) ≤ … ≤ x_(n).

With no events at all, shares and Gini are undefined and returned as ``None``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

__all__ = [
    "TOP_FRACTIONS",
    "Concentration",
    "concentration",
    "gini",
    "top_share",
    "top_units",
]

TOP_FRACTIONS: Final = (0.05, 0.10)


@dataclass(frozen=True, slots=True)
class Concentration:
    """Concentration figures over all units of a study area."""

    n_units: int  #: units in the study area, zeros included
    total: float  #: events over all units
    top5_units: int  #: ⌈0.05·n⌉
    top5_share: float | None  #: share of events in the top 5 % of units (None: no events)
    top10_units: int  #: ⌈0.10·n⌉
    top10_share: float | None  #: share of events in the top 10 % of units (None: no events)
    gini: float | None  #: Gini coefficient over the units (None: no events)


def _counts(counts: npt.ArrayLike) -> npt.NDArray[np.float64]:
    x = np.asarray(counts, dtype=np.float64).reshape(-1)
    if not np.all(np.isfinite(x)):
        raise ValueError("counts must be finite")
    if np.any(x < 0):
        raise ValueError("counts must not be negative")
    return x


def top_units(n: int, fraction: float) -> int:
    """k = ⌈fraction·n⌉, robust to floating-point error (0.1·30 is 3, not 4)."""
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], got {fraction!r}")
    if n < 0:
        raise ValueError("n must not be negative")
    return min(n, math.ceil(round(fraction * n, 9)))


def top_share(counts: npt.ArrayLike, fraction: float) -> float | None:
    """Share of all events found in the top ⌈fraction·n⌉ units (None if there are no events)."""
    x = _counts(counts)
    k = top_units(x.size, fraction)
    total = float(x.sum())
    if total <= 0:
        return None
    top = np.sort(x)[::-1][:k]
    return float(top.sum() / total)


def gini(counts: npt.ArrayLike) -> float | None:
    """Gini coefficient over all units, zeros included (None if there are no events)."""
    x = np.sort(_counts(counts))
    n = x.size
    total = float(x.sum())
    if n == 0 or total <= 0:
        return None
    ranks = np.arange(1, n + 1, dtype=np.float64)
    g = 2.0 * float(np.dot(ranks, x)) / (n * total) - (n + 1) / n
    return min(max(g, 0.0), 1.0)


def concentration(counts: npt.ArrayLike) -> Concentration:
    """Top-5 %/10 % shares and the Gini coefficient for the counts of all units."""
    x = _counts(counts)
    n = int(x.size)
    return Concentration(
        n_units=n,
        total=float(x.sum()),
        top5_units=top_units(n, 0.05),
        top5_share=top_share(x, 0.05),
        top10_units=top_units(n, 0.10),
        top10_share=top_share(x, 0.10),
        gini=gini(x),
    )
