"""The structural part of the demo world, written through the services.

Municipality, areas, places, organisations and users are few, so they go through the same
services a coordinator uses (validation, overlap checks and audit included). Each step is
get-or-create by name, so running the builder on a partly built demo tops it up.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

import shapely
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from shapely.geometry import MultiPoint, Point, Polygon, box, shape
from shapely.geometry.base import BaseGeometry

from trygg.accounts.models import Membership, Organisation, User
from trygg.accounts.services import membership_add, organisation_create, user_create
from trygg.core import audit
from trygg.geo.geometry import EARTH_RADIUS_M, geometry_to_geojson
from trygg.places.models import Area, Municipality, Place
from trygg.places.services import area_create, place_create
from trygg.setup.demo.data import DEMO_PASSWORD, MunicipalitySpec, OrgSpec
from trygg.setup.services import municipality_onboard

M_PER_DEG = math.pi / 180 * EARTH_RADIUS_M


@dataclass
class Structure:
    municipality: Municipality
    coordinator: User
    areas: dict[str, Area]
    places: dict[str, Place]
    organisations: dict[str, Organisation]
    #: org key -> the users who report for it (first one is the usual reporter)
    reporters: dict[str, list[User]]
    users: dict[str, User]


def demo_email(username: str) -> str:
    """A demo user's address in the reserved example.org domain (RFC 2606): reminders,
    minutes and digests in the demo have someone to go to, and reach nobody real."""
    return f"{username}@example.org"


class _Local:
    """A local metric projection (metres east/north of a reference point)."""

    def __init__(self, lat0: float, lon0: float) -> None:
        self.lat0, self.lon0 = lat0, lon0
        self.kx = M_PER_DEG * math.cos(math.radians(lat0))

    def point(self, lat: float, lon: float) -> Point:
        return Point((lon - self.lon0) * self.kx, (lat - self.lat0) * M_PER_DEG)

    def to_lonlat(self, geom: BaseGeometry) -> BaseGeometry:
        def transform(coords: Any) -> Any:
            out = coords.copy()
            out[:, 0] = self.lon0 + coords[:, 0] / self.kx
            out[:, 1] = self.lat0 + coords[:, 1] / M_PER_DEG
            return out

        return shapely.transform(geom, transform)


def area_geometries(spec: MunicipalitySpec, outline: BaseGeometry) -> dict[str, BaseGeometry]:
    """Polygons for the spec's areas: a disc around each centre; areas of one cluster (a town
    with adjacent districts) share the union of their discs, split along the perpendicular
    bisectors between their centres (a Voronoi partition), so they touch but never overlap.
    Everything is clipped to the municipality outline.
    """
    lat0 = sum(a.lat for a in spec.areas) / len(spec.areas)
    lon0 = sum(a.lon for a in spec.areas) / len(spec.areas)
    local = _Local(lat0, lon0)
    result: dict[str, BaseGeometry] = {}
    clusters: dict[str, list[Any]] = {}
    for area in spec.areas:
        if area.cluster:
            clusters.setdefault(area.cluster, []).append(area)
        else:
            disc = local.point(area.lat, area.lon).buffer(area.radius_m, quad_segs=8)
            result[area.name] = disc
    for members in clusters.values():
        points = [local.point(a.lat, a.lon) for a in members]
        region = shapely.union_all(
            [p.buffer(a.radius_m, quad_segs=8) for p, a in zip(points, members, strict=True)]
        )
        cells = shapely.voronoi_polygons(
            MultiPoint(points), extend_to=box(*region.buffer(5000).bounds)
        )
        for point, area in zip(points, members, strict=True):
            cell = next(c for c in cells.geoms if c.contains(point))
            result[area.name] = cell.intersection(region)
    out: dict[str, BaseGeometry] = {}
    for area in spec.areas:
        geom = local.to_lonlat(result[area.name]).intersection(outline)
        # round once here so that shared borders stay identical in both neighbours
        geom = shape(geometry_to_geojson(geom))
        if not isinstance(geom, Polygon) or not geom.is_valid or geom.is_empty:
            raise CommandError(f"Demo area {area.name} has no valid polygon.")
        out[area.name] = geom
    return out


@functools.cache
def _demo_password_hash() -> str:
    # every demo account gets the same password: hash it once (PBKDF2 is slow on purpose)
    return make_password(DEMO_PASSWORD)


def _first_actor(municipality: Municipality, spec: MunicipalitySpec) -> tuple[User, Organisation]:
    """The coordinator organisation and user, created directly.

    The services need an actor who may manage the municipality; the first coordinator cannot
    be created through them, so (as in a real onboarding by staff) it is created here and the
    creation is audited with the actor "system". Everything else uses this coordinator.
    """
    org_spec = next(o for o in spec.organisations if o.key == spec.coordinator_org)
    user_spec = next(u for u in spec.users if u.org == org_spec.key and u.role == "coordinator")
    organisation = Organisation.objects.filter(
        municipality=municipality, name=org_spec.name
    ).first()
    if organisation is None:
        organisation = Organisation.objects.create(
            municipality=municipality,
            name=org_spec.name,
            type=org_spec.type,
            reporting_frequency=org_spec.frequency,
            contact_name=org_spec.contact_name,
            contact_email=org_spec.contact_email,
        )
        audit.record(
            actor="system",
            action="organisation.create",
            target=organisation,
            municipality=municipality,
            organisation=organisation,
            changes={"name": [None, organisation.name], "demo": True},
        )
    user = User.objects.filter(username=user_spec.username).first()
    if user is None:
        user = User.objects.create(
            username=user_spec.username,
            first_name=user_spec.first_name,
            last_name=user_spec.last_name,
            email=demo_email(user_spec.username),
            password=_demo_password_hash(),
        )
        audit.record(
            actor="system",
            action="user.create",
            target=user,
            municipality=municipality,
            organisation=organisation,
            changes={"username": user.username, "role": "coordinator", "demo": True},
        )
    if not Membership.objects.filter(
        user=user, organisation=organisation, role="coordinator"
    ).exists():
        membership = Membership.objects.create(
            user=user, organisation=organisation, municipality=municipality, role="coordinator"
        )
        audit.record(
            actor="system",
            action="membership.create",
            target=membership,
            municipality=municipality,
            organisation=organisation,
            changes={"role": "coordinator", "demo": True},
            target_repr=str(membership),
        )
    return user, organisation


def _organisation(actor: User, municipality: Municipality, org_spec: OrgSpec) -> Organisation:
    existing = Organisation.objects.filter(municipality=municipality, name=org_spec.name).first()
    if existing is not None:
        return existing
    return organisation_create(
        actor=actor,
        municipality=municipality,
        name=org_spec.name,
        type=org_spec.type,
        reporting_frequency=org_spec.frequency,
        contact_name=org_spec.contact_name,
        contact_email=org_spec.contact_email,
    )


def build_structure(spec: MunicipalitySpec) -> Structure:
    """Create (or complete) the municipality with its areas, places, organisations, users."""
    municipality = Municipality.objects.filter(code=spec.code).first()
    if municipality is None:
        municipality = municipality_onboard(actor="system", code=spec.code, is_demo=True)
    coordinator, coordinator_org = _first_actor(municipality, spec)

    outline = shape(municipality.outline)
    geometries = area_geometries(spec, outline)
    areas: dict[str, Area] = {}
    for order, area_spec in enumerate(spec.areas):
        area = Area.objects.filter(municipality=municipality, name=area_spec.name).first()
        if area is None:
            area = area_create(
                actor=coordinator,
                municipality=municipality,
                name=area_spec.name,
                geometry=geometry_to_geojson(geometries[area_spec.name]),
                code=area_spec.code,
                sort_order=(order + 1) * 10,
            )
        areas[area_spec.name] = area

    places: dict[str, Place] = {}
    for place_spec in spec.places:
        place = Place.objects.filter(municipality=municipality, name=place_spec.name).first()
        if place is None:
            place = place_create(
                actor=coordinator,
                municipality=municipality,
                name=place_spec.name,
                lat=place_spec.lat,
                lon=place_spec.lon,
                description=place_spec.description,
            )
        places[place_spec.name] = place

    organisations = {spec.coordinator_org: coordinator_org}
    for org_spec in spec.organisations:
        if org_spec.key not in organisations:
            organisations[org_spec.key] = _organisation(coordinator, municipality, org_spec)

    users: dict[str, User] = {}
    reporters: dict[str, list[User]] = {}
    for user_spec in spec.users:
        organisation = organisations[user_spec.org]
        user = User.objects.filter(username=user_spec.username).first()
        if user is None:
            user = user_create(
                actor=coordinator,
                organisation=organisation,
                username=user_spec.username,
                role=user_spec.role,
                first_name=user_spec.first_name,
                last_name=user_spec.last_name,
                email=demo_email(user_spec.username),
            )
        elif not Membership.objects.filter(
            user=user, organisation=organisation, role=user_spec.role
        ).exists():
            membership_add(
                actor=coordinator, user=user, organisation=organisation, role=user_spec.role
            )
        if not user.password or not user.has_usable_password():
            user.password = _demo_password_hash()
            User.objects.filter(pk=user.pk).update(password=user.password)
        users[user_spec.username] = user
        if user_spec.role in ("reporter", "partner", "coordinator", "analyst"):
            reporters.setdefault(user_spec.org, []).append(user)
    return Structure(
        municipality=municipality,
        coordinator=coordinator,
        areas=areas,
        places=places,
        organisations=organisations,
        reporters=reporters,
        users=users,
    )
