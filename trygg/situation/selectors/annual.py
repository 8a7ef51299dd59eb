"""Reads of the annual view: the year per area and category against the previous year.

Counted = not rejected and not merged (a fused duplicate counts once, through its primary),
by the report's time of occurrence (``occurred_start``) in Europe/Stockholm, as in the
quarterly analysis. Each year is one aggregate query grouped by area and category, so the
cost does not grow with the rest of the history. Rate ratios use the exact conditional test
(`trygg.analysis.significance.compare_rates`) with the days of each year as exposure; the test
is made on the plain counts (harm-weighted sums are shown beside them, not tested).
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
from trygg.analysis.significance import compare_rates
from trygg.core.weeks import IsoWeek, weeks_between
from trygg.places.models import Municipality, Place
from trygg.places.selectors import areas_of
from trygg.reports.models import Category, Report
from trygg.reports.selectors import counted_occurring_between
from trygg.situation.choices import StatusLevel
from trygg.situation.models import AreaStatus, PriorityDecision

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
    return (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days


def counted_in_year(municipality: Municipality, year: int) -> QuerySet[Report]:
    return counted_occurring_between(municipality, dt.date(year, 1, 1), dt.date(year + 1, 1, 1))


def year_counts(municipality: Municipality, year: int) -> dict[tuple[int | None, int], int]:
    """{(area_id, category_id): count} — one aggregate query."""
    rows = (
        counted_in_year(municipality, year)
        .order_by()
        .values_list("area_id", "category_id")
        .annotate(n=Count("id"))
    )
    return {(area_id, category_id): n for area_id, category_id, n in rows}


def _round(value: float | None, digits: int = 4) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value, digits)


@dataclass
class Change:
    """This year against the previous year for one cell (or total)."""

    count: int
    previous_count: int
    harm: float
    previous_harm: float
    rate_ratio: float | None
    ci_lower: float | None
    ci_upper: float | None
    p: float | None
    trend: str  # "up" / "down" / "none"


def change(count: int, previous: int, year: int, harm: Decimal, previous_harm: Decimal) -> Change:
    comparison = compare_rates(count, year_days(year), previous, year_days(year - 1))
    trend = "none"
    if count + previous > 0:
        if comparison.lower > 1:
            trend = "up"
        elif comparison.upper is not None and comparison.upper < 1:
            trend = "down"
    return Change(
        count=count,
        previous_count=previous,
        harm=float(harm),
        previous_harm=float(previous_harm),
        rate_ratio=_round(comparison.rate_ratio),
        ci_lower=_round(comparison.lower),
        ci_upper=_round(comparison.upper),
        p=_round(comparison.p),
        trend=trend,
    )


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


def place_concentration(municipality: Municipality, year: int) -> Any:
    """Concentration over the municipality's active places (zeros included); None: no places."""
    place_ids = list(
        Place.objects.filter(municipality=municipality, active=True).values_list("pk", flat=True)
    )
    if not place_ids:
        return None
    counts = dict(
        counted_in_year(municipality, year)
        .filter(place_id__in=place_ids)
        .order_by()
        .values_list("place_id")
        .annotate(n=Count("id"))
        .values_list("place_id", "n")
    )
    return concentration([counts.get(pk, 0) for pk in place_ids])


def annual_overview(municipality: Municipality, year: int) -> dict[str, Any]:
    """The year against the previous one, per area and category, with the statuses, the
    concentration and the priority decisions of the year."""
    now = year_counts(municipality, year)
    before = year_counts(municipality, year - 1)
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

    histories = status_history(municipality, year, [a.pk for a in areas])
    area_rows: list[dict[str, Any]] = []
    for area in areas:
        used = sorted(
            {cat for (a, cat) in (*now, *before) if a == area.pk and cat in categories},
            key=lambda pk: (categories[pk].sort_order, categories[pk].name),
        )
        category_rows = []
        for cat in used:
            n, p = now.get((area.pk, cat), 0), before.get((area.pk, cat), 0)
            category_rows.append(
                {
                    "category": categories[cat],
                    "change": change(n, p, year, weight[cat] * n, weight[cat] * p),
                }
            )
        area_rows.append(
            {
                "area": area,
                "categories": category_rows,
                "total": change(
                    count_of(now, area.pk),
                    count_of(before, area.pk),
                    year,
                    harm_of(now, area.pk),
                    harm_of(before, area.pk),
                ),
                "status": histories[area.pk],
            }
        )
    all_now, all_before = sum(now.values()), sum(before.values())
    total_harm_now = sum((weight.get(c, Decimal(1)) * n for (_a, c), n in now.items()), Decimal(0))
    total_harm_before = sum(
        (weight.get(c, Decimal(1)) * n for (_a, c), n in before.items()), Decimal(0)
    )
    return {
        "year": year,
        "previous_year": year - 1,
        "days": year_days(year),
        "previous_days": year_days(year - 1),
        "areas": area_rows,
        "total": change(all_now, all_before, year, total_harm_now, total_harm_before),
        "outside_areas": count_of(now, None),
        "area_concentration": concentration([count_of(now, a.pk) for a in areas])
        if areas
        else None,
        "place_concentration": place_concentration(municipality, year),
        "decisions": list(
            PriorityDecision.objects.filter(municipality=municipality, year=year)
            .select_related("decided_by")
            .order_by("period_kind", "period_number", "-created_at")
        ),
        "weeks": len(weeks_of_year(year)),
    }
