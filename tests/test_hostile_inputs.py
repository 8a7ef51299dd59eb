"""Hostile inputs over every page and API list of the permission matrix: never a 500.

Weeks at the edge of the calendar (``9999-W52``, ``0001-W01``: a week's neighbours or its
baseline years do not exist), numbers too large for a database integer, ids that do not fit
a key, and JSON nested deeper than the parser's recursion limit. Each answers 400 (the API,
with a message in the user's language), 404 for an id, or the page with a form error.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.test_permission_matrix import ROUTES, matrix_world

FIXTURES = (matrix_world,)  # the permission matrix's world, with a report and snapshot

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
WEEK_INPUTS = [
    "week=9999-W52",
    "week=0001-W01",
    "week=9999-W01",
    "week=0001-W52",
    "week_from=0001-W01&week_to=9999-W52",
    "week_from=9999-W52",
    "week_to=0001-W01",
]
NUMBER_INPUTS = [
    f"year={HUGE}",
    "year=0",
    "year=-1",
    f"page={HUGE}",
    f"offset={HUGE}",
    f"limit={HUGE}",
    f"n={HUGE}",
    f"area={HUGE}",
    f"category={HUGE}",
    f"organisation={HUGE}",
    f"resolution={HUGE}",
    f"weeks={HUGE}",
    f"quarter={HUGE}",
]
NESTED = "[" * 100_000 + "]" * 100_000
NESTED_OBJECT = '{"a":' * 50_000 + "1" + "}" * 50_000

GET_ROUTES = [r for r in ROUTES if r.method == "get" and not r.name.endswith("_pdf")]
PDF_ROUTES = [r for r in ROUTES if r.method == "get" and r.name.endswith("_pdf")]


def _role_for(route: Any) -> str:
    return "coordinator" if "coordinator" in route.allowed else sorted(route.allowed)[0]


def _get(client: Any, world: Any, route: Any, query: str) -> Any:
    tenant = world.flen
    client.force_login(getattr(tenant, _role_for(route)))
    path = route.path(world, tenant)
    joiner = "&" if "?" in path else "?"
    return client.get(f"{path}{joiner}{query}", HTTP_ACCEPT_LANGUAGE="sv")


@pytest.mark.parametrize("route", GET_ROUTES, ids=lambda r: r.name)
def test_edge_weeks_and_huge_numbers_never_answer_500(client, matrix_world, route):
    for query in WEEK_INPUTS + NUMBER_INPUTS:
        response = _get(client, matrix_world, route, query)
        assert response.status_code in (200, 302, 400, 404), (route.name, query)
        if route.api and response.status_code == 400 and query in WEEK_INPUTS:
            body = response.json()
            assert body, (route.name, query)
            text = json.dumps(body, ensure_ascii=False)
            assert "vecka" in text.lower() or "år" in text, (route.name, query, text)


@pytest.mark.parametrize("route", PDF_ROUTES, ids=lambda r: r.name)
def test_pdfs_with_edge_weeks_never_answer_500(client, matrix_world, route):
    for query in ["week=9999-W52", "week=0001-W01", f"year={HUGE}", "year=0"]:
        response = _get(client, matrix_world, route, query)
        assert response.status_code in (200, 302, 400, 404), (route.name, query)


@pytest.mark.parametrize(
    "path",
    [
        f"/m/0482/reports/{HUGE}/",
        f"/m/0482/review/{HUGE}/",
        f"/m/0482/settings/areas/{HUGE}/",
        f"/m/0482/settings/users/{HUGE}/",
        f"/m/0482/situation/snapshots/{HUGE}/",
        f"/api/v1/reports/{HUGE}/?municipality=0482",
        "/api/v1/reports/00000000-0000-0000-0000-000000000000/?municipality=0482",
        f"/api/v1/reports/?municipality={HUGE}",
        f"/k/{HUGE}/",
        f"/m/{HUGE}/",
    ],
)
def test_an_oversized_id_is_404_or_400(client, matrix_world, path):
    client.force_login(matrix_world.flen.coordinator)
    assert client.get(path).status_code in (400, 404), path


API_POSTS = [
    "/api/v1/reports/?municipality=0482",
    "/api/v1/weekly-returns/?municipality=0482",
]


@pytest.mark.parametrize("body", [NESTED, NESTED_OBJECT], ids=["array", "object"])
@pytest.mark.parametrize("path", API_POSTS)
def test_deeply_nested_json_to_the_api_is_400_with_a_message(client, matrix_world, path, body):
    client.force_login(matrix_world.flen.coordinator)
    response = client.post(path, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 400
    assert "JSON" in json.dumps(response.json(), ensure_ascii=False)


def test_deeply_nested_json_to_a_report_update_is_400(client, matrix_world):
    report = matrix_world.flen.matrix_report
    client.force_login(matrix_world.flen.reporter)
    response = client.patch(
        f"/api/v1/reports/{report.public_id}/?municipality=0482",
        NESTED,
        content_type="application/json",
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "body",
    [
        NESTED,
        NESTED_OBJECT,
        '{"type": "FeatureCollection", '
        '"features": [{"type": "Feature", "properties": {"name": "X"},'
        ' "geometry": {"type": "Polygon", "coordinates": ' + "[" * 5000 + "]" * 5000 + "}}]}",
    ],
    ids=["array", "object", "coordinates"],
)
def test_deeply_nested_geojson_import_shows_a_form_error(client, matrix_world, body):
    client.force_login(matrix_world.flen.coordinator)
    upload = SimpleUploadedFile("areas.geojson", body.encode(), content_type="application/json")
    response = client.post(
        "/m/0482/settings/areas/import/",
        {"file": upload, "name_property": "name"},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode() or "fel" in response.content.decode()
