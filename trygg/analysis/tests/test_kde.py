"""Kernel density: kernels, units (events per km²), integral ≈ number of events."""

from __future__ import annotations

import math

import numpy as np
import pytest

from trygg.analysis.kde import EARTH_RADIUS_M, kde_grid, project, unproject

LAT, LON = 59.06, 16.59


def cluster(n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.column_stack([LAT + rng.normal(0, 0.004, n), LON + rng.normal(0, 0.008, n)])


def test_projection_round_trip_and_scale() -> None:
    x, y = project([LAT + 0.01], [LON + 0.01], LAT, LON)
    assert y[0] == pytest.approx(EARTH_RADIUS_M * math.radians(0.01))
    assert x[0] == pytest.approx(EARTH_RADIUS_M * math.radians(0.01) * math.cos(math.radians(LAT)))
    lat, lon = unproject(x, y, LAT, LON)
    assert lat[0] == pytest.approx(LAT + 0.01, abs=1e-12)
    assert lon[0] == pytest.approx(LON + 0.01, abs=1e-12)


@pytest.mark.parametrize("kernel", ["gaussian", "quartic"])
@pytest.mark.parametrize("cell", [None, 20.0, 60.0])
def test_integral_equals_number_of_events(kernel: str, cell: float | None) -> None:
    points = cluster(300)
    grid = kde_grid(points, bandwidth_m=250, kernel=kernel, cell_size_m=cell)  # type: ignore[arg-type]
    assert grid.kernel == kernel and grid.bandwidth_m == 250
    assert grid.cell_size_m == (cell or 62.5)
    assert grid.total_weight == 300
    assert grid.integral() == pytest.approx(300, rel=2e-3)


def test_weights_scale_the_density() -> None:
    points = cluster(50, seed=1)
    plain = kde_grid(points, bandwidth_m=200)
    weighted = kde_grid(points, bandwidth_m=200, weights=np.full(50, 2.5))
    np.testing.assert_allclose(weighted.density, 2.5 * plain.density, rtol=1e-12)
    assert weighted.integral() == pytest.approx(125, rel=2e-3)


def test_single_point_kernel_values() -> None:
    h = 100.0
    for kernel, peak in (
        ("gaussian", 1 / (2 * math.pi * h * h)),
        ("quartic", 3 / (math.pi * h * h)),
    ):
        # extent 2h (quartic) or 10h (gaussian) in 40 m cells: odd counts, a centre on the point
        g = kde_grid([(LAT, LON)], bandwidth_m=h, kernel=kernel, cell_size_m=40)  # type: ignore[arg-type]
        ny, nx = g.shape
        assert ny % 2 == 1 and nx % 2 == 1
        centre = g.density[ny // 2, nx // 2]
        assert centre == pytest.approx(peak * 1e6, rel=1e-9)  # per km²
        assert g.lats[ny // 2] == pytest.approx(LAT, abs=1e-12)
        assert g.lons[nx // 2] == pytest.approx(LON, abs=1e-12)
        # at distance d east of the point
        k = 2  # 80 m
        d = k * 40.0
        expected = (
            math.exp(-(d * d) / (2 * h * h)) / (2 * math.pi * h * h)
            if kernel == "gaussian"
            else 3 / (math.pi * h * h) * (1 - d * d / (h * h)) ** 2
        )
        assert g.density[ny // 2, nx // 2 + k] == pytest.approx(expected * 1e6, rel=1e-9)
    quartic = kde_grid([(LAT, LON)], bandwidth_m=h, kernel="quartic", cell_size_m=10)
    x, y = np.meshgrid(*project(quartic.lats, quartic.lons, quartic.lat0, quartic.lon0)[::-1])
    beyond = np.hypot(x - 0, y - 0) >= h
    assert np.all(quartic.density[beyond] == 0)  # compact support


def test_matches_brute_force() -> None:
    points = cluster(40, seed=3)
    h = 150.0
    for kernel in ("gaussian", "quartic"):
        g = kde_grid(points, bandwidth_m=h, kernel=kernel, cell_size_m=50)  # type: ignore[arg-type]
        gx, _ = project(np.full(g.lons.size, g.lat0), g.lons, g.lat0, g.lon0)
        _, gy = project(g.lats, np.full(g.lats.size, g.lon0), g.lat0, g.lon0)
        px, py = project(points[:, 0], points[:, 1], g.lat0, g.lon0)
        d2 = (gx[None, None, :] - px[:, None, None]) ** 2 + (
            gy[None, :, None] - py[:, None, None]
        ) ** 2
        if kernel == "gaussian":
            k = np.exp(-d2 / (2 * h * h)) / (2 * math.pi * h * h)
        else:
            k = np.where(d2 < h * h, 3 / (math.pi * h * h) * (1 - d2 / (h * h)) ** 2, 0.0)
        np.testing.assert_allclose(
            g.density, k.sum(axis=0) * 1e6, rtol=0, atol=1e-8 * g.density.max()
        )


def test_bbox_grid_and_cells() -> None:
    bbox = (16.55, 59.04, 16.63, 59.08)
    g = kde_grid(cluster(20), bandwidth_m=300, bbox=bbox, cell_size_m=100)
    assert g.lats.min() >= 59.04 - 1e-3 and g.lats.max() <= 59.08 + 1e-3
    assert g.lons.min() >= 16.55 - 2e-3 and g.lons.max() <= 16.63 + 2e-3
    assert np.all(np.diff(g.lats) > 0) and np.all(np.diff(g.lons) > 0)
    cells = g.cells()
    assert len(cells) == int(np.count_nonzero(g.density))
    lat, lon, dens = max(cells, key=lambda t: t[2])
    assert g.density[list(g.lats).index(lat), list(g.lons).index(lon)] == dens
    assert dens == g.density.max()
    empty = kde_grid([], bandwidth_m=300, bbox=bbox)
    assert empty.density.sum() == 0 and empty.total_weight == 0


def test_grid_is_coarsened_to_max_cells() -> None:
    g = kde_grid(cluster(10), bandwidth_m=100, cell_size_m=1.0, max_cells=5000)
    assert g.density.size <= 5000 and g.cell_size_m > 1.0


def test_validation() -> None:
    with pytest.raises(ValueError, match="bandwidth"):
        kde_grid(cluster(3), bandwidth_m=0)
    with pytest.raises(ValueError, match="kernel"):
        kde_grid(cluster(3), bandwidth_m=100, kernel="epanechnikov")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="no points"):
        kde_grid([], bandwidth_m=100)
    with pytest.raises(ValueError, match="lat, lon"):
        kde_grid([(95.0, 16.0)], bandwidth_m=100)
    with pytest.raises(ValueError, match="weights"):
        kde_grid(cluster(3), bandwidth_m=100, weights=[1, 2])
    with pytest.raises(ValueError, match="bbox"):
        kde_grid(cluster(3), bandwidth_m=100, bbox=(17, 59, 16, 60))
