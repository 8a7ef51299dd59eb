"""/api/v1/situation/hotspots/: shape, aggregates only, the rev-2 rules (default resolution,
minimum evidence, names), validation, permissions."""

from __future__ import annotations

from typing import Any

import pytest

from trygg.core.weeks import IsoWeek
from trygg.geo.geometry import h3_to_str
from trygg.reports.models import Report
from trygg.situation.selectors.hotspots import cell_label, hotspot_analysis

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
    reports = [make_report(lat=59.058 + 0.0003 * (i % 3), lon=16.588) for i in range(32)]
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
    default = client.get(URL, _params(world)).json()
    assert default["resolution"] == 8  # the whole municipality
    # the test world's two areas are small (ten cells at resolution 8): look closer
    response = client.get(URL, _params(world, resolution="9"))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["period"] == {"from": str(THIS_WEEK.shift(-1)), "to": str(THIS_WEEK), "weeks": 2}
    assert data["resolution"] == 9
    assert data["total"] == 33
    assert data["gi_star"] is True and data["message"] is None
    assert (data["min_events"], data["min_neighbourhood_events"]) == (30, 3)
    cells = {c["h3"]: c for c in data["cells"]}
    assert sum(c["count"] for c in data["cells"]) == 33
    hot = cells[h3_to_str(cluster[0].h3_r9)]
    assert hot["class"] == "hot" and hot["neighbourhood"] >= 30
    assert (hot["area"], hot["place"]) == ("Centrum", "Resecentrum")
    assert hot["name"].startswith("Centrum, nära Resecentrum (ca ")
    assert isinstance(hot["place_distance_m"], int)
    # coordinator-only, counted
    assert cells[h3_to_str(cluster[-1].h3_r9)]["count"] == 1
    assert all(c["count"] > 0 or c["class"] != "none" for c in data["cells"])
    # the old fields keep their names; new ones are added
    assert set(data["cells"][0]) == {
        "h3",
        "count",
        "z",
        "p",
        "q",
        "class",
        "neighbourhood",
        "name",
        "area",
        "place",
        "place_distance_m",
    }
    assert data["study_cells"] == data["study_area"]["cells"]
    assert data["study_area"]["areas"] == 2
    assert data["study_area"]["description"].startswith("Studieområde: cellerna vars mittpunkt")
    assert data["concentration"]["cells"]["top5_share"] == 1.0
    assert 0 <= data["concentration"]["cells"]["gini"] <= 1
    body = response.content.decode()
    assert "Hemlig" not in body
    assert all(str(r.public_id) not in body for r in Report.objects.all())


def test_api_equals_the_page(client: Any, world: Any, cluster: Any) -> None:
    """The API's cells are the page's analysis: the same z, class and name per cell."""
    client.force_login(world.flen.coordinator)
    data = client.get(URL, _params(world, resolution="9")).json()
    analysis = hotspot_analysis(
        world.flen.municipality,
        user=world.flen.coordinator,
        first_week=THIS_WEEK.shift(-1),
        last_week=THIS_WEEK,
        resolution=9,
    )
    shown = [c for c in analysis.cells if c.count > 0 or c.klass != "none"]
    assert [c["h3"] for c in data["cells"]] == [c.cell for c in shown]
    for mine, api in zip(shown, data["cells"], strict=True):
        assert api["z"] == mine.z and api["q"] == mine.q and api["class"] == mine.klass
        assert api["name"] == cell_label(analysis.name_of(mine.cell))
    page = client.get(
        f"/m/{world.flen.municipality.code}/situation/hotspots/",
        {"week_from": str(THIS_WEEK.shift(-1)), "week_to": str(THIS_WEEK), "resolution": "9"},
    )
    assert [r["cell"].cell for r in page.context["hot"]] == [
        c["h3"]
        for c in sorted(data["cells"], key=lambda c: (-c["z"], -c["count"], c["h3"]))
        if c["class"] == "hot"
    ]
    assert page.context["hot"][0]["name"] == next(
        c["name"] for c in data["cells"] if c["h3"] == page.context["hot"][0]["cell"].cell
    )


def test_too_few_events(client: Any, world: Any, make_report: Any) -> None:
    for _ in range(3):
        make_report(lat=59.058, lon=16.588)
    client.force_login(world.flen.coordinator)
    data = client.get(URL, _params(world)).json()
    assert data["gi_star"] is False
    assert data["located"] == 3
    assert data["message"].startswith("För få händelser för en hot spot-analys: 3 händelser")
    [cell] = data["cells"]
    assert cell["count"] == 3 and cell["class"] == "none"
    assert cell["z"] is None and cell["p"] is None and cell["q"] is None
    assert cell["name"].startswith("Centrum, nära Resecentrum")


def test_one_area(client: Any, world: Any, cluster: Any) -> None:
    client.force_login(world.flen.coordinator)
    centrum = world.flen.centrum
    data = client.get(URL, _params(world, area=str(centrum.public_id))).json()
    assert data["resolution"] == 9  # default for one area
    assert data["area"] == {"id": str(centrum.public_id), "name": "Centrum"}
    assert data["total"] == 32  # the coordinator-only report lies outside Centrum
    assert data["study_area"]["areas"] == 1
    for bad in ("nope", str(world.degerfors.centrum.public_id)):
        response = client.get(URL, _params(world, area=bad))
        assert response.status_code == 400 and response.json()["area"][0]


def test_category_and_resolution(client: Any, world: Any, cluster: Any) -> None:
    client.force_login(world.flen.coordinator)
    data = client.get(URL, _params(world, category="klotter", resolution="7")).json()
    assert data["resolution"] == 7
    assert data["categories"] == ["klotter"]
    assert [c["h3"] for c in data["cells"] if c["count"]] == [h3_to_str(cluster[-1].h3_r7)]
    for res in (8, 9):
        assert client.get(URL, _params(world, resolution=str(res))).json()["resolution"] == res


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
