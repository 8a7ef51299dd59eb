"""Tests for trygg.geo.geometry (pure Python, no database)."""

from __future__ import annotations

import json
import math
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiPolygon, Point, Polygon, box, shape

from trygg.geo.geometry import (
    DEFAULT_OUTLINES_PATH,
    MAX_VERTICES,
    SWEDEN_BBOX,
    SWEREF99TM,
    AreaIndex,
    GeometryError,
    area_m2,
    check_no_overlap,
    check_within,
    geometry_to_geojson,
    h3_cells,
    h3_from_str,
    h3_to_str,
    load_municipality_outlines,
    parse_feature_collection,
    parse_polygon_geojson,
    random_points_in,
    validate_lat_lon,
)

# A small square in Flen (about 1.1 km x 0.57 km).
SQUARE = [[16.58, 59.05], [16.60, 59.05], [16.60, 59.06], [16.58, 59.06], [16.58, 59.05]]
POLYGON = {"type": "Polygon", "coordinates": [SQUARE]}
BOW_TIE = {
    "type": "Polygon",
    "coordinates": [[[16.5, 59.0], [16.6, 59.1], [16.6, 59.0], [16.5, 59.1], [16.5, 59.0]]],
}


def polygon(coords: list[list[Any]]) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [coords]}


def error_of(func: Any, *args: Any, **kwargs: Any) -> GeometryError:
    with pytest.raises(GeometryError) as info:
        func(*args, **kwargs)
    return info.value


# ---------------------------------------------------------------------------------------------
# constants and the error type


def test_constants() -> None:
    assert SWEDEN_BBOX == (10.0, 55.0, 24.5, 69.5)
    assert SWEREF99TM == "EPSG:3006"
    assert MAX_VERTICES == 20_000


def test_geometry_error_carries_code_and_params() -> None:
    error = GeometryError("overlaps", {"name": "Centrum"})
    assert isinstance(error, ValueError)
    assert error.code == "overlaps"
    assert error.params == {"name": "Centrum"}
    assert "Centrum" in str(error)
    assert GeometryError("empty").params == {}


# ---------------------------------------------------------------------------------------------
# validate_lat_lon


@pytest.mark.parametrize(
    ("lat", "lon"),
    [(59.058, 16.588), (55.0, 10.0), (69.5, 24.5), (Decimal("59.3"), Decimal("18.07")), (59, 18)],
)
def test_validate_lat_lon_ok(lat: Any, lon: Any) -> None:
    validate_lat_lon(lat, lon)


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        (91, 16),
        (-90.1, 16),
        (59, 180.5),
        (59, -181),
        (math.nan, 16),
        (59, math.inf),
        ("59", "16"),
        (None, 16),
        (True, 16),
    ],
)
def test_validate_lat_lon_out_of_range(lat: Any, lon: Any) -> None:
    assert error_of(validate_lat_lon, lat, lon).code == "out_of_range"


@pytest.mark.parametrize(("lat", "lon"), [(52.52, 13.40), (59.9, 10.7 - 1.0), (70.0, 20.0)])
def test_validate_lat_lon_outside_sweden(lat: float, lon: float) -> None:
    assert error_of(validate_lat_lon, lat, lon).code == "outside_sweden"


def test_validate_lat_lon_custom_bbox() -> None:
    validate_lat_lon(52.52, 13.40, bbox=None)
    validate_lat_lon(52.52, 13.40, bbox=(13.0, 52.0, 14.0, 53.0))
    assert error_of(validate_lat_lon, 59.0, 16.0, bbox=(13.0, 52.0, 14.0, 53.0)).code == (
        "outside_sweden"
    )


# ---------------------------------------------------------------------------------------------
# parse_polygon_geojson


def test_parse_polygon_variants() -> None:
    geometry = parse_polygon_geojson(POLYGON)
    assert isinstance(geometry, Polygon)
    assert geometry.bounds == (16.58, 59.05, 16.60, 59.06)
    feature = {"type": "Feature", "properties": {"name": "x"}, "geometry": POLYGON}
    collection = {"type": "FeatureCollection", "features": [feature]}
    for data in (feature, collection, json.dumps(collection), json.dumps(POLYGON).encode()):
        assert parse_polygon_geojson(data).equals(geometry)


def test_parse_multipolygon_and_holes() -> None:
    other = [[16.62, 59.05], [16.63, 59.05], [16.63, 59.06], [16.62, 59.05]]
    multi = parse_polygon_geojson({"type": "MultiPolygon", "coordinates": [[SQUARE], [other]]})
    assert isinstance(multi, MultiPolygon)
    assert len(multi.geoms) == 2
    hole = [[16.585, 59.052], [16.59, 59.052], [16.59, 59.055], [16.585, 59.052]]
    with_hole = parse_polygon_geojson({"type": "Polygon", "coordinates": [SQUARE, hole]})
    assert isinstance(with_hole, Polygon)
    assert len(with_hole.interiors) == 1


def test_parse_drops_altitude() -> None:
    coords = [[*p, 12.5] for p in SQUARE]
    assert parse_polygon_geojson(polygon(coords)).equals(parse_polygon_geojson(POLYGON))


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ("{not json", "invalid_json"),
        ("", "invalid_json"),
        (b"\xff\xfe", "invalid_json"),
        ("[1, 2]", "not_polygon"),
        ("null", "not_polygon"),
        ({"type": "Point", "coordinates": [16.5, 59.0]}, "not_polygon"),
        ({"type": "LineString", "coordinates": SQUARE}, "not_polygon"),
        ({"type": "GeometryCollection", "geometries": [POLYGON]}, "not_polygon"),
        ({"coordinates": [SQUARE]}, "not_polygon"),
        (
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "geometry": POLYGON},
                    {"type": "Feature", "geometry": POLYGON},
                ],
            },
            "not_polygon",
        ),
        ({"type": "FeatureCollection", "features": []}, "empty"),
        ({"type": "Feature", "geometry": None}, "empty"),
        ({"type": "Polygon", "coordinates": []}, "empty"),
        ({"type": "MultiPolygon", "coordinates": []}, "empty"),
        ({"type": "Polygon"}, "empty"),
        (polygon(SQUARE[:-1]), "unclosed_ring"),
        (polygon([[16.58, 59.05], [16.60, 59.05], [16.58, 59.05]]), "too_few_points"),
        (polygon([[16.58, 59.05], [16.60, 59.05]]), "too_few_points"),
        (polygon([]), "too_few_points"),
        (
            polygon([[16.58, 59.05], [16.60, 59.05], [16.58, 59.05], [16.58, 59.05]]),
            "too_few_points",
        ),
        (BOW_TIE, "invalid_geometry"),
        (polygon([[s[0] - 10, s[1]] for s in SQUARE]), "outside_sweden"),
        (polygon([[s[0], s[1] + 20] for s in SQUARE]), "outside_sweden"),
        (polygon([[16.58, "59.05"], *SQUARE[1:]]), "invalid_geometry"),
        (polygon([[16.58, math.nan], *SQUARE[1:]]), "invalid_geometry"),
        (polygon([[math.inf, 59.05], *SQUARE[1:]]), "invalid_geometry"),
        (polygon([[16.58, True], *SQUARE[1:]]), "invalid_geometry"),
        (polygon([[16.58], *SQUARE[1:]]), "invalid_geometry"),
        (polygon([[10**400, 59.05], *SQUARE[1:]]), "invalid_geometry"),
        ({"type": "Polygon", "coordinates": "abc"}, "invalid_geometry"),
        ({"type": "Polygon", "coordinates": [[1, 2, 3, 4]]}, "invalid_geometry"),
        ('{"type": "Polygon", "coordinates": [[[16.58, NaN]]]}', "invalid_geometry"),
    ],
)
def test_parse_polygon_errors(data: Any, code: str) -> None:
    error = error_of(parse_polygon_geojson, data)
    assert error.code == code
    if code == "invalid_geometry":
        assert isinstance(error.params["reason"], str)


def test_invalid_geometry_reason_from_shapely() -> None:
    error = error_of(parse_polygon_geojson, BOW_TIE)
    assert error.code == "invalid_geometry"
    assert error.params["reason"].startswith("Self-intersection")


def test_too_many_vertices() -> None:
    n = MAX_VERTICES + 1
    ring = [
        [16.5 + 0.1 * math.cos(2 * math.pi * i / n), 59.0 + 0.05 * math.sin(2 * math.pi * i / n)]
        for i in range(n)
    ]
    ring.append(ring[0])
    error = error_of(parse_polygon_geojson, polygon(ring))
    assert error.code == "too_many_vertices"
    assert error.params["max"] == MAX_VERTICES
    # the limit is configurable and exactly MAX_VERTICES positions are accepted
    assert parse_polygon_geojson(polygon(ring), max_vertices=n + 1).is_valid
    ok_ring = [*ring[: MAX_VERTICES - 1], ring[0]]
    assert parse_polygon_geojson(polygon(ok_ring)).is_valid


def test_parse_without_bbox() -> None:
    berlin = polygon([[13.3, 52.5], [13.4, 52.5], [13.4, 52.6], [13.3, 52.5]])
    assert parse_polygon_geojson(berlin, bbox=None).is_valid


# ---------------------------------------------------------------------------------------------
# parse_feature_collection


def test_parse_feature_collection() -> None:
    other = [[16.62, 59.05], [16.63, 59.05], [16.63, 59.06], [16.62, 59.05]]
    features: list[dict[str, Any]] = [
        {"type": "Feature", "properties": {"name": "Centrum"}, "geometry": POLYGON},
        {"type": "Feature", "properties": None, "geometry": polygon(other)},
    ]
    data = {"type": "FeatureCollection", "features": features}
    result = parse_feature_collection(json.dumps(data))
    assert [props for props, _geom in result] == [{"name": "Centrum"}, {}]
    assert all(geom.is_valid for _props, geom in result)
    single = parse_feature_collection(features[0])
    assert len(single) == 1


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        (polygon(SQUARE[:-1]), "unclosed_ring"),
        ({"type": "Point", "coordinates": [16.5, 59.0]}, "not_polygon"),
        (polygon([[s[0] + 10, s[1]] for s in SQUARE]), "outside_sweden"),
    ],
)
def test_parse_feature_collection_error_has_index(bad: dict[str, Any], code: str) -> None:
    data = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": POLYGON},
            {"type": "Feature", "properties": {}, "geometry": POLYGON},
            {"type": "Feature", "properties": {}, "geometry": bad},
        ],
    }
    error = error_of(parse_feature_collection, data)
    assert error.code == code
    assert error.params["index"] == 2


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ("nope", "invalid_json"),
        ({"type": "FeatureCollection", "features": []}, "empty"),
        ({"type": "FeatureCollection"}, "not_polygon"),
        (POLYGON, "not_polygon"),
        ([], "not_polygon"),
    ],
)
def test_parse_feature_collection_errors(data: Any, code: str) -> None:
    assert error_of(parse_feature_collection, data).code == code


# ---------------------------------------------------------------------------------------------
# geometry_to_geojson


def test_geometry_to_geojson_rounds_and_round_trips() -> None:
    geom = Polygon([(16.1234567891, 59.1), (16.2, 59.1), (16.2, 59.2), (16.1234567891, 59.1)])
    data = geometry_to_geojson(geom)
    assert data["type"] == "Polygon"
    assert data["coordinates"][0][0] == [16.123457, 59.1]
    assert isinstance(data["coordinates"], list)
    json.dumps(data)
    assert parse_polygon_geojson(data).equals_exact(geom, tolerance=1e-6)
    multi = geometry_to_geojson(MultiPolygon([box(16, 59, 16.1, 59.1), box(17, 59, 17.1, 59.1)]))
    assert multi["type"] == "MultiPolygon"
    assert len(multi["coordinates"]) == 2
    assert parse_polygon_geojson(multi).area == pytest.approx(0.02)


# ---------------------------------------------------------------------------------------------
# areas, overlaps, within


def test_area_m2_is_plausible() -> None:
    # 0.01 degrees of latitude is about 1112 m; of longitude at 59 degrees about 573 m.
    square = box(16.0, 59.0, 16.01, 59.01)
    expected = 1111.95 * 572.7
    assert area_m2(square) == pytest.approx(expected, rel=0.01)
    assert area_m2(Polygon()) == 0.0


def test_check_no_overlap() -> None:
    new = box(16.0, 59.0, 16.01, 59.01)
    touching = box(16.01, 59.0, 16.02, 59.01)  # shares an edge
    corner = box(16.01, 59.01, 16.02, 59.02)  # shares a corner
    far = box(17.0, 59.0, 17.01, 59.01)
    check_no_overlap(new, [("Öst", touching), ("Hörn", corner), ("Långt bort", far)])
    check_no_overlap(new, [])
    overlapping = box(16.005, 59.005, 16.02, 59.02)
    error = error_of(check_no_overlap, new, [("Öst", touching), ("Centrum", overlapping)])
    assert error.code == "overlaps"
    assert error.params["name"] == "Centrum"
    assert error.params["area_m2"] == pytest.approx(1111.95 * 572.7 / 4, rel=0.02)


def test_check_no_overlap_tolerance() -> None:
    new = box(16.0, 59.0, 16.01, 59.01)
    # a sliver of 1e-6 degrees of longitude (~0.06 m) along the whole edge: ~64 m2
    sliver = box(16.01 - 1e-6, 59.0, 16.02, 59.01)
    error_of(check_no_overlap, new, [("Öst", sliver)])
    check_no_overlap(new, [("Öst", sliver)], tolerance_m2=100.0)
    tiny = box(16.01 - 1e-7, 59.0, 16.02, 59.0001)  # ~0.07 m2
    check_no_overlap(new, [("Öst", tiny)])


def test_check_within() -> None:
    outer = box(16.0, 59.0, 16.1, 59.1)
    check_within(box(16.01, 59.01, 16.05, 59.05), outer)
    check_within(outer, outer)
    # 0.5 % outside is accepted (simplified outlines), 10 % is not
    check_within(box(16.0005, 59.01, 16.1005, 59.02), outer)
    error = error_of(check_within, box(16.01, 59.01, 16.11, 59.02), outer)
    assert error.code == "outside_municipality"
    assert error.params["share"] == pytest.approx(10.0, abs=0.5)
    error_of(check_within, box(17.0, 59.0, 17.1, 59.1), outer)
    check_within(box(16.01, 59.01, 16.11, 59.02), outer, tolerance=0.2)


# ---------------------------------------------------------------------------------------------
# AreaIndex


def test_area_index() -> None:
    west = box(16.0, 59.0, 16.1, 59.1)
    east = box(16.1, 59.0, 16.2, 59.1)
    island = box(16.3, 59.0, 16.4, 59.1)
    index = AreaIndex([("west", west), ("east", east), (3, island)])
    assert len(index) == 3
    assert index.locate(59.05, 16.05) == "west"
    assert index.locate(59.05, 16.15) == "east"
    assert index.locate(59.05, 16.35) == 3
    assert index.locate(59.05, 16.25) is None
    assert index.locate(60.0, 16.05) is None
    # shared border: deterministic, the first in input order
    assert index.locate(59.05, 16.1) == "west"
    assert AreaIndex([("east", east), ("west", west)]).locate(59.05, 16.1) == "east"
    # outer corner
    assert index.locate(59.0, 16.0) == "west"
    assert index.locate(math.nan, 16.05) is None
    assert AreaIndex([]).locate(59.05, 16.05) is None


def test_area_index_nested_prefers_first() -> None:
    big = box(16.0, 59.0, 17.0, 60.0)
    small = box(16.4, 59.4, 16.6, 59.6)
    assert AreaIndex([("small", small), ("big", big)]).locate(59.5, 16.5) == "small"
    assert AreaIndex([("big", big), ("small", small)]).locate(59.5, 16.5) == "big"


# ---------------------------------------------------------------------------------------------
# H3


def test_h3_cells() -> None:
    cells = h3_cells(59.058, 16.588)
    assert sorted(cells) == [7, 9, 11]
    for res, cell in cells.items():
        assert isinstance(cell, int)
        assert 0 < cell < 2**63
        text = h3_to_str(cell)
        assert isinstance(text, str)
        assert h3_from_str(text) == cell
        assert h3_from_str(text.upper()) == cell
        assert (cell >> 52) & 0xF == res  # resolution bits of the H3 index
    assert h3_cells(59.058, 16.588, resolutions=(5,)).keys() == {5}
    # nearby points share the coarse cell
    assert h3_cells(59.0581, 16.5881)[7] == cells[7]


def test_h3_cells_out_of_range() -> None:
    assert error_of(h3_cells, 91.0, 16.0).code == "out_of_range"
    assert error_of(h3_cells, math.nan, 16.0).code == "out_of_range"


@pytest.mark.parametrize("text", ["", "zz", "0", "ffffffffffffffff", "not a cell"])
def test_h3_from_str_invalid(text: str) -> None:
    with pytest.raises(ValueError):
        h3_from_str(text)


@settings(max_examples=200, deadline=None)
@given(st.floats(55.0, 69.5), st.floats(10.0, 24.5))
def test_h3_round_trip(lat: float, lon: float) -> None:
    for cell in h3_cells(lat, lon, resolutions=(0, 7, 9, 11, 15)).values():
        assert 0 < cell < 2**63
        assert h3_from_str(h3_to_str(cell)) == cell


# ---------------------------------------------------------------------------------------------
# Municipality outlines


def test_default_outlines_file_is_vendored() -> None:
    assert DEFAULT_OUTLINES_PATH.is_file()
    assert DEFAULT_OUTLINES_PATH.parent.joinpath("README.md").is_file()


def test_load_municipality_outlines() -> None:
    outlines = load_municipality_outlines(DEFAULT_OUTLINES_PATH)
    assert len(outlines) == 290
    flen = outlines["0482"]
    assert flen["name"] == "Flen"
    assert flen["lan_code"] == "04"
    assert flen["point"] == pytest.approx((59.0655, 16.7017), abs=1e-3)
    degerfors = outlines["1862"]
    assert degerfors["name"] == "Degerfors"
    assert degerfors["lan_code"] == "18"
    flen_geom = parse_polygon_geojson(flen["geometry"])
    degerfors_geom = parse_polygon_geojson(degerfors["geometry"])
    # a point in Flen town
    assert flen_geom.contains(Point(16.588, 59.058))
    assert not degerfors_geom.contains(Point(16.588, 59.058))
    lat, lon = degerfors["point"]
    assert degerfors_geom.contains(Point(lon, lat))
    # Flen is roughly 800-900 km2 (simplified outline)
    assert 700e6 < area_m2(flen_geom) < 1000e6


def test_load_municipality_outlines_is_cached() -> None:
    first = load_municipality_outlines(DEFAULT_OUTLINES_PATH)
    assert load_municipality_outlines(str(DEFAULT_OUTLINES_PATH)) is first
    assert load_municipality_outlines() is first


def test_load_municipality_outlines_other_file(tmp_path: Path) -> None:
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"id": "9999", "kom_namn": "Testby", "lan_code": "99"},
                "geometry": POLYGON,
            }
        ],
    }
    path = tmp_path / "outlines.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    outlines = load_municipality_outlines(path)
    assert list(outlines) == ["9999"]
    lat, lon = outlines["9999"]["point"]
    assert shape(POLYGON).contains(Point(lon, lat))


def test_outline_index_locates_municipalities() -> None:
    outlines = load_municipality_outlines()
    index = AreaIndex([(code, shape(info["geometry"])) for code, info in outlines.items()])
    assert index.locate(59.058, 16.588) == "0482"
    assert index.locate(59.2277, 14.4322) == "1862"  # Degerfors town
    assert index.locate(52.52, 13.40) is None


# ---------------------------------------------------------------------------------------------
# random points


def test_random_points_in() -> None:
    flen = parse_polygon_geojson(load_municipality_outlines()["0482"]["geometry"])
    points = random_points_in(flen, 50, np.random.default_rng(42))
    assert len(points) == 50
    assert all(flen.contains(Point(lon, lat)) for lat, lon in points)
    assert points == random_points_in(flen, 50, np.random.default_rng(42))
    assert points != random_points_in(flen, 50, np.random.default_rng(43))
    assert random_points_in(flen, 0, np.random.default_rng(1)) == []
    assert all(isinstance(v, float) for p in points for v in p)


def test_random_points_in_thin_and_empty() -> None:
    thin = Polygon([(16.0, 59.0), (16.5, 59.5), (16.5, 59.5001), (16.0, 59.0)])
    points = random_points_in(thin, 5, np.random.default_rng(0))
    assert len(points) == 5
    assert error_of(random_points_in, Polygon(), 3, np.random.default_rng(0)).code == "empty"


# ---------------------------------------------------------------------------------------------
# junk input never raises anything but GeometryError

_json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=10)
)
_json_values = st.recursive(
    _json_scalars,
    lambda children: (
        st.lists(children, max_size=6)
        | st.dictionaries(
            st.sampled_from(["type", "coordinates", "features", "geometry", "properties", "x"]),
            children,
            max_size=4,
        )
    ),
    max_leaves=40,
)
_geo_types = st.sampled_from(
    ["Polygon", "MultiPolygon", "Feature", "FeatureCollection", "Point", "", None, 5]
)
_numbers = st.floats(allow_nan=True, allow_infinity=True) | st.integers() | st.floats(10, 25)
_positions = st.lists(_numbers | st.text(max_size=3) | st.none(), min_size=0, max_size=4)
_rings = st.lists(_positions, max_size=8)
_polygon_like = st.fixed_dictionaries(
    {
        "type": _geo_types,
        "coordinates": st.one_of(
            st.lists(_rings, max_size=3), st.lists(st.lists(_rings, max_size=3), max_size=3)
        ),
    }
)


def _check_only_geometry_errors(data: Any) -> None:
    try:
        result = parse_polygon_geojson(data)
    except GeometryError as error:
        assert isinstance(error.code, str)
        assert isinstance(error.params, dict)
    else:
        assert isinstance(result, Polygon | MultiPolygon)
        assert result.is_valid


@settings(max_examples=300, deadline=None)
@given(_json_values)
def test_parse_polygon_junk_values(data: Any) -> None:
    _check_only_geometry_errors(data)
    try:
        text = json.dumps(data)
    except (ValueError, TypeError):
        return
    _check_only_geometry_errors(text)


@settings(max_examples=300, deadline=None)
@given(_polygon_like)
def test_parse_polygon_junk_shapes(data: Any) -> None:
    _check_only_geometry_errors(data)
    _check_only_geometry_errors({"type": "Feature", "geometry": data})
    _check_only_geometry_errors({"type": "FeatureCollection", "features": [data]})


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200) | st.binary(max_size=200))
def test_parse_polygon_junk_text(data: str | bytes) -> None:
    _check_only_geometry_errors(data)


def test_parse_polygon_deeply_nested_json() -> None:
    assert error_of(parse_polygon_geojson, "[" * 100_000 + "]" * 100_000).code in (
        "invalid_json",
        "not_polygon",
    )
