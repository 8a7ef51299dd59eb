"""The coordinator's administration pages for settings, areas, places and onboarding."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import CENTRES, square
from trygg.core.models import AuditEvent
from trygg.places.models import Area, Municipality, Place

pytestmark = pytest.mark.django_db

FLEN_LAT, FLEN_LON = CENTRES["0482"]
DEGERFORS_LAT, DEGERFORS_LON = CENTRES["1862"]


def urls_for(world: Any) -> list[str]:
    code = world.flen.municipality.code
    return [
        reverse("settings:index", args=[code]),
        reverse("settings:reporting", args=[code]),
        reverse("settings:areas", args=[code]),
        reverse("settings:area_create", args=[code]),
        reverse("settings:area_import", args=[code]),
        reverse("settings:area_edit", args=[code, world.flen.centrum.public_id]),
        reverse("settings:places", args=[code]),
        reverse("settings:place_create", args=[code]),
        reverse("settings:place_edit", args=[code, world.flen.place.public_id]),
    ]


def test_permission_matrix(client: Any, world: Any) -> None:
    for url in urls_for(world):
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        client.force_login(world.degerfors.coordinator)
        assert client.get(url).status_code == 404, url
        for user in (world.flen.partner, world.flen.reporter, world.flen.police):
            client.force_login(user)
            assert client.get(url).status_code == 403, (url, user)
        client.force_login(world.flen.coordinator)
        assert client.get(url).status_code == 200, url


def test_other_municipality_objects_are_404(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    code = world.flen.municipality.code
    assert (
        client.get(
            reverse("settings:area_edit", args=[code, world.degerfors.centrum.public_id])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("settings:place_edit", args=[code, world.degerfors.place.public_id])
        ).status_code
        == 404
    )


def test_reporting_settings_saved_and_audited(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    url = reverse("settings:reporting", args=["0482"])
    response = client.post(
        url,
        {
            "reporting_cadence": "biweekly",
            "deadline_weekday": "2",
            "deadline_time": "09:30",
            "coverage_threshold": "80",
            "reminder_hours": "48",
        },
    )
    assert response.status_code == 302
    municipality = Municipality.objects.get(code="0482")
    assert municipality.reporting_cadence == "biweekly"
    assert municipality.deadline_weekday == 2
    assert municipality.deadline_time.strftime("%H:%M") == "09:30"
    event = AuditEvent.objects.filter(action="municipality.settings").latest("id")
    assert event.municipality == municipality
    assert event.changes["reporting_cadence"] == ["weekly", "biweekly"]
    assert municipality.coverage_threshold == 80
    assert event.changes["coverage_threshold"] == [75, 80]
    assert municipality.reminder_hours == 48
    assert event.changes["reminder_hours"] == [24, 48]


def test_reporting_settings_invalid(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    response = client.post(
        reverse("settings:reporting", args=["0482"]),
        {
            "reporting_cadence": "daily",
            "deadline_weekday": "9",
            "deadline_time": "25:00",
            "coverage_threshold": "0",
            "reminder_hours": "169",
        },
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {
        "reporting_cadence",
        "deadline_weekday",
        "deadline_time",
        "coverage_threshold",
        "reminder_hours",
    }
    assert "Kontrollera att detta värde är mindre än eller lika med 168." in (
        response.content.decode()
    )
    municipality = Municipality.objects.get(code="0482")
    assert municipality.reporting_cadence == "weekly" and municipality.reminder_hours == 24
    for bad in ("-1", "abc", "2.5"):
        data = {
            "reporting_cadence": "weekly",
            "deadline_weekday": "1",
            "deadline_time": "12:00",
            "coverage_threshold": "75",
            "reminder_hours": bad,
        }
        response = client.post(reverse("settings:reporting", args=["0482"]), data)
        assert response.status_code == 200 and "reminder_hours" in response.context["form"].errors
    assert Municipality.objects.get(code="0482").reminder_hours == 24


def test_area_list_has_map_data(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    response = client.get(reverse("settings:areas", args=["0482"]))
    content = response.content.decode()
    assert 'id="map-areas"' in content and "Centrum" in content and "Norr" in content
    assert 'data-mode="areas"' in content
    assert "<script>" not in content  # no inline script (strict CSP)


def post_area(client: Any, geometry: Any, **values: Any) -> Any:
    data = {
        "name": "Söder",
        "code": "S",
        "sort_order": "3",
        "geometry": geometry if isinstance(geometry, str) else json.dumps(geometry),
    }
    data.update(values)
    return client.post(reverse("settings:area_create", args=["0482"]), data)


def test_area_create(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    response = post_area(client, square(FLEN_LON + 0.03, FLEN_LAT))
    assert response.status_code == 302
    area = Area.objects.get(municipality=world.flen.municipality, name="Söder")
    assert area.code == "S" and area.sort_order == 3
    assert AuditEvent.objects.filter(
        action="area.create", target_id=str(area.public_id), actor=world.flen.coordinator
    ).exists()


@pytest.mark.parametrize(
    ("geometry", "values", "field", "message"),
    [
        (square(FLEN_LON + 0.005, FLEN_LAT), {}, "geometry", "overlaps the existing area"),
        (square(DEGERFORS_LON, DEGERFORS_LAT), {}, "geometry", "outside the municipality"),
        ("{not json", {}, "geometry", "not valid GeoJSON"),
        ("", {}, "geometry", "Draw the area"),
        (square(FLEN_LON + 0.03, FLEN_LAT), {"name": "Sö\x00der"}, "name", "Null characters"),
        (square(FLEN_LON + 0.03, FLEN_LAT), {"name": "Centrum"}, "name", "already exists"),
    ],
)
def test_area_create_refused(
    client: Any, world: Any, geometry: Any, values: dict[str, str], field: str, message: str
) -> None:
    client.force_login(world.flen.coordinator)
    client.cookies["django_language"] = "en"
    before_areas = Area.objects.count()
    before_audit = AuditEvent.objects.count()
    response = post_area(client, geometry, **values)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert any(message in e for e in errors[field]), errors
    assert message in response.content.decode()
    assert Area.objects.count() == before_areas
    assert AuditEvent.objects.count() == before_audit


def test_area_create_error_in_swedish_by_default(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    response = post_area(client, square(FLEN_LON + 0.005, FLEN_LAT))
    assert response.status_code == 200
    assert "Centrum" in " ".join(response.context["form"].errors["geometry"])


def test_area_edit(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    area = world.flen.norr
    url = reverse("settings:area_edit", args=["0482", area.public_id])
    response = client.get(url)
    assert json.loads(response.context["form"]["geometry"].value()) == area.geometry
    response = client.post(
        url,
        {
            "name": "Norra stan",
            "code": "N",
            "sort_order": "2",
            "geometry": json.dumps(area.geometry),
        },
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert (area.name, area.code, area.sort_order, area.active) == ("Norra stan", "N", 2, False)
    event = AuditEvent.objects.filter(action="area.update").latest("id")
    assert event.changes["name"] == ["Norr", "Norra stan"]
    assert "geometry" not in event.changes


def test_area_edit_redraw_overlapping_refused(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    area = world.flen.norr
    old = area.geometry
    response = client.post(
        reverse("settings:area_edit", args=["0482", area.public_id]),
        {
            "name": "Norr",
            "sort_order": "0",
            "active": "on",
            "geometry": json.dumps(square(FLEN_LON, FLEN_LAT + 0.01)),
        },
    )
    assert response.status_code == 200
    assert "geometry" in response.context["form"].errors
    area.refresh_from_db()
    assert area.geometry == old


def geojson_file(data: Any, name: str = "areas.geojson") -> SimpleUploadedFile:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return SimpleUploadedFile(name, raw, content_type="application/geo+json")


def feature(name: str | None, geometry: dict[str, Any], prop: str = "name") -> dict[str, Any]:
    return {"type": "Feature", "properties": {prop: name} if name else {}, "geometry": geometry}


def test_area_import(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    data = {
        "type": "FeatureCollection",
        "features": [
            feature("Öster", square(FLEN_LON + 0.03, FLEN_LAT), "namn"),
            feature("Väster", square(FLEN_LON - 0.03, FLEN_LAT), "namn"),
        ],
    }
    response = client.post(
        reverse("settings:area_import", args=["0482"]),
        {"file": geojson_file(data), "name_property": "namn"},
    )
    assert response.status_code == 302
    names = set(
        Area.objects.filter(municipality=world.flen.municipality).values_list("name", flat=True)
    )
    assert {"Öster", "Väster"} <= names
    assert AuditEvent.objects.filter(action="area.create", target_repr="Öster").exists()


def test_area_import_replace_existing(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    new_shape = square(FLEN_LON, FLEN_LAT + 0.03, 0.005)
    data = {"type": "FeatureCollection", "features": [feature("Norr", new_shape)]}
    response = client.post(
        reverse("settings:area_import", args=["0482"]),
        {"file": geojson_file(data), "name_property": "name", "replace_existing": "on"},
    )
    assert response.status_code == 302
    world.flen.norr.refresh_from_db()
    assert world.flen.norr.min_lat == pytest.approx(FLEN_LAT + 0.025)


def test_area_import_all_or_nothing_with_every_message(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    client.cookies["django_language"] = "en"
    data = {
        "type": "FeatureCollection",
        "features": [
            feature("Öster", square(FLEN_LON + 0.03, FLEN_LAT)),  # fine
            feature("Krock", square(FLEN_LON + 0.005, FLEN_LAT)),  # overlaps Centrum
            feature(None, square(FLEN_LON - 0.03, FLEN_LAT)),  # no name
            feature("Borta", square(DEGERFORS_LON, DEGERFORS_LAT)),  # outside Flen
        ],
    }
    before = Area.objects.count()
    response = client.post(
        reverse("settings:area_import", args=["0482"]),
        {"file": geojson_file(data), "name_property": "name"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    errors = response.context["form"].errors["file"]
    assert len(errors) == 3, errors
    assert "Feature 2 (Krock)" in content and "Feature 3 has no" in content
    assert "Feature 4 (Borta)" in content
    assert Area.objects.count() == before
    assert not AuditEvent.objects.filter(target_repr="Öster").exists()


@pytest.mark.parametrize("raw", [b"this is not json", b"\xff\xfe\x00bad", b'{"type": "Point"}'])
def test_area_import_invalid_file(client: Any, world: Any, raw: bytes) -> None:
    client.force_login(world.flen.coordinator)
    before = Area.objects.count()
    response = client.post(
        reverse("settings:area_import", args=["0482"]),
        {"file": geojson_file(raw), "name_property": "name"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert Area.objects.count() == before


def test_place_create_and_edit(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    response = client.post(
        reverse("settings:place_create", args=["0482"]),
        {
            "name": "Torget",
            "description": "Stora torget",
            "lat": str(FLEN_LAT + 0.001),
            "lon": str(FLEN_LON),
        },
    )
    assert response.status_code == 302
    place = Place.objects.get(municipality=world.flen.municipality, name="Torget")
    assert place.area == world.flen.centrum
    assert AuditEvent.objects.filter(
        action="place.create", target_id=str(place.public_id), municipality=world.flen.municipality
    ).exists()
    response = client.post(
        reverse("settings:place_edit", args=["0482", place.public_id]),
        {
            "name": "Stortorget",
            "description": "",
            "lat": str(FLEN_LAT + 0.03),
            "lon": str(FLEN_LON),
        },
    )
    assert response.status_code == 302
    place.refresh_from_db()
    assert (place.name, place.active, place.area) == ("Stortorget", False, world.flen.norr)
    event = AuditEvent.objects.filter(action="place.update").latest("id")
    assert event.changes["name"] == ["Torget", "Stortorget"]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"lat": str(DEGERFORS_LAT), "lon": str(DEGERFORS_LON)}, "lat"),  # outside Flen
        ({"lat": "95", "lon": "16.5"}, "lat"),
        ({"lat": "abc"}, "lat"),
        ({"name": "Resecentrum"}, "name"),  # duplicate
        ({"name": "Tor\x00get"}, "name"),
        ({"description": "Ring 070-123 45 67"}, "description"),  # personal data
    ],
)
def test_place_create_refused(client: Any, world: Any, values: dict[str, str], field: str) -> None:
    client.force_login(world.flen.coordinator)
    data = {"name": "Torget", "description": "", "lat": str(FLEN_LAT), "lon": str(FLEN_LON)}
    data.update(values)
    before = Place.objects.count()
    response = client.post(reverse("settings:place_create", args=["0482"]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    assert Place.objects.count() == before
