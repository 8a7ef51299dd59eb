"""Reads of the weekly picture (lägesbild): counts against their baseline, statuses, pins.

Specification of the numbers: ANALYTICS.md ("Counting", "Is this week unusual?"). The
statistics themselves live in `trygg.analysis`; this module only counts and arranges.

Cost: one aggregate query over the reports of the weeks shown (the trend weeks, the k weeks
before them and the same weeks last year), filtered by ``week_start`` ranges, so the work grows
with areas × categories × weeks shown, never with the size of the history.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from trygg.analysis.baseline import expected_counts, prediction_band, same_weeks_last_year
from trygg.analysis.significance import evaluate_cells
from trygg.core.weeks import IsoWeek
from trygg.places.models import Area, Municipality
from trygg.places.selectors import areas_of
from trygg.reports.choices import ReportStatus
from trygg.reports.models import Category, Report
from trygg.reports.selectors import Completeness, completeness_for_week, reports_visible_to
from trygg.situation.models import AreaStatus, PinnedReport

DEFAULT_K = 8
TREND_WEEKS = 12
HISTORY_WEEKS = 26
Z95 = 1.959963984540054
#: weeks outside these years are refused (the baseline looks a year and 20 weeks back)
MIN_YEAR = 1900
MAX_YEAR = 2999


# ---------------------------------------------------------------------------------------------
# Result types


@dataclass
class Cell:
    """One area × category (or an area's total) in the chosen week."""

    observed: int
    expected: float | None = None
    lower: int | None = None
    upper: int | None = None
    p: float | None = None
    q: float | None = None
    flagged: bool = False
    harm: float = 0.0

    @property
    def above_band(self) -> bool:
        return self.upper is not None and self.observed > self.upper


@dataclass
class CategoryRow:
    category: Category
    cell: Cell


@dataclass
class TrendPoint:
    week: IsoWeek
    observed: int
    expected: float | None
    lower: int | None
    upper: int | None


@dataclass
class AreaPicture:
    area: Area
    rows: list[CategoryRow]
    total: Cell
    harm_expected: float | None
    harm_upper: float | None
    trend: list[TrendPoint]
    proposal: str
    proposal_basis: dict[str, Any]
    status: AreaStatus | None = None

    @property
    def any_flagged(self) -> bool:
        return any(row.cell.flagged for row in self.rows)

    @property
    def harm_above_band(self) -> bool:
        return self.harm_upper is not None and self.total.harm > self.harm_upper


@dataclass
class WeeklyPicture:
    municipality: Municipality
    week: IsoWeek
    k: int
    categories: list[Category]
    areas: list[AreaPicture]
    completeness: Completeness
    pinned: list[PinnedReport] = field(default_factory=list)
    has_baseline: bool = True
    last_year_used: bool = False

    @property
    def incomplete(self) -> bool:
        return not self.completeness.complete


# ---------------------------------------------------------------------------------------------
# Counting


def _merged(ranges: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """The ranges sorted, with overlapping or touching ones joined (each week once)."""
    merged: list[tuple[dt.date, dt.date]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + dt.timedelta(days=7):
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _counts(
    municipality: Municipality, ranges: list[tuple[dt.date, dt.date]]
) -> dict[tuple[int, int, dt.date], int]:
    """ONE aggregate query: counted reports per (area, category, week_start) in the ranges.

    Counted = not rejected and not merged (a fused duplicate counts once, through its primary).
    Visibility plays no part here: coordinator-only reports count in every aggregate.

    Each (disjoint) range is its own ``SELECT`` in a ``UNION ALL``: a simple range on the
    covering index, which SQLite plans well with or without ``ANALYZE`` statistics (an ``OR``
    of ranges made it scan all of the municipality's rows on an un-analysed database).
    """
    parts = [
        Report.objects.counted()
        .filter(
            municipality=municipality,
            area__isnull=False,
            week_start__gte=first,
            week_start__lte=last,
        )
        .order_by()
        .values_list("area_id", "category_id", "week_start")
        .annotate(n=Count("id"))
        for first, last in _merged(ranges)
    ]
    if not parts:
        return {}
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return {(a, c, w): n for a, c, w, n in rows}


def _history_start(municipality: Municipality) -> dt.date | None:
    """Monday of the municipality's first reported week (index-only lookup)."""
    first = (
        Report.objects.filter(municipality=municipality)
        .order_by("week_start")
        .values_list("week_start", flat=True)
        .first()
    )
    return first


def _baselines(
    series: np.ndarray,
    ly_series: np.ndarray,
    mondays: list[dt.date],
    ly_index: dict[dt.date, int],
    target: int,
    k: int,
    history_start: dt.date | None,
) -> tuple[np.ndarray | None, bool]:
    """λ for every row of `series` for the week at column `target`.

    Previous weeks before the history start are not used (a new installation), last year only
    when its weeks lie inside the history (w = 0 otherwise). None when no previous week exists.
    """
    first = max(0, target - k)
    cols = [j for j in range(first, target) if history_start and mondays[j] >= history_start]
    if not cols:
        return None, False
    week = IsoWeek.of(mondays[target])
    ly_cols = [
        ly_index[IsoWeek(y, w).monday]
        for (y, w) in same_weeks_last_year((week.year, week.week), k)
        if history_start and IsoWeek(y, w).monday >= history_start
    ]
    previous = series[:, cols]
    last_year = ly_series[:, ly_cols] if ly_cols else None
    return expected_counts(previous, last_year, k=k), bool(ly_cols)


def weekly_picture(
    municipality: Municipality, week: IsoWeek, *, k: int = DEFAULT_K, user: Any
) -> WeeklyPicture:
    """The week's picture for `user` in `municipality`.

    Per area × category: observed, λ (trygg.analysis.baseline: mean of the previous k weeks,
    blended 50/50 with the same weeks last year when last year is in the data), the 95 %
    Poisson band, the one-sided p and the Benjamini–Hochberg q over ALL area × category cells
    of the week (trygg.analysis.significance.evaluate_cells), flagged when q < 0.05.
    Per area: the plain total gets its own test (FDR family: the area totals), and the
    harm-weighted total Σ weight·count is shown with its expected value Σ weight·λ and an
    upper limit Σ weight·λ + 1.96·√(Σ weight²·λ) (normal approximation of a weighted Poisson sum).

    The proposed status (the group decides; the proposal is shown beside the decision):

    - **red**: the area total is flagged AND the harm-weighted total is above its upper limit;
    - **yellow**: any category cell of the area is flagged, OR the area total is above its band;
    - **green**: otherwise;
    - no proposal ("") when there is no earlier week to compare with.

    "Kraftsamling" is never proposed: it is a decision of the group.
    """
    areas = areas_of(municipality)
    categories = list(Category.objects.filter(municipality=municipality, active=True))
    mondays = [week.shift(-i).monday for i in range(TREND_WEEKS - 1 + k, -1, -1)]
    trend_cols = list(range(len(mondays) - TREND_WEEKS, len(mondays)))
    ly_set: set[dt.date] = set()
    for j in trend_cols:
        tw = IsoWeek.of(mondays[j])
        ly_set.update(IsoWeek(y, n).monday for y, n in same_weeks_last_year((tw.year, tw.week), k))
    ly_mondays = sorted(ly_set)
    ly_index = {m: i for i, m in enumerate(ly_mondays)}

    counts = _counts(municipality, [(mondays[0], mondays[-1]), (ly_mondays[0], ly_mondays[-1])])
    # categories retired since, but with events in the week, still show
    present = {c for (_a, c, w) in counts if w == week.monday}
    known = {c.pk for c in categories}
    if present - known:
        categories += list(Category.objects.filter(pk__in=present - known))
    history_start = _history_start(municipality)

    area_pos = {a.pk: i for i, a in enumerate(areas)}
    cat_pos = {c.pk: i for i, c in enumerate(categories)}
    week_pos = {m: i for i, m in enumerate(mondays)}
    n_a, n_c = len(areas), len(categories)
    cube = np.zeros((n_a, n_c, len(mondays)))
    ly_cube = np.zeros((n_a, n_c, len(ly_mondays)))
    for (a, c, w), n in counts.items():
        if a not in area_pos or c not in cat_pos:
            continue
        if w in week_pos:
            cube[area_pos[a], cat_pos[c], week_pos[w]] += n
        if w in ly_index:
            ly_cube[area_pos[a], cat_pos[c], ly_index[w]] += n

    weights = np.array([float(c.harm_weight) for c in categories])
    target = len(mondays) - 1

    # --- the week: every area × category cell in one FDR family
    cell_series = cube.reshape(n_a * n_c, len(mondays))
    cell_ly = ly_cube.reshape(n_a * n_c, len(ly_mondays))
    lam, last_year_used = _baselines(
        cell_series, cell_ly, mondays, ly_index, target, k, history_start
    )
    observed = cell_series[:, target]
    cells: list[Cell]
    if lam is not None and observed.size:
        results = evaluate_cells(observed, lam)
        cells = [
            Cell(r.observed, r.expected, r.lower, r.upper, r.p, r.q, r.flagged) for r in results
        ]
    else:
        cells = [Cell(int(x)) for x in observed]
    for i, cell in enumerate(cells):
        cell.harm = cell.observed * float(weights[i % n_c]) if n_c else 0.0

    # --- area totals: their own family
    total_series = cube.sum(axis=1)
    total_ly = ly_cube.sum(axis=1)
    total_lam, _ = _baselines(total_series, total_ly, mondays, ly_index, target, k, history_start)
    totals: list[Cell]
    if total_lam is not None and n_a:
        results = evaluate_cells(total_series[:, target], total_lam)
        totals = [
            Cell(r.observed, r.expected, r.lower, r.upper, r.p, r.q, r.flagged) for r in results
        ]
    else:
        totals = [Cell(int(x)) for x in total_series[:, target]] if n_a else []

    # --- trend: total per area for the last TREND_WEEKS weeks with its own expected band
    trend_lams: dict[int, np.ndarray | None] = {}
    for j in trend_cols:
        trend_lams[j], _ = _baselines(
            total_series, total_ly, mondays, ly_index, j, k, history_start
        )

    statuses = {
        s.area_id: s
        for s in AreaStatus.objects.filter(
            municipality=municipality, week_start=week.monday
        ).select_related("decided_by")
    }
    pictures: list[AreaPicture] = []
    for ai, area in enumerate(areas):
        rows = [
            CategoryRow(category, cells[ai * n_c + ci]) for ci, category in enumerate(categories)
        ]
        total = totals[ai]
        total.harm = float(sum(row.cell.harm for row in rows))
        harm_expected = harm_upper = None
        if lam is not None:
            area_lam = lam[ai * n_c : (ai + 1) * n_c]
            harm_expected = float(np.sum(weights * area_lam))
            harm_upper = harm_expected + Z95 * math.sqrt(float(np.sum(weights**2 * area_lam)))
        trend: list[TrendPoint] = []
        for j in trend_cols:
            tl = trend_lams[j]
            if tl is None:
                trend.append(
                    TrendPoint(IsoWeek.of(mondays[j]), int(total_series[ai, j]), None, None, None)
                )
            else:
                lo, up = prediction_band(tl[ai : ai + 1])
                trend.append(
                    TrendPoint(
                        IsoWeek.of(mondays[j]),
                        int(total_series[ai, j]),
                        float(tl[ai]),
                        int(lo[0]),
                        int(up[0]),
                    )
                )
        picture = AreaPicture(
            area=area,
            rows=rows,
            total=total,
            harm_expected=harm_expected,
            harm_upper=harm_upper,
            trend=trend,
            proposal="",
            proposal_basis={},
            status=statuses.get(area.pk),
        )
        picture.proposal, picture.proposal_basis = _propose(picture, lam is not None)
        pictures.append(picture)

    completeness = completeness_for_week(municipality, week)
    for picture in pictures:
        if picture.proposal_basis:
            picture.proposal_basis["week_complete"] = completeness.complete
    return WeeklyPicture(
        municipality=municipality,
        week=week,
        k=k,
        categories=categories,
        areas=pictures,
        completeness=completeness,
        pinned=pinned_for(user, municipality, week),
        has_baseline=lam is not None,
        last_year_used=last_year_used,
    )


def _propose(picture: AreaPicture, has_baseline: bool) -> tuple[str, dict[str, Any]]:
    """The rule of `weekly_picture`'s docstring, with the numbers that drove it."""
    if not has_baseline:
        return "", {}
    total = picture.total
    flagged_categories = [row.category.code for row in picture.rows if row.cell.flagged]
    basis: dict[str, Any] = {
        "observed": total.observed,
        "expected": round(total.expected or 0.0, 2),
        "lower": total.lower,
        "upper": total.upper,
        "q": None if total.q is None else round(total.q, 4),
        "total_flagged": total.flagged,
        "harm": round(total.harm, 2),
        "harm_expected": None if picture.harm_expected is None else round(picture.harm_expected, 2),
        "harm_upper": None if picture.harm_upper is None else round(picture.harm_upper, 2),
        "flagged_categories": flagged_categories,
    }
    if total.flagged and picture.harm_above_band:
        return "red", basis
    if flagged_categories or total.above_band:
        return "yellow", basis
    return "green", basis


# ---------------------------------------------------------------------------------------------
# The picture as data: one shape for the API, the frozen snapshot and both pages

#: version of the shape below, stored in every snapshot (``WeeklySnapshot.data["schema"]``)
SCHEMA = 1


def _num(value: float | None, digits: int = 4) -> float | None:
    """Rounded to `digits` decimals (counts and expected values)."""
    return None if value is None else round(float(value), digits)


def _sig(value: float | None, digits: int = 6) -> float | None:
    """Rounded to `digits` significant digits (p and q: a tiny p stays tiny, never 0)."""
    return None if value is None else float(f"{float(value):.{digits}g}")


def _cell_data(cell: Cell) -> dict[str, Any]:
    return {
        "observed": int(cell.observed),
        "expected": _num(cell.expected),
        "lower": None if cell.lower is None else int(cell.lower),
        "upper": None if cell.upper is None else int(cell.upper),
        "p": _sig(cell.p),
        "q": _sig(cell.q),
        "flagged": bool(cell.flagged),
        "above_band": bool(cell.above_band),
        "harm": _num(cell.harm, 2),
    }


def _pin_date(report: Report) -> str:
    if isinstance(report.occurred_start, dt.datetime):
        return timezone.localdate(report.occurred_start).isoformat()
    return str(report.week_start)


def picture_data(picture: WeeklyPicture) -> dict[str, Any]:
    """The weekly picture as JSON-ready, aggregate-only data: THE shape every consumer reads.

    The frozen snapshot stores it as it is (so it holds no report text, reporter, place or
    coordinator-only detail: pins are category, area and date); the weekly API reshapes it
    (``trygg.situation.api.weekly``); both pages render it through
    ``trygg.situation.render.areas_context``. Numbers are rounded here, once, so the API,
    the page and a snapshot of the same week show the same values.
    """
    areas: list[dict[str, Any]] = []
    for area in picture.areas:
        status = None
        if area.status is not None:
            status = {"level": area.status.status, "reason": area.status.reason}
        areas.append(
            {
                "id": str(area.area.public_id),
                "name": area.area.name,
                "status": status,
                "proposal": area.proposal,
                "total": _cell_data(area.total),
                "harm_expected": _num(area.harm_expected, 2),
                "harm_upper": _num(area.harm_upper, 2),
                "flagged_categories": sum(1 for row in area.rows if row.cell.flagged),
                "rows": [
                    {"code": row.category.code, "label": row.category.label, **_cell_data(row.cell)}
                    for row in area.rows
                ],
                "trend": [
                    {
                        "week": str(point.week),
                        "observed": int(point.observed),
                        "expected": _num(point.expected),
                        "lower": point.lower,
                        "upper": point.upper,
                    }
                    for point in area.trend
                ],
            }
        )
    completeness = picture.completeness
    return {
        "schema": SCHEMA,
        "week": str(picture.week),
        "week_start": picture.week.monday.isoformat(),
        "week_end": picture.week.sunday.isoformat(),
        "k": picture.k,
        "has_baseline": picture.has_baseline,
        "last_year_used": picture.last_year_used,
        "areas": areas,
        "completeness": {
            "expected": completeness.expected,
            "reported": completeness.reported,
            "nothing": completeness.nothing,
            "missing": completeness.missing,
            "complete": completeness.complete,
            "rows": [
                {
                    "organisation": row.organisation.name,
                    "state": row.state,
                    "report_count": int(row.report_count),
                }
                for row in completeness.rows
            ],
        },
        "pinned": [
            {
                "category": pin.report.category.label,
                "area": pin.report.area.name if pin.report.area else "",
                "date": _pin_date(pin.report),
                "note": pin.note,
            }
            for pin in picture.pinned
        ],
    }


# ---------------------------------------------------------------------------------------------
# Pins and statuses


def pinned_for(user: Any, municipality: Municipality, week: IsoWeek) -> list[PinnedReport]:
    """Pins of the week whose report the user may see (partners: shared reports only)."""
    visible = reports_visible_to(user, municipality).values("pk")
    return list(
        PinnedReport.objects.filter(
            municipality=municipality, week_start=week.monday, report__in=visible
        ).select_related("report", "report__category", "report__area", "pinned_by")
    )


def pin_candidates(
    user: Any, municipality: Municipality, week: IsoWeek, *, limit: int = 200
) -> QuerySet[Report]:
    """The week's counted reports the user can see, to choose a pin from."""
    return (
        reports_visible_to(user, municipality)
        .exclude(status__in=[ReportStatus.REJECTED, ReportStatus.MERGED])
        .filter(week_start=week.monday)
        .select_related("category", "area")
        .order_by("-impact", "-occurred_start")[:limit]
    )


def area_status_history(
    area: Area, *, until: IsoWeek, weeks: int = HISTORY_WEEKS
) -> list[tuple[IsoWeek, AreaStatus | None]]:
    """The last `weeks` weeks up to `until`, oldest first, with the decided status or None."""
    first = until.shift(-(weeks - 1))
    decided = {
        s.week_start: s
        for s in AreaStatus.objects.filter(
            area=area, week_start__gte=first.monday, week_start__lte=until.monday
        ).select_related("decided_by")
    }
    return [(w, decided.get(w.monday)) for w in (first.shift(i) for i in range(weeks))]


def report_for_pin(municipality: Municipality, public_id: Any) -> Report:
    report = Report.objects.filter(municipality=municipality, public_id=public_id).first()
    if report is None:
        raise Http404
    return report
