"""Hot spot page and GeoJSON (ANALYTICS.md rev 2): numbers equal a recount, Gi* equals the
analysis function, resolution 8 by default, the study area from the active areas plus event
cells, the minimum-evidence rule, and cells named by area and nearest place."""

from __future__ import annotations

from collections import Counter
from typing import Any

import h3
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trygg.analysis.hotspots import hotspots, polygon_to_cells
from trygg.core.weeks import IsoWeek
from trygg.geo.geometry import h3_to_str
from trygg.places.services import area_create, area_update
from trygg.reports.models import Report
from trygg.reports.services import report_review
from trygg.situation.selectors.hotspots import (
    counted_reports,
    hotspot_analysis,
    period_counts,
)

pytestmark = pytest.mark.django_db

THIS_WEEK = IsoWeek.current()
FIRST = THIS_WEEK.shift(-1)
PERIOD = {"week_from": str(FIRST), "week_to": str(THIS_WEEK)}

# a tight cluster in the world's area "Centrum" (a square of ±0.01° around this point), next
# to the place "Resecentrum" (+0.002, +0.002)
CLUSTER = (59.058, 16.588)
# a large empty area well inside Flen's outline, away from Centrum and Norr
SKOGEN = {
    "type": "Polygon",
    "coordinates": [
        [[16.65, 58.95], [16.85, 58.95], [16.85, 59.02], [16.65, 59.02], [16.65, 58.95]]
    ],
}
# a point in Flen's forest: inside the outline, outside every area of the world
FOREST = (59.15, 16.75)


def _cluster(make_report: Any, n: int = 30, **values: Any) -> list[Any]:
    lat, lon = CLUSTER
    offsets = [(0, 0), (0.0008, 0.0005), (-0.0007, 0.0009), (0.0004, -0.0012)]
    return [
        make_report(lat=lat + offsets[i % 4][0], lon=lon + offsets[i % 4][1], **values)
        for i in range(n)
    ]


def _analysis(world: Any, resolution: int | None = 9, **kwargs: Any) -> Any:
    return hotspot_analysis(
        world.flen.municipality,
        user=world.flen.coordinator,
        first_week=FIRST,
        last_week=THIS_WEEK,
        resolution=resolution,
        **kwargs,
    )


def _cell(report: Any, resolution: int) -> str:
    return str(h3.cell_to_parent(h3_to_str(report.h3_r9), resolution))


@pytest.fixture
def mixed(world: Any, make_report: Any) -> dict[str, Any]:
    """A cluster of 30, a report outside the areas, a rejected one, a merged duplicate, a
    coordinator-only one, one at a place, and one in the other municipality."""
    t = world.flen
    cluster = _cluster(make_report)
    far = make_report(lat=59.10, lon=16.50, category=t.categories["klotter"])
    rejected = make_report(lat=59.02, lon=16.70)
    report_review(
        actor=t.coordinator, report=rejected, decision="reject", rejection_reason="Fel kommun."
    )
    duplicate = make_report(lat=59.03, lon=16.66)
    report_review(actor=t.coordinator, report=duplicate, decision="merge", duplicate_of=far)
    secret = make_report(
        actor=t.police,
        lat=59.083,
        lon=16.59,
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


# --- resolution --------------------------------------------------------------------------------


def test_default_resolution_is_8_for_the_municipality_and_9_for_one_area(
    client: Any, world: Any, mixed: Any
) -> None:
    assert _analysis(world, resolution=None).resolution == 8
    assert _analysis(world, resolution=None, area=world.flen.centrum).resolution == 9
    client.force_login(world.flen.coordinator)
    url = f"/m/{world.flen.municipality.code}/situation/hotspots/"
    response = client.get(url)
    assert response.context["analysis"].resolution == 8
    assert "H3-upplösning 8" in response.content.decode()
    response = client.get(url, {"area": str(world.flen.centrum.public_id)})
    assert response.context["analysis"].resolution == 9
    assert response.context["analysis"].area == world.flen.centrum
    # 7, 8 and 9 can all be chosen
    for res in ("7", "8", "9"):
        response = client.get(url, {**PERIOD, "resolution": res})
        assert response.context["analysis"].resolution == int(res)
        assert f'value="{res}"' in response.content.decode()
    geojson = client.get(f"/m/{world.flen.municipality.code}/situation/hotspots.geojson").json()
    assert geojson["resolution"] == 8


@pytest.mark.parametrize("resolution", [7, 8, 9])
def test_sql_counts_equal_a_recount(world: Any, mixed: Any, resolution: int) -> None:
    analysis = _analysis(world, resolution)
    expected = Counter(
        _cell(r, resolution)
        for r in Report.objects.filter(municipality=world.flen.municipality)
        if r.status not in ("rejected", "merged") and r.h3_r9 is not None
    )
    if resolution == 7:  # the stored h3_r7 column is the same cell
        located = Report.objects.filter(h3_r7__isnull=False)
        assert all(h3_to_str(int(r.h3_r7 or 0)) == _cell(r, 7) for r in located)
    got = {c.cell: c.count for c in analysis.cells if c.count}
    assert got == dict(expected)
    counted = len(mixed["cluster"]) + 3  # far, secret (coordinator-only), at_place
    assert analysis.total == counted
    assert analysis.located == counted
    # rejected and merged reports are not counted
    for key in ("rejected", "duplicate"):
        cell = _cell(mixed[key], resolution)
        assert got.get(cell, 0) == expected.get(cell, 0)


def test_counts_use_count_star(world: Any, mixed: Any) -> None:
    """COUNT(*) lets PostgreSQL answer from the covering index; COUNT("id") did not."""
    with CaptureQueriesContext(connection) as ctx:
        _analysis(world, resolution=8, with_profile=True)
    grouped = [q["sql"] for q in ctx.captured_queries if "GROUP BY" in q["sql"]]
    assert len(grouped) >= 2  # cells and the hour profile
    for sql in grouped:
        assert "COUNT(*)" in sql, sql
        assert 'COUNT("reports_report"."id")' not in sql, sql
    reports = counted_reports(world.flen.municipality, first_week=FIRST, last_week=THIS_WEEK)
    assert period_counts(reports, 8).total == len(mixed["cluster"]) + 3


# --- study area ----------------------------------------------------------------------------


def test_study_area_is_the_active_areas_plus_event_cells(
    client: Any, world: Any, make_report: Any
) -> None:
    t = world.flen
    _cluster(make_report)
    outline = set(polygon_to_cells(t.municipality.outline, 8))
    forest = h3.latlng_to_cell(*FOREST, 8)
    assert forest in outline
    analysis = _analysis(world, resolution=8)
    study = {c.cell for c in analysis.cells}
    inside = set(polygon_to_cells(t.centrum.geometry, 8)) | set(
        polygon_to_cells(t.norr.geometry, 8)
    )
    events = {c.cell for c in analysis.cells if c.count}
    assert study == inside | events
    assert forest not in study  # forest without events is not part of the study area
    assert len(study) < len(outline) / 20
    assert (analysis.area_cells, analysis.areas_used) == (len(inside), 2)
    # an event in the forest adds exactly its own cell
    make_report(lat=FOREST[0], lon=FOREST[1])
    again = _analysis(world, resolution=8)
    assert {c.cell for c in again.cells} == study | {forest}
    assert again.event_cells == len(events - inside) + 1
    # a deactivated area no longer contributes its empty cells
    area_update(actor=world.admin, area=t.norr, active=False)
    centrum_only = set(polygon_to_cells(t.centrum.geometry, 8))
    without = _analysis(world, resolution=8)
    assert {c.cell for c in without.cells} == centrum_only | {
        c.cell for c in without.cells if c.count
    }
    assert without.areas_used == 1
    # the page says it in words
    client.force_login(t.coordinator)
    body = client.get(f"/m/{t.municipality.code}/situation/hotspots/", PERIOD).content.decode()
    assert "Studieområde: cellerna vars mittpunkt ligger inom kommunens aktiva områden" in body
    assert "Skog och åkrar utanför områdena utan händelser ingår inte." in body


def test_one_area_counts_only_its_events(world: Any, make_report: Any) -> None:
    t = world.flen
    cluster = _cluster(make_report)
    make_report(lat=59.088, lon=16.588)  # in Norr
    analysis = _analysis(world, resolution=None, area=t.centrum)
    assert analysis.resolution == 9
    assert analysis.total == len(cluster) == analysis.located
    study = {c.cell for c in analysis.cells}
    assert set(polygon_to_cells(t.centrum.geometry, 9)) <= study
    assert not study & set(polygon_to_cells(t.norr.geometry, 9))


# --- minimum evidence ----------------------------------------------------------------------


def test_three_events_are_too_few_not_hot_cells(client: Any, world: Any, make_report: Any) -> None:
    t = world.flen
    reports = _cluster(make_report, n=3)
    analysis = _analysis(world, resolution=None)
    assert analysis.computed is False
    assert analysis.located == 3
    assert analysis.hot == [] and analysis.cold == []
    assert {c.klass for c in analysis.cells} == {"none"}
    cell = _cell(reports[0], 8)
    assert {c.cell: c.count for c in analysis.cells if c.count} == {cell: 3}
    # rev 1 (whole kommun outline, no rule) made "hot" cells out of these three events
    outline = polygon_to_cells(t.municipality.outline, 9)
    plain = hotspots(outline, [3 if c == h3_to_str(reports[0].h3_r9) else 0 for c in outline])
    assert any(c.klass == "hot" for c in plain)

    client.force_login(t.coordinator)
    code = t.municipality.code
    body = client.get(f"/m/{code}/situation/hotspots/", PERIOD).content.decode()
    assert "För få händelser för en hot spot-analys: 3 händelser med position" in body
    assert "minst 30 behövs" in body
    assert "badge--hot" not in body
    # the map then shows the cells with events (grey, counts only) instead of nothing
    assert "situation/hotspots.geojson?week_from=" in body and "&amp;all=1" in body
    geojson = client.get(f"/m/{code}/situation/hotspots.geojson", PERIOD).json()
    assert geojson["features"] == [] and geojson["computed"] is False
    assert geojson["events"] == 3 and geojson["min_events"] == 30
    every = client.get(f"/m/{code}/situation/hotspots.geojson", {**PERIOD, "all": "1"}).json()
    [feature] = every["features"]
    assert feature["properties"]["count"] == 3
    assert feature["properties"]["z"] is None and feature["properties"]["class"] == "none"


def test_two_events_in_a_neighbourhood_are_never_hot(world: Any, make_report: Any) -> None:
    """A large empty area, 30 single events far apart and two events in one cell: that cell's
    Gi* z is high and significant after FDR, but two events are not a hot spot."""
    skogen = area_create(
        actor=world.admin, municipality=world.flen.municipality, name="Skogen", geometry=SKOGEN
    )
    cells = polygon_to_cells(SKOGEN, 9)
    pair_cell = cells[len(cells) // 2]
    lat, lon = h3.cell_to_latlng(pair_cell)
    make_report(lat=lat, lon=lon)
    make_report(lat=lat, lon=lon)
    taken = set(h3.grid_disk(pair_cell, 2))
    singles = 0
    for cell in cells[::5]:
        if singles == 30:
            break
        if taken & set(h3.grid_disk(cell, 1)):
            continue
        clat, clon = h3.cell_to_latlng(cell)
        make_report(lat=clat, lon=clon)
        taken |= set(h3.grid_disk(cell, 1))
        singles += 1
    assert singles == 30
    analysis = _analysis(world, resolution=9, area=skogen)
    assert analysis.computed and analysis.located == 32
    pair = next(c for c in analysis.cells if c.cell == pair_cell)
    assert pair.count == 2 and pair.neighbourhood == 2
    assert pair.z > 3 and pair.q < 0.05  # plain Gi* would call it hot
    plain = hotspots(
        [c.cell for c in analysis.cells], [c.count for c in analysis.cells], min_neighbourhood=0
    )
    assert next(c for c in plain if c.cell == pair_cell).klass == "hot"
    assert pair.klass == "none"
    assert analysis.hot == []


# --- Gi* and the page ----------------------------------------------------------------------


def test_z_scores_equal_the_analysis_function(world: Any, mixed: Any) -> None:
    analysis = _analysis(world)
    assert analysis.computed
    t = world.flen
    areas = set(polygon_to_cells(t.centrum.geometry, 9)) | set(polygon_to_cells(t.norr.geometry, 9))
    counts = Counter(c.cell for c in analysis.cells for _ in range(int(c.count)))
    study = sorted(areas | set(counts))
    reference = hotspots(study, [counts.get(c, 0) for c in study])
    assert [c.cell for c in analysis.cells] == study
    for mine, ref in zip(analysis.cells, reference, strict=True):
        assert mine.z == pytest.approx(ref.z, abs=1e-12)
        assert mine.q == pytest.approx(ref.q, abs=1e-12)
        assert mine.klass == ref.klass
        assert mine.neighbourhood == ref.neighbourhood


def test_a_planted_cluster_comes_out_hot_and_named(world: Any, make_report: Any) -> None:
    reports = _cluster(make_report, n=32)
    make_report(lat=59.088, lon=16.58)
    analysis = _analysis(world)
    hot = {c.cell for c in analysis.hot}
    cell = h3_to_str(reports[0].h3_r9)
    assert cell in hot
    assert all(c.klass != "cold" for c in analysis.cells)
    assert analysis.profile is not None and analysis.profile.sum() == pytest.approx(33)
    name = analysis.name_of(cell)
    assert name.area == "Centrum" and name.place == "Resecentrum"
    lat, lon = h3.cell_to_latlng(cell)
    plat, plon = world.flen.place.lat, world.flen.place.lon
    expected = h3.great_circle_distance((lat, lon), (plat, plon), "m")
    assert name.distance_m == pytest.approx(expected, rel=1e-3)


def test_cells_outside_the_areas_are_named_too(world: Any, make_report: Any) -> None:
    t = world.flen
    _cluster(make_report)
    far = make_report(lat=FOREST[0], lon=FOREST[1])
    analysis = _analysis(world)
    name = analysis.name_of(h3_to_str(far.h3_r9))
    assert name.area is None and name.place == "Resecentrum"
    assert name.distance_m is not None and name.distance_m > 5000
    from trygg.situation.selectors.hotspots import cell_label

    assert cell_label(name).startswith("Utanför områdena, nära Resecentrum (ca ")
    assert cell_label(name).endswith(" km)")
    # a cell whose centre lies outside every area takes the area of most of its events
    lat0, lon0 = CLUSTER

    def in_centrum(lat: float, lon: float) -> bool:
        return abs(lat - lat0) < 0.01 and abs(lon - lon0) < 0.01

    edge = next(
        (lat, lon)
        for lat in (lat0 + 0.0099 - k * 0.0002 for k in range(10))
        for lon in (lon0 - 0.009 + k * 0.0005 for k in range(36))
        if not in_centrum(*h3.cell_to_latlng(h3.latlng_to_cell(lat, lon, 9)))
    )
    report = make_report(lat=edge[0], lon=edge[1])
    assert report.area == t.centrum
    named = _analysis(world).name_of(h3_to_str(report.h3_r9))
    assert named.area == "Centrum"


def test_time_profile_equals_the_reference_walk(world: Any, make_report: Any) -> None:
    """SQL counts exact times per UTC hour and hands out windows as epoch seconds (on SQLite
    and PostgreSQL alike); the profile equals aoristic_profile over the reports' datetimes."""
    import datetime as dt

    from django.utils import timezone

    from trygg.analysis.aoristic import aoristic_profile
    from trygg.situation.selectors.hotspots import time_profile

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
    assert analysis.computed is False  # one event


def test_partner_sees_aggregates_but_no_report_details(client: Any, world: Any, mixed: Any) -> None:
    client.force_login(world.flen.partner)
    url = f"/m/{world.flen.municipality.code}/situation/hotspots.geojson"
    response = client.get(url, {**PERIOD, "all": "1", "resolution": "9"})
    assert response.status_code == 200
    data = response.json()
    cells = {f["properties"]["cell"]: f["properties"] for f in data["features"]}
    # the coordinator-only report is counted
    assert cells[h3_to_str(mixed["secret"].h3_r9)]["count"] == 1
    assert set(next(iter(cells.values()))) == {
        "cell",
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
    hot = cells[h3_to_str(mixed["cluster"][0].h3_r9)]
    assert hot["class"] == "hot" and hot["area"] == "Centrum" and hot["place"] == "Resecentrum"
    assert hot["name"].startswith("Centrum, nära Resecentrum (ca ")
    body = response.content.decode()
    for report in Report.objects.all():
        assert str(report.public_id) not in body
    assert "Hemlig" not in body
    assert "Krossad" not in body
    # without ?all=1 only hot / cold cells
    only = client.get(url, {**PERIOD, "resolution": "9"}).json()
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


def test_page_renders_names_and_keeps_the_cell_id(client: Any, world: Any, mixed: Any) -> None:
    client.force_login(world.flen.partner)
    url = f"/m/{world.flen.municipality.code}/situation/hotspots/"
    response = client.get(url, {**PERIOD, "resolution": "9"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>" in body and body.count("<h1") == 1
    cell = h3_to_str(mixed["cluster"][0].h3_r9)
    # the hot cell is named for people in the row header; its H3 id stays in its own column
    assert '<th scope="row" class="hotspot-name">Centrum, nära Resecentrum (ca ' in body
    assert f'<code class="muted" title="H3-cellens id">{cell}</code>' in body
    assert body.index("hotspot-name") < body.index(f">{cell}</code>")
    assert "hour-profile" in body and body.count('<th scope="row">') >= 7
    assert "300 m" in body  # the bandwidth is stated
    assert "Gini" in body
    assert "Hemlig" not in body and str(mixed["secret"].public_id) not in body
    assert "style=" not in body and "<script>" not in body
    assert "situation/hotspots.geojson?" in body


def test_names_with_markup_are_escaped_on_the_page(
    client: Any, world: Any, make_report: Any
) -> None:
    t = world.flen
    area_update(actor=world.admin, area=t.centrum, name='<img src=x onerror="alert(1)">')
    _cluster(make_report, n=32)
    client.force_login(t.coordinator)
    body = client.get(
        f"/m/{t.municipality.code}/situation/hotspots/", {**PERIOD, "resolution": "9"}
    ).content.decode()
    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;, nära Resecentrum" in body


def test_page_default_and_invalid_choices(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    url = f"/m/{world.flen.municipality.code}/situation/hotspots/"
    assert client.get(url).status_code == 200
    response = client.get(url, {"week_from": "2025-W99", "resolution": "11", "area": "nope"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "error-summary" in body
    assert response.context["analysis"].resolution == 8
    assert response.context["analysis"].area is None
    # an area of another municipality is not a choice
    other = client.get(url, {"area": str(world.degerfors.centrum.public_id)})
    assert other.context["analysis"].area is None and "error-summary" in other.content.decode()


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
