"""Quarterly / tertial analysis: periods, indicators, ranking, ratings, decisions, access."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from trygg.analysis.significance import compare_rates
from trygg.core.models import AuditEvent
from trygg.reports.choices import ReportStatus
from trygg.reports.models import Category, Report
from trygg.reports.services import report_review
from trygg.situation.models import AreaRating, PriorityDecision
from trygg.situation.selectors.quarterly import (
    Period,
    default_period,
    need_indicators,
    parse_period,
)
from trygg.situation.services.quarterly import priority_decide, ratings_set

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PERIOD = default_period()
PREVIOUS = PERIOD.previous()


def at(period: Period, day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(
        period.start + dt.timedelta(days=day), dt.time(hour), tzinfo=STOCKHOLM
    )


def params(period: Period = PERIOD) -> dict[str, Any]:
    return {"kind": period.kind, "year": period.year, "period": period.number}


def url(name: str, tenant: Any, *args: Any) -> str:
    return reverse(f"situation:{name}", args=[tenant.municipality.code, *args])


def row_of(analysis: dict[str, Any], area: Any) -> dict[str, Any]:
    return next(r for r in analysis["rows"] if r["area"] == str(area.public_id))


# ---------------------------------------------------------------------------------------------
# Periods (pure)


@pytest.mark.parametrize(
    ("period", "start", "end", "previous"),
    [
        (Period("tertial", 2026, 2), dt.date(2026, 5, 1), dt.date(2026, 8, 31), (2026, 1)),
        (Period("tertial", 2026, 1), dt.date(2026, 1, 1), dt.date(2026, 4, 30), (2025, 3)),
        (Period("tertial", 2026, 3), dt.date(2026, 9, 1), dt.date(2026, 12, 31), (2026, 2)),
        (Period("quarter", 2026, 1), dt.date(2026, 1, 1), dt.date(2026, 3, 31), (2025, 4)),
        (Period("quarter", 2026, 3), dt.date(2026, 7, 1), dt.date(2026, 9, 30), (2026, 2)),
        (Period("quarter", 2024, 1), dt.date(2024, 1, 1), dt.date(2024, 3, 31), (2023, 4)),
    ],
)
def test_period_dates(period: Period, start: dt.date, end: dt.date, previous: tuple) -> None:
    assert period.start == start
    assert period.end == end
    assert period.days == (end - start).days + 1
    prev = period.previous()
    assert (prev.year, prev.number, prev.kind) == (*previous, period.kind)
    assert prev.next() == period


def test_period_defaults_and_parsing() -> None:
    today = dt.date(2026, 11, 23)
    assert default_period("quarter", today) == Period("quarter", 2026, 3)
    assert default_period("tertial", today) == Period("tertial", 2026, 2)
    assert default_period("quarter", dt.date(2026, 2, 1)) == Period("quarter", 2025, 4)
    assert Period("quarter", 2024, 1).days == 91  # leap year
    assert parse_period({"kind": "tertial", "year": "2025", "period": "3"}, today) == (
        Period("tertial", 2025, 3),
        True,
    )
    assert parse_period({}, today) == (Period("quarter", 2026, 3), True)
    assert parse_period({"kind": "tertial", "year": "2025", "period": "4"}, today) == (
        Period("tertial", 2026, 2),
        False,
    )
    assert parse_period({"kind": "x", "year": "abc", "period": "1"}, today)[1] is False
    with pytest.raises(ValueError):
        Period("quarter", 2026, 5)


# ---------------------------------------------------------------------------------------------
# Indicators


@pytest.fixture
def data(world: Any, make_report: Any) -> Any:
    flen = world.flen
    Category.objects.filter(pk=flen.categories["skadegorelse"].pk).update(
        harm_weight=Decimal("2.5")
    )
    Category.objects.filter(pk=flen.categories["klotter"].pk).update(harm_weight=Decimal("0.5"))
    lat, lon = 59.058, 16.588
    klotter = flen.categories["klotter"]
    # this period: Centrum 3 × skadegörelse at one spot (a repeat place) + 1 klotter
    for day in (2, 10, 20):
        make_report(occurred_start=at(PERIOD, day))
    make_report(occurred_start=at(PERIOD, 30), category=klotter, lat=lat + 0.004, lon=lon)
    # Norr: 1 klotter
    make_report(occurred_start=at(PERIOD, 5), category=klotter, lat=lat + 0.03, lon=lon)
    # the first hour of the period, and the last, count; the minute before does not
    make_report(occurred_start=at(PERIOD, 0, 0), lat=lat + 0.03, lon=lon)
    make_report(occurred_start=at(PREVIOUS, PREVIOUS.days - 1, 23), lat=lat + 0.03, lon=lon)
    # a rejected report does not count
    rejected = make_report(occurred_start=at(PERIOD, 3))
    report_review(
        actor=flen.coordinator, report=rejected, decision="reject", rejection_reason="Dubblett."
    )
    # previous period: Centrum 1
    make_report(occurred_start=at(PREVIOUS, 15))
    # another municipality's reports never count
    make_report(world.degerfors, occurred_start=at(PERIOD, 4))
    return world


def independent(municipality: Any, area: Any, period: Period) -> tuple[int, Decimal]:
    count, harm = 0, Decimal(0)
    for report in Report.objects.filter(municipality=municipality, area=area).select_related(
        "category"
    ):
        if report.status in (ReportStatus.REJECTED, ReportStatus.MERGED):
            continue
        day = timezone.localtime(report.occurred_start, STOCKHOLM).date()
        if period.start <= day <= period.end:
            count += 1
            harm += report.category.harm_weight
    return count, harm


def test_counts_and_harm_equal_an_independent_computation(data: Any) -> None:
    flen = data.flen
    analysis = need_indicators(flen.municipality, PERIOD.kind, PERIOD.year, PERIOD.number)
    total = 0
    for area in (flen.centrum, flen.norr):
        row = row_of(analysis, area)
        count, harm = independent(flen.municipality, area, PERIOD)
        prev_count, _ = independent(flen.municipality, area, PREVIOUS)
        assert row["count"] == count
        assert Decimal(str(row["harm"])) == harm
        assert row["previous_count"] == prev_count
        total += count
        # the history starts in the previous period: no comparison with a year earlier
        assert row["year_ago_count"] is None and row["rate_ratio"] is None
        assert row["p"] is None and row["q"] is None and row["trend"] is None
        assert row["walk_items"] is None and row["survey"] is None
    assert analysis["coverage"]["reason"] == "comparison_before_history"
    assert analysis["coverage"]["covered_days"] == PERIOD.days
    centrum = row_of(analysis, flen.centrum)
    norr = row_of(analysis, flen.norr)
    assert (centrum["count"], centrum["harm"], centrum["previous_count"]) == (4, 8.0, 1)
    assert (norr["count"], norr["harm"], norr["previous_count"]) == (2, 3.0, 1)
    assert analysis["municipality_total"]["count"] == total == 6
    assert centrum["share"] == pytest.approx(4 / 6, abs=1e-4)
    assert centrum["repeat_places"] == 1 and norr["repeat_places"] == 0
    assert analysis["period"]["days"] == PERIOD.days


def test_ranking_uses_need_and_ratings(data: Any, settings: Any) -> None:
    flen = data.flen
    args = (flen.municipality, PERIOD.kind, PERIOD.year, PERIOD.number)
    # no ratings: need alone, Centrum (more harm) first, both marked unrated
    analysis = need_indicators(*args)
    assert [r["area_name"] for r in analysis["rows"]] == ["Centrum", "Norr"]
    assert not any(r["rated"] for r in analysis["rows"])
    assert row_of(analysis, flen.centrum)["need_z"] == pytest.approx(1.0)
    ratings_set(
        actor=flen.coordinator,
        municipality=flen.municipality,
        kind=PERIOD.kind,
        year=PERIOD.year,
        period=PERIOD.number,
        ratings=[
            {"area": flen.centrum, "rating": 1, "reason": "Svårt att påverka."},
            {"area": flen.norr, "rating": 5, "reason": "Bra samarbete med fastighetsägaren."},
        ],
    )
    settings.TRYGG_PRIORITY_ABILITY_WEIGHT = 2.0
    analysis = need_indicators(*args)
    assert [r["area_name"] for r in analysis["rows"]] == ["Norr", "Centrum"]
    norr = row_of(analysis, flen.norr)
    assert norr["score"] == pytest.approx(1.0 * -1.0 + 2.0 * 1.0)
    assert norr["rating_reason"] == "Bra samarbete med fastighetsägaren."
    assert analysis["weights"] == {"need": 1.0, "ability": 2.0}
    settings.TRYGG_PRIORITY_ABILITY_WEIGHT = 0.5
    assert [r["area_name"] for r in need_indicators(*args)["rows"]] == ["Centrum", "Norr"]


# ---------------------------------------------------------------------------------------------
# Pages, ratings, decisions


def rating_post(tenant: Any, **overrides: Any) -> dict[str, Any]:
    post = {k: str(v) for k, v in params().items()}
    for area, rating in ((tenant.centrum, 2), (tenant.norr, 4)):
        prefix = str(area.public_id)
        post[f"{prefix}-rating"] = str(rating)
        post[f"{prefix}-reason"] = f"Bedömning för {area.name}."
    post.update(overrides)
    return post


def test_page_shows_indicators_side_by_side(client: Any, data: Any) -> None:
    flen = data.flen
    client.force_login(flen.partner)
    response = client.get(url("quarterly", flen), params())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Centrum" in body and "Norr" in body
    assert "8,0" in body or "8.0" in body  # harm-weighted Centrum
    assert "not rated" in body or "ej bedömt" in body
    assert "ratings/" not in body  # partners cannot decide
    # default period and an invalid one both show a page
    assert client.get(url("quarterly", flen)).status_code == 200
    assert client.get(url("quarterly", flen), {"kind": "tertial", "year": "x"}).status_code == 200


def test_ratings_form_saves_all_with_audit(client: Any, world: Any) -> None:
    flen = world.flen
    client.force_login(flen.coordinator)
    assert client.get(url("ratings", flen), params()).status_code == 200
    response = client.post(url("ratings", flen), rating_post(flen))
    assert response.status_code == 302
    rating = AreaRating.objects.get(area=flen.norr, year=PERIOD.year, period_number=PERIOD.number)
    assert (rating.rating, rating.reason, rating.rated_by) == (
        4,
        "Bedömning för Norr.",
        flen.coordinator,
    )
    assert AuditEvent.objects.filter(action="situation.area_rating").count() == 2
    page = client.get(url("quarterly", flen), params()).content.decode()
    assert "Bedömning för Norr." in page


@pytest.mark.parametrize(
    ("field", "value"),
    [("reason", ""), ("rating", "7"), ("rating", "0"), ("reason", "Ring 070-123 45 67 direkt")],
)
def test_rating_validation_nothing_saved(client: Any, world: Any, field: str, value: str) -> None:
    flen = world.flen
    client.force_login(flen.coordinator)
    post = rating_post(flen, **{f"{flen.norr.public_id}-{field}": value})
    response = client.post(url("ratings", flen), post)
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert AreaRating.objects.count() == 0


def test_rating_service_refuses_bad_input(world: Any) -> None:
    flen = world.flen
    base = {
        "actor": flen.coordinator,
        "municipality": flen.municipality,
        "kind": PERIOD.kind,
        "year": PERIOD.year,
        "period": PERIOD.number,
    }
    with pytest.raises(ValidationError) as error:
        ratings_set(**base, ratings=[{"area": world.degerfors.centrum, "rating": 3, "reason": "x"}])
    assert str(world.degerfors.centrum.public_id) in error.value.message_dict
    with pytest.raises(ValidationError):
        ratings_set(**base, ratings=[{"area": flen.centrum, "rating": 6, "reason": "x"}])
    with pytest.raises(ValidationError):
        ratings_set(**{**base, "period": 5}, ratings=[])
    with pytest.raises(PermissionDenied):
        ratings_set(**{**base, "actor": flen.partner}, ratings=[])
    assert AreaRating.objects.count() == 0


def decide_post(tenant: Any, areas: list[Any], n: int | None = None, note: str = "Motiv.") -> dict:
    post: dict[str, Any] = {k: str(v) for k, v in params().items()}
    post["focus_count"] = str(n if n is not None else len(areas))
    post["focus_areas"] = [str(a.public_id) for a in areas]
    post["note"] = note
    return post


def inputs_of(body: str) -> str:
    start = body.index('id="focus-heading"')
    return body[start : body.index("</table>", start)]


def test_decision_snapshot_is_immutable(client: Any, data: Any, make_report: Any) -> None:
    flen = data.flen
    client.force_login(flen.coordinator)
    page = client.get(url("decide", flen), params())
    assert page.status_code == 200
    # the default ranking is preselected (both areas, N defaults to 3 but there are only 2)
    assert page.content.decode().count("checked") == 2
    response = client.post(
        url("decide", flen), decide_post(flen, [flen.centrum], note="Flest skador.")
    )
    assert response.status_code == 302
    decision = PriorityDecision.objects.get()
    assert list(decision.focus_areas.all()) == [flen.centrum]
    assert decision.focus_count == 1 and decision.decided_by == flen.coordinator
    snapshot = decision.snapshot
    assert snapshot["note"] == "Flest skador."
    assert snapshot["weights"] == {"need": 1.0, "ability": 1.0}
    assert row_of(snapshot, flen.centrum)["count"] == 4
    assert [a["area_name"] for a in snapshot["focus_areas"]] == ["Centrum"]
    event = AuditEvent.objects.get(action="situation.priority_decision")
    assert event.changes["focus_areas"] == ["Centrum"]
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    before = detail.content.decode()
    # later data changes: more reports, a rating
    for day in (1, 2, 3, 4, 5, 6, 7):
        make_report(occurred_start=at(PERIOD, day))
    ratings_set(
        actor=flen.coordinator,
        municipality=flen.municipality,
        kind=PERIOD.kind,
        year=PERIOD.year,
        period=PERIOD.number,
        ratings=[{"area": flen.norr, "rating": 5, "reason": "Ny bedömning."}],
    )
    live = need_indicators(flen.municipality, PERIOD.kind, PERIOD.year, PERIOD.number)
    assert row_of(live, flen.centrum)["count"] == 11
    decision.refresh_from_db()
    assert decision.snapshot == snapshot
    after = client.get(response["Location"]).content.decode()
    assert inputs_of(after) == inputs_of(before)
    assert "Flest skador." in after
    assert "Ny bedömning." not in after
    # the analysis page links the latest decision
    page = client.get(url("quarterly", flen), params()).content.decode()
    assert str(decision.public_id) in page


@pytest.mark.parametrize(
    ("n", "chosen", "note"),
    [
        (5, 2, "Motiv."),
        (0, 0, "Motiv."),
        (2, 1, "Motiv."),
        (1, 1, ""),
        (1, 1, "Ring 070-123 45 67"),
    ],
)
def test_decision_validation(client: Any, world: Any, n: int, chosen: int, note: str) -> None:
    flen = world.flen
    client.force_login(flen.coordinator)
    areas = [flen.centrum, flen.norr][:chosen]
    response = client.post(url("decide", flen), decide_post(flen, areas, n=n, note=note))
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert PriorityDecision.objects.count() == 0


def test_decision_refuses_other_municipalitys_area(client: Any, world: Any) -> None:
    flen = world.flen
    client.force_login(flen.coordinator)
    response = client.post(url("decide", flen), decide_post(flen, [world.degerfors.centrum]))
    assert response.status_code == 200
    assert PriorityDecision.objects.count() == 0
    with pytest.raises(ValidationError) as error:
        priority_decide(
            actor=flen.coordinator,
            municipality=flen.municipality,
            kind=PERIOD.kind,
            year=PERIOD.year,
            period=PERIOD.number,
            areas=[world.degerfors.centrum],
            note="Motiv.",
        )
    assert "focus_areas" in error.value.message_dict
    assert PriorityDecision.objects.count() == 0


def test_permissions_and_tenancy(client: Any, world: Any) -> None:
    flen, degerfors = world.flen, world.degerfors
    decision = priority_decide(
        actor=flen.coordinator,
        municipality=flen.municipality,
        kind=PERIOD.kind,
        year=PERIOD.year,
        period=PERIOD.number,
        areas=[flen.norr],
        note="Motiv.",
    )
    client.force_login(flen.partner)
    assert client.get(url("quarterly", flen)).status_code == 200
    assert client.get(url("decision", flen, decision.public_id)).status_code == 200
    assert client.get(url("ratings", flen)).status_code == 403
    assert client.get(url("decide", flen)).status_code == 403
    assert client.post(url("decide", flen), decide_post(flen, [flen.norr])).status_code == 403
    client.force_login(flen.reporter)
    assert client.get(url("quarterly", flen)).status_code == 403
    client.force_login(degerfors.coordinator)
    assert client.get(url("quarterly", flen)).status_code == 404
    assert client.get(url("ratings", flen)).status_code == 404
    # another municipality's decision through one's own municipality: 404
    assert client.get(url("decision", degerfors, decision.public_id)).status_code == 404
    with pytest.raises(PermissionDenied):
        priority_decide(
            actor=flen.partner,
            municipality=flen.municipality,
            kind=PERIOD.kind,
            year=PERIOD.year,
            period=PERIOD.number,
            areas=[flen.norr],
            note="Motiv.",
        )


# ---------------------------------------------------------------------------------------------
# Covered days, like with like, BH across the areas (ANALYTICS rev 2, "Two periods")

TODAY = dt.date(2026, 12, 7)  # a Monday: the last complete week is week 49 (30 Nov–6 Dec)


def on(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=STOCKHOLM)


@pytest.fixture
def today(monkeypatch: Any) -> dt.date:
    from trygg.situation.selectors import quarterly

    monkeypatch.setattr(quarterly, "_today", lambda: TODAY)
    return TODAY


def test_the_running_quarter_against_the_same_days_a_year_earlier(
    client: Any, world: Any, make_report: Any, today: dt.date
) -> None:
    flen = world.flen
    make_report(occurred_start=on(dt.date(2025, 1, 2)))  # the history starts in 2025
    for i in range(12):
        make_report(occurred_start=on(dt.date(2025, 10, 1) + dt.timedelta(days=5 * i)))
        make_report(occurred_start=on(dt.date(2026, 10, 1) + dt.timedelta(days=5 * i)))
    make_report(occurred_start=on(dt.date(2025, 12, 20)))  # after 6 Dec 2025: not compared
    make_report(occurred_start=on(dt.date(2026, 12, 7), 8))  # the running week: not counted
    for day in (2, 40, 80):
        make_report(occurred_start=on(dt.date(2026, 7, 1) + dt.timedelta(days=day)))
    analysis = need_indicators(flen.municipality, "quarter", 2026, 4)
    coverage = analysis["coverage"]
    assert coverage["running"] and coverage["through_week"] == 49
    assert (coverage["covered_start"], coverage["covered_end"]) == ("2026-10-01", "2026-12-06")
    assert (coverage["comparison_start"], coverage["comparison_end"]) == (
        "2025-10-01",
        "2025-12-06",
    )
    assert coverage["covered_days"] == coverage["comparison_days"] == 67
    centrum = row_of(analysis, flen.centrum)
    assert (centrum["count"], centrum["year_ago_count"], centrum["previous_count"]) == (12, 12, 3)
    reference = compare_rates(12, 67, 12, 67)
    assert centrum["p"] == pytest.approx(reference.p, rel=1e-12)
    assert centrum["rate_ratio"] == pytest.approx(1.0)
    assert centrum["trend"] == "none"
    client.force_login(flen.partner)
    page = client.get(url("quarterly", flen), {"kind": "quarter", "year": 2026, "period": 4})
    body = page.content.decode()
    assert "pågår – t.o.m. vecka 49" in body
    assert "1 oktober 2025 – 6 december 2025" in body
    assert "ingen påvisbar förändring" in body and "↓ minskning" not in body


def test_no_comparison_against_a_quarter_without_data(
    client: Any, world: Any, make_report: Any, today: dt.date
) -> None:
    flen = world.flen
    for day in range(10):
        make_report(occurred_start=on(dt.date(2023, 12, 4) + dt.timedelta(days=day)))
    for day in range(40):
        make_report(occurred_start=on(dt.date(2024, 10, 1) + dt.timedelta(days=2 * day)))
    q4_2023 = need_indicators(flen.municipality, "quarter", 2023, 4)
    assert q4_2023["coverage"]["covered_days"] == 28
    assert row_of(q4_2023, flen.centrum)["count"] == 10
    q4_2024 = need_indicators(flen.municipality, "quarter", 2024, 4)
    assert q4_2024["coverage"]["reason"] == "comparison_before_history"
    centrum = row_of(q4_2024, flen.centrum)
    assert centrum["count"] == 40 and centrum["trend"] is None and centrum["rate_ratio"] is None
    client.force_login(flen.partner)
    body = client.get(
        url("quarterly", flen), {"kind": "quarter", "year": 2024, "period": 4}
    ).content.decode()
    assert "ingen jämförelse möjlig" in body.lower()
    assert "data finns först från 4 december 2023" in body
    assert "↑ ökning" not in body
    tertial = need_indicators(flen.municipality, "tertial", 2024, 3)
    assert tertial["coverage"]["reason"] == "comparison_before_history"


def test_bh_across_the_areas_withholds_a_verdict_at_p_003(
    world: Any, make_report: Any, today: dt.date
) -> None:
    """Centrum 14 against 4 on the same 90 days (p = 0.031) is an "increase" when it is the
    only area with events; with a quiet Norr in the family its q is 0.06: no verdict word."""
    flen = world.flen
    make_report(occurred_start=on(dt.date(2024, 6, 1)))  # the history starts in 2024
    for i in range(14):
        make_report(occurred_start=on(dt.date(2026, 1, 2) + dt.timedelta(days=6 * i)))
    for i in range(4):
        make_report(occurred_start=on(dt.date(2025, 1, 2) + dt.timedelta(days=20 * i)))
    alone = row_of(need_indicators(flen.municipality, "quarter", 2026, 1), flen.centrum)
    assert alone["p"] == pytest.approx(compare_rates(14, 90, 4, 90).p, rel=1e-12)
    assert 0.02 < alone["p"] < 0.05 and alone["q"] == pytest.approx(alone["p"])
    assert alone["trend"] == "up"
    lat, lon = 59.058 + 0.03, 16.588
    for i in range(6):
        make_report(
            occurred_start=on(dt.date(2026, 1, 5) + dt.timedelta(days=9 * i)), lat=lat, lon=lon
        )
        make_report(
            occurred_start=on(dt.date(2025, 1, 5) + dt.timedelta(days=9 * i)), lat=lat, lon=lon
        )
    analysis = need_indicators(flen.municipality, "quarter", 2026, 1)
    centrum, norr = row_of(analysis, flen.centrum), row_of(analysis, flen.norr)
    assert centrum["p"] == pytest.approx(alone["p"])
    assert norr["q"] == pytest.approx(1.0)
    assert centrum["q"] == pytest.approx(2 * alone["p"]) and centrum["q"] >= 0.05
    assert centrum["trend"] == "none"


def test_decisions_store_the_comparison_and_old_snapshots_still_show(
    client: Any, world: Any, make_report: Any, today: dt.date
) -> None:
    flen = world.flen
    make_report(occurred_start=on(dt.date(2025, 1, 2)))
    make_report(occurred_start=on(dt.date(2026, 10, 5)))
    decision = priority_decide(
        actor=flen.coordinator,
        municipality=flen.municipality,
        kind="quarter",
        year=2026,
        period=4,
        areas=[flen.centrum],
        note="Motiv.",
    )
    snapshot = decision.snapshot
    assert snapshot["version"] == 2 and snapshot["coverage"]["running"]
    assert snapshot["coverage"]["comparison_start"] == "2025-10-01"
    client.force_login(flen.partner)
    detail = client.get(url("decision", flen, decision.public_id)).content.decode()
    assert "pågår – t.o.m. vecka 49" in detail and "Samma dagar ett år tidigare" in detail
    # a decision stored before rev 2 (version 1) is shown as it was decided, marked as such
    old = {
        key: value
        for key, value in snapshot.items()
        if key not in ("coverage", "previous_coverage")
    }
    old["version"] = 1
    old["rows"] = [
        {**row, "rate_ratio": 2.0, "ci_lower": 0.5, "ci_upper": 8.0, "p": 0.41, "trend": "none"}
        for row in snapshot["rows"]
    ]
    legacy = PriorityDecision.objects.create(
        municipality=flen.municipality,
        period_kind="quarter",
        year=2026,
        period_number=3,
        focus_count=1,
        snapshot=old,
        note="Gammalt.",
        decided_by=flen.coordinator,
    )
    page = client.get(url("decision", flen, legacy.public_id))
    assert page.status_code == 200
    assert "Sparat med metoden före december 2026" in page.content.decode()
    pdf = client.get(url("decision_pdf", flen, legacy.public_id))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    new_pdf = client.get(url("decision_pdf", flen, decision.public_id))
    assert new_pdf.status_code == 200 and new_pdf.content.startswith(b"%PDF")
