"""The weekly picture: its numbers equal an independent SQL count and trygg.analysis."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from django.db import connection
from django.urls import reverse
from scipy import stats
from statsmodels.stats.multitest import multipletests

from trygg.core.weeks import STOCKHOLM, IsoWeek
from trygg.reports.models import Report
from trygg.reports.services import report_review, weekly_return_submit
from trygg.situation.charts import sparkline
from trygg.situation.selectors import weekly as selectors
from trygg.situation.services.weekly import report_pin

pytestmark = pytest.mark.django_db

WEEK = IsoWeek.current().previous()
NORR_OFFSET = 0.03


def at(week: IsoWeek, day: int = 2, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(week.monday + dt.timedelta(days=day), dt.time(hour), STOCKHOLM)


def norr(tenant: Any) -> dict[str, float]:
    from conftest import CENTRES

    lat, lon = CENTRES[tenant.municipality.code]
    return {"lat": lat + NORR_OFFSET, "lon": lon}


@pytest.fixture
def history(world: Any, make_report: Any) -> Any:
    """Four quiet weeks, then a busy week with a rejected report, a merged duplicate and a
    coordinator-only report."""
    flen = world.flen
    klotter = flen.categories["klotter"]
    for back in range(1, 5):
        make_report(occurred_start=at(WEEK.shift(-back)))
        make_report(occurred_start=at(WEEK.shift(-back)), category=klotter, **norr(flen))
        # the other organisations had nothing to report: the quiet weeks are fully covered
        for org, member in ((flen.org_municipal, flen.coordinator), (flen.org_police, flen.police)):
            weekly_return_submit(
                actor=member,
                municipality=flen.municipality,
                organisation=org,
                week=WEEK.shift(-back),
            )
    for i in range(8):
        make_report(occurred_start=at(WEEK, day=i % 7))
    make_report(occurred_start=at(WEEK), category=klotter, **norr(flen))
    rejected = make_report(occurred_start=at(WEEK))
    report_review(
        actor=flen.coordinator, report=rejected, decision="reject", rejection_reason="Fel kommun."
    )
    primary = make_report(occurred_start=at(WEEK), category=klotter)
    duplicate = make_report(occurred_start=at(WEEK), category=klotter)
    report_review(actor=flen.coordinator, report=duplicate, decision="merge", duplicate_of=primary)
    secret = make_report(
        actor=flen.police,
        occurred_start=at(WEEK),
        category=klotter,
        visibility="coordinators",
        description="Hemlig uppgift om platsen.",
    )
    # the other municipality's reports never count here
    make_report(world.degerfors, occurred_start=at(WEEK))
    flen.secret, flen.primary, flen.duplicate, flen.rejected = secret, primary, duplicate, rejected
    return world


def sql_counts(municipality: Any, week: IsoWeek) -> dict[tuple[int, int], int]:
    table = Report._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT area_id, category_id, COUNT(*) FROM {table} "
            "WHERE municipality_id = %s AND week_start = %s AND area_id IS NOT NULL "
            "AND status NOT IN ('rejected', 'merged') GROUP BY area_id, category_id",
            [municipality.pk, week.monday],
        )
        return {(a, c): n for a, c, n in cursor.fetchall()}


def picture_counts(picture: Any) -> dict[tuple[int, int], int]:
    return {
        (area.area.pk, row.category.pk): row.cell.observed
        for area in picture.areas
        for row in area.rows
        if row.cell.observed
    }


def test_numbers_equal_an_independent_sql_count(history: Any) -> None:
    flen = history.flen
    expected = sql_counts(flen.municipality, WEEK)
    # fused duplicates count once, rejected excluded, coordinator-only included
    assert expected[(flen.centrum.pk, flen.categories["skadegorelse"].pk)] == 8
    assert expected[(flen.centrum.pk, flen.categories["klotter"].pk)] == 2
    for user in (flen.coordinator, flen.partner):
        picture = selectors.weekly_picture(flen.municipality, WEEK, user=user)
        assert picture_counts(picture) == expected
        totals = {a.area.pk: a.total.observed for a in picture.areas}
        assert totals[flen.centrum.pk] == 10
        assert totals[flen.norr.pk] == 1


def test_page_and_api_show_the_same_numbers(client: Any, history: Any) -> None:
    flen = history.flen
    client.force_login(flen.partner)
    response = client.get(
        reverse("situation:weekly", args=[flen.municipality.code]), {"week": str(WEEK)}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "↑" in body  # the busy cell is flagged, in text
    api = client.get(
        "/api/v1/situation/weekly/",
        {"municipality": flen.municipality.code, "week": str(WEEK)},
    ).json()
    by_cell = {(c["area"]["name"], c["category"]["code"]): c["observed"] for c in api["cells"]}
    assert by_cell[("Centrum", "skadegorelse")] == 8
    assert by_cell[("Centrum", "klotter")] == 2  # includes the coordinator-only report
    assert by_cell[("Norr", "klotter")] == 1


def test_expected_and_flags_equal_the_predictive_reference(history: Any) -> None:
    """ANALYTICS.md rev 2, recomputed from SQL counts with scipy's negative binomial and
    statsmodels' BH: the four covered weeks before are the baseline (E = 4; the weeks before
    the history and last year do not exist), φ = 1 (fewer than 10 prediction errors)."""
    flen = history.flen
    picture = selectors.weekly_picture(flen.municipality, WEEK, user=flen.coordinator)
    areas = [a.area for a in picture.areas]
    categories = picture.categories
    base_weeks = [WEEK.shift(-i) for i in range(4, 0, -1)]
    counts = {w: sql_counts(flen.municipality, w) for w in [*base_weeks, WEEK]}
    cells_key = [(a.pk, c.pk) for a in areas for c in categories]
    observed = np.array([counts[WEEK].get(key, 0) for key in cells_key], dtype=float)
    B = np.array([sum(counts[w].get(key, 0) for w in base_weeks) for key in cells_key], float)
    E = 4
    p = np.where(observed > 0, stats.nbinom.sf(observed - 1, B + 0.5, E / (E + 1)), 1.0)
    _reject, q, _a, _b = multipletests(p, method="fdr_bh")
    cells = [row.cell for area in picture.areas for row in area.rows]
    assert [c.observed for c in cells] == observed.astype(int).tolist()
    assert [c.baseline_weeks for c in cells] == [E] * len(cells)
    assert [c.phi for c in cells] == [1.0] * len(cells)
    assert [c.expected for c in cells] == pytest.approx((B + 0.5) / E)
    assert [c.p for c in cells] == pytest.approx(p, rel=1e-9)
    assert [c.q for c in cells] == pytest.approx(q, rel=1e-9)
    assert [c.flagged for c in cells] == (q < 0.05).tolist()
    lower = stats.nbinom.ppf(0.025, B + 0.5, E / (E + 1))
    upper = stats.nbinom.ppf(0.975, B + 0.5, E / (E + 1))
    assert [(c.lower, c.upper) for c in cells] == list(
        zip(lower.astype(int).tolist(), upper.astype(int).tolist(), strict=True)
    )
    centrum = next(a for a in picture.areas if a.area == flen.centrum)
    busy = next(r for r in centrum.rows if r.category.code == "skadegorelse")
    assert busy.cell.expected == pytest.approx(4.5 / 4)
    assert busy.cell.flagged
    # two events in a category never seen before are not "unusual" (rev 2: the old test gave
    # p = 0 for them); the proposal follows the documented rule
    klotter = next(r for r in centrum.rows if r.category.code == "klotter")
    assert klotter.cell.observed == 2 and not klotter.cell.flagged
    assert klotter.cell.p == pytest.approx(float(stats.nbinom.sf(1, 0.5, 0.8)))
    assert centrum.proposal in ("yellow", "red")
    assert centrum.proposal_basis["flagged_categories"] == ["skadegorelse"]
    # the four-week reading: the window is the last four weeks, its baseline the one covered
    # week before it
    four = busy.cell.four
    assert four is not None and four.t == 4
    assert four.observed == 8 + 3
    assert four.expected == pytest.approx(4 * (1 + 0.5) / 1)


def test_partner_never_sees_coordinator_only_details(client: Any, history: Any) -> None:
    flen = history.flen
    report_pin(actor=flen.coordinator, report=flen.secret, week=WEEK, note="Samordnaren vet.")
    report_pin(actor=flen.coordinator, report=flen.primary, week=WEEK, note="Delad.")
    code = flen.municipality.code
    client.force_login(flen.partner)
    body = client.get(reverse("situation:weekly", args=[code]), {"week": str(WEEK)}).content
    assert "Samordnaren vet." not in body.decode()
    assert "Delad." in body.decode()
    assert str(flen.secret.public_id) not in body.decode()
    data = client.get(
        reverse("reports:map_data", args=[code]), {"week_from": str(WEEK), "week_to": str(WEEK)}
    ).json()
    ids = {f["properties"]["id"] for f in data["features"]}
    assert str(flen.secret.public_id) not in ids
    assert str(flen.primary.public_id) in ids
    client.force_login(flen.coordinator)
    body = client.get(reverse("situation:weekly", args=[code]), {"week": str(WEEK)}).content
    assert "Samordnaren vet." in body.decode()


def test_incomplete_week_warns(client: Any, history: Any) -> None:
    flen = history.flen
    client.force_login(flen.coordinator)
    response = client.get(
        reverse("situation:weekly", args=[flen.municipality.code]), {"week": str(WEEK)}
    )
    picture = response.context["picture"]
    assert picture.incomplete
    assert "Incomplete week" in response.content.decode() or "Ofullständig vecka" in (
        response.content.decode()
    )


def test_default_week_is_the_last_complete_one(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    response = client.get(reverse("situation:weekly", args=[world.flen.municipality.code]))
    assert response.status_code == 200
    assert response.context["week"] == IsoWeek.current().previous()
    assert not response.context["picture"].has_baseline


def test_one_aggregate_query_whatever_the_history(
    history: Any, django_assert_max_num_queries: Any
) -> None:
    flen = history.flen
    # counts, categories, areas, history start (2), coverage (3), completeness (3), statuses,
    # pins: a fixed number, whatever the length of the history
    with django_assert_max_num_queries(13):
        selectors.weekly_picture(flen.municipality, WEEK, user=flen.coordinator)


def test_sparkline_is_titled_and_script_free() -> None:
    points = [selectors.TrendPoint(WEEK.shift(-i), i, 1.0, 0, 3) for i in range(11, -1, -1)]
    svg = str(sparkline(points, ident="s1", title="Centrum <b>"))
    assert svg.startswith("<svg") and '<title id="s1-t">Centrum &lt;b&gt;</title>' in svg
    assert "<desc" in svg and "script" not in svg and "style" not in svg


@pytest.mark.django_db
def test_weekly_map_has_a_hot_spot_layer_for_the_twelve_weeks_to_this_week(client, world):
    from trygg.core.weeks import IsoWeek

    week = IsoWeek.current().previous()
    client.force_login(world.flen.partner)
    body = client.get(f"/m/0482/situation/week/?week={week}").content.decode()
    url = f"/m/0482/situation/hotspots.geojson?week_from={week.shift(-11)}&amp;week_to={week}"
    assert f'data-hotspots-url="{url}"' in body
    data = client.get(url.replace("&amp;", "&")).json()
    assert data["type"] == "FeatureCollection"
