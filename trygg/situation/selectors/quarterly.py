"""Reads of the quarterly / tertial analysis: which areas need most (ANALYTICS.md rev 2).

Per area, side by side and never folded into one hidden number: harm-weighted events in the
period, the plain count, the rate ratio against the same calendar window one year earlier
(exact conditional test with Benjamini–Hochberg across the areas,
`trygg.analysis.periods.compare_rows`), the previous period beside it (without a verdict), the
share of the municipality's reports, repeat places, and the group's 1–5 rating of its ability
to influence. Open walk items and survey values are not available yet (those modules do not
exist) and are shown as "–", never as invented numbers.

Exposure is what the data cover (`trygg.analysis.periods.cover`): the days of the period inside
the municipality's history (from the Monday of its first reported week, `history_start`) and
before the end of the last complete ISO week (`data_end`). A running period is cut there, and
so is its window a year earlier. No comparison where either window is not wholly inside the
history.

The default score is ``w_need · z(harm) + w_ability · z(rating)``; the z-scores are taken across
the areas (population standard deviation; 0 when every area has the same value). An area
without a rating gets no ability term: it ranks on need alone and is marked as unrated.

A period is counted by the report's time of occurrence (``occurred_start``) in Europe/Stockholm.
Counted = not rejected and not merged (a fused duplicate counts once, through its primary).
Numbers are returned unrounded; the templates round them once.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from trygg.analysis.periods import PeriodCoverage, RowComparison, Window, compare_rows, cover
from trygg.core.weeks import IsoWeek
from trygg.places.models import Area, Municipality
from trygg.places.selectors import areas_of
from trygg.reports.models import Category, Report
from trygg.reports.selectors import counted_occurring_between, history_start
from trygg.situation.choices import PeriodKind
from trygg.situation.models import AreaRating, PriorityDecision

PERIODS_PER_YEAR = {PeriodKind.QUARTER.value: 4, PeriodKind.TERTIAL.value: 3}
MONTHS_PER_PERIOD = {PeriodKind.QUARTER.value: 3, PeriodKind.TERTIAL.value: 4}
REPEAT_THRESHOLD = 3
MIN_YEAR = 2000
MAX_YEAR = 2999
SNAPSHOT_VERSION = 2
"""1: compared with the previous period over all its days; 2 (ANALYTICS rev 2): covered days,
like-with-like window a year earlier, BH across the areas."""


# ---------------------------------------------------------------------------------------------
# Periods (pure)


@dataclass(frozen=True, order=True)
class Period:
    """A quarter (1–4) or a tertial (1–3, four months each) of a year."""

    kind: str
    year: int
    number: int

    def __post_init__(self) -> None:
        if self.kind not in PERIODS_PER_YEAR:
            raise ValueError("kind must be 'quarter' or 'tertial'")
        if not 1 <= self.number <= PERIODS_PER_YEAR[self.kind]:
            raise ValueError("period number out of range")
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError("year out of range")

    @property
    def start(self) -> dt.date:
        month = (self.number - 1) * MONTHS_PER_PERIOD[self.kind] + 1
        return dt.date(self.year, month, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the period (inclusive)."""
        return self.next_start - dt.timedelta(days=1)

    @property
    def next_start(self) -> dt.date:
        if self.number == PERIODS_PER_YEAR[self.kind]:
            return dt.date(self.year + 1, 1, 1)
        month = self.number * MONTHS_PER_PERIOD[self.kind] + 1
        return dt.date(self.year, month, 1)

    @property
    def days(self) -> int:
        return (self.next_start - self.start).days

    def previous(self) -> Period:
        if self.number == 1:
            return Period(self.kind, self.year - 1, PERIODS_PER_YEAR[self.kind])
        return Period(self.kind, self.year, self.number - 1)

    def next(self) -> Period:
        if self.number == PERIODS_PER_YEAR[self.kind]:
            return Period(self.kind, self.year + 1, 1)
        return Period(self.kind, self.year, self.number + 1)

    @property
    def is_quarter(self) -> bool:
        return self.kind == PeriodKind.QUARTER

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "year": self.year,
            "number": self.number,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": self.days,
        }

    def __str__(self) -> str:
        letter = "Q" if self.is_quarter else "T"
        return f"{self.year}-{letter}{self.number}"


def period_containing(day: dt.date, kind: str) -> Period:
    number = (day.month - 1) // MONTHS_PER_PERIOD[kind] + 1
    return Period(kind, day.year, number)


def default_period(kind: str = PeriodKind.QUARTER.value, today: dt.date | None = None) -> Period:
    """The last complete quarter (or tertial) before `today`."""
    today = today or timezone.localdate()
    return period_containing(today, kind).previous()


def parse_period(data: Any, today: dt.date | None = None) -> tuple[Period, bool]:
    """Period from ?kind=&year=&period=; (default, False) when missing or invalid."""
    kind = data.get("kind") or PeriodKind.QUARTER.value
    if kind not in PERIODS_PER_YEAR:
        kind = PeriodKind.QUARTER.value
    fallback = default_period(kind, today)
    year_raw, number_raw = data.get("year"), data.get("period")
    if not year_raw and not number_raw:
        return fallback, True
    try:
        return Period(kind, int(year_raw), int(number_raw)), True
    except (TypeError, ValueError):
        return fallback, False


# ---------------------------------------------------------------------------------------------
# Covered days (ANALYTICS.md rev 2, "Two periods")


def _today() -> dt.date:
    return timezone.localdate()


def data_end(today: dt.date | None = None) -> dt.date:
    """The day after the last complete ISO week: the Monday of the current week."""
    return IsoWeek.of(today or _today()).monday


def coverage_of(
    municipality: Municipality, first: dt.date, after: dt.date, today: dt.date | None = None
) -> PeriodCoverage:
    return cover(first, after, history_start(municipality), data_end(today))


def coverage_dict(coverage: PeriodCoverage) -> dict[str, Any]:
    """JSON-ready description of a period's coverage (dates as ISO strings)."""
    covered, comparison = coverage.covered, coverage.comparison
    through = IsoWeek.of(covered.last) if covered is not None and coverage.running else None
    return {
        "covered_start": covered.first.isoformat() if covered else None,
        "covered_end": covered.last.isoformat() if covered else None,
        "covered_days": covered.days if covered else 0,
        "whole": covered is not None and covered == coverage.period,
        "running": coverage.running,
        "through_week": through.week if through else None,
        "through_week_year": through.year if through else None,
        "comparable": comparison is not None,
        "comparison_start": comparison.first.isoformat() if comparison else None,
        "comparison_end": comparison.last.isoformat() if comparison else None,
        "comparison_days": comparison.days if comparison else 0,
        "reason": coverage.reason,
        "history_start": coverage.history_start.isoformat() if coverage.history_start else None,
    }


_DATE_KEYS = (
    "start",
    "end",
    "covered_start",
    "covered_end",
    "comparison_start",
    "comparison_end",
    "history_start",
)


def with_dates(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for key in _DATE_KEYS:
        if isinstance(out.get(key), str):
            out[key] = dt.date.fromisoformat(out[key])
    return out


def displayable(analysis: dict[str, Any]) -> dict[str, Any]:
    """A copy of an analysis (live or a decision's snapshot) with its dates as dates, for the
    templates to format in the reader's language."""
    out = dict(analysis)
    for key in ("period", "previous_period", "coverage", "previous_coverage"):
        if isinstance(out.get(key), dict):
            out[key] = with_dates(out[key])
    return out


# ---------------------------------------------------------------------------------------------
# Counting


def counted_in_window(municipality: Municipality, window: Window) -> QuerySet[Report]:
    """Counted reports of the municipality that occurred in the window (all areas)."""
    return counted_occurring_between(municipality, window.first, window.after)


def counted_in_period(municipality: Municipality, period: Period) -> QuerySet[Report]:
    """Counted reports of the municipality that occurred in the whole period (all areas)."""
    return counted_occurring_between(municipality, period.start, period.next_start)


@dataclass
class PeriodCounts:
    count: dict[int, int]
    harm: dict[int, Decimal]
    repeat_places: dict[int, int]
    total_count: int
    total_harm: Decimal


def window_counts(municipality: Municipality, window: Window | None) -> PeriodCounts:
    """Per area: plain count, Σ harm weights, repeat places; and the municipality's totals —
    over the window's days (empty when there is no window: no days with data)."""
    count: dict[int, int] = defaultdict(int)
    harm: dict[int, Decimal] = defaultdict(Decimal)
    repeat: dict[int, int] = defaultdict(int)
    if window is None:
        return PeriodCounts(count, harm, repeat, 0, Decimal(0))
    weights = {
        c.pk: c.harm_weight
        for c in Category.objects.filter(municipality=municipality).only("pk", "harm_weight")
    }
    qs = counted_in_window(municipality, window).order_by()
    total_count = 0
    total_harm = Decimal(0)
    for area_id, category_id, n in qs.values_list("area_id", "category_id").annotate(n=Count("id")):
        weight = weights.get(category_id, Decimal(1)) * n
        total_count += n
        total_harm += weight
        if area_id is not None:
            count[area_id] += n
            harm[area_id] += weight
    # repeat places: a named place, or the H3 r11 cell of a report without a named place
    located = qs.filter(area__isnull=False)
    for area_id, _place, n in (
        located.filter(place__isnull=False)
        .values_list("area_id", "place_id")
        .annotate(n=Count("id"))
    ):
        if n >= REPEAT_THRESHOLD:
            repeat[area_id] += 1
    for area_id, _cell, n in (
        located.filter(place__isnull=True, h3_r11__isnull=False)
        .values_list("area_id", "h3_r11")
        .annotate(n=Count("id"))
    ):
        if n >= REPEAT_THRESHOLD:
            repeat[area_id] += 1
    return PeriodCounts(count, harm, repeat, total_count, total_harm)


def period_counts(municipality: Municipality, period: Period) -> PeriodCounts:
    """Counts over the whole calendar period (no coverage cut)."""
    return window_counts(municipality, Window(period.start, period.next_start))


# ---------------------------------------------------------------------------------------------
# The analysis


def _z_scores(values: list[float]) -> list[float]:
    if not values:
        return []
    mean = sum(values) / len(values)
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    if sd == 0:
        return [0.0 for _ in values]
    return [(v - mean) / sd for v in values]


def weights() -> dict[str, float]:
    return {
        "need": float(getattr(settings, "TRYGG_PRIORITY_NEED_WEIGHT", 1.0)),
        "ability": float(getattr(settings, "TRYGG_PRIORITY_ABILITY_WEIGHT", 1.0)),
    }


def ratings_for(municipality: Municipality, period: Period) -> dict[int, AreaRating]:
    return {
        r.area_id: r
        for r in AreaRating.objects.filter(
            municipality=municipality,
            period_kind=period.kind,
            year=period.year,
            period_number=period.number,
        ).select_related("rated_by")
    }


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


TREND = {"increase": "up", "decrease": "down", "none": "none"}


def comparison_fields(comparison: RowComparison | None) -> dict[str, Any]:
    """The row's like-with-like comparison as JSON-ready fields (unrounded); all None when no
    comparison is possible. ``trend``: "up" / "down" only where the BH q < 0.05."""
    if comparison is None:
        return {
            "year_ago_count": None,
            "rate_ratio": None,
            "ci_lower": None,
            "ci_upper": None,
            "p": None,
            "q": None,
            "trend": None,
        }
    return {
        "year_ago_count": comparison.reference_count,
        "rate_ratio": _finite(comparison.rate_ratio),
        "ci_lower": _finite(comparison.lower),
        "ci_upper": _finite(comparison.upper),
        "p": comparison.p,
        "q": comparison.q,
        "trend": TREND[comparison.verdict],
    }


def need_indicators(
    municipality: Municipality,
    kind: str,
    year: int,
    period: int,
    *,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """The whole analysis of a period as a JSON-ready dict (the same shape a decision stores).

    ``rows`` are ordered by the default ranking (rank 1 first). Each row carries the
    indicators side by side; ``walk_items`` and ``survey`` are None: not available. Counts are
    over the period's covered days (``coverage``); the comparison (``year_ago_count``,
    ``rate_ratio``, CI, ``p``, BH ``q`` across the areas, ``trend``) is against the same
    calendar window one year earlier, and all None where no comparison is possible.
    ``previous_count`` is the previous period over its covered days, shown without a verdict.
    """
    current = Period(kind, year, period)
    previous = current.previous()
    first_day, end = history_start(municipality), data_end(today)
    coverage = cover(current.start, current.next_start, first_day, end)
    previous_coverage = cover(previous.start, previous.next_start, first_day, end)
    now_counts = window_counts(municipality, coverage.covered)
    before_counts = window_counts(municipality, previous_coverage.covered)
    year_ago = window_counts(municipality, coverage.comparison)
    ratings = ratings_for(municipality, current)
    w = weights()
    areas = areas_of(municipality)
    comparisons: list[RowComparison | None] = [None] * len(areas)
    if coverage.covered is not None and coverage.comparison is not None:
        days, reference_days = coverage.covered.days, coverage.comparison.days
        comparisons = list(
            compare_rows(
                [
                    (
                        now_counts.count.get(a.pk, 0),
                        days,
                        year_ago.count.get(a.pk, 0),
                        reference_days,
                    )
                    for a in areas
                ]
            )
        )
    harms = [float(now_counts.harm.get(a.pk, 0)) for a in areas]
    need_z = _z_scores(harms)
    rated = [a for a in areas if a.pk in ratings]
    ability_values = _z_scores([float(ratings[a.pk].rating) for a in rated])
    ability_z = {a.pk: z for a, z in zip(rated, ability_values, strict=True)}
    rows: list[dict[str, Any]] = []
    for index, area in enumerate(areas):
        count = now_counts.count.get(area.pk, 0)
        comparison = comparisons[index]
        rating = ratings.get(area.pk)
        a_z = ability_z.get(area.pk)
        score = w["need"] * need_z[index] + (w["ability"] * a_z if a_z is not None else 0.0)
        rows.append(
            {
                "area": str(area.public_id),
                "area_name": area.name,
                "count": count,
                "harm": float(now_counts.harm.get(area.pk, 0)),
                "previous_count": before_counts.count.get(area.pk, 0),
                "previous_harm": float(before_counts.harm.get(area.pk, 0)),
                "year_ago_harm": float(year_ago.harm.get(area.pk, 0))
                if comparison is not None
                else None,
                **comparison_fields(comparison),
                "share": count / now_counts.total_count if now_counts.total_count else 0.0,
                "repeat_places": now_counts.repeat_places.get(area.pk, 0),
                "walk_items": None,
                "survey": None,
                "rated": rating is not None,
                "rating": rating.rating if rating else None,
                "rating_reason": rating.reason if rating else "",
                "rated_by": str(rating.rated_by) if rating and rating.rated_by else "",
                "need_z": need_z[index],
                "ability_z": a_z,
                "score": score,
                "_order": index,
            }
        )
    rows.sort(key=lambda r: (-(r["score"] or 0.0), -r["harm"], r["_order"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
        del row["_order"]
    return {
        "version": SNAPSHOT_VERSION,
        "period": current.as_dict(),
        "coverage": coverage_dict(coverage),
        "previous_period": previous.as_dict(),
        "previous_coverage": coverage_dict(previous_coverage),
        "weights": w,
        "repeat_threshold": REPEAT_THRESHOLD,
        "municipality_total": {
            "count": now_counts.total_count,
            "harm": float(now_counts.total_harm),
            "previous_count": before_counts.total_count,
            "year_ago_count": year_ago.total_count if coverage.comparable else None,
        },
        "rows": rows,
        "computed_at": timezone.now().isoformat(),
    }


# ---------------------------------------------------------------------------------------------
# Decisions


def decisions_for(municipality: Municipality, period: Period) -> QuerySet[PriorityDecision]:
    return PriorityDecision.objects.filter(
        municipality=municipality,
        period_kind=period.kind,
        year=period.year,
        period_number=period.number,
    ).order_by("-created_at")


def latest_decision(municipality: Municipality, period: Period) -> PriorityDecision | None:
    return decisions_for(municipality, period).select_related("decided_by").first()


def decision_get(*, municipality: Municipality, public_id: Any) -> PriorityDecision:
    decision = (
        PriorityDecision.objects.filter(municipality=municipality, public_id=public_id)
        .select_related("decided_by")
        .first()
    )
    if decision is None:
        raise Http404
    return decision


def area_of(municipality: Municipality, public_id: Any) -> Area | None:
    return Area.objects.filter(municipality=municipality, public_id=public_id).first()
