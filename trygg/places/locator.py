"""Where a point lies: inside the kommun, and in which area. Cached per municipality.

One ``PointLocator`` serves a whole batch (an import of thousands of rows costs one outline
preparation and one area index, not one per row). The caches are keyed on what they are built
from, so an edited outline or area is picked up by the next call.
"""

from __future__ import annotations

import threading
from typing import Any

import shapely
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from shapely.geometry import shape

from trygg.geo.geometry import AreaIndex, GeometryError, validate_lat_lon
from trygg.places.models import Area, Municipality

OUTLINE_SLACK_DEGREES = 0.015
"""Outlines are simplified: a point up to ~1 km outside still counts as inside."""

_lock = threading.Lock()
_outline_cache: dict[int, tuple[Any, Any]] = {}
_index_cache: dict[int, tuple[tuple[Any, ...], AreaIndex]] = {}


def _area_signature(municipality: Municipality) -> tuple[Any, ...]:
    return tuple(
        Area.objects.filter(municipality=municipality, active=True)
        .order_by("id")
        .values_list("id", "updated_at")
    )


def area_index_for(municipality: Municipality) -> AreaIndex:
    """A cached STRtree over the municipality's active areas (keys are Area ids)."""
    signature = _area_signature(municipality)
    with _lock:
        cached = _index_cache.get(municipality.pk)
        if cached and cached[0] == signature:
            return cached[1]
    items = [
        (area_id, shape(geometry))
        for area_id, geometry in Area.objects.filter(municipality=municipality, active=True)
        .order_by("sort_order", "name")
        .values_list("id", "geometry")
    ]
    index = AreaIndex(items)
    with _lock:
        _index_cache[municipality.pk] = (signature, index)
    return index


def _prepared_outline(municipality: Municipality) -> Any | None:
    if not municipality.outline:
        return None
    key = (municipality.updated_at, len(str(municipality.outline)))
    with _lock:
        cached = _outline_cache.get(municipality.pk)
        if cached and cached[0] == key:
            return cached[1]
    outline = shape(municipality.outline).buffer(OUTLINE_SLACK_DEGREES)
    shapely.prepare(outline)
    with _lock:
        _outline_cache[municipality.pk] = (key, outline)
    return outline


GEOMETRY_MESSAGES = {
    "invalid_json": gettext_noop("The file is not valid GeoJSON."),
    "not_polygon": gettext_noop("The shape must be a polygon or multipolygon."),
    "empty": gettext_noop("The shape is empty."),
    "invalid_geometry": gettext_noop("The shape is not valid: %(reason)s."),
    "unclosed_ring": gettext_noop("A ring of the polygon is not closed."),
    "too_few_points": gettext_noop("A polygon needs at least three distinct corners."),
    "outside_sweden": gettext_noop("The position lies outside Sweden."),
    "too_many_vertices": gettext_noop("The shape has too many corners (at most 20,000)."),
    "out_of_range": gettext_noop("The coordinates are out of range."),
    "overlaps": gettext_noop("The area overlaps the existing area “%(name)s”."),
    "outside_municipality": gettext_noop("The area lies (partly) outside the municipality."),
    "outside_area": gettext_noop("The position lies outside the municipality's areas."),
}


#: The reasons trygg.geo (pure, no Django) and shapely's explain_validity give in English, by
#: their text (shapely's up to the "[" of its position); an unknown reason is left out.
GEOMETRY_REASONS = {
    "a ring must be a list of positions": gettext_noop("a ring must be a list of positions"),
    "a position must be [longitude, latitude]": gettext_noop(
        "a position must be [longitude, latitude]"
    ),
    "coordinates must be finite numbers": gettext_noop("coordinates must be finite numbers"),
    "polygon coordinates must be a list of rings": gettext_noop(
        "polygon coordinates must be a list of rings"
    ),
    "multipolygon coordinates must be a list of polygons": gettext_noop(
        "multipolygon coordinates must be a list of polygons"
    ),
    "properties must be an object": gettext_noop("the properties must be an object"),
    "Self-intersection": gettext_noop("the outline crosses itself"),
    "Ring Self-intersection": gettext_noop("a ring touches itself"),
    "Interior is disconnected": gettext_noop("the inside is split in parts"),
    "Hole lies outside shell": gettext_noop("a hole lies outside the outline"),
    "Holes are nested": gettext_noop("holes lie inside each other"),
    "Nested shells": gettext_noop("outlines lie inside each other"),
    "Duplicate Rings": gettext_noop("a ring is repeated"),
    "Too few points in geometry component": gettext_noop("a part has too few corners"),
    "Invalid Coordinate": gettext_noop("a coordinate is not valid"),
}


def _reason(raw: Any) -> str:
    text = str(raw or "")
    source = GEOMETRY_REASONS.get(text) or GEOMETRY_REASONS.get(text.split("[", 1)[0].strip())
    return _(source) if source else _("the shape is not a valid polygon")


def geometry_error_message(error: GeometryError) -> str:
    """The user's-language message for a GeometryError from trygg.geo."""
    template = GEOMETRY_MESSAGES.get(error.code)
    if template is None:
        return _("The geometry is not valid.")
    # translate at call time: GEOMETRY_MESSAGES holds source strings
    text = _(template)
    params = dict(error.params or {})
    if "reason" in params:
        params["reason"] = _reason(params["reason"])
    try:
        return text % params if params else text
    except (KeyError, TypeError, ValueError):
        return text


def to_validation_error(error: GeometryError, field: str | None = None) -> ValidationError:
    message = geometry_error_message(error)
    return ValidationError({field: [message]} if field else message, code=error.code)


class PointLocator:
    """Checks points against one municipality and finds their area, with everything prepared
    once. ``check`` raises ValidationError; ``area`` returns the Area object or None."""

    def __init__(self, municipality: Municipality) -> None:
        self.municipality = municipality
        self._outline = _prepared_outline(municipality)
        self._index = area_index_for(municipality)
        self._areas: dict[int, Area] = {}

    def check(self, lat: float, lon: float) -> None:
        try:
            validate_lat_lon(lat, lon)
        except GeometryError as error:
            raise ValidationError(geometry_error_message(error), code=error.code) from error
        if self._outline is not None and not shapely.contains_xy(self._outline, lon, lat):
            raise ValidationError(
                _("The position lies outside %(name)s.") % {"name": self.municipality.name},
                code="outside_municipality",
            )

    def area(self, lat: float, lon: float) -> Area | None:
        area_id = self._index.locate(lat, lon)
        if area_id is None:
            return None
        if not self._areas:
            self._areas = {
                area.pk: area
                for area in Area.objects.filter(municipality=self.municipality, active=True)
            }
        found = self._areas.get(area_id)
        return found if found is not None else Area.objects.get(pk=area_id)


def point_locator(municipality: Municipality) -> PointLocator:
    return PointLocator(municipality)


def locate_area(municipality: Municipality, lat: float, lon: float) -> Area | None:
    area_id = area_index_for(municipality).locate(lat, lon)
    if area_id is None:
        return None
    return Area.objects.get(pk=area_id)


def check_point_in_municipality(municipality: Municipality, lat: float, lon: float) -> None:
    """Raise ValidationError when (lat, lon) is invalid or outside the kommun."""
    PointLocator(municipality).check(lat, lon)
