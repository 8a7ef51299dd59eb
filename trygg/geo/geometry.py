"""Geometry helpers over shapely 2 and h3 4 (pure Python, no Django).

Conventions: WGS84 longitude/latitude degrees; GeoJSON order is ``[lon, lat]`` while the
function arguments of this module are ``(lat, lon)`` like the rest of Trygg.

Errors are raised as :class:`GeometryError` carrying a ``code`` and ``params`` so that the
Django layer can show a translated message; ``str(error)`` is an English text for logs only.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import h3
import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree
from shapely.validation import explain_validity

__all__ = [
    "DEFAULT_OUTLINES_PATH",
    "EARTH_RADIUS_M",
    "MAX_VERTICES",
    "SWEDEN_BBOX",
    "SWEREF99TM",
    "AreaIndex",
    "GeometryError",
    "area_m2",
    "check_no_overlap",
    "check_within",
    "geometry_to_geojson",
    "h3_cells",
    "h3_from_str",
    "h3_to_str",
    "load_municipality_outlines",
    "parse_feature_collection",
    "parse_polygon_geojson",
    "random_points_in",
    "validate_lat_lon",
]

BBox = tuple[float, float, float, float]

SWEDEN_BBOX: Final[BBox] = (10.0, 55.0, 24.5, 69.5)  # min_lon, min_lat, max_lon, max_lat
SWEREF99TM: Final = "EPSG:3006"
MAX_VERTICES: Final = 20_000
EARTH_RADIUS_M: Final = 6_371_008.8  # mean Earth radius (IUGG)
DEFAULT_OUTLINES_PATH: Final = (
    Path(__file__).resolve().parent / "data" / ("sweden-municipalities.geojson")
)

_ERROR_TEXT: Final = {
    "invalid_json": "The data is not valid JSON.",
    "not_polygon": "The geometry must be a Polygon or MultiPolygon.",
    "empty": "The geometry is empty.",
    "invalid_geometry": "The geometry is not valid: %(reason)s.",
    "unclosed_ring": "A ring of the polygon is not closed.",
    "too_few_points": "A ring needs at least four positions (three corners and the closing one).",
    "outside_sweden": "The position lies outside Sweden.",
    "too_many_vertices": "The geometry has too many vertices.",
    "out_of_range": "The coordinates are out of range.",
    "overlaps": "The area overlaps the area %(name)s.",
    "outside_municipality": "The area lies outside the municipality.",
}


class GeometryError(ValueError):
    """A geometry problem the user can fix. ``code`` is stable, ``params`` fill the message.

    Codes: ``invalid_json``, ``not_polygon``, ``empty``, ``invalid_geometry`` (params
    ``reason``), ``unclosed_ring``, ``too_few_points``, ``outside_sweden``,
    ``too_many_vertices`` (params ``count``, ``max``), ``out_of_range``, ``overlaps`` (params
    ``name``, ``area_m2``), ``outside_municipality`` (params ``share``: percent outside).
    Errors from :func:`parse_feature_collection` also carry ``index`` (0-based feature).
    """

    def __init__(self, code: str, params: Mapping[str, Any] | None = None) -> None:
        self.code = code
        self.params: dict[str, Any] = dict(params or {})
        super().__init__(self._english())

    def _english(self) -> str:
        template = _ERROR_TEXT.get(self.code, self.code)
        try:
            text = template % self.params if self.params else template
        except (KeyError, TypeError, ValueError):
            text = template
        return f"{text} [{self.code}]"

    def with_params(self, **extra: Any) -> GeometryError:
        """A copy of this error with additional params."""
        return GeometryError(self.code, {**self.params, **extra})

    def __repr__(self) -> str:
        return f"GeometryError({self.code!r}, {self.params!r})"


# ---------------------------------------------------------------------------------------------
# Numbers and points


def _as_float(value: Any) -> float | None:
    """``value`` as a finite float, or None for non-numbers (incl. bool, str) and NaN/inf."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | np.number):
        return None
    try:
        result = float(value)
    except (OverflowError, ValueError, TypeError):
        return None
    return result if math.isfinite(result) else None


def validate_lat_lon(lat: Any, lon: Any, *, bbox: BBox | None = SWEDEN_BBOX) -> None:
    """Check a WGS84 position.

    Raises :class:`GeometryError` ``out_of_range`` if either value is not a finite number or
    lies outside [-90, 90] / [-180, 180], and ``outside_sweden`` if it lies outside ``bbox``
    (``None`` skips that check).
    """
    flat, flon = _as_float(lat), _as_float(lon)
    if flat is None or flon is None or not -90 <= flat <= 90 or not -180 <= flon <= 180:
        raise GeometryError("out_of_range")
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = bbox
        if not (min_lat <= flat <= max_lat and min_lon <= flon <= max_lon):
            raise GeometryError("outside_sweden", {"lat": flat, "lon": flon})


# ---------------------------------------------------------------------------------------------
# GeoJSON parsing


def _load_json(data: Any) -> Any:
    if isinstance(data, bytes | bytearray):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise GeometryError("invalid_json") from exc
    if isinstance(data, str):
        try:
            return json.loads(data)
        except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
            raise GeometryError("invalid_json") from exc
    return data


def _geometry_object(obj: Any) -> Any:
    """Unwrap a Feature / single-feature FeatureCollection to its geometry object."""
    if not isinstance(obj, Mapping):
        raise GeometryError("not_polygon")
    kind = obj.get("type")
    if kind == "FeatureCollection":
        features = obj.get("features")
        if not isinstance(features, list):
            raise GeometryError("not_polygon")
        if not features:
            raise GeometryError("empty")
        if len(features) != 1:
            raise GeometryError("not_polygon", {"count": len(features)})
        return _geometry_object(features[0])
    if kind == "Feature":
        geometry = obj.get("geometry")
        if geometry is None:
            raise GeometryError("empty")
        if not isinstance(geometry, Mapping):
            raise GeometryError("not_polygon")
        return geometry
    return obj


class _VertexCounter:
    __slots__ = ("count", "limit")

    def __init__(self, limit: int) -> None:
        self.count = 0
        self.limit = limit

    def add(self, n: int) -> None:
        self.count += n
        if self.count > self.limit:
            raise GeometryError("too_many_vertices", {"count": self.count, "max": self.limit})


def _bad_coordinates(reason: str) -> GeometryError:
    return GeometryError("invalid_geometry", {"reason": reason})


def _parse_ring(ring: Any, counter: _VertexCounter) -> list[tuple[float, float]]:
    if not isinstance(ring, list | tuple):
        raise _bad_coordinates("a ring must be a list of positions")
    counter.add(len(ring))
    points: list[tuple[float, float]] = []
    for position in ring:
        if not isinstance(position, list | tuple) or not 2 <= len(position) <= 3:
            raise _bad_coordinates("a position must be [longitude, latitude]")
        lon, lat = _as_float(position[0]), _as_float(position[1])
        if lon is None or lat is None or (len(position) == 3 and _as_float(position[2]) is None):
            raise _bad_coordinates("coordinates must be finite numbers")
        points.append((lon, lat))
    if len(points) < 3:
        raise GeometryError("too_few_points")
    if points[0] != points[-1]:
        raise GeometryError("unclosed_ring")
    if len(points) < 4 or len(set(points[:-1])) < 3:
        raise GeometryError("too_few_points")
    return points


def _parse_polygon_rings(rings: Any, counter: _VertexCounter) -> Polygon:
    if not isinstance(rings, list | tuple):
        raise _bad_coordinates("polygon coordinates must be a list of rings")
    if not rings:
        raise GeometryError("empty")
    parsed = [_parse_ring(ring, counter) for ring in rings]
    return Polygon(parsed[0], parsed[1:])


def parse_polygon_geojson(
    data: Mapping[str, Any] | str | bytes,
    *,
    bbox: BBox | None = SWEDEN_BBOX,
    max_vertices: int = MAX_VERTICES,
) -> Polygon | MultiPolygon:
    """Parse and validate a polygon given as GeoJSON.

    Accepts a Polygon or MultiPolygon geometry object, a Feature with such a geometry, or a
    FeatureCollection with exactly one such feature, either as a parsed ``dict`` or as JSON
    text. Positions may carry a third (altitude) value, which is dropped. Raises
    :class:`GeometryError` (never anything else) with one of the codes ``invalid_json``,
    ``not_polygon``, ``empty``, ``invalid_geometry`` (``reason``), ``unclosed_ring``,
    ``too_few_points``, ``too_many_vertices`` or ``outside_sweden`` (skipped if ``bbox`` is
    None).
    """
    obj = _geometry_object(_load_json(data))
    kind = obj.get("type")
    if kind not in ("Polygon", "MultiPolygon"):
        raise GeometryError("not_polygon", {"type": str(kind)[:40]})
    if "coordinates" not in obj:
        raise GeometryError("empty")
    coordinates = obj["coordinates"]
    counter = _VertexCounter(max_vertices)
    geom: Polygon | MultiPolygon
    if kind == "Polygon":
        geom = _parse_polygon_rings(coordinates, counter)
    else:
        if not isinstance(coordinates, list | tuple):
            raise _bad_coordinates("multipolygon coordinates must be a list of polygons")
        if not coordinates:
            raise GeometryError("empty")
        geom = MultiPolygon([_parse_polygon_rings(p, counter) for p in coordinates])
    return _check_geometry(geom, bbox=bbox)


def _check_geometry(geom: Polygon | MultiPolygon, *, bbox: BBox | None) -> Polygon | MultiPolygon:
    if geom.is_empty:
        raise GeometryError("empty")
    if not geom.is_valid:
        raise GeometryError("invalid_geometry", {"reason": explain_validity(geom)})
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = geom.bounds
        b_min_lon, b_min_lat, b_max_lon, b_max_lat = bbox
        if not (
            b_min_lon <= min_lon
            and max_lon <= b_max_lon
            and b_min_lat <= min_lat
            and max_lat <= b_max_lat
        ):
            raise GeometryError("outside_sweden")
    return geom


def parse_feature_collection(
    data: Mapping[str, Any] | str | bytes,
    *,
    bbox: BBox | None = SWEDEN_BBOX,
    max_vertices: int = MAX_VERTICES,
) -> list[tuple[dict[str, Any], Polygon | MultiPolygon]]:
    """Parse a FeatureCollection (or a single Feature) of polygons.

    Returns ``(properties, geometry)`` per feature, in order; ``properties`` is ``{}`` when
    missing. Each geometry is validated like :func:`parse_polygon_geojson`;
    ``max_vertices`` applies per feature. Errors of a feature carry ``params["index"]``.
    """
    obj = _load_json(data)
    if not isinstance(obj, Mapping):
        raise GeometryError("not_polygon")
    kind = obj.get("type")
    if kind == "Feature":
        features: Any = [obj]
    elif kind == "FeatureCollection":
        features = obj.get("features")
        if not isinstance(features, list):
            raise GeometryError("not_polygon")
    else:
        raise GeometryError("not_polygon", {"type": str(kind)[:40]})
    if not features:
        raise GeometryError("empty")
    result: list[tuple[dict[str, Any], Polygon | MultiPolygon]] = []
    for index, feature in enumerate(features):
        try:
            if not isinstance(feature, Mapping) or feature.get("type") != "Feature":
                raise GeometryError("not_polygon")
            properties = feature.get("properties")
            if properties is None:
                properties = {}
            if not isinstance(properties, Mapping):
                raise GeometryError("invalid_geometry", {"reason": "properties must be an object"})
            geom = parse_polygon_geojson(feature, bbox=bbox, max_vertices=max_vertices)
        except GeometryError as error:
            raise error.with_params(index=index) from error
        result.append((dict(properties), geom))
    return result


def _round_coords(value: Any, ndigits: int) -> Any:
    if isinstance(value, list | tuple):
        if value and isinstance(value[0], float | int) and not isinstance(value[0], bool):
            return [round(float(v), ndigits) for v in value]
        return [_round_coords(v, ndigits) for v in value]
    return value


def geometry_to_geojson(geom: BaseGeometry, *, ndigits: int = 6) -> dict[str, Any]:
    """A GeoJSON geometry dict with plain lists and coordinates rounded to ``ndigits``.

    Six decimals are about 0.1 m, well below the precision of any drawn area.
    """
    raw = mapping(geom)
    result: dict[str, Any] = {"type": raw["type"]}
    if "coordinates" in raw:
        result["coordinates"] = _round_coords(raw["coordinates"], ndigits)
    if "geometries" in raw:
        result["geometries"] = [geometry_to_geojson(g, ndigits=ndigits) for g in geom.geoms]
    return result


# ---------------------------------------------------------------------------------------------
# Areas in square metres


def _equal_area(geom: BaseGeometry, lon0: float) -> BaseGeometry:
    """Project to a local sinusoidal projection (metres) centred on ``lon0``.

    x = R·Δλ·cos φ, y = R·φ: an equirectangular projection with per-vertex cos(lat) scaling,
    which is equal-area, so areas of small municipal polygons come out in square metres.
    """
    k = math.pi / 180 * EARTH_RADIUS_M

    def transform(coords: np.ndarray) -> np.ndarray:
        lon = coords[:, 0]
        lat = coords[:, 1]
        out = np.empty_like(coords)
        out[:, 0] = (lon - lon0) * k * np.cos(np.radians(lat))
        out[:, 1] = lat * k
        return out

    return shapely.transform(geom, transform)


def _centre_lon(geom: BaseGeometry) -> float:
    min_lon, _min_lat, max_lon, _max_lat = geom.bounds
    return float(min_lon + max_lon) / 2


def area_m2(geom: BaseGeometry) -> float:
    """Approximate area of a lon/lat geometry in square metres."""
    if geom.is_empty:
        return 0.0
    area: float = _equal_area(geom, _centre_lon(geom)).area
    return float(area)


def _valid(geom: BaseGeometry) -> BaseGeometry:
    return geom if geom.is_valid else shapely.make_valid(geom)


def check_no_overlap(
    new: BaseGeometry,
    others: Iterable[tuple[str, BaseGeometry]],
    *,
    tolerance_m2: float = 1.0,
) -> None:
    """Raise ``GeometryError("overlaps", {"name": ..., "area_m2": ...})`` for the first other
    geometry whose intersection with ``new`` is larger than ``tolerance_m2`` square metres.

    Touching borders (intersections that are lines or points) are fine.
    """
    if new.is_empty:
        return
    new = _valid(new)
    lon0 = _centre_lon(new)
    for name, other in others:
        if other is None or other.is_empty or not new.intersects(other):
            continue
        intersection = new.intersection(_valid(other))
        if intersection.is_empty:
            continue
        overlap = float(_equal_area(intersection, lon0).area)
        if overlap > tolerance_m2:
            raise GeometryError("overlaps", {"name": name, "area_m2": round(overlap)})


def check_within(inner: BaseGeometry, outer: BaseGeometry, *, tolerance: float = 0.01) -> None:
    """Raise ``GeometryError("outside_municipality", {"share": percent})`` if more than
    ``tolerance`` (a share, 0.01 = 1 %) of ``inner``'s area lies outside ``outer``.

    Municipal outlines are simplified, so a small share outside is accepted. A geometry without
    area must be covered by ``outer``.
    """
    if inner.is_empty:
        return
    inner = _valid(inner)
    outer = _valid(outer)
    lon0 = _centre_lon(inner)
    total = float(_equal_area(inner, lon0).area)
    if total <= 0.0:
        if not outer.covers(inner):
            raise GeometryError("outside_municipality", {"share": 100.0})
        return
    outside = float(_equal_area(inner.difference(outer), lon0).area)
    share = outside / total
    if share > tolerance:
        raise GeometryError("outside_municipality", {"share": round(share * 100, 1)})


# ---------------------------------------------------------------------------------------------
# Point-in-area lookup


class AreaIndex:
    """Point-in-polygon lookup over (key, geometry) pairs.

    Up to ``LINEAR_MAX`` areas (every kommun's area set so far) a scan of bounding boxes with
    prepared geometries is fastest (a few µs a point); beyond that a shapely STRtree.
    """

    LINEAR_MAX = 64

    def __init__(self, items: Iterable[tuple[Any, BaseGeometry]]) -> None:
        pairs = list(items)
        self._keys: list[Any] = [key for key, _geom in pairs]
        self._geoms: list[BaseGeometry] = [geom for _key, geom in pairs]
        for geom in self._geoms:
            shapely.prepare(geom)
        self._boxes = [geom.bounds for geom in self._geoms]
        self._tree = STRtree(self._geoms) if len(pairs) > self.LINEAR_MAX else None

    def __len__(self) -> int:
        return len(self._keys)

    def locate(self, lat: float, lon: float) -> Any | None:
        """Key of the area containing (lat, lon), or None.

        A point on a shared border belongs to the first of the touching areas in input order.
        """
        if not self._keys:
            return None
        flat, flon = _as_float(lat), _as_float(lon)
        if flat is None or flon is None:
            return None
        if self._tree is None:
            for index, (min_x, min_y, max_x, max_y) in enumerate(self._boxes):
                if (
                    min_x <= flon <= max_x
                    and min_y <= flat <= max_y
                    and shapely.intersects_xy(self._geoms[index], flon, flat)
                ):
                    return self._keys[index]
            return None
        hits = self._tree.query(Point(flon, flat), predicate="intersects")
        if len(hits) == 0:
            return None
        return self._keys[int(hits.min())]


# ---------------------------------------------------------------------------------------------
# H3


def h3_cells(lat: float, lon: float, resolutions: Sequence[int] = (7, 9, 11)) -> dict[int, int]:
    """H3 cell ids of (lat, lon) at each resolution, as Python ints for a BigIntegerField.

    H3 indexes are unsigned 64-bit numbers whose top (reserved) bit is always 0, so they fit a
    signed 64-bit column unchanged. Raises ``GeometryError("out_of_range")`` for bad positions.
    """
    validate_lat_lon(lat, lon, bbox=None)
    result: dict[int, int] = {}
    for res in resolutions:
        cell = h3.str_to_int(h3.latlng_to_cell(float(lat), float(lon), int(res)))
        assert 0 <= cell < 2**63, cell
        result[int(res)] = int(cell)
    return result


def h3_to_str(cell: int) -> str:
    """The usual hexadecimal form of an H3 cell id (e.g. ``"891f1d48177ffff"``)."""
    return str(h3.int_to_str(int(cell)))


def h3_from_str(s: str) -> int:
    """Parse a hexadecimal H3 cell id; raises ValueError if it is not a valid cell."""
    try:
        text = s.strip().lower()
        valid = bool(h3.is_valid_cell(text))
        cell = int(h3.str_to_int(text)) if valid else -1
    except (TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"not an H3 cell: {s!r}") from exc
    if not valid or not 0 <= cell < 2**63:
        raise ValueError(f"not an H3 cell: {s!r}")
    return cell


# ---------------------------------------------------------------------------------------------
# Municipality outlines


def load_municipality_outlines(
    path: str | Path = DEFAULT_OUTLINES_PATH,
) -> dict[str, dict[str, Any]]:
    """Outlines of Sweden's kommuner keyed by the four-digit kommunkod.

    Each value is ``{"name": str, "geometry": GeoJSON dict, "lan_code": str,
    "point": (lat, lon)}``, read from a FeatureCollection with the properties ``id``,
    ``kom_namn``, ``lan_code`` and ``geo_point_2d`` (``[lat, lon]``), like the vendored
    ``trygg/geo/data/sweden-municipalities.geojson``. The result is cached per file; treat it
    as read-only.
    """
    return _load_outlines_cached(str(Path(path).resolve()))


@functools.lru_cache(maxsize=8)
def _load_outlines_cached(path: str) -> dict[str, dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    outlines: dict[str, dict[str, Any]] = {}
    for feature in data.get("features", []):
        props = feature.get("properties") or {}
        code = str(props.get("id", "")).strip()
        geometry = feature.get("geometry")
        if not code or not geometry:
            continue
        point = props.get("geo_point_2d")
        if isinstance(point, list | tuple) and len(point) == 2:
            lat_lon: tuple[float, float] | None = (float(point[0]), float(point[1]))
        else:
            centroid = shape(geometry).representative_point()
            lat_lon = (float(centroid.y), float(centroid.x))
        outlines[code] = {
            "name": str(props.get("kom_namn", "")),
            "geometry": geometry,
            "lan_code": str(props.get("lan_code", "")),
            "point": lat_lon,
        }
    return outlines


# ---------------------------------------------------------------------------------------------
# Random points (demo data, tests)


def random_points_in(
    geom: BaseGeometry, n: int, rng: np.random.Generator
) -> list[tuple[float, float]]:
    """``n`` uniformly random (lat, lon) points inside ``geom`` (uniform in degrees).

    Rejection sampling in the bounding box; deterministic for a seeded ``rng``. Raises
    ``GeometryError("empty")`` if the geometry has no area to sample from.
    """
    if n <= 0:
        return []
    if geom.is_empty or geom.area <= 0:
        raise GeometryError("empty")
    min_lon, min_lat, max_lon, max_lat = geom.bounds
    fill = geom.area / max((max_lon - min_lon) * (max_lat - min_lat), 1e-300)
    shapely.prepare(geom)
    points: list[tuple[float, float]] = []
    drawn = 0
    max_draws = max(1_000_000, int(100 * n / max(fill, 1e-9)))
    while len(points) < n:
        if drawn >= max_draws:
            raise GeometryError("empty")
        batch = min(max(64, int((n - len(points)) / max(fill, 1e-3) * 1.2) + 16), 1_000_000)
        lons = rng.uniform(min_lon, max_lon, batch)
        lats = rng.uniform(min_lat, max_lat, batch)
        drawn += batch
        inside = shapely.contains_xy(geom, lons, lats)
        for lon, lat in zip(lons[inside], lats[inside], strict=True):
            points.append((float(lat), float(lon)))
            if len(points) == n:
                break
    return points
