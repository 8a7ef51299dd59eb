"""Hot spot page and GeoJSON: numbers equal a recount, Gi* equals the analysis function."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from trygg.analysis.hotspots import hotspots, polygon_to_cells
from trygg.core.weeks import IsoWeek
from trygg.geo.geometry import h3_to_str
from trygg.reports.models import Report
from trygg.reports.services import report_review
from trygg.situation.selectors.hotspots import hotspot_analysis

pytestmark = pytest.mark.django_db

THIS_WEEK = IsoWeek.current()
FIRST = THIS_WEEK.shift(-1)
PERIOD = {"week_from": str(FIRST), "week_to": str(THIS_WEEK)}

# a tight cluster inside Flen (the world's centre is inside the outline)
CLUSTER = (59.058, 16.588)


def _cluster(world: Any, make_report: Any, n: int = 12) -> list[Any]:
    lat, lon = CLUSTER
    offsets = [(0, 0), (0.0008, 0.0005), (-0.0007, 0.0009), (0.0004, -0.0012)]
    reports = []
    for i in range(n):
        dlat, dlon = offsets[i % len(offsets)]
        reports.append(make_report(lat=lat + dlat, lon=lon + dlon))
    return reports


def _analysis(world: Any, resolution: int = 9, **kwargs: Any) -> Any:
    return hotspot_analysis(
        world.flen.municipality,
        user=world.flen.coordinator,
        first_week=FIRST,
        last_week=THIS_WEEK,
        resolution=resolution,
        **kwargs,
    )


@pytest.fixture
def mixed(world: Any, make_report: Any) -> dict[str, Any]:
    """A cluster, a spread report, a rejected one, a merged duplicate, a coordinator-only one,
    one at a place, and one in the other municipality."""
    t = world.flen
    cluster = _cluster(world, make_report)
    far = make_report(lat=59.10, lon=16.50, category=t.categories["klotter"])
    rejected = make_report(lat=59.02, lon=16.70)
    report_review(
        actor=t.coordinator, report=rejected, decision="reject", rejection_reason="Fel kommun."
    )
    duplicate = make_report(lat=59.03, lon=16.66)
    report_review(actor=t.coordinator, report=duplicate, decision="merge", duplicate_of=far)
    secret = make_report(
        actor=t.police,
        lat=59.04,
        lon=16.62,
        visibility="coordinators",
        description="Hemlig uppgift om ett ärende.",
    )
    at_place = make_report(lat=None, lon=None, place=t.place)
    make_report(world.degerfors)
    return {
        "cluster": cluster,
        "far": far,
        "rejected": rejected,
        "duplicate": duplicate,
        "secret": secret,
        "at_place": at_place,
    }


@pytest.mark.parametrize("resolution", [7, 9])
def test_sql_counts_equal_a_recount(world: Any, mixed: Any, resolution: int) -> None:
    analysis = _analysis(world, resolution)
    column = f"h3_r{resolution}"
    expected = Counter(
        h3_to_str(getattr(r, column))
        for r in Report.objects.filter(municipality=world.flen.municipality)
        if r.status not in ("rejected", "merged") and getattr(r, column) is not None
    )
    got = {c.cell: c.count for c in analysis.cells if c.count}
    assert got == dict(expected)
    counted = len(mixed["cluster"]) + 3  # far, secret (coordinator-only), at_place
    assert analysis.total == counted
    assert analysis.located == counted
    # rejected and merged reports are not counted
    for key in ("rejected", "duplicate"):
        cell = h3_to_str(getattr(mixed[key], column))
        assert got.get(cell, 0) == expected.get(cell, 0)
    assert h3_to_str(mixed["rejected"].h3_r9) not in {
        c.cell for c in _analysis(world).cells if c.count
    }


def test_z_scores_equal_the_analysis_function(world: Any, mixed: Any) -> None:
    analysis = _analysis(world)
    outline = polygon_to_cells(world.flen.municipality.outline, 9)
    counts = Counter(c.cell for c in analysis.cells for _ in range(int(c.count)))
    study = sorted(set(outline) | set(counts))
    reference = hotspots(study, [counts.get(c, 0) for c in study])
    assert [c.cell for c in analysis.cells] == study
    assert len(study) > 1000  # the whole municipality, zeros included
    for mine, ref in zip(analysis.cells, reference, strict=True):
        assert mine.z == pytest.approx(ref.z, abs=1e-12)
        assert mine.q == pytest.approx(ref.q, abs=1e-12)
        assert mine.klass == ref.klass


def test_a_planted_cluster_comes_out_hot(world: Any, make_report: Any) -> None:
    reports = _cluster(world, make_report, n=16)
    make_report(lat=59.12, lon=16.45)
    analysis = _analysis(world)
    hot = {c.cell for c in analysis.hot}
    assert h3_to_str(reports[0].h3_r9) in hot
    assert all(c.klass != "cold" for c in analysis.cells)
    assert analysis.cell_concentration.top5_share == 1.0
    assert analysis.profile is not None and analysis.profile.sum() == pytest.approx(17)


def test_time_profile_equals_the_reference_walk(world: Any, make_report: Any) -> None:
    """SQL counts exact times per UTC hour and hands out windows as epoch seconds (on SQLite
    and PostgreSQL alike); the profile equals aoristic_profile over the reports' datetimes."""
    import datetime as dt

    from django.utils import timezone

    from trygg.analysis.aoristic import aoristic_profile
    from trygg.situation.selectors.hotspots import counted_reports, time_profile

    now = timezone.now().replace(microsecond=0)  # the profile works to the second
    made = [
        make_report(occurred_start=now - dt.timedelta(hours=3, minutes=10)),
        make_report(occurred_start=now - dt.timedelta(hours=3, minutes=40)),
        make_report(occurred_start=now - dt.timedelta(hours=30, seconds=7)),
        make_report(
            occurred_start=now - dt.timedelta(hours=50, minutes=25),
            occurred_end=now - dt.timedelta(hours=41, minutes=5, seconds=3),
        ),
        make_report(
            occurred_start=now - dt.timedelta(hours=6),
            occurred_end=now - dt.timedelta(hours=6),  # an "exact" window
        ),
        make_report(
            occurred_start=now - dt.timedelta(hours=9, minutes=59),
            occurred_end=now - dt.timedelta(hours=9, minutes=1),
        ),
    ]
    rejected = make_report(
        occurred_start=now - dt.timedelta(hours=12),
        occurred_end=now - dt.timedelta(hours=2),
    )
    report_review(
        actor=world.flen.coordinator, report=rejected, decision="reject", rejection_reason="Fel."
    )
    first = IsoWeek.of(min(r.occurred_start for r in made))
    reports = counted_reports(world.flen.municipality, first_week=first, last_week=THIS_WEEK)
    got = time_profile(reports)
    expected = aoristic_profile([(r.occurred_start, r.occurred_end) for r in made])
    assert got.sum() == pytest.approx(len(made))
    assert got == pytest.approx(expected, abs=1e-9)


def test_category_filter(world: Any, mixed: Any) -> None:
    analysis = _analysis(world, categories=[world.flen.categories["klotter"]])
    assert analysis.total == 1
    assert [c.cell for c in analysis.cells if c.count] == [h3_to_str(mixed["far"].h3_r9)]


def test_partner_sees_aggregates_but_no_report_details(client: Any, world: Any, mixed: Any) -> None:
    client.force_login(world.flen.partner)
    url = f"/m/{world.flen.municipality.code}/situation/hotspots.geojson"
    response = client.get(url, {**PERIOD, "all": "1"})
    assert response.status_code == 200
    data = response.json()
    cells = {f["properties"]["cell"]: f["properties"] for f in data["features"]}
    # the coordinator-only report is counted
    assert cells[h3_to_str(mixed["secret"].h3_r9)]["count"] == 1
    assert set(next(iter(cells.values()))) == {"cell", "count", "z", "p", "q", "class"}
    body = response.content.decode()
    for report in Report.objects.all():
        assert str(report.public_id) not in body
    assert "Hemlig" not in body
    assert "Krossad" not in body
    # without ?all=1 only hot / cold cells
    only = client.get(url, PERIOD).json()
    assert all(f["properties"]["class"] in ("hot", "cold") for f in only["features"])
    assert only["features"], "the planted cluster is hot"
    ring = only["features"][0]["geometry"]["coordinates"][0]
    assert len(ring) == 7 and ring[0] == ring[-1]


def test_geojson_rejects_a_bad_period(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    url = f"/m/{world.flen.municipality.code}/situation/hotspots.geojson"
    response = client.get(url, {"week_from": "2025-W10", "week_to": "2025-W02"})
    assert response.status_code == 400
    assert "week_to" in response.json()["errors"]


def test_page_renders(client: Any, world: Any, mixed: Any) -> None:
    client.force_login(world.flen.partner)
    url = f"/m/{world.flen.municipality.code}/situation/hotspots/"
    response = client.get(url, {**PERIOD, "resolution": "9"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>" in body and body.count("<h1") == 1
    assert h3_to_str(mixed["cluster"][0].h3_r9) in body  # the hot cell in the text table
    assert "hour-profile" in body and body.count('<th scope="row">') >= 7
    assert "300 m" in body  # the bandwidth is stated
    assert "Gini" in body
    assert "Hemlig" not in body and str(mixed["secret"].public_id) not in body
    assert "style=" not in body and "<script>" not in body
    assert "situation/hotspots.geojson?" in body


def test_page_default_and_invalid_choices(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    url = f"/m/{world.flen.municipality.code}/situation/hotspots/"
    assert client.get(url).status_code == 200
    response = client.get(url, {"week_from": "2025-W99", "resolution": "11"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "error-summary" in body


def test_permissions(client: Any, world: Any) -> None:
    code = world.flen.municipality.code
    for path in (f"/m/{code}/situation/hotspots/", f"/m/{code}/situation/hotspots.geojson"):
        client.logout()
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        client.force_login(world.degerfors.coordinator)
        assert client.get(path).status_code == 404
        client.force_login(world.flen.reporter)
        assert client.get(path).status_code == 403
        client.force_login(world.flen.partner)
        assert client.get(path).status_code == 200
