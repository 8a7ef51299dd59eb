"""Property-based fuzzing of the REST API (/api/v1/) with schemathesis.

The OpenAPI schema is loaded from the app itself (in-process WSGI, no server), and for every
operation schemathesis generates requests from it and sends them, authenticated with a DRF token
of Flen's coordinator, to the same WSGI app inside pytest-django's test database. Every answer
must be:

* no server error (5xx): bad input is the client's problem and answers 4xx;
* of a content type the schema documents for that status;
* conforming to the schema's response body (for the documented statuses).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from config.wsgi import application
from conftest import CENTRES
from trygg.core.weeks import IsoWeek

FLEN = "0482"
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]

# A deeper, random run: TRYGG_API_FUZZ_EXAMPLES=500 pytest tests/test_api_schema.py
DEEP = os.environ.get("TRYGG_API_FUZZ_EXAMPLES")
LOG = os.environ.get("TRYGG_API_FUZZ_LOG")  # debugging aid: a file, one line per request
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)


@pytest.fixture
def _keep_test_connection() -> Iterator[None]:
    """Calling the WSGI app directly fires request_started/request_finished, whose
    close_old_connections would close the test transaction's connection (PostgreSQL); Django's
    test Client disconnects it in the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.fixture
def api_world(world: Any, make_report: Any, _keep_test_connection: None) -> dict[str, Any]:
    """Flen's coordinator with a token, and a report of their own (so PUT/PATCH can succeed)."""
    from rest_framework.authtoken.models import Token

    coordinator = world.flen.coordinator
    token, _ = Token.objects.get_or_create(user=coordinator)
    own = make_report(world.flen, actor=coordinator)
    promise, follow_up = _promise_with_round(world.flen)
    return {
        "promise": str(promise.public_id),
        "round": str(follow_up.public_id),
        "item_keys": [str(i.key) for i in promise.versions.get().items.all()],
        "headers": {"Authorization": f"Token {token.key}", "Accept-Language": "sv"},
        "report_ids": [str(own.public_id), str(make_report(world.flen).public_id)],
        "areas": [str(world.flen.centrum.public_id), str(world.flen.norr.public_id)],
        "place": str(world.flen.place.public_id),
        "category": str(world.flen.categories["klotter"].public_id),
        "now": timezone.now(),
        "organisations": [
            str(world.flen.org_municipal.public_id),
            str(world.degerfors.org_municipal.public_id),
        ],
    }


def _promise_with_round(tenant: Any) -> Any:
    """A published promise of Flen with an open follow-up round (so that a party's report can
    succeed)."""
    from trygg.promises import services
    from trygg.promises.tests.helpers import published_promise

    promise = published_promise(tenant)
    follow_up = services.round_open(
        actor=tenant.coordinator,
        promise=promise,
        title="Uppföljning",
        as_of=min(dt.date(2026, 12, 31), timezone.localdate()),
    )
    return promise, follow_up


def _steer(case: Any, data: st.DataObject, known: dict[str, Any]) -> None:
    """Point part of the generated requests at real objects, so the happy paths are fuzzed too.

    Pure schema-driven data almost never names an existing report, area or category, nor a
    point inside Flen, so the deeper code (services, serializers of real objects) would go
    untested; half of the examples get such values mixed into otherwise generated input.
    """
    # mostly Flen; sometimes whatever was generated (malformed, foreign or left out)
    if _takes(case, "municipality") and data.draw(st.integers(0, 3), label="flen") > 0:
        case.query = {**(case.query or {}), "municipality": FLEN}
    path = case.path_parameters or {}
    if "public_id" in path and data.draw(st.booleans(), label="known report"):
        choice = data.draw(st.sampled_from(known["report_ids"]), label="report id")
        if case.path.startswith("/api/v1/promises/"):
            choice = known["promise"]
        case.path_parameters = {**case.path_parameters, "public_id": choice}
    if "round_public_id" in path and data.draw(st.booleans(), label="known round"):
        case.path_parameters = {**case.path_parameters, "round_public_id": known["round"]}
    if isinstance(case.query, dict) and data.draw(st.booleans(), label="known filters"):
        query = dict(case.query)
        for name, values in (
            ("area", known["areas"]),
            ("category", ["skadegorelse", "klotter", known["category"]]),
            ("organisation", known["organisations"]),
        ):
            if name in query:
                query[name] = data.draw(st.sampled_from(values), label=name)
        case.query = query
    if isinstance(case.body, dict) and data.draw(st.booleans(), label="known references"):
        body = dict(case.body)
        if "occurred_start" in body:
            start = known["now"] - dt.timedelta(
                minutes=data.draw(st.integers(0, 60 * 24 * 400), label="minutes ago")
            )
            body["occurred_start"] = start.isoformat()
            if body.get("occurred_end") is not None:
                end = start + dt.timedelta(
                    minutes=data.draw(st.integers(-60, 60 * 24 * 15), label="window")
                )
                body["occurred_end"] = end.isoformat()
        if "category" in body:
            body["category"] = data.draw(
                st.sampled_from(["skadegorelse", "klotter", known["category"]]),
                label="category",
            )
        where = data.draw(st.sampled_from(["point", "place", "area", "as generated"]))
        if "occurred_start" not in body and "category" not in body:
            where = "as generated"  # not a report
        if where == "point":
            body["lat"], body["lon"] = CENTRES[FLEN]
        elif where == "place":
            body.update(place=known["place"], lat=None, lon=None)
        elif where == "area":
            body.update(area=data.draw(st.sampled_from(known["areas"])), lat=None, lon=None)
        if "organisation" in body:
            body["organisation"] = data.draw(
                st.sampled_from([*known["organisations"], None]), label="organisation"
            )
        if "item" in body and "rating" in body:  # a party's report on a promise item
            body["item"] = data.draw(st.sampled_from(known["item_keys"]), label="item")
        if "week" in body:
            weeks_ago = data.draw(st.integers(-2, 60), label="weeks ago")
            body["week"] = str(IsoWeek.of(known["now"]).shift(-weeks_ago))
        case.body = body


def _takes(case: Any, name: str) -> bool:
    return any(p.name == name for p in case.operation.query)


@schema.parametrize()
@schema.given(data=st.data())
@settings(
    max_examples=int(DEEP or 25),
    deadline=None,
    derandomize=DEEP is None,  # the same examples in every run of the suite
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
def test_api_conforms_to_its_schema(case: Any, data: st.DataObject, api_world: Any) -> None:
    _steer(case, data, api_world)
    response = case.call_and_validate(headers=api_world["headers"], checks=CHECKS)
    if LOG:
        with open(LOG, "a", encoding="utf-8") as log:
            log.write(f"{case.method} {case.path} {response.status_code} {response.text[:300]!r}\n")


# ---------------------------------------------------------------------------------------------
# Inputs the fuzzer rarely produces but that once were server errors (mostly on PostgreSQL)

NUL = "a\x00b"


def _edge_cases() -> list[Any]:
    report_fields = [
        "category",
        "occurred_start",
        "occurred_end",
        "description",
        "police_reference",
        "visibility",
        "certainty",
        "place",
        "area",
        "organisation",
    ]
    cases: list[Any] = [
        pytest.param("post", "reports", {field: NUL}, id=f"post-report-nul-{field}")
        for field in report_fields
    ]
    cases += [
        pytest.param("patch", "own", {field: NUL}, id=f"patch-report-nul-{field}")
        for field in report_fields
        if field != "organisation"
    ]
    cases += [
        pytest.param("post", "weekly", {"week": "2025-W07", field: NUL}, id=f"nil-nul-{field}")
        for field in ("week", "comment", "organisation")
    ]
    cases += [
        pytest.param("get", f"reports&{name}=a%00b", None, id=f"filter-nul-{name}")
        for name in ("week_from", "week_to", "area", "category", "organisation", "status")
    ]
    cases += [
        pytest.param("get", "weekly&week=a%00b", None, id="nil-filter-nul-week"),
        pytest.param("get", "areas&municipality=0482%00", None, id="areas-nul-municipality"),
        # naive times at the edge of the calendar overflow when made aware
        pytest.param("post", "reports", {"occurred_start": "0001-01-01"}, id="start-year-1"),
        pytest.param("post", "reports", {"occurred_end": "0001-01-01T00:00"}, id="end-year-1"),
        pytest.param("patch", "own", {"occurred_start": "0001-01-01"}, id="patch-year-1"),
        pytest.param(
            "post", "reports", {"occurred_start": "9999-12-31T23:59:59-14:00"}, id="start-9999"
        ),
        pytest.param("post", "weekly", {"week": "0000-W01"}, id="nil-week-0"),
        pytest.param("post", "reports", [1, 2], id="post-report-list"),
        pytest.param("post", "weekly", "text", id="nil-string"),
    ]
    return cases


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "target", "body"), _edge_cases())
def test_edge_input_answers_400(api_world: Any, method: str, target: str, body: Any) -> None:
    from rest_framework.test import APIClient

    client = APIClient(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=api_world["headers"]["Authorization"])
    name, _, extra = target.partition("&")
    path = {
        "reports": "/api/v1/reports/",
        "own": f"/api/v1/reports/{api_world['report_ids'][0]}/",
        "weekly": "/api/v1/weekly-returns/",
        "areas": "/api/v1/areas/",
    }[name]
    url = f"{path}?{extra}" if "municipality=" in extra else f"{path}?municipality={FLEN}&{extra}"
    if isinstance(body, dict) and name == "reports":
        lat, lon = CENTRES[FLEN]
        start = (api_world["now"] - dt.timedelta(hours=2)).isoformat()
        body = {"category": "klotter", "occurred_start": start, "lat": lat, "lon": lon, **body}
    response = getattr(client, method)(url, body, format="json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"].endswith("json")  # areas answer application/geo+json
    assert response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/reports/", "/api/v1/weekly-returns/"])
def test_huge_page_size_is_capped(api_world: Any, path: str) -> None:
    """?limit=10**23 once reached PostgreSQL as LIMIT (bigint out of range -> 500)."""
    from rest_framework.test import APIClient

    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=api_world["headers"]["Authorization"])
    week = str(IsoWeek.of(api_world["now"]).shift(-3))
    nil = client.post(f"/api/v1/weekly-returns/?municipality={FLEN}", {"week": week}, "json")
    assert nil.status_code == 201, nil.content  # so that both lists have something to page
    response = client.get(path, {"municipality": FLEN, "limit": 10**23, "offset": 10**23})
    assert response.status_code == 200, response.content
    response = client.get(path, {"municipality": FLEN, "limit": 10**23})
    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) <= 1000
