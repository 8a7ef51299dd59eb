"""Writes for municipalities, areas and places. Each checks permission and audits."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from shapely.geometry import shape

from trygg.accounts.permissions import can
from trygg.accounts.types import Actor
from trygg.core import audit
from trygg.core.validators import Screen, clean_text, screened
from trygg.geo.geometry import (
    GeometryError,
    check_no_overlap,
    check_within,
    geometry_to_geojson,
    load_municipality_outlines,
    parse_polygon_geojson,
)
from trygg.places.locator import (
    area_index_for,
    check_point_in_municipality,
    geometry_error_message,
    locate_area,
    to_validation_error,
)
from trygg.places.models import Area, Municipality, Place
from trygg.places.public_cache import bump as bump_public_pages

AREA_TEXT = screened("places.Area", "name")
PLACE_TEXT = screened("places.Place", "name", "description")

# ---------------------------------------------------------------------------------------------
# Municipality


@transaction.atomic
def municipality_create(*, actor: Actor, code: str, is_demo: bool = False) -> Municipality:
    """Create a municipality from the bundled kommun outline (superusers or "system").

    Onboarding (``trygg.setup.services.municipality_onboard``) calls this and then every
    app's ``install_defaults``."""
    if not (getattr(actor, "is_superuser", False) or actor == "system"):
        raise PermissionDenied
    code = (code or "").strip()
    outlines = load_municipality_outlines(settings.TRYGG_MUNICIPALITY_OUTLINES)
    if code not in outlines:
        raise ValidationError(
            {"code": [_("No municipality has the code %(code)s.") % {"code": code}]}
        )
    if Municipality.objects.filter(code=code).exists():
        raise ValidationError({"code": [_("The municipality is already set up.")]})
    info = outlines[code]
    municipality = Municipality.objects.create(
        code=code, name=info["name"], outline=info["geometry"], is_demo=is_demo
    )
    audit.record(
        actor=actor,
        action="municipality.onboard",
        target=municipality,
        municipality=municipality,
        changes={"code": code, "name": info["name"]},
    )
    return municipality


MUNICIPALITY_SETTINGS_FIELDS = [
    "reporting_cadence",
    "deadline_weekday",
    "deadline_time",
    "coverage_threshold",
    "reminder_hours",
    "public_indexing",
]


@transaction.atomic
def municipality_update_settings(
    *, actor: Actor, municipality: Municipality, **values: Any
) -> Municipality:
    if not can(actor, "municipality.manage", municipality):
        raise PermissionDenied
    before = audit.snapshot(municipality, MUNICIPALITY_SETTINGS_FIELDS)
    for key, value in values.items():
        if key not in MUNICIPALITY_SETTINGS_FIELDS:
            raise ValidationError(_("Unknown setting %(name)s.") % {"name": key})
        setattr(municipality, key, value)
    municipality.full_clean()
    municipality.save()
    code = municipality.code
    transaction.on_commit(lambda: bump_public_pages(code))  # the public pages' noindex
    after = audit.snapshot(municipality, MUNICIPALITY_SETTINGS_FIELDS)
    audit.record(
        actor=actor,
        action="municipality.settings",
        target=municipality,
        municipality=municipality,
        changes=audit.diff(before, after),
    )
    return municipality


# ---------------------------------------------------------------------------------------------
# Areas

AREA_FIELDS = ["name", "code", "active", "sort_order", "geometry"]


def _screened_name(screen: Screen, value: Any, *, field: str = "name") -> str:
    """The text screened for personal data, errors under the field's name."""
    try:
        return screen.clean(field, value)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


def _prepare_area_geometry(
    municipality: Municipality, geometry: Any, *, exclude_pk: int | None = None
) -> dict[str, Any]:
    try:
        geom = parse_polygon_geojson(geometry)
        if municipality.outline:
            check_within(geom, shape(municipality.outline))
        active = Area.objects.filter(municipality=municipality, active=True)
        if exclude_pk is not None:
            active = active.exclude(pk=exclude_pk)
        others = [(a.name, shape(a.geometry)) for a in active]
        check_no_overlap(geom, others)
    except GeometryError as error:
        raise to_validation_error(error, "geometry") from error
    return geometry_to_geojson(geom)


def _set_bbox(area: Area) -> None:
    min_lon, min_lat, max_lon, max_lat = shape(area.geometry).bounds
    area.min_lat, area.min_lon, area.max_lat, area.max_lon = min_lat, min_lon, max_lat, max_lon


@transaction.atomic
def area_create(
    *,
    actor: Actor,
    municipality: Municipality,
    name: str,
    geometry: Any,
    code: str = "",
    sort_order: int = 0,
) -> Area:
    if not can(actor, "municipality.manage", municipality):
        raise PermissionDenied
    name = _screened_name(AREA_TEXT, name)
    if not name:
        raise ValidationError({"name": [_("Give the area a name.")]})
    if Area.objects.filter(municipality=municipality, name=name).exists():
        raise ValidationError({"name": [_("An area with this name already exists.")]})
    area = Area(
        municipality=municipality,
        name=name,
        code=clean_text(code, pii=False),
        geometry=_prepare_area_geometry(municipality, geometry),
        sort_order=sort_order,
    )
    _set_bbox(area)
    area.save()
    audit.record(
        actor=actor,
        action="area.create",
        target=area,
        municipality=municipality,
        changes={"name": [None, name]},
    )
    _relocate_places(municipality)
    return area


@transaction.atomic
def area_update(*, actor: Actor, area: Area, **values: Any) -> Area:
    if not can(actor, "municipality.manage", area.municipality):
        raise PermissionDenied
    before = audit.snapshot(area, ["name", "code", "active", "sort_order"])
    if "name" in values:
        name = _screened_name(AREA_TEXT, values.pop("name"))
        if not name:
            raise ValidationError({"name": [_("Give the area a name.")]})
        if (
            Area.objects.filter(municipality=area.municipality, name=name)
            .exclude(pk=area.pk)
            .exists()
        ):
            raise ValidationError({"name": [_("An area with this name already exists.")]})
        area.name = name
    geometry_changed = False
    if "geometry" in values:
        area.geometry = _prepare_area_geometry(
            area.municipality, values.pop("geometry"), exclude_pk=area.pk
        )
        geometry_changed = True
    if values.get("active") is True and not area.active:
        # re-activating must not create an overlap
        _prepare_area_geometry(area.municipality, area.geometry, exclude_pk=area.pk)
    for key in ("code", "active", "sort_order"):
        if key in values:
            value = values.pop(key)
            setattr(area, key, clean_text(value, pii=False) if key == "code" else value)
    if values:
        raise ValidationError(_("Unknown field %(name)s.") % {"name": ", ".join(values)})
    _set_bbox(area)
    area.save()
    after = audit.snapshot(area, ["name", "code", "active", "sort_order"])
    changes = audit.diff(before, after)
    if geometry_changed:
        changes["geometry"] = ["…", "…"]
    audit.record(
        actor=actor,
        action="area.update",
        target=area,
        municipality=area.municipality,
        changes=changes,
    )
    if geometry_changed or "active" in changes:
        _relocate_places(area.municipality)
    return area


def areas_import_geojson(
    *,
    actor: Actor,
    municipality: Municipality,
    data: Any,
    name_property: str = "name",
    replace_existing: bool = False,
) -> list[Area]:
    """Import areas from a FeatureCollection: all or nothing, with per-feature messages.

    The file is decoded and its geometries parsed before the write transaction opens."""
    from trygg.geo.geometry import parse_feature_collection

    if not can(actor, "municipality.manage", municipality):
        raise PermissionDenied
    try:
        features = parse_feature_collection(data)
    except GeometryError as error:
        message = geometry_error_message(error)
        if "index" in (error.params or {}):
            message = _("Feature %(number)s: %(message)s") % {
                "number": error.params["index"] + 1,
                "message": message,
            }
        raise ValidationError(message, code=error.code) from error
    if not features:
        raise ValidationError(_("The file contains no areas."))
    with transaction.atomic():
        return _import_features(
            actor=actor,
            municipality=municipality,
            features=features,
            name_property=name_property,
            replace_existing=replace_existing,
        )


def _import_features(
    *,
    actor: Actor,
    municipality: Municipality,
    features: list[tuple[dict[str, Any], Any]],
    name_property: str,
    replace_existing: bool,
) -> list[Area]:
    created: list[Area] = []
    errors: list[str] = []
    for number, (properties, geom) in enumerate(features, start=1):
        name = str(properties.get(name_property) or "").strip()
        if not name:
            errors.append(
                _("Feature %(number)s has no “%(prop)s” property.")
                % {"number": number, "prop": name_property}
            )
            continue
        try:
            existing = Area.objects.filter(municipality=municipality, name=name).first()
            if existing and replace_existing:
                created.append(
                    area_update(actor=actor, area=existing, geometry=geometry_to_geojson(geom))
                )
            else:
                created.append(
                    area_create(
                        actor=actor,
                        municipality=municipality,
                        name=name,
                        geometry=geometry_to_geojson(geom),
                        code=str(properties.get("code") or ""),
                    )
                )
        except ValidationError as error:
            for message in error.messages:
                errors.append(
                    _("Feature %(number)s (%(name)s): %(message)s")
                    % {"number": number, "name": name, "message": message}
                )
    if errors:
        raise ValidationError(errors)
    return created


# ---------------------------------------------------------------------------------------------
# Places


def _relocate_places(municipality: Municipality) -> None:
    index = area_index_for(municipality)
    for place in Place.objects.filter(municipality=municipality):
        area_id = index.locate(place.lat, place.lon)
        if place.area_id != area_id:
            Place.objects.filter(pk=place.pk).update(area_id=area_id)


@transaction.atomic
def place_create(
    *,
    actor: Actor,
    municipality: Municipality,
    name: str,
    lat: float,
    lon: float,
    description: str = "",
) -> Place:
    if not can(actor, "municipality.manage", municipality):
        raise PermissionDenied
    name = _screened_name(PLACE_TEXT, name)
    if not name:
        raise ValidationError({"name": [_("Give the place a name.")]})
    if Place.objects.filter(municipality=municipality, name=name).exists():
        raise ValidationError({"name": [_("A place with this name already exists.")]})
    check_point_in_municipality(municipality, lat, lon)
    place = Place.objects.create(
        municipality=municipality,
        name=name,
        lat=lat,
        lon=lon,
        description=_screened_name(PLACE_TEXT, description, field="description"),
        area=locate_area(municipality, lat, lon),
    )
    audit.record(
        actor=actor,
        action="place.create",
        target=place,
        municipality=municipality,
        changes={"name": [None, name], "lat": [None, lat], "lon": [None, lon]},
    )
    return place


@transaction.atomic
def place_update(*, actor: Actor, place: Place, **values: Any) -> Place:
    municipality = place.municipality
    if not can(actor, "municipality.manage", municipality):
        raise PermissionDenied
    fields = ["name", "lat", "lon", "description", "active"]
    before = audit.snapshot(place, fields)
    if "name" in values:
        name = _screened_name(PLACE_TEXT, values.pop("name"))
        if not name:
            raise ValidationError({"name": [_("Give the place a name.")]})
        if Place.objects.filter(municipality=municipality, name=name).exclude(pk=place.pk).exists():
            raise ValidationError({"name": [_("A place with this name already exists.")]})
        place.name = name
    if "description" in values:
        place.description = _screened_name(
            PLACE_TEXT, values.pop("description"), field="description"
        )
    if "active" in values:
        place.active = bool(values.pop("active"))
    if "lat" in values or "lon" in values:
        lat = values.pop("lat", place.lat)
        lon = values.pop("lon", place.lon)
        check_point_in_municipality(municipality, lat, lon)
        place.lat, place.lon = lat, lon
        place.area = locate_area(municipality, lat, lon)
    if values:
        raise ValidationError(_("Unknown field %(name)s.") % {"name": ", ".join(values)})
    place.save()
    audit.record(
        actor=actor,
        action="place.update",
        target=place,
        municipality=municipality,
        changes=audit.diff(before, audit.snapshot(place, fields)),
    )
    return place
