"""Hot spots: Getis–Ord Gi* on H3 cells (ANALYTICS.md, "Where are the hot spots?").

For every cell i of the study area (all n cells, including cells with no events)::

    Gi* = (Σ_j w_ij x_j − X̄ Σ_j w_ij) / (S √[(n Σ_j w_ij² − (Σ_j w_ij)²) / (n − 1)])

with binary weights w_ij = 1 for j in ``h3.grid_disk(i, 1)`` (the cell itself and its ring-1
neighbours; "star" = self included) and 0 otherwise, X̄ the mean and S the *population*
standard deviation (divisor n, as PySAL esda uses) of the counts over all n cells. Neighbours
outside the study area are ignored: weights exist only among study cells, so an edge cell has a
smaller Σ_j w_ij. Under the null hypothesis Gi* is approximately standard normal; p-values are
two-sided, and Benjamini–Hochberg FDR correction is applied across all cells of the study area.

The z-scores equal PySAL ``esda.G_Local(y, w, transform="B", star=True).Zs`` (checked to 1e-9
in the tests; esda is a test-only dependency).

Minimum evidence (ANALYTICS.md rev 2), applied by :func:`hotspot_study`:

- with fewer than ``MIN_EVENTS`` (30) events in the study area, Gi* is not computed at all: a
  handful of events always makes the cells that hold them "significant" against a sea of
  zeros, and the page says "too few events" instead;
- a cell is "hot" only when its neighbourhood (the cell and its ring-1 neighbours in the
  study area) holds at least ``MIN_NEIGHBOURHOOD_EVENTS`` (3) events, whatever its z: two
  events in an otherwise empty area give a large z but are not a pattern.

Degenerate input (documented choices):

- all counts equal (S = 0, including "no events at all"): nothing stands out, so z = 0, p = 1
  and class "none" for every cell (esda returns NaN there);
- a cell whose neighbourhood covers the whole study area (Σ_j w_ij = n): its Gi* is 0/0, so
  z = 0, p = 1;
- fewer than three cells: too few for a local statistic, z = 0, p = 1 everywhere.

Cells are accepted as H3 strings (``"891f1d48177ffff"``) or as the 64-bit integers Trygg
stores; results carry the string form.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, Literal

import h3
import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.stats import norm

__all__ = [
    "MIN_EVENTS",
    "MIN_NEIGHBOURHOOD_EVENTS",
    "Z_CRITICAL",
    "Cell",
    "HotspotCell",
    "HotspotClass",
    "HotspotStudy",
    "cell_to_int",
    "cell_to_str",
    "count_in_cells",
    "gi_star",
    "hotspot_study",
    "hotspots",
    "neighbour_indices",
    "polygon_to_cells",
    "study_cells",
]

Cell = str | int
HotspotClass = Literal["hot", "cold", "none"]

#: |z| threshold for a hot or cold cell (two-sided 5 % level), applied together with FDR.
Z_CRITICAL: Final = 1.96
#: Smallest study area for which Gi* is computed.
MIN_CELLS: Final = 3
#: Fewer events than this in the period and study area: no Gi* ("too few events").
MIN_EVENTS: Final = 30
#: A cell is "hot" only when the cell and its ring-1 neighbours hold at least this many events.
MIN_NEIGHBOURHOOD_EVENTS: Final = 3


@dataclass(slots=True)
class HotspotCell:
    """Gi* result for one H3 cell of the study area.

    Not frozen: a study area has ~10,000 cells and a frozen dataclass's ``__init__`` costs about
    three times as much. Treat it as read-only.
    """

    cell: str  #: H3 cell id, hexadecimal string
    count: float  #: events (or weighted events) in the cell
    z: float  #: Gi* z-score
    p: float  #: two-sided p-value from the normal approximation
    q: float  #: Benjamini–Hochberg adjusted p-value across all study cells
    klass: HotspotClass  #: "hot", "cold" or "none"
    #: events in the cell and its ring-1 neighbours inside the study area (Σ_j w_ij x_j)
    neighbourhood: float = 0

    @property
    def cell_int(self) -> int:
        return cell_to_int(self.cell)


# ---------------------------------------------------------------------------------------------
# Cells


def cell_to_str(cell: Cell) -> str:
    """Hexadecimal form of an H3 cell given as string or integer; ValueError if not a cell."""
    if isinstance(cell, bool):
        raise ValueError(f"not an H3 cell: {cell!r}")
    try:
        text = h3.int_to_str(int(cell)) if isinstance(cell, int | np.integer) else cell
        text = str(text).strip().lower()
        valid = bool(h3.is_valid_cell(text))
    except (TypeError, ValueError, AttributeError, OverflowError) as exc:
        raise ValueError(f"not an H3 cell: {cell!r}") from exc
    if not valid:
        raise ValueError(f"not an H3 cell: {cell!r}")
    return text


def cell_to_int(cell: Cell) -> int:
    """64-bit integer form of an H3 cell given as string or integer."""
    return int(h3.str_to_int(cell_to_str(cell)))


def _geometry(geojson: Mapping[str, Any]) -> Mapping[str, Any]:
    kind = geojson.get("type")
    if kind == "Feature":
        geometry = geojson.get("geometry")
        if not isinstance(geometry, Mapping):
            raise ValueError("GeoJSON Feature without geometry")
        return _geometry(geometry)
    if kind not in ("Polygon", "MultiPolygon"):
        raise ValueError(f"expected a GeoJSON Polygon or MultiPolygon, got {kind!r}")
    return geojson


def polygon_to_cells(
    geojson: Mapping[str, Any],
    resolution: int,
    *,
    contain: Literal["center", "overlap"] = "center",
) -> list[str]:
    """H3 cells of a GeoJSON Polygon / MultiPolygon (or a Feature holding one), sorted.

    ``contain="center"`` (default, h3's ``polygon_to_cells``) takes the cells whose centre lies
    inside the polygon; ``"overlap"`` takes every cell that touches it, so that no event inside
    the polygon falls outside the study cells. Coordinates are GeoJSON ``[lon, lat]``.
    """
    if not isinstance(resolution, int) or isinstance(resolution, bool):
        raise ValueError(f"resolution must be an int, got {resolution!r}")
    if not 0 <= resolution <= 15:
        raise ValueError(f"H3 resolution must be 0–15, got {resolution}")
    shape = h3.geo_to_h3shape(dict(_geometry(geojson)))
    if contain == "center":
        cells = h3.h3shape_to_cells(shape, resolution)
    elif contain == "overlap":
        cells = h3.h3shape_to_cells_experimental(shape, resolution, contain="overlap")
    else:
        raise ValueError(f"contain must be 'center' or 'overlap', got {contain!r}")
    return sorted(str(c) for c in cells)


def study_cells(cells: Iterable[Cell]) -> list[str]:
    """Normalise the cells of a study area: validated strings, deduplicated, sorted.

    Accepts the output of :func:`polygon_to_cells` or any iterable (e.g. a set) of cells as
    strings or integers. All cells must have the same resolution.
    """
    result = sorted({cell_to_str(c) for c in cells})
    resolutions = {h3.get_resolution(c) for c in result}
    if len(resolutions) > 1:
        raise ValueError(f"study cells mix H3 resolutions {sorted(resolutions)}")
    return result


def _as_strings(cells: Sequence[Cell]) -> list[str]:
    strings = [cell_to_str(c) for c in cells]
    if len(set(strings)) != len(strings):
        raise ValueError("duplicate cells in the study area")
    if len({h3.get_resolution(c) for c in strings}) > 1:
        raise ValueError("study cells mix H3 resolutions")
    return strings


def neighbour_indices(cells: Sequence[Cell]) -> list[list[int]]:
    """For each cell, the indices (into ``cells``) of its ring-1 neighbours in the study area.

    The cell itself is not included; neighbours outside the study area are dropped.
    """
    strings = _as_strings(cells)
    index = {c: i for i, c in enumerate(strings)}
    result: list[list[int]] = []
    for i, c in enumerate(strings):
        result.append(sorted(index[d] for d in h3.grid_disk(c, 1) if d in index and index[d] != i))
    return result


def count_in_cells(cells: Sequence[Cell], events: Iterable[Cell]) -> npt.NDArray[np.int64]:
    """Number of events (given by the cell each falls in) per study cell, zeros included.

    Events in cells outside the study area are not counted. Event cells must have the study
    area's resolution (use ``h3.cell_to_parent`` first if they are finer).
    """
    strings = _as_strings(cells)
    index = {c: i for i, c in enumerate(strings)}
    counts = np.zeros(len(strings), dtype=np.int64)
    for event in events:
        i = index.get(cell_to_str(event))
        if i is not None:
            counts[i] += 1
    return counts


# ---------------------------------------------------------------------------------------------
# Gi*


def _counts_array(counts: npt.ArrayLike, n: int) -> npt.NDArray[np.float64]:
    x = np.asarray(counts, dtype=np.float64).reshape(-1)
    if x.shape != (n,):
        raise ValueError(f"expected {n} counts (one per cell), got {x.size}")
    if not np.all(np.isfinite(x)):
        raise ValueError("counts must be finite")
    if np.any(x < 0):
        raise ValueError("counts must not be negative")
    return x


def _bh(p: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Benjamini–Hochberg adjusted p-values (q-values), in the input order."""
    m = p.size
    if m == 0:
        return p.copy()
    order = np.argsort(p, kind="stable")
    ranked = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    q = np.empty(m, dtype=np.float64)
    q[order] = np.minimum(adjusted, 1.0)
    return q


@dataclass(frozen=True, slots=True)
class _Study:
    """A validated study area with its binary weights (built once per distinct area)."""

    strings: tuple[str, ...]
    weights: sparse.csr_matrix  #: n×n, 1 for j in grid_disk(i, 1) ∩ study area (self included)
    w_sum: npt.NDArray[np.float64]  #: Σ_j w_ij per cell


def _weights(strings: Sequence[str]) -> sparse.csr_matrix:
    """Binary n×n weights: 1 for j in grid_disk(i, 1) ∩ study area (self included)."""
    index = {c: i for i, c in enumerate(strings)}
    rows: list[int] = []
    cols: list[int] = []
    for i, c in enumerate(strings):
        for d in h3.grid_disk(c, 1):
            j = index.get(d)
            if j is not None:
                rows.append(i)
                cols.append(j)
    n = len(strings)
    data = np.ones(len(rows), dtype=np.float64)
    return sparse.csr_matrix((data, (rows, cols)), shape=(n, n))


@lru_cache(maxsize=32)
def _study(cells: tuple[Cell, ...]) -> _Study:
    """Validation and weights of a study area, cached by its exact cell tuple.

    The study area of a municipality is the same for every period and category selection
    (its outline's cells plus the rare event cells just outside), so the validation and the
    weights — most of the cost of Gi* on ~10,000 cells — are built once per process. The
    cached matrices are never modified.
    """
    strings = tuple(_as_strings(cells))
    weights = _weights(strings)
    w_sum = np.asarray(weights.sum(axis=1), dtype=np.float64).reshape(-1)
    weights.data.flags.writeable = False
    w_sum.flags.writeable = False
    return _Study(strings=strings, weights=weights, w_sum=w_sum)


def _local_sum(study: _Study, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Σ_j w_ij x_j: the events in each cell's neighbourhood (itself and ring 1)."""
    if not study.strings:
        return np.zeros(0, dtype=np.float64)
    return np.asarray(study.weights @ x, dtype=np.float64)


def _gi_star(
    study: _Study, x: npt.NDArray[np.float64], local_sum: npt.NDArray[np.float64] | None = None
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    n = len(study.strings)
    z = np.zeros(n, dtype=np.float64)
    p = np.ones(n, dtype=np.float64)
    if n < MIN_CELLS or np.ptp(x) == 0:
        return z, p
    mean = float(x.mean())
    sd = float(x.std())  # population standard deviation (divisor n), as in esda
    if local_sum is None:
        local_sum = _local_sum(study, x)
    w_sum = study.w_sum
    w_sq_sum = w_sum  # binary weights: Σ w² = Σ w
    numerator = local_sum - mean * w_sum
    spread = (n * w_sq_sum - w_sum**2) / (n - 1)
    defined = spread > 0
    z[defined] = numerator[defined] / (sd * np.sqrt(spread[defined]))
    p[defined] = 2.0 * norm.sf(np.abs(z[defined]))
    return z, p


def gi_star(
    cells: Sequence[Cell], counts: npt.ArrayLike
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Gi* z-scores and two-sided p-values per cell, in the order of ``cells``.

    ``cells`` are all cells of the study area (no duplicates, one resolution) and ``counts`` the
    events per cell including zeros (may be weighted, must be ≥ 0). See the module docstring for
    the formula and the degenerate cases.
    """
    study = _study(tuple(cells))
    return _gi_star(study, _counts_array(counts, len(study.strings)))


def _values(x: npt.NDArray[np.float64]) -> list[Any]:
    integral = bool(np.all(x == np.round(x)))
    values: list[Any] = x.astype(np.int64).tolist() if integral else x.tolist()
    return values


def hotspots(
    cells: Sequence[Cell],
    counts: npt.ArrayLike,
    alpha: float = 0.05,
    *,
    min_neighbourhood: float = MIN_NEIGHBOURHOOD_EVENTS,
) -> list[HotspotCell]:
    """Gi* per study cell with FDR-corrected hot / cold classes, in the order of ``cells``.

    A cell is "hot" when z ≥ 1.96, its Benjamini–Hochberg q-value (across all study cells) is
    below ``alpha`` and its neighbourhood (the cell and ring 1) holds at least
    ``min_neighbourhood`` events; "cold" when z ≤ −1.96 and q < ``alpha``; otherwise "none".
    ``min_neighbourhood=0`` gives the plain Gi* classes. This function does not apply the
    ``MIN_EVENTS`` rule; :func:`hotspot_study` does.
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be in (0, 1), got {alpha!r}")
    study = _study(tuple(cells))
    strings = study.strings
    x = _counts_array(counts, len(strings))
    local = _local_sum(study, x)
    z, p = _gi_star(study, x, local)
    q = _bh(p)
    significant = q < alpha
    klass = np.where(
        significant & (z >= Z_CRITICAL) & (local >= min_neighbourhood),
        "hot",
        np.where(significant & (z <= -Z_CRITICAL), "cold", "none"),
    ).tolist()
    return [
        HotspotCell(cell=c, count=v, z=zi, p=pi, q=qi, klass=k, neighbourhood=li)
        for c, v, zi, pi, qi, k, li in zip(
            strings,
            _values(x),
            z.tolist(),
            p.tolist(),
            q.tolist(),
            klass,
            _values(local),
            strict=True,
        )
    ]


@dataclass(slots=True)
class HotspotStudy:
    """:func:`hotspots` with the minimum-evidence rule: Gi* only with enough events."""

    cells: list[HotspotCell]  #: every study cell, in the order given
    events: float  #: events in the study area (Σ counts)
    computed: bool  #: False: fewer than ``min_events`` events, no Gi* (z 0, p 1, class none)
    min_events: float
    min_neighbourhood: float


def hotspot_study(
    cells: Sequence[Cell],
    counts: npt.ArrayLike,
    alpha: float = 0.05,
    *,
    min_events: float = MIN_EVENTS,
    min_neighbourhood: float = MIN_NEIGHBOURHOOD_EVENTS,
) -> HotspotStudy:
    """Gi* hot spots under the minimum-evidence rule of ANALYTICS.md rev 2.

    With fewer than ``min_events`` events in the study area no Gi* is computed: every cell
    comes back with its count and neighbourhood, z = 0, p = q = 1 and class "none", and
    ``computed`` is False (show "too few events", not a map of hot cells). Otherwise the
    result of :func:`hotspots` with the neighbourhood rule.
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be in (0, 1), got {alpha!r}")
    study = _study(tuple(cells))
    x = _counts_array(counts, len(study.strings))
    events = float(x.sum())
    total: float = int(events) if events == round(events) else events
    if events < min_events:
        local = _local_sum(study, x)
        result = [
            HotspotCell(cell=c, count=v, z=0.0, p=1.0, q=1.0, klass="none", neighbourhood=li)
            for c, v, li in zip(study.strings, _values(x), _values(local), strict=True)
        ]
        computed = False
    else:
        result = hotspots(study.strings, x, alpha, min_neighbourhood=min_neighbourhood)
        computed = True
    return HotspotStudy(
        cells=result,
        events=total,
        computed=computed,
        min_events=min_events,
        min_neighbourhood=min_neighbourhood,
    )
