"""/api/v1/situation/weekly/ and /api/v1/situation/completeness/: shapes and access."""

from __future__ import annotations

from typing import Any

import pytest

from trygg.core.weeks import IsoWeek
from trygg.reports.services import weekly_return_submit

pytestmark = pytest.mark.django_db

WEEK = IsoWeek.current().previous()
WEEKLY = "/api/v1/situation/weekly/"
COMPLETENESS = "/api/v1/situation/completeness/"


def test_weekly_shape(client: Any, world: Any, make_report: Any) -> None:
    flen = world.flen
    make_report(occurred_start=WEEK.start())
    client.force_login(flen.partner)
    response = client.get(WEEKLY, {"municipality": flen.municipality.code, "week": str(WEEK)})
    assert response.status_code == 200
    data = response.json()
    assert data["municipality"] == flen.municipality.code
    assert data["week"] == str(WEEK)
    assert set(data["completeness"]) == {
        "expected",
        "reported",
        "nothing_to_report",
        "missing",
        "complete",
    }
    cell = next(c for c in data["cells"] if c["observed"])
    assert set(cell) == {
        "area",
        "category",
        "observed",
        "expected",
        "lower",
        "upper",
        "p",
        "q",
        "flagged",
        "harm",
        "phi",
        "baseline_weeks",
        "four_weeks",
    }
    assert set(cell["four_weeks"]) == {
        "t",
        "observed",
        "expected",
        "lower",
        "upper",
        "p",
        "q",
        "flagged",
    }
    assert cell["four_weeks"]["t"] == 4
    assert set(data["coverage"]) == {"share", "threshold", "covered"}
    assert data["coverage"]["threshold"] == 0.75
    assert "slope" in data["areas"][0]
    assert cell["area"] == {"id": str(flen.centrum.public_id), "name": "Centrum"}
    assert cell["category"]["code"] == "skadegorelse"
    assert cell["expected"] is None  # no earlier week to compare with
    n_categories = len({c["category"]["code"] for c in data["cells"]})
    assert len(data["cells"]) == 2 * n_categories
    assert {a["area"]["name"] for a in data["areas"]} == {"Centrum", "Norr"}


def test_completeness_shape(client: Any, world: Any, make_report: Any) -> None:
    flen = world.flen
    make_report(occurred_start=WEEK.start())
    weekly_return_submit(actor=flen.police, municipality=flen.municipality, week=WEEK)
    client.force_login(flen.coordinator)
    data = client.get(
        COMPLETENESS, {"municipality": flen.municipality.code, "week": str(WEEK)}
    ).json()
    states = {row["organisation"]["name"]: row["state"] for row in data["rows"]}
    assert states[flen.org_housing.name] == "reported"
    assert states[flen.org_police.name] == "nothing"
    assert data["reported"] >= 1 and data["nothing_to_report"] >= 1
    row = next(r for r in data["rows"] if r["state"] == "reported")
    assert row["report_count"] == 1 and set(row) == {"organisation", "state", "report_count"}


@pytest.mark.parametrize("url", [WEEKLY, COMPLETENESS])
def test_access(client: Any, world: Any, url: str) -> None:
    flen, other = world.flen, world.degerfors
    params = {"municipality": flen.municipality.code}
    assert client.get(url, params).status_code == 401
    client.force_login(other.coordinator)
    assert client.get(url, params).status_code == 404
    client.force_login(flen.reporter)
    assert client.get(url, params).status_code == 403
    client.force_login(flen.coordinator)
    assert client.get(url, params).status_code == 200
    assert client.get(url, {**params, "week": "nonsense"}).status_code == 400
    assert client.get(url, {**params, "week": "0001-W01"}).status_code == 400
