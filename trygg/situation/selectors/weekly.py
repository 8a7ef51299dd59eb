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
from django.db import connections
from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from trygg.analysis import predictive
from trygg.analysis.significance import poisson_trend
from trygg.core.templatetags.trygg import date as date_filter
from trygg.core.weeks import IsoWeek
from trygg.places.models import Area, Municipality
from trygg.places.selectors import areas_of
from trygg.reports.choices import ReportStatus
from trygg.reports.models import Category, Report
from trygg.reports.selectors import (
    Completeness,
    WeekCoverage,
    answers_between,
    completeness_for_week,
    history_start,
    reports_visible_to,
    weekly_coverage,
)
from trygg.situation.models import AreaStatus, PinnedReport

DEFAULT_K = predictive.DEFAULT_K
TREND_WEEKS = 12
SLOPE_WEEKS = 26
HISTORY_WEEKS = 26
WINDOWS = predictive.WINDOWS
Z95 = 1.959963984540054
#: weeks per month, for the trend "per month"
WEEKS_PER_MONTH = 365.2425 / 7 / 12
#: weeks outside these years are refused (the baseline looks two years and a month back)
MIN_YEAR = 1900
MAX_YEAR = 2999
#: weeks of counts read for one picture: the 4-week window, the 52 weeks P over which φ is
#: measured, and each P week's own baseline (52 weeks back and ⌊k/2⌋ around it)
SPAN = max(WINDOWS) - 1 + predictive.DISPERSION_WEEKS + 52 + DEFAULT_K // 2 + 1


# ---------------------------------------------------------------------------------------------
# Result types


@dataclass
class Reading:
    """The test of one window (t weeks ending with the chosen week) for one cell."""

    t: int
    observed: int
    expected: float | None = None
    lower: int | None = None
    upper: int | None = None
    p: float | None = None
    q: float | None = None
    flagged: bool = False


@dataclass
class Cell:
    """One area × category (or an area's total) in the chosen week.

    The top-level numbers are the one-week reading (t = 1); ``four`` is the reading of the
    last four weeks (t = 4). ``phi`` is the dispersion used, ``baseline_weeks`` how many weeks
    the expectation rests on (E).
    """

    observed: int
    expected: float | None = None
    lower: int | None = None
    upper: int | None = None
    p: float | None = None
    q: float | None = None
    flagged: bool = False
    harm: float = 0.0
    phi: float | None = None
    baseline_weeks: int = 0
    four: Reading | None = None

    @property
    def above_band(self) -> bool:
        return self.upper is not None and self.observed > self.upper

    @property
    def any_flagged(self) -> bool:
        return self.flagged or (self.four is not None and self.four.flagged)


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
    covered: bool = True
    coverage: float | None = None


@dataclass
class Slope:
    """The area's 26-week trend: quasi-Poisson regression slope as % per month with its CI."""

    per_month: float | None
    lower: float | None
    upper: float | None
    verdict: str  # "increase" | "decrease" | "no detectable change" | "not estimable"
    weeks: int


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
    slope: Slope | None = None

    @property
    def any_flagged(self) -> bool:
        return any(row.cell.any_flagged for row in self.rows)

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
    coverage: WeekCoverage | None = None
    low_coverage_weeks: list[IsoWeek] = field(default_factory=list)
    phi_total: float | None = None

    @property
    def incomplete(self) -> bool:
        return not self.completeness.complete

    @property
    def low_coverage(self) -> bool:
        return self.coverage is not None and not self.coverage.covered


# ---------------------------------------------------------------------------------------------
# Counting


@dataclass(frozen=True)
class _CountRows:
    """The rows of the counting query as columns: area id, category id, column of the week
    (0 = the first of the weeks read) and the count."""

    area: np.ndarray
    category: np.ndarray
    week: np.ndarray
    n: np.ndarray


def _counts(municipality: Municipality, mondays: list[dt.date]) -> _CountRows:
    """ONE aggregate query: counted reports per (area, category, week) over the consecutive
    weeks starting on `mondays`.

    Counted = not rejected and not merged (a fused duplicate counts once, through its primary).
    Visibility plays no part here: coordinator-only reports count in every aggregate.
    ``COUNT(*)`` (not ``COUNT(id)``) lets PostgreSQL answer from the covering index alone;
    index ``report_week_counts`` lets SQLite group while it reads.

    The ORM builds the query; its rows are read from the cursor directly and turned into
    columns at once: ten thousand and more rows through the queryset's per-row converters cost
    as much as the query itself (issue 8). Both drivers return ``week_start`` as a date.
    """
    queryset = (
        Report.objects.counted()
        .filter(
            municipality=municipality,
            area__isnull=False,
            week_start__gte=mondays[0],
            week_start__lte=mondays[-1],
        )
        .order_by()
        # grouped in the index's own order: PostgreSQL aggregates while it reads the index
        # (GroupAggregate, a third faster than hashing); SQLite does either way
        .values_list("week_start", "area_id", "category_id")
        .annotate(n=Count("*"))
    )
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return _CountRows(empty, empty, empty, empty)
    weeks, areas, categories, counts = zip(*rows, strict=True)
    column = {monday: j for j, monday in enumerate(mondays)}
    return _CountRows(
        np.array(areas, dtype=np.int64),
        np.array(categories, dtype=np.int64),
        np.array([column[w] for w in weeks], dtype=np.int64),
        np.array(counts, dtype=np.int64),
    )


def _positions(ids: np.ndarray, order: list[int]) -> np.ndarray:
    """The position in `order` of every id in `ids` (-1 for an id not in it)."""
    if ids.size == 0:
        return ids
    lookup = np.full(max(int(ids.max()), max(order, default=0)) + 1, -1, dtype=np.int64)
    lookup[np.asarray(order, dtype=np.int64)] = np.arange(len(order))
    positions: np.ndarray = lookup[ids]
    return positions


class _Series:
    """The counts of SPAN consecutive weeks ending with the chosen week, as arrays, and the
    baseline of any week inside them (ANALYTICS.md rev 2, "Is this week unusual?")."""

    def __init__(
        self,
        cube: np.ndarray,
        mondays: list[dt.date],
        usable: np.ndarray,
        k: int,
    ) -> None:
        self.cube = cube  # (areas, categories, weeks)
        self.totals = cube.sum(axis=1)  # (areas, weeks)
        self.mondays = mondays
        self.usable = usable
        self.k = k
        self._cumulative = np.concatenate(
            [np.zeros((*cube.shape[:2], 1)), np.cumsum(cube, axis=2)], axis=2
        )
        # the weeks are consecutive, so a baseline week is a fixed offset from the window's
        # last week: the offsets of `predictive.baseline_weeks` for any reference week
        self._offsets = {t: _offsets(t, k) for t in WINDOWS}
        # every week's own one-week baseline at once (for φ and the charts)
        n = len(mondays)
        idx = np.arange(n)[:, None] + np.asarray(self._offsets[1])[None, :]
        inside = idx >= 0
        safe = np.where(inside, idx, 0)
        mask = inside & usable[safe]  # (weeks, offsets)
        self.b1 = np.einsum("acwo,wo->acw", cube[:, :, safe], mask.astype(float))
        self.e1 = mask.sum(axis=1)

    def columns(self, j: int, t: int) -> list[int]:
        """Columns of the baseline weeks of the window of t weeks ending at column j."""
        return [j + o for o in self._offsets[t] if j + o >= 0 and self.usable[j + o]]

    def window(self, j: int, t: int) -> np.ndarray:
        """Counts of the t weeks ending at column j, per area × category."""
        result: np.ndarray = self._cumulative[:, :, j + 1] - self._cumulative[:, :, j + 1 - t]
        return result

    def baseline(self, j: int, t: int) -> tuple[np.ndarray, int]:
        """(B per area × category, E) of the window of t weeks ending at column j."""
        if t == 1:
            return self.b1[:, :, j], int(self.e1[j])
        cols = self.columns(j, t)
        if not cols:
            return np.zeros(self.cube.shape[:2]), 0
        return self.cube[:, :, cols].sum(axis=2), len(cols)

    def dispersion(self, j: int, t: int) -> tuple[np.ndarray, float]:
        """φ per category (over the areas) and φ of the area totals, for the window of t weeks
        ending at column j: the one-week prediction error over the 52 weeks before it."""
        first = max(j - (t - 1) - predictive.DISPERSION_WEEKS, 0)
        cols = np.arange(first, j - (t - 1))
        cols = cols[self.usable[cols] & (self.e1[cols] > 0)]
        n_c = self.cube.shape[1]
        if cols.size == 0:
            return np.ones(n_c), 1.0
        y = np.moveaxis(self.cube[:, :, cols], 2, 0)  # (P, areas, categories)
        b = np.moveaxis(self.b1[:, :, cols], 2, 0)
        e = self.e1[cols].astype(float)
        phis = np.array([predictive.dispersion(y[:, :, c], b[:, :, c], e) for c in range(n_c)])
        phi_total = predictive.dispersion(y.sum(axis=2), b.sum(axis=2), e)
        return phis, phi_total


def _offsets(t: int, k: int) -> list[int]:
    """Offsets in weeks, from the window's last week, of its baseline weeks."""
    reference = (2020, 30)
    monday = dt.date.fromisocalendar(*reference, 1)
    return [
        (dt.date.fromisocalendar(y, w, 1) - monday).days // 7
        for y, w in predictive.baseline_weeks(reference, t, k)
    ]


def _reading(t: int, result: predictive.WindowTest, i: int) -> Reading:
    tested = bool(result.baseline_weeks[i] > 0)
    return Reading(
        t=t,
        observed=int(result.observed[i]),
        expected=float(result.expected[i]) if tested else None,
        lower=int(result.lower[i]) if tested else None,
        upper=int(result.upper[i]) if tested else None,
        p=float(result.p[i]) if tested else None,
        q=float(result.q[i]) if tested else None,
        flagged=bool(result.flagged[i]),
    )


def _cells(series: _Series, j: int, phis: dict[int, np.ndarray], *, totals: bool) -> list[Cell]:
    """The t = 1 and t = 4 readings of every cell of one family (area × category cells, or
    the area totals), BH within the family and window."""
    readings: dict[int, list[Reading]] = {}
    extra: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for t in WINDOWS:
        x = series.window(j, t)
        b, e = series.baseline(j, t)
        phi = phis[t]
        if totals:
            x, b = x.sum(axis=1), b.sum(axis=1)
        phi_cells = np.broadcast_to(phi, x.shape)
        result = predictive.evaluate_window(
            x.ravel(), b.ravel(), np.full(x.size, e), t, phi_cells.ravel()
        )
        readings[t] = [_reading(t, result, i) for i in range(x.size)]
        extra[t] = (phi_cells.ravel(), np.full(x.size, e))
    cells: list[Cell] = []
    for i, one in enumerate(readings[1]):
        cells.append(
            Cell(
                observed=one.observed,
                expected=one.expected,
                lower=one.lower,
                upper=one.upper,
                p=one.p,
                q=one.q,
                flagged=one.flagged,
                phi=float(extra[1][0][i]),
                baseline_weeks=int(extra[1][1][i]),
                four=readings[4][i],
            )
        )
    return cells


def _slope(counts: np.ndarray, covered: np.ndarray) -> Slope:
    """The 26-week trend of one area over its covered weeks (quasi-Poisson: the CI widens
    when the weeks vary more than chance), as % per month."""
    times = np.arange(counts.size, dtype=float)[covered]
    y = counts[covered]
    result = poisson_trend(y, times, dispersion="pearson")
    if result.slope is None or result.lower is None or result.upper is None:
        return Slope(None, None, None, "not estimable", int(y.size))

    def month(b: float) -> float:
        return 100.0 * (math.exp(b * WEEKS_PER_MONTH) - 1.0)

    return Slope(
        month(result.slope), month(result.lower), month(result.upper), result.verdict, int(y.size)
    )


def weekly_picture(
    municipality: Municipality, week: IsoWeek, *, k: int = DEFAULT_K, user: Any
) -> WeeklyPicture:
    """The week's picture for `user` in `municipality` (ANALYTICS.md rev 2).

    Per area × category and per area total, two readings: "this week" (t = 1) and "the last
    four weeks" (t = 4). Each is the predictive test of `trygg.analysis.predictive`: the
    baseline pools the k weeks before the window and the weeks around it a year earlier that
    lie inside the history and meet the coverage threshold; φ per category (and for the area
    totals) is measured over the 52 weeks before the window; Benjamini–Hochberg within each
    family (all area × category cells of the week and window; the area totals separately).

    The proposed status (the group decides; the proposal is shown beside the decision):

    - **red**: the area total is flagged (either window) AND the week's harm-weighted total is
      above its upper limit;
    - **yellow**: any of the area's category cells or its total is flagged (either window);
    - **green**: otherwise (a count above the band but not flagged is shown, not proposed);
    - no proposal ("") when there is no usable baseline week.

    "Kraftsamling" is never proposed: it is a decision of the group.
    """
    areas = areas_of(municipality)
    categories = list(Category.objects.filter(municipality=municipality, active=True))
    mondays = [week.shift(-i).monday for i in range(SPAN - 1, -1, -1)]
    counts = _counts(municipality, mondays)
    # categories retired since, but with events in the window, still show
    recent = len(mondays) - max(WINDOWS)
    present = {int(c) for c in np.unique(counts.category[counts.week >= recent])}
    known = {c.pk for c in categories}
    if present - known:
        categories += list(Category.objects.filter(pk__in=present - known))
    first_week = history_start(municipality)
    answers = answers_between(municipality, mondays[0], mondays[-1])
    coverage = weekly_coverage(municipality, mondays[0], mondays[-1], answers=answers)

    n_a, n_c = len(areas), len(categories)
    cube = np.zeros((n_a, n_c, len(mondays)))
    area_at = _positions(counts.area, [a.pk for a in areas])
    cat_at = _positions(counts.category, [c.pk for c in categories])
    keep = (area_at >= 0) & (cat_at >= 0)
    np.add.at(cube, (area_at[keep], cat_at[keep], counts.week[keep]), counts.n[keep])
    in_history = np.array([first_week is not None and m >= first_week for m in mondays])
    covered = np.array([coverage[m].covered for m in mondays])
    series = _Series(cube, mondays, in_history & covered, k)
    target = len(mondays) - 1

    weights = np.array([float(c.harm_weight) for c in categories])
    phi_cells: dict[int, np.ndarray] = {}
    phi_totals: dict[int, np.ndarray] = {}
    for t in WINDOWS:
        phis, phi_total = series.dispersion(target, t)
        phi_cells[t] = np.broadcast_to(phis, (n_a, n_c))
        phi_totals[t] = np.full(n_a, phi_total)
    cells = _cells(series, target, phi_cells, totals=False) if n_a and n_c else []
    totals = _cells(series, target, phi_totals, totals=True) if n_a and n_c else []
    if not totals:
        totals = [Cell(int(x)) for x in series.totals[:, target]]
    for i, cell in enumerate(cells):
        cell.harm = cell.observed * float(weights[i % n_c]) if n_c else 0.0
    _b1, e1 = series.baseline(target, 1)
    has_baseline = e1 > 0
    last_year_used = has_baseline and any(col < target - k for col in series.columns(target, 1))

    # --- the chart: the area totals' one-week expectation for each of the last weeks, in one
    # vectorised call (φ of the chosen week's totals)
    trend_cols = list(range(target - TREND_WEEKS + 1, target + 1))
    phi_trend = float(phi_totals[1][0]) if n_a else 1.0
    b_trend = np.zeros((len(trend_cols), n_a))
    e_trend = np.zeros((len(trend_cols), 1))
    for r, j in enumerate(trend_cols):
        b, e = series.baseline(j, 1)
        b_trend[r] = b.sum(axis=1)
        e_trend[r] = e
    tested = e_trend > 0
    safe_e = np.where(tested, e_trend, 1.0)
    exp_trend = predictive.predictive_expected(b_trend, safe_e, 1, phi_trend)
    lo_trend, up_trend = predictive.predictive_band(b_trend, safe_e, 1, phi_trend)

    statuses = {
        s.area_id: s
        for s in AreaStatus.objects.filter(
            municipality=municipality, week_start=week.monday
        ).select_related("decided_by")
    }
    slope_cols = np.arange(target - SLOPE_WEEKS + 1, target + 1)
    slope_usable = series.usable[slope_cols]
    pictures: list[AreaPicture] = []
    for ai, area in enumerate(areas):
        rows = [
            CategoryRow(category, cells[ai * n_c + ci]) for ci, category in enumerate(categories)
        ]
        total = totals[ai]
        total.harm = float(sum(row.cell.harm for row in rows))
        harm_expected = harm_upper = None
        if has_baseline and n_c:
            mean = np.array([row.cell.expected or 0.0 for row in rows])
            phis = np.array([row.cell.phi or 1.0 for row in rows])
            # predictive variance of each category's count, φ·μ·(1 + 1/E), summed with the
            # squared weights (normal approximation of the weighted sum)
            variance = np.sum(weights**2 * phis * mean * (1.0 + 1.0 / e1))
            harm_expected = float(np.sum(weights * mean))
            harm_upper = harm_expected + Z95 * math.sqrt(float(variance))
        trend = [
            TrendPoint(
                IsoWeek.of(mondays[j]),
                int(series.totals[ai, j]),
                float(exp_trend[r, ai]) if tested[r, 0] else None,
                int(lo_trend[r, ai]) if tested[r, 0] else None,
                int(up_trend[r, ai]) if tested[r, 0] else None,
                covered=bool(covered[j]),
                coverage=coverage[mondays[j]].share,
            )
            for r, j in enumerate(trend_cols)
        ]
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
            slope=_slope(series.totals[ai, slope_cols], slope_usable)
            if slope_usable.sum() >= 2
            else None,
        )
        picture.proposal, picture.proposal_basis = _propose(picture, has_baseline)
        pictures.append(picture)

    completeness = completeness_for_week(municipality, week, answers=answers)
    for picture in pictures:
        if picture.proposal_basis:
            picture.proposal_basis["week_complete"] = completeness.complete
    low = [IsoWeek.of(m) for m in mondays[-SLOPE_WEEKS:] if not coverage[m].covered]
    return WeeklyPicture(
        municipality=municipality,
        week=week,
        k=k,
        categories=categories,
        areas=pictures,
        completeness=completeness,
        pinned=pinned_for(user, municipality, week),
        has_baseline=has_baseline,
        last_year_used=last_year_used,
        coverage=coverage[week.monday],
        low_coverage_weeks=low,
        phi_total=phi_trend if n_a else None,
    )


@dataclass
class AreaTrend:
    """An area's last 26 weeks: the weekly totals (low-coverage weeks marked) and the slope."""

    points: list[TrendPoint]
    slope: Slope | None


def area_trend(area: Area, *, until: IsoWeek, weeks: int = SLOPE_WEEKS) -> AreaTrend:
    """The 26-week trend of one area up to `until` (2 + 3 queries): the same slope as the
    weekly picture's, over the weeks inside the history that meet the coverage threshold."""
    municipality = area.municipality
    mondays = [until.shift(-i).monday for i in range(weeks - 1, -1, -1)]
    counts = dict(
        Report.objects.counted()
        .filter(
            municipality=municipality,
            area=area,
            week_start__gte=mondays[0],
            week_start__lte=mondays[-1],
        )
        .order_by()
        .values_list("week_start")
        .annotate(n=Count("*"))
    )
    first_week = history_start(municipality)
    coverage = weekly_coverage(municipality, mondays[0], mondays[-1])
    y = np.array([counts.get(m, 0) for m in mondays], dtype=float)
    usable = np.array(
        [first_week is not None and m >= first_week and coverage[m].covered for m in mondays]
    )
    points = [
        TrendPoint(
            IsoWeek.of(m),
            int(y[i]),
            None,
            None,
            None,
            covered=bool(coverage[m].covered),
            coverage=coverage[m].share,
        )
        for i, m in enumerate(mondays)
    ]
    return AreaTrend(points, _slope(y, usable) if usable.sum() >= 2 else None)


def _propose(picture: AreaPicture, has_baseline: bool) -> tuple[str, dict[str, Any]]:
    """The rule of `weekly_picture`'s docstring, with the numbers that drove it."""
    if not has_baseline:
        return "", {}
    total = picture.total
    flagged_categories = [row.category.code for row in picture.rows if row.cell.flagged]
    flagged_four = [
        row.category.code for row in picture.rows if row.cell.four and row.cell.four.flagged
    ]
    four = total.four
    basis: dict[str, Any] = {
        "observed": total.observed,
        "expected": round(total.expected or 0.0, 2),
        "lower": total.lower,
        "upper": total.upper,
        "q": None if total.q is None else round(total.q, 4),
        "total_flagged": total.flagged,
        "four_weeks_flagged": bool(four and four.flagged),
        "harm": round(total.harm, 2),
        "harm_expected": None if picture.harm_expected is None else round(picture.harm_expected, 2),
        "harm_upper": None if picture.harm_upper is None else round(picture.harm_upper, 2),
        "flagged_categories": flagged_categories,
        "flagged_categories_four_weeks": flagged_four,
        "phi": None if total.phi is None else round(total.phi, 3),
    }
    if total.any_flagged and picture.harm_above_band:
        return "red", basis
    if flagged_categories or flagged_four or total.any_flagged:
        return "yellow", basis
    return "green", basis


# ---------------------------------------------------------------------------------------------
# The picture as data: one shape for the API, the frozen snapshot and both pages

#: version of the shape below, stored in every snapshot (``WeeklySnapshot.data["schema"]``)
SCHEMA = 2
"""2 (issue 8): the predictive test — ``four_weeks``, ``phi`` and ``baseline_weeks`` per cell,
``slope`` per area, coverage per week. Pages render schema-1 snapshots without them."""


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
        "phi": _num(cell.phi, 3),
        "baseline_weeks": int(cell.baseline_weeks),
        "four_weeks": None if cell.four is None else _reading_data(cell.four),
    }


def _reading_data(reading: Reading) -> dict[str, Any]:
    return {
        "t": reading.t,
        "observed": int(reading.observed),
        "expected": _num(reading.expected),
        "lower": reading.lower,
        "upper": reading.upper,
        "p": _sig(reading.p),
        "q": _sig(reading.q),
        "flagged": bool(reading.flagged),
    }


def _slope_data(slope: Slope | None) -> dict[str, Any] | None:
    if slope is None:
        return None
    return {
        "per_month": _num(slope.per_month, 2),
        "lower": _num(slope.lower, 2),
        "upper": _num(slope.upper, 2),
        "verdict": slope.verdict,
        "weeks": slope.weeks,
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
                "flagged_categories_four_weeks": sum(
                    1 for row in area.rows if row.cell.four and row.cell.four.flagged
                ),
                "slope": _slope_data(area.slope),
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
                        "covered": point.covered,
                        "coverage": _num(point.coverage, 3),
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
        "phi_total": _num(picture.phi_total, 3),
        "coverage": None
        if picture.coverage is None
        else {
            "share": _num(picture.coverage.share, 3),
            "threshold": _num(picture.coverage.threshold, 3),
            "covered": picture.coverage.covered,
        },
        "low_coverage_weeks": [str(w) for w in picture.low_coverage_weeks],
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


@dataclass(frozen=True)
class PinChoice:
    """One report in the "pin a report" list: what the option shows, nothing more.
    ``when`` is the start as the templates' ``|date:"j M H:i"`` writes it ("23 nov 14:05")."""

    public_id: Any
    category: str
    area: str | None
    occurred_start: dt.datetime
    when: str


def pin_candidates(
    user: Any, municipality: Municipality, week: IsoWeek, *, limit: int = 200
) -> list[PinChoice]:
    """The week's counted reports the user can see, to choose a pin from: the most harmful
    first. Read as values (category, area name, time), not as reports: the list is long and
    its options show three fields."""
    english = (get_language() or "sv").startswith("en")
    rows = (
        reports_visible_to(user, municipality)
        .exclude(status__in=[ReportStatus.REJECTED, ReportStatus.MERGED])
        .filter(week_start=week.monday)
        .order_by("-impact", "-occurred_start")
        .values_list(
            "public_id", "category__name", "category__name_en", "area__name", "occurred_start"
        )[:limit]
    )
    # two hundred dates through the date filter cost more than the query: the month names
    # through it once, the rest by hand (the same text: day without zero, month, 24-hour time)
    months = [date_filter(dt.date(2000, month, 1), "M") for month in range(1, 13)]

    def when(moment: dt.datetime) -> str:
        local = timezone.localtime(moment)
        return f"{local.day} {months[local.month - 1]} {local:%H:%M}"

    return [
        PinChoice(public_id, (name_en if english and name_en else name), area, start, when(start))
        for public_id, name, name_en, area, start in rows
    ]


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
