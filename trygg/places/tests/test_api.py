"""/api/v1/areas/: the municipality's active areas as a GeoJSON FeatureCollection."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from trygg.places.services import area_update

pytestmark = pytest.mark.django_db

AREAS = "/api/v1/areas/"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def test_areas_feature_collection_shape(world):
    response = api(world.flen.reporter).get(AREAS)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    by_name = {f["properties"]["name"]: f for f in data["features"]}
    assert set(by_name) == {"Centrum", "Norr"}
    centrum = by_name["Centrum"]
    assert centrum["type"] == "Feature"
    assert centrum["id"] == str(world.flen.centrum.public_id)
    assert centrum["properties"]["id"] == str(world.flen.centrum.public_id)
    assert centrum["geometry"]["type"] == "Polygon"
    ring = centrum["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1]
    lon, lat = ring[0]
    assert 16 < lon < 17 and 59 < lat < 60  # GeoJSON order: lon, lat


def test_areas_as_plain_json_on_request(world):
    response = api(world.flen.reporter).get(AREAS, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["type"] == "FeatureCollection"


def test_retired_areas_are_left_out(world):
    area_update(actor=world.admin, area=world.flen.norr, active=False)
    data = json.loads(api(world.flen.coordinator).get(AREAS + "?municipality=0482").content)
    assert [f["properties"]["name"] for f in data["features"]] == ["Centrum"]


def test_areas_of_another_municipality_are_404(world):
    response = api(world.flen.reporter).get(AREAS + "?municipality=1862")
    assert response.status_code == 404
    own = json.loads(api(world.degerfors.reporter).get(AREAS).content)
    assert {f["id"] for f in own["features"]} == {
        str(world.degerfors.centrum.public_id),
        str(world.degerfors.norr.public_id),
    }


def test_areas_anonymous_is_401(world):
    assert APIClient().get(AREAS + "?municipality=0482").status_code == 401
