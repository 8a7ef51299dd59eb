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
from django.utils.translation import gettext_noop as N_
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
    "invalid_json": N_("The file is not valid GeoJSON."),
    "not_polygon": N_("The shape must be a polygon or multipolygon."),
    "empty": N_("The shape is empty."),
    "invalid_geometry": N_("The shape is not valid: %(reason)s."),
    "unclosed_ring": N_("A ring of the polygon is not closed."),
    "too_few_points": N_("A polygon needs at least three distinct corners."),
    "outside_sweden": N_("The position lies outside Sweden."),
    "too_many_vertices": N_("The shape has too many corners (at most 20,000)."),
    "out_of_range": N_("The coordinates are out of range."),
    "overlaps": N_("The area overlaps the existing area “%(name)s”."),
    "outside_municipality": N_("The area lies (partly) outside the municipality."),
    "outside_area": N_("The position lies outside the municipality's areas."),
}


def geometry_error_message(error: GeometryError) -> str:
    """The user's-language message for a GeometryError from trygg.geo."""
    template = GEOMETRY_MESSAGES.get(error.code)
    if template is None:
        return _("The geometry is not valid.")
    # translate at call time: GEOMETRY_MESSAGES holds source strings
    text = _(template)
    try:
        return text % error.params if error.params else text
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
