"""Kernel density heat maps on a regular grid (ANALYTICS.md, "Heat map").

Positions (WGS84 lat/lon) are projected to a local metric plane with an equirectangular
projection around (lat0, lon0): x = R·Δλ·cos(lat0), y = R·Δφ (R = 6 371 008.8 m); over a
municipality the distortion is well below 1 %. The density is evaluated at the centres of a
regular square grid in that plane and reported in events per km², so that density × cell area
summed over the grid ≈ number of events (when the grid covers the kernels).

Kernels, both integrating to 1 over the plane, with bandwidth h in metres:

- ``"gaussian"``: K(d) = exp(−d² / 2h²) / (2π h²) (h is the standard deviation per axis);
  evaluated exactly as a separable product, truncated at |Δx|, |Δy| > 6h (mass < 2·10⁻⁹).
- ``"quartic"`` (biweight, as in QGIS/ArcGIS heat maps): K(d) = 3/(π h²) · (1 − d²/h²)² for
  d < h, 0 beyond (h is the search radius).

The bandwidth, kernel and cell size are part of the result so the map can state them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.spatial import cKDTree

__all__ = [
    "EARTH_RADIUS_M",
    "KdeGrid",
    "Kernel",
    "kde_grid",
    "project",
    "unproject",
]

Kernel = Literal["gaussian", "quartic"]

EARTH_RADIUS_M: Final = 6_371_008.8
#: default grid cell size as a fraction of the bandwidth
DEFAULT_CELLS_PER_BANDWIDTH: Final = 4
#: default largest grid (cells); a finer requested grid is coarsened and the result says so
DEFAULT_MAX_CELLS: Final = 250_000
_GAUSS_TRUNCATE: Final = 6.0  # kernel evaluated within ±6h per axis
_GAUSS_PAD: Final = 5.0  # automatic extent: points' bounding box + 5h (gaussian)
_CHUNK: Final = 20_000  # points per block (bounds memory)


def project(
    lat: npt.ArrayLike, lon: npt.ArrayLike, lat0: float, lon0: float
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Equirectangular projection to metres east (x) and north (y) of (lat0, lon0)."""
    la = np.asarray(lat, dtype=np.float64)
    lo = np.asarray(lon, dtype=np.float64)
    x = EARTH_RADIUS_M * np.radians(lo - lon0) * math.cos(math.radians(lat0))
    y = EARTH_RADIUS_M * np.radians(la - lat0)
    return x, y


def unproject(
    x: npt.ArrayLike, y: npt.ArrayLike, lat0: float, lon0: float
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Inverse of :func:`project`: (lat, lon) in degrees."""
    xa = np.asarray(x, dtype=np.float64)
    ya = np.asarray(y, dtype=np.float64)
    lat = lat0 + np.degrees(ya / EARTH_RADIUS_M)
    lon = lon0 + np.degrees(xa / (EARTH_RADIUS_M * math.cos(math.radians(lat0))))
    return lat, lon


@dataclass(frozen=True, eq=False)
class KdeGrid:
    """Densities at the centres of a regular grid (rows south → north, columns west → east)."""

    kernel: Kernel
    bandwidth_m: float
    cell_size_m: float  #: side of a grid cell in metres (may exceed the requested size)
    lat0: float  #: projection centre
    lon0: float
    lats: npt.NDArray[np.float64]  #: (ny,) latitude of each grid row's cell centres
    lons: npt.NDArray[np.float64]  #: (nx,) longitude of each grid column's cell centres
    density: npt.NDArray[np.float64]  #: (ny, nx) events per km²
    total_weight: float  #: number of events (or sum of weights) put in

    @property
    def shape(self) -> tuple[int, int]:
        return (int(self.lats.size), int(self.lons.size))

    @property
    def cell_area_km2(self) -> float:
        return (self.cell_size_m / 1000.0) ** 2

    def integral(self) -> float:
        """Σ density × cell area: ≈ events whose kernels lie inside the grid."""
        return float(self.density.sum() * self.cell_area_km2)

    def cells(self, min_density: float = 0.0) -> list[tuple[float, float, float]]:
        """(lat, lon, density) of the cells whose density exceeds ``min_density``."""
        rows, cols = np.nonzero(self.density > min_density)
        return [
            (float(self.lats[r]), float(self.lons[c]), float(self.density[r, c]))
            for r, c in zip(rows, cols, strict=True)
        ]


def _axis(lo: float, hi: float, cell: float) -> npt.NDArray[np.float64]:
    """Cell centres of a grid of side ``cell`` covering [lo, hi], centred on the interval."""
    count = max(1, math.ceil(round((hi - lo) / cell, 9)))
    mid = (lo + hi) / 2.0
    return mid + (np.arange(count, dtype=np.float64) - (count - 1) / 2.0) * cell


def _gaussian(
    px: npt.NDArray[np.float64],
    py: npt.NDArray[np.float64],
    w: npt.NDArray[np.float64],
    gx: npt.NDArray[np.float64],
    gy: npt.NDArray[np.float64],
    h: float,
    cell: float,
) -> npt.NDArray[np.float64]:
    """Σ_i w_i exp(−(x−x_i)²/2h²) exp(−(y−y_i)²/2h²) on the grid, as a sparse product."""
    reach = math.ceil(_GAUSS_TRUNCATE * h / cell) + 1
    out = np.zeros((gy.size, gx.size), dtype=np.float64)

    def factor(
        p: npt.NDArray[np.float64], g: npt.NDArray[np.float64], scale: npt.NDArray[np.float64]
    ) -> sparse.csr_matrix:
        # columns within ±reach cells of the nearest grid line, per point
        nearest = np.rint((p - g[0]) / cell).astype(np.int64)
        offsets = np.arange(-reach, reach + 1, dtype=np.int64)
        cols = nearest[:, None] + offsets[None, :]
        ok = (cols >= 0) & (cols < g.size)
        cols_c = np.clip(cols, 0, g.size - 1)
        d = g[cols_c] - p[:, None]
        vals = np.exp(-(d * d) / (2.0 * h * h)) * scale[:, None]
        vals[~ok | (np.abs(d) > _GAUSS_TRUNCATE * h)] = 0.0
        rows = np.repeat(np.arange(p.size), offsets.size)
        m = sparse.csr_matrix(
            (vals.reshape(-1), (rows, cols_c.reshape(-1))), shape=(p.size, g.size)
        )
        m.eliminate_zeros()
        return m

    for start in range(0, px.size, _CHUNK):
        sl = slice(start, start + _CHUNK)
        mx = factor(px[sl], gx, w[sl])
        my = factor(py[sl], gy, np.ones(mx.shape[0]))
        out += (my.T @ mx).toarray()
    return out


def _quartic(
    px: npt.NDArray[np.float64],
    py: npt.NDArray[np.float64],
    w: npt.NDArray[np.float64],
    gx: npt.NDArray[np.float64],
    gy: npt.NDArray[np.float64],
    h: float,
) -> npt.NDArray[np.float64]:
    """Σ_i w_i (1 − d_i²/h²)² for d_i < h on the grid, via a k-d tree of the grid centres."""
    xx, yy = np.meshgrid(gx, gy)
    tree = cKDTree(np.column_stack([xx.reshape(-1), yy.reshape(-1)]))
    flat = np.zeros(xx.size, dtype=np.float64)
    for start in range(0, px.size, _CHUNK):
        sl = slice(start, start + _CHUNK)
        points = cKDTree(np.column_stack([px[sl], py[sl]]))
        pairs = points.sparse_distance_matrix(tree, h, output_type="ndarray")
        u = 1.0 - (pairs["v"] / h) ** 2
        contrib = w[sl][pairs["i"]] * u * u
        flat += np.bincount(pairs["j"], weights=contrib, minlength=flat.size)
    return flat.reshape(xx.shape)


def kde_grid(
    points: Sequence[tuple[float, float]] | npt.ArrayLike,
    *,
    bandwidth_m: float,
    kernel: Kernel = "quartic",
    cell_size_m: float | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    weights: Sequence[float] | npt.ArrayLike | None = None,
    max_cells: int = DEFAULT_MAX_CELLS,
) -> KdeGrid:
    """Kernel density of events at ``points`` ((lat, lon) pairs) on a regular grid.

    ``bandwidth_m``: kernel bandwidth in metres (see the module docstring). ``cell_size_m``:
    grid cell side, default bandwidth / 4; if the grid would exceed ``max_cells`` cells the
    cell size is increased (the result states the size used). ``bbox``: grid extent as
    (west, south, east, north) in degrees (GeoJSON order); default the points' bounding box
    padded by the kernel's reach (h for quartic, 5h for gaussian), so that the integral equals
    the number of events. Points outside ``bbox`` still contribute to the cells within reach.
    ``weights``: per event (e.g. harm weights), default 1. Densities are events per km².
    """
    if kernel not in ("gaussian", "quartic"):
        raise ValueError(f"kernel must be 'gaussian' or 'quartic', got {kernel!r}")
    h = float(bandwidth_m)
    if not math.isfinite(h) or h <= 0:
        raise ValueError(f"bandwidth_m must be a positive number, got {bandwidth_m!r}")
    cell = float(cell_size_m) if cell_size_m is not None else h / DEFAULT_CELLS_PER_BANDWIDTH
    if not math.isfinite(cell) or cell <= 0:
        raise ValueError(f"cell_size_m must be a positive number, got {cell_size_m!r}")
    if max_cells < 1:
        raise ValueError("max_cells must be at least 1")

    pts = np.asarray(points, dtype=np.float64)
    if pts.size == 0:
        pts = pts.reshape(0, 2)
    if pts.ndim != 2 or pts.shape[1] != 2:
        raise ValueError("points must be a sequence of (lat, lon) pairs")
    lat, lon = pts[:, 0], pts[:, 1]
    if not (np.all(np.isfinite(pts)) and np.all(np.abs(lat) <= 90) and np.all(np.abs(lon) <= 180)):
        raise ValueError("points must be finite (lat, lon) in degrees")
    if weights is None:
        w = np.ones(lat.size, dtype=np.float64)
    else:
        w = np.asarray(weights, dtype=np.float64).reshape(-1)
        if w.shape != lat.shape:
            raise ValueError(f"expected {lat.size} weights (one per point), got {w.size}")
        if not np.all(np.isfinite(w)) or np.any(w < 0):
            raise ValueError("weights must be finite and not negative")

    if bbox is not None:
        west, south, east, north = (float(v) for v in bbox)
        if not (west <= east and -90 <= south <= north <= 90):
            raise ValueError(f"bbox must be (west, south, east, north), got {bbox!r}")
        pad = 0.0
    elif lat.size:
        west, south, east, north = lon.min(), lat.min(), lon.max(), lat.max()
        pad = h if kernel == "quartic" else _GAUSS_PAD * h
    else:
        raise ValueError("no points and no bbox: the grid extent is unknown")
    lat0, lon0 = (south + north) / 2.0, (west + east) / 2.0
    (x_lo, x_hi), (y_lo, y_hi) = project([south, north], [west, east], lat0, lon0)
    x_lo, x_hi, y_lo, y_hi = x_lo - pad, x_hi + pad, y_lo - pad, y_hi + pad

    gx, gy = _axis(x_lo, x_hi, cell), _axis(y_lo, y_hi, cell)
    while gx.size * gy.size > max_cells:
        cell *= 1.25
        gx, gy = _axis(x_lo, x_hi, cell), _axis(y_lo, y_hi, cell)

    px, py = project(lat, lon, lat0, lon0)
    if kernel == "gaussian":
        raw = _gaussian(px, py, w, gx, gy, h, cell) / (2.0 * math.pi * h * h)
    else:
        raw = _quartic(px, py, w, gx, gy, h) * 3.0 / (math.pi * h * h)
    grid_lat, _ = unproject(np.zeros_like(gy), gy, lat0, lon0)
    _, grid_lon = unproject(gx, np.zeros_like(gx), lat0, lon0)
    return KdeGrid(
        kernel=kernel,
        bandwidth_m=h,
        cell_size_m=cell,
        lat0=float(lat0),
        lon0=float(lon0),
        lats=grid_lat,
        lons=grid_lon,
        density=raw * 1e6,  # per m² → per km²
        total_weight=float(w.sum()),
    )
