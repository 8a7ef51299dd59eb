"""The annual view: the year per area and category against the previous year, PDFs, access."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from trygg.analysis.significance import compare_rates
from trygg.reports.choices import ReportStatus
from trygg.reports.models import Category, Report
from trygg.reports.services import report_review
from trygg.situation.models import AreaStatus
from trygg.situation.selectors.annual import (
    annual_overview,
    default_year,
    parse_year,
    weeks_of_year,
    year_days,
)
from trygg.situation.selectors.quarterly import Period
from trygg.situation.services.quarterly import priority_decide

STOCKHOLM = ZoneInfo("Europe/Stockholm")
YEAR = default_year()


def at(year: int, month: int, day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=STOCKHOLM)


def url(name: str, tenant: Any, *args: Any) -> str:
    return reverse(f"situation:{name}", args=[tenant.municipality.code, *args])


def test_years() -> None:
    assert default_year(dt.date(2026, 11, 23)) == 2025
    assert parse_year(None, dt.date(2026, 5, 1)) == (2025, True)
    assert parse_year("2024") == (2024, True)
    assert parse_year("x", dt.date(2026, 5, 1)) == (2025, False)
    assert parse_year("99999", dt.date(2026, 5, 1)) == (2025, False)
    assert year_days(2024) == 366 and year_days(2025) == 365
    assert len(weeks_of_year(2020)) == 53 and len(weeks_of_year(2025)) == 52


@pytest.fixture
def data(world: Any, make_report: Any) -> Any:
    flen = world.flen
    Category.objects.filter(pk=flen.categories["skadegorelse"].pk).update(
        harm_weight=Decimal("2.5")
    )
    lat, lon = 59.058, 16.588
    klotter = flen.categories["klotter"]
    # this year: Centrum 12 × skadegörelse + 1 klotter; Norr 1
    for month in range(1, 13):
        make_report(occurred_start=at(YEAR, month, 10))
    make_report(occurred_start=at(YEAR, 12, 31, 23), category=klotter)
    make_report(occurred_start=at(YEAR, 1, 1, 0), lat=lat + 0.03, lon=lon)
    # previous year: Centrum 1 skadegörelse (the last hour of the year), Norr 2
    make_report(occurred_start=at(YEAR - 1, 12, 31, 23))
    make_report(occurred_start=at(YEAR - 1, 3, 3), lat=lat + 0.03, lon=lon)
    make_report(occurred_start=at(YEAR - 1, 4, 3), lat=lat + 0.03, lon=lon)
    # two years back never counts
    make_report(occurred_start=at(YEAR - 2, 6, 1))
    # a rejected report does not count
    rejected = make_report(occurred_start=at(YEAR, 3, 3))
    report_review(
        actor=flen.coordinator, report=rejected, decision="reject", rejection_reason="Dubblett."
    )
    # another municipality's reports never count
    make_report(world.degerfors, occurred_start=at(YEAR, 4, 4))
    return world


def independent(municipality: Any, area: Any, year: int, category: Any = None) -> int:
    count = 0
    for report in Report.objects.filter(municipality=municipality, area=area):
        if report.status in (ReportStatus.REJECTED, ReportStatus.MERGED):
            continue
        if category is not None and report.category_id != category.pk:
            continue
        if timezone.localtime(report.occurred_start, STOCKHOLM).year == year:
            count += 1
    return count


def area_row(overview: dict[str, Any], area: Any) -> dict[str, Any]:
    return next(r for r in overview["areas"] if r["area"].pk == area.pk)


def test_numbers_equal_an_independent_count(data: Any) -> None:
    flen = data.flen
    overview = annual_overview(flen.municipality, YEAR)
    total = previous_total = 0
    for area in (flen.centrum, flen.norr):
        row = area_row(overview, area)
        count = independent(flen.municipality, area, YEAR)
        previous = independent(flen.municipality, area, YEAR - 1)
        assert (row["total"].count, row["total"].previous_count) == (count, previous)
        total, previous_total = total + count, previous_total + previous
        comparison = compare_rates(count, year_days(YEAR), previous, year_days(YEAR - 1))
        assert row["total"].p == pytest.approx(comparison.p, abs=1e-4)
        assert row["total"].rate_ratio == pytest.approx(comparison.rate_ratio, abs=1e-4)
        assert row["total"].ci_lower == pytest.approx(comparison.lower, abs=1e-4)
        assert row["total"].ci_upper == pytest.approx(comparison.upper, abs=1e-4)
        for item in row["categories"]:
            category = item["category"]
            assert item["change"].count == independent(flen.municipality, area, YEAR, category)
            assert item["change"].previous_count == independent(
                flen.municipality, area, YEAR - 1, category
            )
    centrum, norr = area_row(overview, flen.centrum), area_row(overview, flen.norr)
    assert (centrum["total"].count, centrum["total"].previous_count) == (13, 1)
    assert centrum["total"].harm == pytest.approx(12 * 2.5 + 1)
    assert centrum["total"].trend == "up"  # 13 against 1: the CI excludes 1
    assert (norr["total"].count, norr["total"].previous_count) == (1, 2)
    assert norr["total"].trend == "none"  # small counts: no detectable change
    assert (overview["total"].count, overview["total"].previous_count) == (14, 3)
    assert total == 14 and previous_total == 3
    concentration = overview["area_concentration"]
    assert concentration.n_units == 2 and concentration.total == 14


def test_status_history_and_decisions(data: Any) -> None:
    flen = data.flen
    week = weeks_of_year(YEAR)[9]
    AreaStatus.objects.create(
        municipality=flen.municipality,
        area=flen.centrum,
        week_start=week.monday,
        status="red",
        reason="Bränder.",
    )
    period = Period("quarter", YEAR, 2)
    decision = priority_decide(
        actor=flen.coordinator,
        municipality=flen.municipality,
        kind=period.kind,
        year=period.year,
        period=period.number,
        areas=[flen.centrum],
        note="Årsmotiv.",
    )
    overview = annual_overview(flen.municipality, YEAR)
    status = area_row(overview, flen.centrum)["status"]
    assert {level: n for level, _label, n in status["counts"]}["red"] == 1
    assert status["none"] == overview["weeks"] - 1
    assert status["strip"][9][1].status == "red"
    assert overview["decisions"] == [decision]


def test_page_shows_the_year(client: Any, data: Any) -> None:
    flen = data.flen
    client.force_login(flen.partner)
    response = client.get(url("annual", flen), {"year": YEAR})
    assert response.status_code == 200
    body = response.content.decode()
    assert flen.centrum.name in body and flen.norr.name in body
    assert "ökning" in body or "increase" in body  # a text marker, not colour alone
    assert "Utvärdering av insatser" in body or "Evaluation of interventions" in body
    bad = client.get(url("annual", flen), {"year": "nonsense"})
    assert bad.status_code == 200 and bad.context["year"] == YEAR


def test_pdfs(client: Any, data: Any) -> None:
    flen = data.flen
    decision = priority_decide(
        actor=flen.coordinator,
        municipality=flen.municipality,
        kind="quarter",
        year=YEAR,
        period=1,
        areas=[flen.norr],
        note="PDF-motiv.",
    )
    client.force_login(flen.partner)
    annual = client.get(url("annual_pdf", flen), {"year": YEAR})
    assert annual.status_code == 200
    assert annual["Content-Type"] == "application/pdf"
    assert annual.content.startswith(b"%PDF")
    pdf = client.get(url("decision_pdf", flen, decision.public_id))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_permissions_and_tenancy(client: Any, world: Any) -> None:
    flen, degerfors = world.flen, world.degerfors
    decision = priority_decide(
        actor=flen.coordinator,
        municipality=flen.municipality,
        kind="quarter",
        year=YEAR,
        period=1,
        areas=[flen.norr],
        note="Motiv.",
    )
    client.force_login(flen.reporter)
    assert client.get(url("annual", flen)).status_code == 403
    assert client.get(url("annual_pdf", flen)).status_code == 403
    assert client.get(url("decision_pdf", flen, decision.public_id)).status_code == 403
    client.force_login(degerfors.coordinator)
    assert client.get(url("annual", flen)).status_code == 404
    assert client.get(url("annual_pdf", flen)).status_code == 404
    assert client.get(url("decision_pdf", flen, decision.public_id)).status_code == 404
    # another municipality's decision through one's own municipality: 404
    assert client.get(url("decision_pdf", degerfors, decision.public_id)).status_code == 404
