"""Reads for the hot spot page and API (ANALYTICS.md, "Where are the hot spots?").

Counting happens in SQL (``GROUP BY`` the stored H3 cell of each report); the statistics are
the pure functions of ``trygg.analysis``. The figures are aggregates over *all* counted reports
of the municipality (coordinator-only reports included, rejected and merged duplicates
excluded): nothing here returns a report's id, text or exact position.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import h3
import numpy as np
import numpy.typing as npt
from django.db.models import Count, F, Q

from trygg.analysis.aoristic import aoristic_profile_epochs
from trygg.analysis.concentration import Concentration, concentration
from trygg.analysis.hotspots import HotspotCell, hotspots, polygon_to_cells
from trygg.analysis.kde import KdeGrid, kde_grid
from trygg.core.expressions import EpochHour, EpochSeconds
from trygg.core.weeks import IsoWeek
from trygg.geo.geometry import h3_to_str
from trygg.places.models import Municipality, Place
from trygg.reports.models import Category, Report

#: H3 resolution -> the Report column holding the cell at that resolution
RESOLUTION_COLUMNS: Final = {7: "h3_r7", 9: "h3_r9"}
RESOLUTIONS: Final = tuple(RESOLUTION_COLUMNS)
DEFAULT_RESOLUTION: Final = 9
DEFAULT_WEEKS: Final = 12
MAX_WEEKS: Final = 260
DEFAULT_BANDWIDTH_M: Final = 300.0
#: at most this many heat-map grid points go to the browser
HEAT_POINTS_LIMIT: Final = 15_000
#: grid points below this share of the highest density are left out of the heat layer
HEAT_MIN_SHARE: Final = 0.02


def default_period(today: dt.date | None = None) -> tuple[IsoWeek, IsoWeek]:
    """The last twelve complete ISO weeks."""
    current = IsoWeek.of(today) if today is not None else IsoWeek.current()
    last = current.previous()
    return last.shift(-(DEFAULT_WEEKS - 1)), last


# ---------------------------------------------------------------------------------------------
# Study area cells (cached per municipality outline and resolution)

_OUTLINE_CACHE: dict[tuple[int, int, str], tuple[tuple[str, ...], frozenset[str]]] = {}
_OUTLINE_LOCK = threading.Lock()


def _outline(municipality: Municipality, resolution: int) -> tuple[tuple[str, ...], frozenset[str]]:
    outline = municipality.outline or {}
    if not outline:
        return (), frozenset()
    key = (municipality.pk, resolution, str(municipality.updated_at))
    cached = _OUTLINE_CACHE.get(key)
    if cached is not None:
        return cached
    try:
        cells = tuple(polygon_to_cells(outline, resolution))
    except ValueError:  # a broken outline: the study area is the cells with events
        cells = ()
    with _OUTLINE_LOCK:
        _OUTLINE_CACHE[key] = (cells, frozenset(cells))
    return cells, frozenset(cells)


def outline_cells(municipality: Municipality, resolution: int) -> tuple[str, ...]:
    """All H3 cells (strings, sorted) of the municipality's outline at ``resolution``.

    Cached in-process; the key includes the municipality's ``updated_at`` so that a new outline
    is picked up.
    """
    return _outline(municipality, resolution)[0]


# ---------------------------------------------------------------------------------------------
# Counting


def counted_reports(
    municipality: Municipality,
    *,
    first_week: IsoWeek,
    last_week: IsoWeek,
    categories: Sequence[Category] | None = None,
) -> Any:
    """The counted reports (rejected and merged duplicates excluded) of the period."""
    qs = Report.objects.counted().filter(
        municipality=municipality,
        week_start__gte=first_week.monday,
        week_start__lte=last_week.monday,
    )
    if categories:
        qs = qs.filter(category__in=list(categories))
    return qs


@dataclass(frozen=True)
class PeriodCounts:
    """The counted reports of a period by H3 cell and by place, from one grouped query."""

    cells: dict[str, int]  #: reports per H3 cell (string) at the analysis resolution
    places: dict[int, int]  #: reports per place id
    total: int  #: all counted reports of the period, located or not


def period_counts(reports: Any, resolution: int) -> PeriodCounts:
    """Reports per H3 cell and per place, and the total, in one ``GROUP BY`` (cell, place)."""
    column = RESOLUTION_COLUMNS[resolution]
    rows = (
        reports.order_by()
        .values(column, "place_id")
        .annotate(n=Count("id"))
        .values_list(column, "place_id", "n")
    )
    cells: dict[str, int] = {}
    places: dict[int, int] = {}
    total = 0
    for cell, place_id, n in rows:
        total += n
        if cell is not None:
            key = h3_to_str(cell)
            cells[key] = cells.get(key, 0) + n
        if place_id is not None:
            places[place_id] = places.get(place_id, 0) + n
    return PeriodCounts(cells=cells, places=places, total=total)


def place_values(municipality: Municipality, by_place: dict[int, int]) -> list[int]:
    """Reports per place of the municipality, places without reports included (zeros)."""
    ids = Place.objects.filter(municipality=municipality).values_list("id", flat=True)
    return [int(by_place.get(pk, 0)) for pk in ids]


def report_points(reports: Any) -> list[tuple[float, float]]:
    """(lat, lon) of each located report: its own point, else its place's."""
    rows = (
        reports.filter(Q(lat__isnull=False, lon__isnull=False) | Q(place__isnull=False))
        .order_by()
        .annotate(place_lat=F("place__lat"), place_lon=F("place__lon"))
        .values_list("lat", "lon", "place_lat", "place_lon")
    )
    points: list[tuple[float, float]] = []
    for lat, lon, place_lat, place_lon in rows.iterator(chunk_size=5000):
        if lat is not None and lon is not None:
            points.append((lat, lon))
        elif place_lat is not None and place_lon is not None:
            points.append((place_lat, place_lon))
    return points


def time_profile(reports: Any) -> npt.NDArray[np.float64]:
    """Aoristic weekday × hour profile (7×24, Europe/Stockholm) of the reports.

    Exact times are counted per UTC hour in SQL (a few thousand rows at most, whatever the
    number of reports); only reports with a time window come back one by one, as whole epoch
    seconds, and are spread by :func:`trygg.analysis.aoristic.aoristic_profile_epochs`.
    """
    exact = Q(occurred_end__isnull=True) | Q(occurred_end=F("occurred_start"))
    hours = (
        reports.filter(exact)
        .order_by()
        .annotate(hour=EpochHour("occurred_start"))
        .values("hour")
        .annotate(n=Count("id"))
        .values_list("hour", "n")
    )
    windows = (
        reports.exclude(exact)
        .order_by()
        .annotate(start=EpochSeconds("occurred_start"), end=EpochSeconds("occurred_end"))
        .values_list("start", "end")
    )
    return aoristic_profile_epochs(exact_hours=list(hours), windows=list(windows))


# ---------------------------------------------------------------------------------------------
# The analysis


@dataclass
class HotspotAnalysis:
    first_week: IsoWeek
    last_week: IsoWeek
    resolution: int
    categories: list[Category]
    cells: list[HotspotCell]  #: every study cell, zeros included, sorted by cell id
    total: int  #: counted reports of the period (located or not)
    located: int  #: of which with an H3 cell
    cell_concentration: Concentration
    place_concentration: Concentration
    profile: npt.NDArray[np.float64] | None = None  #: 7×24
    kde: KdeGrid | None = None
    bandwidth_m: float = DEFAULT_BANDWIDTH_M
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def weeks(self) -> int:
        return (self.last_week.monday - self.first_week.monday).days // 7 + 1

    @property
    def hot(self) -> list[HotspotCell]:
        return sorted(
            (c for c in self.cells if c.klass == "hot"), key=lambda c: (-c.z, -c.count, c.cell)
        )

    @property
    def cold(self) -> list[HotspotCell]:
        return sorted((c for c in self.cells if c.klass == "cold"), key=lambda c: (c.z, c.cell))

    def shown_cells(self, *, include_all: bool = False) -> list[HotspotCell]:
        """Hot and cold cells, and with ``include_all`` every cell with events."""
        return [c for c in self.cells if c.klass != "none" or (include_all and c.count > 0)]


def _study_area(municipality: Municipality, resolution: int, counts: dict[str, int]) -> Any:
    """The outline's cells plus any cell with events outside it, sorted.

    Usually no event lies outside the outline's cells, and the (cached, sorted) outline tuple
    itself is returned, so that Gi*'s weights come from its cache.
    """
    cells, members = _outline(municipality, resolution)
    outside = [c for c in counts if c not in members]
    if not outside:
        return cells
    return tuple(sorted((*cells, *outside)))


def hotspot_analysis(
    municipality: Municipality,
    *,
    user: Any,
    first_week: IsoWeek,
    last_week: IsoWeek,
    categories: Iterable[Category] | None = None,
    resolution: int = DEFAULT_RESOLUTION,
    with_profile: bool = True,
    with_kde: bool = False,
    bandwidth_m: float = DEFAULT_BANDWIDTH_M,
) -> HotspotAnalysis:
    """Gi* hot spots, concentration, time profile and (optionally) a heat grid.

    ``user`` is the viewer; the results are aggregates over every counted report (visibility
    restricts report *details*, not counts), so it does not narrow the counting. The caller
    checks ``situation.view``.
    """
    if resolution not in RESOLUTION_COLUMNS:
        raise ValueError(f"resolution must be one of {RESOLUTIONS}, got {resolution!r}")
    if first_week > last_week:
        raise ValueError("first_week after last_week")
    started = time.perf_counter()
    chosen = list(categories or [])
    reports = counted_reports(
        municipality, first_week=first_week, last_week=last_week, categories=chosen
    )
    period = period_counts(reports, resolution)
    counts = period.cells
    study = _study_area(municipality, resolution, counts)
    values = [counts.get(c, 0) for c in study]
    cells = hotspots(study, values) if study else []
    total = period.total
    analysis = HotspotAnalysis(
        first_week=first_week,
        last_week=last_week,
        resolution=resolution,
        categories=chosen,
        cells=cells,
        total=total,
        located=sum(counts.values()),
        cell_concentration=concentration(values),
        place_concentration=concentration(place_values(municipality, period.places)),
        bandwidth_m=bandwidth_m,
    )
    if with_profile:
        analysis.profile = time_profile(reports)
    if with_kde:
        points = report_points(reports)
        if points:
            analysis.kde = kde_grid(
                points, bandwidth_m=bandwidth_m, kernel="quartic", cell_size_m=bandwidth_m / 2
            )
    analysis.seconds = time.perf_counter() - started
    return analysis


# ---------------------------------------------------------------------------------------------
# Output shapes (no report ids, no text)


def cell_polygon(cell: str) -> list[list[float]]:
    """The cell's boundary as a closed GeoJSON ring ([lon, lat] pairs)."""
    ring = [[round(lng, 6), round(lat, 6)] for lat, lng in h3.cell_to_boundary(cell)]
    ring.append(ring[0])
    return ring


def cell_properties(cell: HotspotCell) -> dict[str, Any]:
    return {
        "cell": cell.cell,
        "count": cell.count,
        "z": round(cell.z, 4),
        "p": cell.p,
        "q": cell.q,
        "class": cell.klass,
    }


def cells_feature_collection(
    analysis: HotspotAnalysis, *, include_all: bool = False
) -> dict[str, Any]:
    """GeoJSON of the hot and cold cells (and every cell with events when ``include_all``)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [cell_polygon(c.cell)]},
                "properties": cell_properties(c),
            }
            for c in analysis.shown_cells(include_all=include_all)
        ],
        "resolution": analysis.resolution,
        "period": {"from": str(analysis.first_week), "to": str(analysis.last_week)},
    }


def heat_points(kde: KdeGrid | None) -> list[list[float]]:
    """[lat, lon, weight 0–1] of the heat grid for leaflet.heat (faint points left out)."""
    if kde is None or kde.density.size == 0:
        return []
    top = float(kde.density.max())
    if top <= 0:
        return []
    rows, cols = np.nonzero(kde.density >= top * HEAT_MIN_SHARE)
    weights = kde.density[rows, cols] / top
    if weights.size > HEAT_POINTS_LIMIT:
        keep = np.argsort(weights)[::-1][:HEAT_POINTS_LIMIT]
        rows, cols, weights = rows[keep], cols[keep], weights[keep]
    return [
        [round(float(kde.lats[r]), 5), round(float(kde.lons[c]), 5), round(float(w), 3)]
        for r, c, w in zip(rows, cols, weights, strict=True)
    ]


def concentration_dict(value: Concentration) -> dict[str, Any]:
    return {
        "n_units": value.n_units,
        "total": value.total,
        "top5_units": value.top5_units,
        "top5_share": value.top5_share,
        "top10_units": value.top10_units,
        "top10_share": value.top10_share,
        "gini": value.gini,
    }


def profile_rows(profile: npt.NDArray[np.float64] | None) -> list[list[dict[str, Any]]]:
    """7 rows × 24 cells: rounded value and an intensity level 0–4 (for a CSS class)."""
    if profile is None:
        return []
    top = float(profile.max()) if profile.size else 0.0
    rows: list[list[dict[str, Any]]] = []
    for day in range(7):
        row = []
        for hour in range(24):
            value = float(profile[day, hour])
            level = 0 if top <= 0 or value <= 0 else min(4, 1 + int(4 * value / top * 0.999))
            row.append({"value": round(value, 1), "level": level})
        rows.append(row)
    return rows
