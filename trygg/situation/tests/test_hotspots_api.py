"""/api/v1/situation/hotspots/: shape, aggregates only, validation, permissions."""

from __future__ import annotations

from typing import Any

import pytest

from trygg.core.weeks import IsoWeek
from trygg.geo.geometry import h3_to_str
from trygg.reports.models import Report

pytestmark = pytest.mark.django_db

URL = "/api/v1/situation/hotspots/"
THIS_WEEK = IsoWeek.current()


def _params(world: Any, **extra: Any) -> dict[str, Any]:
    return {
        "municipality": world.flen.municipality.code,
        "from": str(THIS_WEEK.shift(-1)),
        "to": str(THIS_WEEK),
        **extra,
    }


@pytest.fixture
def cluster(world: Any, make_report: Any) -> list[Any]:
    reports = [make_report(lat=59.058 + 0.0003 * (i % 3), lon=16.588) for i in range(10)]
    reports.append(
        make_report(
            actor=world.flen.police,
            lat=59.10,
            lon=16.50,
            visibility="coordinators",
            category=world.flen.categories["klotter"],
            description="Hemlig uppgift.",
        )
    )
    return reports


def test_partner_gets_cells_and_concentration(client: Any, world: Any, cluster: Any) -> None:
    client.force_login(world.flen.partner)
    response = client.get(URL, _params(world))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["period"] == {"from": str(THIS_WEEK.shift(-1)), "to": str(THIS_WEEK), "weeks": 2}
    assert data["resolution"] == 9
    assert data["total"] == 11
    cells = {c["h3"]: c for c in data["cells"]}
    assert sum(c["count"] for c in data["cells"]) == 11
    assert cells[h3_to_str(cluster[0].h3_r9)]["class"] == "hot"
    assert cells[h3_to_str(cluster[-1].h3_r9)]["count"] == 1  # coordinator-only, counted
    assert all(c["count"] > 0 or c["class"] != "none" for c in data["cells"])
    assert set(data["cells"][0]) == {"h3", "count", "z", "p", "q", "class"}
    assert data["concentration"]["cells"]["top5_share"] == 1.0
    assert 0 <= data["concentration"]["cells"]["gini"] <= 1
    body = response.content.decode()
    assert "Hemlig" not in body
    assert all(str(r.public_id) not in body for r in Report.objects.all())


def test_category_and_resolution(client: Any, world: Any, cluster: Any) -> None:
    client.force_login(world.flen.coordinator)
    data = client.get(URL, _params(world, category="klotter", resolution="7")).json()
    assert data["resolution"] == 7
    assert data["categories"] == ["klotter"]
    assert [c["h3"] for c in data["cells"] if c["count"]] == [h3_to_str(cluster[-1].h3_r7)]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"from": "2025-W99"}, "from"),
        ({"to": "banana"}, "to"),
        ({"from": "2025-W10", "to": "2025-W02"}, "to"),
        ({"from": "2015-W01", "to": "2025-W01"}, "from"),
        ({"resolution": "11"}, "resolution"),
        ({"resolution": "x"}, "resolution"),
        ({"category": "no-such"}, "category"),
    ],
)
def test_bad_parameters_answer_400(client: Any, world: Any, extra: Any, field: str) -> None:
    client.force_login(world.flen.coordinator)
    response = client.get(URL, _params(world, **extra))
    assert response.status_code == 400
    assert field in response.json()
    assert response.json()[field][0]


def test_permissions(client: Any, world: Any) -> None:
    params = _params(world)
    assert client.get(URL, params).status_code == 401
    client.force_login(world.degerfors.coordinator)
    assert client.get(URL, params).status_code == 404
    client.force_login(world.flen.reporter)
    assert client.get(URL, params).status_code == 403
    client.force_login(world.flen.police)
    assert client.get(URL, params).status_code == 200
