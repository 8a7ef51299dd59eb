"""Reads of the annual view: the year per area and category against the same window a year
earlier (ANALYTICS.md rev 2, "Two periods").

Counted = not rejected and not merged (a fused duplicate counts once, through its primary),
by the report's time of occurrence (``occurred_start``) in Europe/Stockholm, as in the
quarterly analysis. Exposure is what the data cover (`trygg.analysis.periods.cover`): the days
of the year inside the municipality's history and before the end of the last complete ISO week;
a running year is cut there and compared with the same calendar window one year earlier, and a
year is compared only when both windows lie wholly inside the history. Each window is one
aggregate query grouped by area and category. The tests are exact conditional tests of the
daily rates with Benjamini–Hochberg across the rows of each table
(`trygg.analysis.periods.compare_rows`), made on the plain counts (harm-weighted sums are shown
beside them, not tested). Numbers are returned unrounded; the templates round them once.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from trygg.analysis.concentration import concentration
from trygg.analysis.periods import PeriodCoverage, Window, compare_rows
from trygg.core.weeks import IsoWeek, weeks_between
from trygg.places.models import Municipality, Place
from trygg.places.selectors import areas_of
from trygg.reports.models import Category, Report
from trygg.reports.selectors import counted_occurring_between
from trygg.situation.choices import StatusLevel
from trygg.situation.models import AreaStatus, PriorityDecision
from trygg.situation.selectors.quarterly import (
    TREND,
    Period,
    coverage_dict,
    coverage_of,
    with_dates,
)

MIN_YEAR = 2000
MAX_YEAR = 2999
STATUS_LEVELS = [value for value, _label in StatusLevel.choices]


def default_year(today: dt.date | None = None) -> int:
    """The previous calendar year (the last complete one)."""
    return (today or timezone.localdate()).year - 1


def parse_year(raw: Any, today: dt.date | None = None) -> tuple[int, bool]:
    """Year from ?year=YYYY; (default, False) when given but invalid."""
    fallback = default_year(today)
    if raw in (None, ""):
        return fallback, True
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return fallback, False
    if not MIN_YEAR <= year <= MAX_YEAR:
        return fallback, False
    return year, True


def year_days(year: int) -> int:
    """Days of the calendar year (365 or 366) — not the exposure, which is the covered days."""
    return (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days


def counted_in_year(municipality: Municipality, year: int) -> QuerySet[Report]:
    return counted_occurring_between(municipality, dt.date(year, 1, 1), dt.date(year + 1, 1, 1))


def year_coverage(municipality: Municipality, year: int, today: dt.date | None = None) -> Any:
    """The year's covered days and its like-with-like window a year earlier."""
    return coverage_of(municipality, dt.date(year, 1, 1), dt.date(year + 1, 1, 1), today)


def window_counts(
    municipality: Municipality, window: Window | None
) -> dict[tuple[int | None, int], int]:
    """{(area_id, category_id): count} over the window's days — one aggregate query ({} for
    no window)."""
    if window is None:
        return {}
    rows = (
        counted_occurring_between(municipality, window.first, window.after)
        .order_by()
        .values_list("area_id", "category_id")
        .annotate(n=Count("id"))
    )
    return {(area_id, category_id): n for area_id, category_id, n in rows}


@dataclass
class Change:
    """The year against the same window a year earlier, for one row (a cell or a total).

    Without a comparison (``compared`` False) the reference fields are None; ``trend`` is
    "up" / "down" only where the BH q across the table's rows is < 0.05, else "none"."""

    count: int
    harm: Decimal
    compared: bool
    previous_count: int | None = None
    previous_harm: Decimal | None = None
    rate_ratio: float | None = None
    ci_lower: float | None = None
    ci_upper: float | None = None
    p: float | None = None
    q: float | None = None
    trend: str | None = None


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def changes(
    rows: list[tuple[int, Decimal, int, Decimal]], coverage: PeriodCoverage
) -> list[Change]:
    """One table: (count, harm, previous count, previous harm) per row → its changes, with
    Benjamini–Hochberg across the rows; no tests when no comparison is possible."""
    if coverage.covered is None or coverage.comparison is None:
        return [Change(count=c, harm=h, compared=False) for c, h, _pc, _ph in rows]
    days, reference_days = coverage.covered.days, coverage.comparison.days
    tested = compare_rows([(c, days, pc, reference_days) for c, _h, pc, _ph in rows])
    return [
        Change(
            count=c,
            harm=h,
            compared=True,
            previous_count=pc,
            previous_harm=ph,
            rate_ratio=_finite(t.rate_ratio),
            ci_lower=_finite(t.lower),
            ci_upper=_finite(t.upper),
            p=t.p,
            q=t.q,
            trend=TREND[t.verdict],
        )
        for (c, h, pc, ph), t in zip(rows, tested, strict=True)
    ]


def weeks_of_year(year: int) -> list[IsoWeek]:
    """The ISO weeks of the ISO year (52 or 53)."""
    return weeks_between(IsoWeek(year, 1), IsoWeek.of(dt.date(year, 12, 28)))


def status_history(municipality: Municipality, year: int, area_ids: list[int]) -> dict[int, Any]:
    """Per area: the week strip [(week, status or None)] and counts of weeks per status."""
    weeks = weeks_of_year(year)
    rows = AreaStatus.objects.filter(
        municipality=municipality,
        area_id__in=area_ids,
        week_start__gte=weeks[0].monday,
        week_start__lte=weeks[-1].monday,
    ).only("area_id", "week_start", "status", "reason")
    by_area: dict[int, dict[dt.date, AreaStatus]] = defaultdict(dict)
    for row in rows:
        by_area[row.area_id][row.week_start] = row
    out: dict[int, Any] = {}
    for area_id in area_ids:
        decided = by_area.get(area_id, {})
        tally = Counter(s.status for s in decided.values())
        out[area_id] = {
            "strip": [(week, decided.get(week.monday)) for week in weeks],
            "counts": [(level, label, tally.get(level, 0)) for level, label in StatusLevel.choices],
            "none": len(weeks) - len(decided),
        }
    return out


def place_concentration(municipality: Municipality, window: Window | None) -> Any:
    """Concentration over the municipality's active places (zeros included); None: no places."""
    place_ids = list(
        Place.objects.filter(municipality=municipality, active=True).values_list("pk", flat=True)
    )
    if not place_ids or window is None:
        return None
    counts = dict(
        counted_occurring_between(municipality, window.first, window.after)
        .filter(place_id__in=place_ids)
        .order_by()
        .values_list("place_id")
        .annotate(n=Count("id"))
        .values_list("place_id", "n")
    )
    return concentration([counts.get(pk, 0) for pk in place_ids])


def decisions_of(municipality: Municipality, year: int) -> list[dict[str, Any]]:
    """The year's priority decisions with their periods (for the label "Kvartal 2, 2026")."""
    decisions = (
        PriorityDecision.objects.filter(municipality=municipality, year=year)
        .select_related("decided_by")
        .order_by("period_kind", "period_number", "-created_at")
    )
    return [
        {"decision": d, "period": Period(d.period_kind, d.year, d.period_number)} for d in decisions
    ]


def annual_overview(
    municipality: Municipality, year: int, *, today: dt.date | None = None
) -> dict[str, Any]:
    """The year against the same window a year earlier, per area and category, with the
    statuses, the concentration and the priority decisions of the year."""
    coverage = year_coverage(municipality, year, today)
    now = window_counts(municipality, coverage.covered)
    before = window_counts(municipality, coverage.comparison)
    categories = {c.pk: c for c in Category.objects.filter(municipality=municipality)}
    weight = {pk: c.harm_weight for pk, c in categories.items()}
    areas = areas_of(municipality)

    def harm_of(counts: dict[tuple[int | None, int], int], area_id: int | None) -> Decimal:
        return sum(
            (weight.get(cat, Decimal(1)) * n for (a, cat), n in counts.items() if a == area_id),
            Decimal(0),
        )

    def count_of(counts: dict[tuple[int | None, int], int], area_id: int | None) -> int:
        return sum(n for (a, _cat), n in counts.items() if a == area_id)

    def totals(counts: dict[tuple[int | None, int], int]) -> tuple[int, Decimal]:
        harm = sum((weight.get(c, Decimal(1)) * n for (_a, c), n in counts.items()), Decimal(0))
        return sum(counts.values()), harm

    # the table per area: one row per area and the municipality's row (one BH family)
    area_changes = changes(
        [
            (count_of(now, a.pk), harm_of(now, a.pk), count_of(before, a.pk), harm_of(before, a.pk))
            for a in areas
        ]
        + [(*totals(now), *totals(before))],
        coverage,
    )
    histories = status_history(municipality, year, [a.pk for a in areas])
    area_rows: list[dict[str, Any]] = []
    for area, total in zip(areas, area_changes, strict=False):
        used = sorted(
            {cat for (a, cat) in (*now, *before) if a == area.pk and cat in categories},
            key=lambda pk: (categories[pk].sort_order, categories[pk].name),
        )
        # the table per category of this area: its own BH family
        cells = []
        for cat in used:
            n, p = now.get((area.pk, cat), 0), before.get((area.pk, cat), 0)
            cells.append((n, weight[cat] * n, p, weight[cat] * p))
        category_rows = [
            {"category": categories[cat], "change": c}
            for cat, c in zip(used, changes(cells, coverage), strict=True)
        ]
        area_rows.append(
            {
                "area": area,
                "categories": category_rows,
                "total": total,
                "status": histories[area.pk],
            }
        )
    covered = coverage.covered
    info = coverage_dict(coverage)
    return {
        "year": year,
        "previous_year": year - 1,
        "coverage": with_dates(info),
        "days": covered.days if covered else 0,
        "previous_days": coverage.comparison.days if coverage.comparison else 0,
        "areas": area_rows,
        "total": area_changes[-1],
        "outside_areas": count_of(now, None),
        "area_concentration": concentration([count_of(now, a.pk) for a in areas])
        if areas and covered
        else None,
        "place_concentration": place_concentration(municipality, covered),
        "decisions": decisions_of(municipality, year),
        "weeks": len(weeks_of_year(year)),
    }
