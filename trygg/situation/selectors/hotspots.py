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
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trygg.analysis.aoristic import aoristic_profile_epochs
from trygg.analysis.concentration import Concentration, concentration
from trygg.analysis.hotspots import (
    MIN_EVENTS,
    MIN_NEIGHBOURHOOD_EVENTS,
    HotspotCell,
    hotspot_study,
    polygon_to_cells,
)
from trygg.analysis.kde import KdeGrid, kde_grid
from trygg.core.expressions import EpochHour, EpochSeconds
from trygg.core.weeks import IsoWeek
from trygg.geo.geometry import h3_to_str
from trygg.places.locator import area_index_for
from trygg.places.models import Area, Municipality, Place
from trygg.reports.models import Category, Report

#: H3 resolution -> the Report column counted at that resolution. Resolution 8 has no column of
#: its own: its cells are the parents of the stored resolution-9 cells (h3.cell_to_parent), and
#: the GROUP BY h3_r9 of a period has at most a few thousand rows.
RESOLUTION_COLUMNS: Final = {7: "h3_r7", 8: "h3_r9", 9: "h3_r9"}
RESOLUTIONS: Final = tuple(RESOLUTION_COLUMNS)
#: default for the whole municipality (cells about 1 km across)
DEFAULT_RESOLUTION: Final = 8
#: default for one area (cells about 350 m across)
AREA_RESOLUTION: Final = 9
DEFAULT_WEEKS: Final = 12
MAX_WEEKS: Final = 260
DEFAULT_BANDWIDTH_M: Final = 300.0
#: at most this many heat-map grid points go to the browser
HEAT_POINTS_LIMIT: Final = 15_000
#: grid points below this share of the highest density are left out of the heat layer
HEAT_MIN_SHARE: Final = 0.02
_EARTH_RADIUS_M: Final = 6_371_008.8


def default_resolution(area: Area | None = None) -> int:
    """Resolution 8 for the whole municipality, 9 for one area (ANALYTICS.md rev 2)."""
    return DEFAULT_RESOLUTION if area is None else AREA_RESOLUTION


def default_period(today: dt.date | None = None) -> tuple[IsoWeek, IsoWeek]:
    """The last twelve complete ISO weeks."""
    current = IsoWeek.of(today) if today is not None else IsoWeek.current()
    last = current.previous()
    return last.shift(-(DEFAULT_WEEKS - 1)), last


# ---------------------------------------------------------------------------------------------
# Study area: the cells whose centres lie inside the active areas (cached per area set)

_AREA_CELLS_CACHE: dict[tuple[int, int, int | None], tuple[tuple[Any, ...], tuple[str, ...]]] = {}
_AREA_CELLS_LOCK = threading.Lock()


def _active_areas(municipality: Municipality, area: Area | None) -> Any:
    qs = Area.objects.filter(municipality=municipality, active=True)
    return qs.filter(pk=area.pk) if area is not None else qs


def area_cells(
    municipality: Municipality, resolution: int, area: Area | None = None
) -> tuple[str, ...]:
    """H3 cells (strings, sorted) whose centres lie inside the municipality's active areas,
    or inside ``area`` alone.

    Cached in-process, keyed on the areas' ids and ``updated_at`` (one small query), so an
    edited, added or deactivated area is picked up; the geometries are decoded only on a miss.
    """
    signature = tuple(
        _active_areas(municipality, area).order_by("id").values_list("id", "updated_at")
    )
    key = (municipality.pk, resolution, area.pk if area is not None else None)
    cached = _AREA_CELLS_CACHE.get(key)
    if cached is not None and cached[0] == signature:
        return cached[1]
    cells: set[str] = set()
    for geometry in _active_areas(municipality, area).values_list("geometry", flat=True):
        try:
            cells.update(polygon_to_cells(geometry, resolution))
        except (ValueError, TypeError, AttributeError):  # a broken geometry adds no cells
            continue
    result = tuple(sorted(cells))
    with _AREA_CELLS_LOCK:
        _AREA_CELLS_CACHE[key] = (signature, result)
    return result


# ---------------------------------------------------------------------------------------------
# Counting


def counted_reports(
    municipality: Municipality,
    *,
    first_week: IsoWeek,
    last_week: IsoWeek,
    categories: Sequence[Category] | None = None,
    area: Area | None = None,
) -> Any:
    """The counted reports (rejected and merged duplicates excluded) of the period, of one
    area when ``area`` is given."""
    qs = Report.objects.counted().filter(
        municipality=municipality,
        week_start__gte=first_week.monday,
        week_start__lte=last_week.monday,
    )
    if categories:
        qs = qs.filter(category__in=list(categories))
    if area is not None:
        qs = qs.filter(area=area)
    return qs


@dataclass(frozen=True)
class PeriodCounts:
    """The counted reports of a period by H3 cell and by place, from one grouped query."""

    cells: dict[str, int]  #: reports per H3 cell (string) at the analysis resolution
    places: dict[int, int]  #: reports per place id
    total: int  #: all counted reports of the period, located or not
    #: per cell: reports per area id (the report's own area), for naming cells outside the areas
    cell_areas: dict[str, dict[int, int]] = field(default_factory=dict)


def period_counts(reports: Any, resolution: int) -> PeriodCounts:
    """Reports per H3 cell and per place, and the total, in one ``GROUP BY`` (cell, area, place).

    ``COUNT(*)``, not ``COUNT(id)``: on PostgreSQL counting a column makes the planner read the
    table rows instead of only the covering index (docs/performance.md).
    """
    column = RESOLUTION_COLUMNS[resolution]
    rows = (
        reports.order_by()
        .values(column, "area_id", "place_id")
        .annotate(n=Count("*"))
        .values_list(column, "area_id", "place_id", "n")
    )
    cells: dict[str, int] = {}
    places: dict[int, int] = {}
    cell_areas: dict[str, dict[int, int]] = {}
    names: dict[int, str] = {}
    total = 0
    for stored, area_id, place_id, n in rows:
        total += n
        if stored is not None:
            key = names.get(stored)
            if key is None:
                key = h3_to_str(stored)
                if h3.get_resolution(key) != resolution:
                    key = str(h3.cell_to_parent(key, resolution))
                names[stored] = key
            cells[key] = cells.get(key, 0) + n
            if area_id is not None:
                by_area = cell_areas.setdefault(key, {})
                by_area[area_id] = by_area.get(area_id, 0) + n
        if place_id is not None:
            places[place_id] = places.get(place_id, 0) + n
    return PeriodCounts(cells=cells, places=places, total=total, cell_areas=cell_areas)


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
        .annotate(n=Count("*"))
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


@dataclass(frozen=True, slots=True)
class CellName:
    """What a person calls a cell: its area and the nearest named place."""

    area: str | None  #: the area holding the cell's centre (else most of its events), or None
    place: str | None  #: the nearest active named place of the municipality, or None
    distance_m: float | None  #: from the cell's centre to that place, metres (not rounded)


@dataclass
class HotspotAnalysis:
    first_week: IsoWeek
    last_week: IsoWeek
    resolution: int
    categories: list[Category]
    cells: list[HotspotCell]  #: every study cell, zeros included, sorted by cell id
    total: int  #: counted reports of the period (located or not)
    located: int  #: of which with an H3 cell: the events of the study area
    cell_concentration: Concentration
    place_concentration: Concentration
    profile: npt.NDArray[np.float64] | None = None  #: 7×24
    kde: KdeGrid | None = None
    bandwidth_m: float = DEFAULT_BANDWIDTH_M
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)
    area: Area | None = None  #: one area, or None for the whole municipality
    #: False: fewer than ``min_events`` events in the study area, no Gi* (ANALYTICS.md rev 2)
    computed: bool = True
    min_events: float = MIN_EVENTS
    min_neighbourhood: float = MIN_NEIGHBOURHOOD_EVENTS
    area_cells: int = 0  #: study cells whose centre lies inside the (chosen) active areas
    event_cells: int = 0  #: study cells added because they hold an event (centre outside)
    areas_used: int = 0  #: active areas the study area is built from
    #: names of the cells with events or a class (hot / cold), by cell id
    names: dict[str, CellName] = field(default_factory=dict)

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

    def name_of(self, cell: str) -> CellName:
        return self.names.get(cell) or CellName(area=None, place=None, distance_m=None)


def _distances_m(lat: float, lon: float, lats: Any, lons: Any) -> Any:
    """Haversine distances in metres from (lat, lon) to arrays of points."""
    phi1, phi2 = np.radians(lat), np.radians(lats)
    dphi = phi2 - phi1
    dlmb = np.radians(lons) - np.radians(lon)
    h = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlmb / 2) ** 2
    return 2 * _EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(h, 1.0)))


def cell_names(
    municipality: Municipality,
    cells: Iterable[str],
    cell_areas: dict[str, dict[int, int]] | None = None,
) -> dict[str, CellName]:
    """Name each cell by its area and nearest named place (ANALYTICS.md rev 2).

    The area is the active area holding the cell's centre; a cell whose centre lies outside
    every area takes the area most of its events were reported in (``cell_areas``), else none.
    The place is the nearest active named place of the municipality to the cell's centre.
    """
    wanted = list(dict.fromkeys(cells))
    if not wanted:
        return {}
    index = area_index_for(municipality)
    area_names = dict(Area.objects.filter(municipality=municipality).values_list("id", "name"))
    places = list(
        Place.objects.filter(municipality=municipality, active=True)
        .order_by("name", "id")
        .values_list("name", "lat", "lon")
    )
    place_lats = np.array([p[1] for p in places], dtype=np.float64)
    place_lons = np.array([p[2] for p in places], dtype=np.float64)
    votes = cell_areas or {}
    result: dict[str, CellName] = {}
    for cell in wanted:
        lat, lon = h3.cell_to_latlng(cell)
        area_id = index.locate(lat, lon)
        if area_id is None and votes.get(cell):
            by_area = votes[cell]
            area_id = min(by_area, key=lambda k: (-by_area[k], area_names.get(k, ""), k))
        place: str | None = None
        distance: float | None = None
        if places:
            d = _distances_m(lat, lon, place_lats, place_lons)
            nearest = int(np.argmin(d))
            place, distance = places[nearest][0], float(d[nearest])
        result[cell] = CellName(
            area=area_names.get(area_id) if area_id is not None else None,
            place=place,
            distance_m=distance,
        )
    return result


def hotspot_analysis(
    municipality: Municipality,
    *,
    user: Any,
    first_week: IsoWeek,
    last_week: IsoWeek,
    categories: Iterable[Category] | None = None,
    resolution: int | None = None,
    area: Area | None = None,
    with_profile: bool = True,
    with_kde: bool = False,
    bandwidth_m: float = DEFAULT_BANDWIDTH_M,
) -> HotspotAnalysis:
    """Gi* hot spots, concentration, time profile and (optionally) a heat grid.

    The study area (ANALYTICS.md rev 2) is the set of cells whose centres lie inside the
    municipality's active areas (or inside ``area`` alone), plus every cell holding an event of
    the period; forest and fields outside the areas without events are not part of it. With
    ``area`` only that area's reports are counted. ``resolution`` defaults to 8 for the whole
    municipality and 9 for one area. With fewer than 30 located events no Gi* is computed
    (``computed`` is False) and no cell is hot or cold.

    ``user`` is the viewer; the results are aggregates over every counted report (visibility
    restricts report *details*, not counts), so it does not narrow the counting. The caller
    checks ``situation.view``.
    """
    if resolution is None:
        resolution = default_resolution(area)
    if resolution not in RESOLUTION_COLUMNS:
        raise ValueError(f"resolution must be one of {RESOLUTIONS}, got {resolution!r}")
    if first_week > last_week:
        raise ValueError("first_week after last_week")
    if area is not None and area.municipality_id != municipality.pk:
        raise ValueError("the area belongs to another municipality")
    started = time.perf_counter()
    chosen = list(categories or [])
    reports = counted_reports(
        municipality, first_week=first_week, last_week=last_week, categories=chosen, area=area
    )
    period = period_counts(reports, resolution)
    counts = period.cells
    inside = area_cells(municipality, resolution, area)
    members = frozenset(inside)
    outside = sorted(c for c in counts if c not in members)
    study = tuple(sorted((*inside, *outside))) if outside else inside
    values = [counts.get(c, 0) for c in study]
    result = hotspot_study(study, values)
    cells = result.cells
    analysis = HotspotAnalysis(
        first_week=first_week,
        last_week=last_week,
        resolution=resolution,
        categories=chosen,
        cells=cells,
        total=period.total,
        located=sum(counts.values()),
        cell_concentration=concentration(values),
        place_concentration=concentration(place_values(municipality, period.places)),
        bandwidth_m=bandwidth_m,
        area=area,
        computed=result.computed,
        min_events=result.min_events,
        min_neighbourhood=result.min_neighbourhood,
        area_cells=len(inside),
        event_cells=len(outside),
        areas_used=1 if area is not None else _active_areas(municipality, None).count(),
    )
    analysis.names = cell_names(
        municipality,
        (c.cell for c in cells if c.count > 0 or c.klass != "none"),
        period.cell_areas,
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


def distance_text(metres: float | None) -> str:
    """ "about 150 m" / "about 1.2 km" in the current language (rounded here, for display)."""
    if metres is None:
        return ""
    if metres < 1000:
        return _("about %(m)s m") % {"m": number_format(max(10, round(metres, -1)), 0)}
    return _("about %(km)s km") % {"km": number_format(round(metres / 1000, 1), 1)}


def cell_label(name: CellName) -> str:
    """A cell's name for people: "Centrum, near Resecentrum (about 150 m)"."""
    if name.area and name.place:
        return _("%(area)s, near %(place)s (%(distance)s)") % {
            "area": name.area,
            "place": name.place,
            "distance": distance_text(name.distance_m),
        }
    if name.area:
        return name.area
    if name.place:
        return _("Outside the areas, near %(place)s (%(distance)s)") % {
            "place": name.place,
            "distance": distance_text(name.distance_m),
        }
    return _("Outside the areas")


def study_area_text(analysis: HotspotAnalysis) -> str:
    """The study area in words (the page and the API state it)."""
    total = len(analysis.cells)
    values = {
        "inside": analysis.area_cells,
        "outside": analysis.event_cells,
        "areas": analysis.areas_used,
        "total": total,
    }
    if analysis.area is not None:
        return ngettext(
            "Study area: the cells whose centre lies inside %(area)s (cells: %(inside)s) and "
            "every cell outside it holding an event of the area (cells: %(outside)s), "
            "%(total)s cell in all.",
            "Study area: the cells whose centre lies inside %(area)s (cells: %(inside)s) and "
            "every cell outside it holding an event of the area (cells: %(outside)s), "
            "%(total)s cells in all.",
            total,
        ) % {**values, "area": analysis.area.name}
    if not analysis.areas_used:
        return (
            ngettext(
                "The municipality has no active areas: the study area is only the cells holding "
                "an event, %(total)s cell.",
                "The municipality has no active areas: the study area is only the cells holding "
                "an event, %(total)s cells.",
                total,
            )
            % values
        )
    return (
        ngettext(
            "Study area: the cells whose centre lies inside the municipality's active areas "
            "(areas: %(areas)s, cells: %(inside)s) and every cell outside them holding an event "
            "(cells: %(outside)s), %(total)s cell in all. Forest and fields outside the areas "
            "without events are not part of it.",
            "Study area: the cells whose centre lies inside the municipality's active areas "
            "(areas: %(areas)s, cells: %(inside)s) and every cell outside them holding an event "
            "(cells: %(outside)s), %(total)s cells in all. Forest and fields outside the areas "
            "without events are not part of it.",
            total,
        )
        % values
    )


def too_few_text(analysis: HotspotAnalysis) -> str:
    """Why there is no Gi*: the minimum-evidence rule, with the counts."""
    return ngettext(
        "Too few events for a hot-spot analysis: %(events)s event with a position in the "
        "period and study area, at least %(min)s are needed. Choose a longer period, more "
        "categories or the whole municipality.",
        "Too few events for a hot-spot analysis: %(events)s events with a position in the "
        "period and study area, at least %(min)s are needed. Choose a longer period, more "
        "categories or the whole municipality.",
        analysis.located,
    ) % {"events": analysis.located, "min": int(analysis.min_events)}


def cell_properties(
    cell: HotspotCell, *, computed: bool = True, name: CellName | None = None
) -> dict[str, Any]:
    """One cell's figures and name. z, p and q are None when no Gi* was computed."""
    name = name or CellName(area=None, place=None, distance_m=None)
    return {
        "cell": cell.cell,
        "count": cell.count,
        "z": round(cell.z, 4) if computed else None,
        "p": cell.p if computed else None,
        "q": cell.q if computed else None,
        "class": cell.klass,
        "neighbourhood": cell.neighbourhood,
        "name": cell_label(name),
        "area": name.area,
        "place": name.place,
        "place_distance_m": None if name.distance_m is None else round(name.distance_m),
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
                "properties": cell_properties(
                    c, computed=analysis.computed, name=analysis.name_of(c.cell)
                ),
            }
            for c in analysis.shown_cells(include_all=include_all)
        ],
        "resolution": analysis.resolution,
        "period": {"from": str(analysis.first_week), "to": str(analysis.last_week)},
        "computed": analysis.computed,
        "events": analysis.located,
        "min_events": analysis.min_events,
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
