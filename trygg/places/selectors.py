"""Reads of municipalities, areas and places, always scoped to the user."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from trygg.places.models import Area, Municipality, Place


def areas_of(municipality: Municipality, *, active_only: bool = True) -> list[Area]:
    qs = Area.objects.filter(municipality=municipality)
    if active_only:
        qs = qs.filter(active=True)
    return list(qs)


def area_get(*, municipality: Municipality, public_id: Any) -> Area:
    area = Area.objects.filter(municipality=municipality, public_id=public_id).first()
    if area is None:
        raise Http404
    return area


def places_of(municipality: Municipality, *, active_only: bool = True) -> list[Place]:
    qs = Place.objects.filter(municipality=municipality).select_related("area")
    if active_only:
        qs = qs.filter(active=True)
    return list(qs)


def place_get(*, municipality: Municipality, public_id: Any) -> Place:
    place = Place.objects.filter(municipality=municipality, public_id=public_id).first()
    if place is None:
        raise Http404
    return place


def areas_feature_collection(municipality: Municipality) -> dict[str, Any]:
    """The municipality's active areas as a GeoJSON FeatureCollection."""
    features = [
        {
            "type": "Feature",
            "id": str(area.public_id),
            "properties": {"id": str(area.public_id), "name": area.name, "code": area.code},
            "geometry": area.geometry,
        }
        for area in areas_of(municipality)
    ]
    return {"type": "FeatureCollection", "features": features}


def outline_bounds(municipality: Municipality) -> list[list[float]] | None:
    """[[south, west], [north, east]] of the municipality's outline, for a map's first view."""
    outline = municipality.outline
    if not outline:
        return None
    try:
        from shapely.geometry import shape

        geometry = outline.get("geometry", outline) if outline.get("type") == "Feature" else outline
        min_lon, min_lat, max_lon, max_lat = shape(geometry).bounds
    except Exception:  # a broken outline only loses the initial view
        return None
    return [[min_lat, min_lon], [max_lat, max_lon]]
