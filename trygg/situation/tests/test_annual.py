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
    assert [entry["decision"] for entry in overview["decisions"]] == [decision]
    assert overview["decisions"][0]["period"] == period


def test_page_shows_the_year(client: Any, data: Any) -> None:
    flen = data.flen
    priority_decide(
        actor=flen.coordinator,
        municipality=flen.municipality,
        kind="quarter",
        year=YEAR,
        period=2,
        areas=[flen.centrum],
        note="Motiv.",
    )
    client.force_login(flen.partner)
    response = client.get(url("annual", flen), {"year": YEAR})
    assert response.status_code == 200
    body = response.content.decode()
    assert flen.centrum.name in body and flen.norr.name in body
    assert "ökning" in body or "increase" in body  # a text marker, not colour alone
    assert "Utvärdering av insatser" in body or "Evaluation of interventions" in body
    # the decision is labelled "Kvartal 2, 2025: Centrum", not "Kvartal , 2025 :"
    assert f"Kvartal 2, {YEAR}</a>: Centrum" in body
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


# ---------------------------------------------------------------------------------------------
# Covered days, like with like, BH across rows (ANALYTICS rev 2, "Two periods")

TODAY = dt.date(2026, 12, 7)  # a Monday: the last complete week is week 49 (30 Nov–6 Dec)


@pytest.fixture
def today(monkeypatch: Any) -> dt.date:
    from trygg.situation.selectors import quarterly

    monkeypatch.setattr(quarterly, "_today", lambda: TODAY)
    return TODAY


@pytest.fixture
def late_start(world: Any, make_report: Any, today: dt.date) -> Any:
    """Flen's history starts on Monday 4 December 2023, 28 days before the year ends: 14
    reports in those 28 days, 40 in 2024, 30 in 2025 up to 6 December, 30 in 2026 up to
    6 December; plus reports outside the like-with-like windows."""
    for day in range(14):
        make_report(occurred_start=at(2023, 12, 4 + day))
    for i in range(40):
        make_report(occurred_start=at(2024, 1 + i % 12, 1 + i // 12))
    for i in range(30):
        make_report(occurred_start=at(2025, 1 + i % 11, 2 + i // 11))
        make_report(occurred_start=at(2026, 1 + i % 11, 2 + i // 11))
    make_report(occurred_start=at(2025, 12, 20))  # after 6 Dec: not in the comparison window
    make_report(occurred_start=at(2026, 12, 7, 8))  # the running week: not counted yet
    return world


def test_the_year_after_28_days_of_data_is_not_compared(late_start: Any) -> None:
    flen = late_start.flen
    # the old view: 40 over 366 days against 14 over 365 days, "↑" at a ratio of 2.85 —
    # against a year with 28 days of data. Now: no comparison, no test, no verdict.
    overview = annual_overview(flen.municipality, 2024, today=TODAY)
    assert overview["coverage"]["reason"] == "comparison_before_history"
    assert overview["coverage"]["history_start"] == dt.date(2023, 12, 4)
    assert overview["days"] == 366
    total = overview["total"]
    assert (total.count, total.compared, total.previous_count) == (40, False, None)
    assert total.rate_ratio is None and total.q is None and total.trend is None
    assert all(not row["total"].compared for row in overview["areas"])
    # the year the history starts in counts its 28 covered days only
    first = annual_overview(flen.municipality, 2023, today=TODAY)
    assert (first["days"], first["total"].count) == (28, 14)
    assert first["coverage"]["reason"] == "starts_before_history"


def test_the_running_year_is_compared_with_the_same_days_a_year_earlier(late_start: Any) -> None:
    flen = late_start.flen
    overview = annual_overview(flen.municipality, 2026, today=TODAY)
    coverage = overview["coverage"]
    assert coverage["running"] and coverage["through_week"] == 49
    assert (coverage["covered_start"], coverage["covered_end"]) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 6),
    )
    assert (coverage["comparison_start"], coverage["comparison_end"]) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 6),
    )
    assert overview["days"] == overview["previous_days"] == 340
    total = overview["total"]
    # 30 against 30 on the same 340 days: no false "decrease" from an unfinished year
    assert (total.count, total.previous_count) == (30, 30)
    assert total.rate_ratio == pytest.approx(1.0)
    assert total.trend == "none"
    reference = compare_rates(30, 340, 30, 340)
    assert total.p == pytest.approx(reference.p, rel=1e-12)
    assert total.ci_lower == pytest.approx(reference.lower, rel=1e-12)
    # 2025 as a whole year against 2024 (both inside the history): whole-year exposures
    whole = annual_overview(flen.municipality, 2025, today=TODAY)
    assert whole["coverage"]["comparable"] and not whole["coverage"]["running"]
    assert (whole["days"], whole["previous_days"]) == (365, 366)
    assert (whole["total"].count, whole["total"].previous_count) == (31, 40)
    assert whole["total"].p == pytest.approx(compare_rates(31, 365, 40, 366).p, rel=1e-12)


def test_pages_and_pdf_say_in_progress_and_no_comparison(client: Any, late_start: Any) -> None:
    flen = late_start.flen
    client.force_login(flen.partner)
    page = client.get(url("annual", flen), {"year": 2024}).content.decode()
    assert "ingen jämförelse möjlig" in page.lower()
    assert "data finns först från 4 december 2023" in page
    assert "↑ ökning" not in page and "↓ minskning" not in page
    running = client.get(url("annual", flen), {"year": 2026}).content.decode()
    assert "pågår – t.o.m. vecka 49" in running
    assert "1 januari 2025 – 6 december 2025" in running
    assert "ingen påvisbar förändring" in running and "↓ minskning" not in running
    pdf = client.get(url("annual_pdf", flen), {"year": 2024})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = pdf_text(pdf.content)
    assert "Ingen jämförelse möjlig" in text and "↑ ökning" not in text
    running_pdf = pdf_text(client.get(url("annual_pdf", flen), {"year": 2026}).content)
    assert "pågår – t.o.m. vecka 49" in running_pdf


def pdf_text(content: bytes) -> str:
    import subprocess

    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(out.stdout.decode().split())


def test_bh_across_the_area_rows_withholds_a_verdict_at_p_003(
    world: Any, make_report: Any, today: dt.date
) -> None:
    """Centrum 13 against 4 (p ≈ 0.031) is an "increase" when it is the only evidence in the
    table; once another area's row joins the family, its q is 0.09 and the word goes."""
    flen = world.flen
    make_report(occurred_start=at(2023, 6, 1))  # the history starts in 2023
    for i in range(13):
        make_report(occurred_start=at(2025, 1 + i % 12, 3))
    for i in range(4):
        make_report(occurred_start=at(2024, 1 + i, 3))
    overview = annual_overview(flen.municipality, 2025, today=TODAY)
    centrum = area_row(overview, flen.centrum)["total"]
    assert (centrum.count, centrum.previous_count) == (13, 4)
    assert centrum.p == pytest.approx(compare_rates(13, 365, 4, 366).p, rel=1e-12)
    assert 0.02 < centrum.p < 0.05
    # Centrum and the municipality's row carry the same counts; Norr has none: the family is
    # {Centrum, municipality}, q = p, the verdict stands
    assert centrum.q == pytest.approx(centrum.p) and centrum.trend == "up"
    # a quiet Norr with 6 reports both years joins the family (Norr p = 1, municipality 19
    # against 10): the same p, but q = 0.09
    lat, lon = 59.058 + 0.03, 16.588
    for i in range(6):
        make_report(occurred_start=at(2025, 1 + i, 5), lat=lat, lon=lon)
        make_report(occurred_start=at(2024, 1 + i, 5), lat=lat, lon=lon)
    overview = annual_overview(flen.municipality, 2025, today=TODAY)
    centrum = area_row(overview, flen.centrum)["total"]
    norr = area_row(overview, flen.norr)["total"]
    assert norr.p == pytest.approx(1.0, abs=1e-9)
    assert centrum.p == pytest.approx(compare_rates(13, 365, 4, 366).p, rel=1e-12)
    assert centrum.q == pytest.approx(min(3 * centrum.p, 1.5 * overview["total"].p))
    assert centrum.p < 0.05 <= centrum.q
    assert centrum.trend == "none"
