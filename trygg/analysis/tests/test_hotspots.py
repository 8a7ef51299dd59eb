"""Gi* against PySAL esda (test-only reference) and against the ANALYTICS.md formula."""

from __future__ import annotations

import warnings

import h3
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm
from shapely.geometry import Point, shape

from trygg.analysis import hotspots as hs
from trygg.analysis.hotspots import (
    MIN_EVENTS,
    MIN_NEIGHBOURHOOD_EVENTS,
    HotspotCell,
    cell_to_int,
    cell_to_str,
    count_in_cells,
    gi_star,
    hotspot_study,
    hotspots,
    neighbour_indices,
    polygon_to_cells,
    study_cells,
)

FLEN = {
    "type": "Polygon",
    "coordinates": [
        [[16.50, 59.00], [16.65, 59.00], [16.65, 59.10], [16.50, 59.10], [16.50, 59.00]]
    ],
}
CENTRE = h3.latlng_to_cell(59.06, 16.59, 9)


def esda_z(cells: list[str], x: np.ndarray) -> np.ndarray:
    """Reference: esda.G_Local(y, w, transform='B', star=True).Zs with W from h3 neighbours."""
    esda = pytest.importorskip("esda")
    libpysal = pytest.importorskip("libpysal")
    nb = neighbour_indices(cells)
    ids = list(range(len(cells)))
    w = libpysal.weights.W({i: nb[i] for i in ids}, id_order=ids, silence_warnings=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = esda.G_Local(x, w, transform="B", star=True, permutations=0)
    return np.asarray(g.Zs, dtype=np.float64)


def formula_z(cells: list[str], x: np.ndarray, *, ddof: int = 0) -> np.ndarray:
    """ANALYTICS.md's formula written out with an explicit dense weight matrix."""
    n = len(cells)
    w = np.zeros((n, n))
    for i, c in enumerate(cells):
        for j, d in enumerate(cells):
            if h3.grid_distance(c, d) <= 1:
                w[i, j] = 1.0
    mean, s = x.mean(), x.std(ddof=ddof)
    z = np.empty(n)
    for i in range(n):
        sw, sw2 = w[i].sum(), (w[i] ** 2).sum()
        z[i] = (w[i] @ x - mean * sw) / (s * np.sqrt((n * sw2 - sw**2) / (n - 1)))
    return z


@pytest.fixture(scope="module")
def area() -> list[str]:
    return polygon_to_cells(FLEN, 9)


# --- reference comparisons -------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_random_grid_matches_esda(area: list[str], seed: int) -> None:
    rng = np.random.default_rng(seed)
    x = rng.poisson(rng.uniform(0.2, 3.0), len(area)).astype(float)
    z, p = gi_star(area, x)
    np.testing.assert_allclose(z, esda_z(area, x), rtol=0, atol=1e-9)
    np.testing.assert_allclose(p, 2 * norm.sf(np.abs(z)), rtol=0, atol=1e-12)


def test_weighted_counts_match_esda(area: list[str]) -> None:
    x = np.random.default_rng(11).gamma(0.5, 3.0, len(area))  # harm-weighted, non-integer
    np.testing.assert_allclose(gi_star(area, x)[0], esda_z(area, x), rtol=0, atol=1e-9)


def test_planted_hotspot_and_coldspot(area: list[str]) -> None:
    rng = np.random.default_rng(42)
    index = {c: i for i, c in enumerate(area)}
    x = rng.poisson(4.0, len(area)).astype(float)
    hot_centre = area[len(area) // 3]
    cold_centre = area[2 * len(area) // 3]
    for c in h3.grid_disk(hot_centre, 1):
        if c in index:
            x[index[c]] += 25
    for c in h3.grid_disk(cold_centre, 2):
        if c in index:
            x[index[c]] = 0
    z, _ = gi_star(area, x)
    np.testing.assert_allclose(z, esda_z(area, x), rtol=0, atol=1e-9)
    result = {r.cell: r for r in hotspots(area, x)}
    assert result[hot_centre].klass == "hot"
    assert result[hot_centre].z > 5
    assert result[cold_centre].klass == "cold"
    assert result[cold_centre].z < -1.96


def test_edges_islands_and_pentagon_match_esda() -> None:
    # an irregular area: a ring-2 disk without its centre plus an isolated far-away cell
    far = h3.latlng_to_cell(59.2, 16.9, 9)
    cells = [*sorted(set(h3.grid_disk(CENTRE, 2)) - {CENTRE}), far]
    sizes = [len(nb) for nb in neighbour_indices(cells)]
    assert min(sizes) == 0 and 3 in sizes and max(sizes) < 6  # fewer neighbours at the edges
    x = np.random.default_rng(3).poisson(2, len(cells)).astype(float)
    np.testing.assert_allclose(gi_star(cells, x)[0], esda_z(cells, x), rtol=0, atol=1e-9)
    # a pentagon has five neighbours; its ring-2 disk has 16 cells
    pentagon = next(iter(h3.get_pentagons(9)))
    cells = sorted(h3.grid_disk(pentagon, 2))
    assert len(cells) == 16
    x = np.random.default_rng(4).poisson(3, len(cells)).astype(float)
    np.testing.assert_allclose(gi_star(cells, x)[0], esda_z(cells, x), rtol=0, atol=1e-9)


def test_equals_written_out_formula_with_population_sd() -> None:
    cells = sorted(h3.grid_disk(CENTRE, 3))
    x = np.random.default_rng(5).poisson(1.0, len(cells)).astype(float)
    z, _ = gi_star(cells, x)
    np.testing.assert_allclose(z, formula_z(cells, x), rtol=0, atol=1e-12)
    # S is the population standard deviation (as esda uses), not the sample one
    assert not np.allclose(z, formula_z(cells, x, ddof=1), rtol=0, atol=1e-6)
    np.testing.assert_allclose(z, esda_z(cells, x), rtol=0, atol=1e-9)


def test_hand_computed_small_case() -> None:
    # 7-cell disk: centre neighbours all 7 (0/0 -> 0); each outer cell sees itself, the centre
    # and its two outer neighbours (Σw = 4). counts: centre 6, one outer cell 6, others 0.
    cells = [CENTRE, *sorted(set(h3.grid_disk(CENTRE, 1)) - {CENTRE})]
    x = np.zeros(7)
    x[0] = x[1] = 6
    n, mean, s = 7, 12 / 7, float(np.sqrt((2 * 36) / 7 - (12 / 7) ** 2))
    scale = s * np.sqrt((n * 4 - 16) / (n - 1))
    expected = np.empty(7)
    expected[0] = 0.0
    nb = neighbour_indices(cells)
    for i in range(1, 7):
        local = x[i] + x[0] + sum(x[j] for j in nb[i] if j != 0)
        expected[i] = (local - mean * 4) / scale
    z, p = gi_star(cells, x)
    np.testing.assert_allclose(z, expected, rtol=0, atol=1e-12)
    assert z[0] == 0.0 and p[0] == 1.0
    ref = esda_z(cells, x)
    assert np.isnan(ref[0])  # esda: 0/0; Trygg: 0
    np.testing.assert_allclose(z[1:], ref[1:], rtol=0, atol=1e-9)


# --- degenerate input ------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0.0, 1.0, 3.5])
def test_constant_counts_give_zero(area: list[str], value: float) -> None:
    z, p = gi_star(area, np.full(len(area), value))
    assert np.all(z == 0) and np.all(p == 1)
    assert {r.klass for r in hotspots(area, np.full(len(area), value))} == {"none"}


def test_fewer_than_three_cells() -> None:
    assert gi_star([], []) == (pytest.approx([]), pytest.approx([]))
    z, p = gi_star([CENTRE], [4])
    assert list(z) == [0.0] and list(p) == [1.0]
    two = sorted(h3.grid_disk(CENTRE, 1))[:2]
    z, p = gi_star(two, [0, 9])
    assert list(z) == [0.0, 0.0] and list(p) == [1.0, 1.0]
    assert hotspots([], []) == []


def test_input_validation(area: list[str]) -> None:
    with pytest.raises(ValueError, match="counts"):
        gi_star(area, np.zeros(len(area) - 1))
    with pytest.raises(ValueError, match="negative"):
        gi_star(area[:3], [1, -1, 0])
    with pytest.raises(ValueError, match="finite"):
        gi_star(area[:3], [1, np.nan, 0])
    with pytest.raises(ValueError, match="duplicate"):
        gi_star([area[0], area[0], area[1]], [1, 2, 3])
    with pytest.raises(ValueError, match="resolutions"):
        gi_star([area[0], h3.cell_to_parent(area[1], 8), area[2]], [1, 2, 3])
    with pytest.raises(ValueError, match="not an H3 cell"):
        gi_star(["nonsense", area[1], area[2]], [1, 2, 3])
    with pytest.raises(ValueError, match="alpha"):
        hotspots(area[:3], [1, 2, 3], alpha=0)


# --- hotspots(), BH --------------------------------------------------------------------------


def test_hotspots_result(area: list[str]) -> None:
    x = np.random.default_rng(8).poisson(1.0, len(area))
    centre = area[100]
    index = {c: i for i, c in enumerate(area)}
    for c in h3.grid_disk(centre, 1):
        x[index[c]] += 12
    ints = [cell_to_int(c) for c in area]
    result = hotspots(ints, x)
    assert [r.cell for r in result] == area  # input order, string ids
    assert all(isinstance(r, HotspotCell) and isinstance(r.count, int) for r in result)
    assert result[0].cell_int == ints[0]
    z, p = gi_star(area, x)
    q = hs._bh(p)
    nb = neighbour_indices(area)
    for i, (r, zi, pi, qi) in enumerate(zip(result, z, p, q, strict=True)):
        assert (r.z, r.p, r.q) == (zi, pi, qi)
        local = x[i] + sum(x[j] for j in nb[i])
        assert r.neighbourhood == local
        expected = (
            "hot"
            if zi >= 1.96 and qi < 0.05 and local >= 3
            else "cold"
            if zi <= -1.96 and qi < 0.05
            else "none"
        )
        assert r.klass == expected
    assert result[100].klass == "hot"
    # FDR: cells significant before correction are not all significant after it
    assert sum(r.p < 0.05 for r in result) > sum(r.klass != "none" for r in result)
    weighted = hotspots(area[:5], [0.5, 1, 0, 0, 2])
    assert isinstance(weighted[0].count, float) and weighted[0].count == 0.5


def test_bh_matches_statsmodels() -> None:
    multipletests = pytest.importorskip("statsmodels.stats.multitest").multipletests
    rng = np.random.default_rng(9)
    for p in (rng.uniform(size=50), rng.uniform(size=200) ** 4, np.array([0.01, 0.01, 1.0])):
        np.testing.assert_allclose(
            hs._bh(p), multipletests(p, method="fdr_bh")[1], rtol=0, atol=1e-15
        )


# --- minimum evidence (ANALYTICS.md rev 2) ---------------------------------------------------


def test_rule_constants() -> None:
    assert (MIN_EVENTS, MIN_NEIGHBOURHOOD_EVENTS) == (30, 3)


def test_three_events_are_too_few_for_gi_star(area: list[str]) -> None:
    # three events in one cell of >1000 empty cells: plain Gi* calls that cell and its
    # neighbours "hot"; the minimum-evidence rule computes nothing.
    x = np.zeros(len(area))
    x[500] = 3
    plain = hotspots(area, x)
    assert sum(r.klass == "hot" for r in plain) >= 7  # what rev 1 showed: a cluster of hot cells
    study = hotspot_study(area, x)
    assert study.computed is False
    assert study.events == 3 and study.min_events == 30
    assert {r.klass for r in study.cells} == {"none"}
    assert all(r.z == 0.0 and r.p == 1.0 and r.q == 1.0 for r in study.cells)
    assert [r.count for r in study.cells] == x.astype(int).tolist()
    assert study.cells[500].neighbourhood == 3
    # 29 events: still too few; 30: computed
    x[600] = 26
    assert hotspot_study(area, x).computed is False
    x[700] = 1
    thirty = hotspot_study(area, x)
    assert thirty.computed is True and thirty.events == 30
    assert [r.klass for r in thirty.cells] == [r.klass for r in hotspots(area, x)]


def test_two_events_in_a_neighbourhood_are_never_hot(area: list[str]) -> None:
    # 30 single events far apart and one cell with two: that cell's z is high and its
    # q-value significant, but two events are not a pattern
    x = np.zeros(len(area))
    index = {c: i for i, c in enumerate(area)}
    pair = area[len(area) // 2]
    x[index[pair]] = 2
    taken = set(h3.grid_disk(pair, 2))
    singles = 0
    for c in area[::7]:
        if singles == 30:
            break
        if not taken & set(h3.grid_disk(c, 1)):
            x[index[c]] = 1
            singles += 1
            taken |= set(h3.grid_disk(c, 1))
    assert x.sum() == 32
    study = hotspot_study(area, x)
    assert study.computed
    cell = study.cells[index[pair]]
    assert cell.neighbourhood == 2
    assert cell.z > 4 and cell.q < 0.05  # plain Gi* would call it hot
    assert hotspots(area, x, min_neighbourhood=0)[index[pair]].klass == "hot"
    assert cell.klass == "none"
    assert not any(r.klass == "hot" for r in study.cells)
    # a third event next to it makes the neighbourhood hold 3: now it may be hot
    neighbour = next(c for c in h3.grid_ring(pair, 1) if c in index)
    x[index[neighbour]] = 1
    again = hotspot_study(area, x).cells[index[pair]]
    assert again.neighbourhood == 3 and again.klass == "hot"


def test_hotspot_study_validates_alpha(area: list[str]) -> None:
    with pytest.raises(ValueError, match="alpha"):
        hotspot_study(area[:3], [1, 2, 3], alpha=1.5)
    empty = hotspot_study([], [])
    assert empty.cells == [] and not empty.computed and empty.events == 0


# --- cells -----------------------------------------------------------------------------------


def test_polygon_to_cells() -> None:
    cells = polygon_to_cells(FLEN, 9)
    assert cells == sorted(cells) and len(cells) == len(set(cells)) > 1000
    poly = shape(FLEN)
    for c in cells[::50]:
        lat, lon = h3.cell_to_latlng(c)
        assert poly.contains(Point(lon, lat))
        assert h3.get_resolution(c) == 9
    feature = {"type": "Feature", "properties": {}, "geometry": FLEN}
    assert polygon_to_cells(feature, 9) == cells
    multi = {"type": "MultiPolygon", "coordinates": [FLEN["coordinates"]]}
    assert polygon_to_cells(multi, 9) == cells
    overlap = polygon_to_cells(FLEN, 9, contain="overlap")
    assert set(cells) < set(overlap)
    with pytest.raises(ValueError, match="Polygon"):
        polygon_to_cells({"type": "Point", "coordinates": [16.5, 59.0]}, 9)
    with pytest.raises(ValueError, match="resolution"):
        polygon_to_cells(FLEN, 16)


def test_study_cells_and_conversion() -> None:
    disk = h3.grid_disk(CENTRE, 1)
    mixed = [cell_to_int(c) for c in disk[:3]] + [c.upper() for c in disk] + [disk[0]]
    assert study_cells(mixed) == sorted(disk)
    assert study_cells(set(disk)) == sorted(disk)
    assert cell_to_str(cell_to_int(CENTRE)) == CENTRE
    assert cell_to_int(CENTRE) == h3.str_to_int(CENTRE)
    with pytest.raises(ValueError):
        study_cells([CENTRE, h3.cell_to_parent(CENTRE, 8)])
    for bad in ("", "zz", 0, -1, True, None):
        with pytest.raises(ValueError):
            cell_to_str(bad)  # type: ignore[arg-type]


def test_neighbours_and_counts() -> None:
    disk = sorted(h3.grid_disk(CENTRE, 1))
    nb = neighbour_indices(disk)
    centre = disk.index(CENTRE)
    assert nb[centre] == [i for i in range(7) if i != centre]
    assert all(len(nb[i]) == 3 for i in range(7) if i != centre)
    outside = h3.latlng_to_cell(60.0, 17.0, 9)
    events = [CENTRE, CENTRE, cell_to_int(disk[0]), outside]
    counts = count_in_cells(disk, events)
    assert counts.sum() == 3 and counts[centre] == 2 + (disk[0] == CENTRE)


# --- properties ------------------------------------------------------------------------------

SMALL_AREA = sorted(h3.grid_disk(CENTRE, 2))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.integers(min_value=0, max_value=50), min_size=len(SMALL_AREA), max_size=len(SMALL_AREA)
    ).filter(lambda xs: len(set(xs)) > 1)
)
def test_gi_star_finite_and_affine_invariant(counts: list[int]) -> None:
    x = np.array(counts, dtype=float)
    z, p = gi_star(SMALL_AREA, x)
    assert np.all(np.isfinite(z)) and np.all((p > 0) & (p <= 1))
    z2, _ = gi_star(SMALL_AREA, 3.0 * x + 2.0)
    np.testing.assert_allclose(z2, z, rtol=0, atol=1e-9)
    np.testing.assert_allclose(z, esda_z(SMALL_AREA, x), rtol=0, atol=1e-9)
