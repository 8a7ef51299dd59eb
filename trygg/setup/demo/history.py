"""Generated report history: about three years of weekly reports and nil returns.

Reports are written through ``reports_import`` (the batch form of ``report_create``: the same
validation, personal-data guard and area look-up, one audit row per batch); the review outcome
of past weeks is then copied onto them. Nil returns are filled as ``weekly_return_submit``
would fill them and written with ``bulk_create``.

Counts cluster as real reports do: events come in clusters (the same kind of event in the same
area in the same week, e.g. a group that returns several evenings) whose sizes are geometric
with mean 1/CLUSTER_P, so a cell's weekly count has variance ≈ φ × mean with
φ = (2 − CLUSTER_P)/CLUSTER_P ≈ 1.7 before the losses of missing organisations and rejections
(measured on the demo: docs/statistics.md). Holidays (Valborg, skolavslutning, midsommar,
Halloween, nyårsafton; dates computed per year) add their peaks, and the planted signals of
trygg.setup.demo.signals add or remove events in named areas and weeks.

Determinism: each week draws from its own generator seeded with (seed, kommunkod, ISO year,
ISO week), so a calendar week always gets the same data for the same seed and end week, and
the number of weeks generated does not change the data of any week (the planted signals are
placed relative to the end week).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connections, router
from shapely import prepare
from shapely.geometry import shape

from trygg.core.validators import clean_text
from trygg.core.weeks import STOCKHOLM, IsoWeek
from trygg.geo.geometry import h3_cells, random_points_in
from trygg.places.locator import area_index_for
from trygg.places.models import Area
from trygg.reports.choices import PART_OF_DAY_HOURS, Channel
from trygg.reports.models import Category, Report, WeeklyReturn
from trygg.reports.services.imports import reports_import
from trygg.reports.services.reports import REPORT_INPUT_FIELDS
from trygg.setup.demo.data import (
    CATEGORY_SEASON,
    CATEGORY_WEIGHTS,
    DAY_HOURS_WEIGHTS,
    DEMO_SUFFIX,
    DESCRIPTIONS,
    EVENING_CATEGORIES,
    EVENING_HOURS_WEIGHTS,
    HOLIDAY_CATEGORIES,
    IMPACT,
    PEOPLE,
    POLICE_CONTACT,
    REJECTION_REASONS,
    SEASON,
    WINDOW_PRONE,
    MunicipalitySpec,
)
from trygg.setup.demo.signals import PlantedSignal, resolve
from trygg.setup.demo.structure import M_PER_DEG, Structure

# weekday weights Monday..Sunday
EVENING_DAYS = np.array([0.8, 0.8, 0.9, 1.1, 1.8, 2.1, 1.2])
DAY_DAYS = np.array([1.3, 1.2, 1.2, 1.2, 1.1, 0.6, 0.5])

AREA_CATEGORY_FACTOR: dict[tuple[str, str], float] = {
    ("buskorning", "Salsta"): 2.0,
    ("buskorning", "Malmköping"): 2.0,
    ("buskorning", "Hälleforsnäs"): 2.0,
    ("buskorning", "Strömtorp"): 2.0,
    ("narkotika", "Stationsområdet/Resecentrum"): 2.0,
    ("narkotika", "Sveaparken"): 1.5,
    ("nedskrapning", "Sveaparken"): 1.5,
    ("samlas-stor", "Sveaparken"): 1.5,
    ("klotter", "Stationsområdet/Resecentrum"): 1.5,
    ("inbrott-stold", "Salsta"): 1.5,
    ("narkotika", "Degerfors centrum"): 1.5,
}

#: P(a cluster ends after each event): sizes 1, 2, 3, … with P(S = s) = (1 − p)^(s−1)·p,
#: mean 1/p, and a cell's weekly count has φ = E[S²]/E[S] = (2 − p)/p
CLUSTER_P = 0.75
MEAN_CLUSTER = 1.0 / CLUSTER_P

EVENING_HOURS = np.array(EVENING_HOURS_WEIGHTS)
DAY_HOURS = np.array(DAY_HOURS_WEIGHTS)


@dataclass
class HistoryCounts:
    reports: int = 0
    counted: int = 0
    weekly_returns: int = 0
    weeks: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


def last_complete_week(today: dt.date) -> IsoWeek:
    return IsoWeek.of(today).previous()


def holidays(year: int) -> dict[str, dt.date]:
    """Dates of the demo's holiday spikes in a year."""
    # midsommarafton: the Friday between 19 and 25 June
    midsommar = next(
        dt.date(year, 6, d) for d in range(19, 26) if dt.date(year, 6, d).weekday() == 4
    )
    # skolavslutning: the Friday of the week before midsommar (mid-June)
    return {
        "valborg": dt.date(year, 4, 30),
        "skolavslutning": midsommar - dt.timedelta(days=7),
        "midsommar": midsommar,
        "halloween": dt.date(year, 10, 31),
        "nyar": dt.date(year, 12, 31),
    }


def _month_factor(table: list[float], day: dt.date) -> float:
    """Smooth monthly table: linear between mid-months."""
    position = day.month - 1 + (day.day - 15) / 30.0
    lower = math.floor(position)
    frac = position - lower
    return table[lower % 12] * (1 - frac) + table[(lower + 1) % 12] * frac


def _choice(rng: np.random.Generator, weights: np.ndarray) -> int:
    total = float(weights.sum())
    return int(rng.choice(len(weights), p=weights / total))


@dataclass
class _AreaInfo:
    area: Any
    geom: Any
    name: str
    weight: float
    evening_boost: float
    lat: float
    lon: float
    radius_m: float
    places: list[tuple[Any, float]]


@dataclass
class _Event:
    category: str
    day: dt.date | None = None
    evening: bool | None = None
    area: str | None = None
    #: an event of a planted signal (never thinned or suppressed by another signal)
    planted: bool = False


class HistoryBuilder:
    def __init__(
        self,
        spec: MunicipalitySpec,
        structure: Structure,
        *,
        seed: int,
        now: dt.datetime,
        weeks: int = 156,
    ) -> None:
        self.spec = spec
        self.s = structure
        self.seed = seed
        self.now = now
        self.today = now.astimezone(STOCKHOLM).date()
        # reports of the current week: events until an hour before `now`
        self.cutoff = now - dt.timedelta(hours=1)
        self.end_week = last_complete_week(self.today)
        self.municipality = structure.municipality
        self.index = area_index_for(self.municipality)
        self.categories: dict[str, Category] = {
            c.code: c for c in Category.objects.filter(municipality=self.municipality, active=True)
        }
        self.category_codes = [c for c in CATEGORY_WEIGHTS if c in self.categories]
        self.category_weights = np.array([CATEGORY_WEIGHTS[c] for c in self.category_codes])
        self.areas: list[_AreaInfo] = []
        for area_spec in spec.areas:
            area = structure.areas[area_spec.name]
            geom = shape(area.geometry)
            prepare(geom)
            place_specs = {p.name: p for p in spec.places}
            places = [
                (p, place_specs[p.name].weight if p.name in place_specs else 1.0)
                for p in structure.places.values()
                if p.area_id == area.pk
            ]
            self.areas.append(
                _AreaInfo(
                    area,
                    geom,
                    area_spec.name,
                    area_spec.weight,
                    area_spec.evening_boost,
                    area_spec.lat,
                    area_spec.lon,
                    area_spec.radius_m,
                    places,
                )
            )
        self.area_by_name = {a.name: a for a in self.areas}
        self.orgs = [o for o in spec.organisations if o.key in structure.reporters]
        self.scale = spec.weekly_mean / 24.0
        self.descriptions = {
            code: [clean_text(text + DEMO_SUFFIX) for text in texts]
            for code, texts in DESCRIPTIONS.items()
        }
        self.rejections = [clean_text(text) for text in REJECTION_REASONS]
        self._h3: dict[int, dict[int, int]] = {}
        years = range(self.end_week.shift(-weeks).year, self.end_week.year + 1)
        self.signals: list[PlantedSignal] = [
            s
            for s in resolve(spec.signals, self.end_week, weeks, {y: holidays(y) for y in years})
            if s.area in self.area_by_name and (s.category is None or s.category in self.categories)
        ]
        #: categories that exist only through a planted signal ("a new category")
        self.new_categories = {
            s.category for s in self.signals if s.kind == "new-category" and s.category
        }

    # -- one week -------------------------------------------------------------------------

    def _events(self, rng: np.random.Generator, week: IsoWeek, offset: int) -> list[_Event]:
        thursday = week.monday + dt.timedelta(days=3)
        season = _month_factor(SEASON, thursday)
        weights = self.category_weights * np.array(
            [
                _month_factor(CATEGORY_SEASON[c], thursday) if c in CATEGORY_SEASON else 1.0
                for c in self.category_codes
            ]
        )
        events: list[_Event] = []
        # ordinary events, in clusters of one category and area
        clusters = int(rng.poisson(self.spec.weekly_mean * season / MEAN_CLUSTER))
        for _ in range(clusters):
            code = self.category_codes[_choice(rng, weights)]
            first = _Event(code)
            area = self._area(rng, first, code in EVENING_CATEGORIES).name
            size = int(rng.geometric(CLUSTER_P))
            events += [_Event(code, area=area) for _ in range(size)]
        # holiday peaks: evening events on the day itself, all over the municipality
        for year in {week.monday.year, week.sunday.year}:
            for name, day in holidays(year).items():
                if week.monday <= day <= week.sunday:
                    for code, mean in HOLIDAY_CATEGORIES[name].items():
                        for _ in range(int(rng.poisson(mean * self.scale))):
                            event = _Event(code, day=day, evening=True)
                            event.area = self._area(rng, event, True).name
                            events.append(event)
        events = [
            e
            for e in events
            if e.category in self.categories and e.category not in self.new_categories
        ]
        # planted signals: fewer ordinary events (a decrease), extra events (rise, spike, new)
        for signal in self.signals:
            if not signal.active(week):
                continue
            if signal.factor < 1.0:
                events = [
                    e
                    for e in events
                    if e.planted
                    or e.area != signal.area
                    or (signal.category is not None and e.category != signal.category)
                    or rng.random() < signal.factor
                ]
            if signal.extra_per_week > 0 and signal.category is not None:
                for _ in range(int(rng.poisson(signal.extra_per_week))):
                    events.append(
                        _Event(
                            signal.category,
                            day=signal.day,
                            evening=True if signal.day is not None else None,
                            area=signal.area,
                            planted=True,
                        )
                    )
        return events

    def _when(
        self, rng: np.random.Generator, week: IsoWeek, event: _Event
    ) -> tuple[dt.datetime, dt.datetime | None]:
        evening = (
            event.evening if event.evening is not None else (event.category in EVENING_CATEGORIES)
        )
        if event.day is not None:
            day = event.day
        else:
            day = week.monday + dt.timedelta(
                days=_choice(rng, EVENING_DAYS if evening else DAY_DAYS)
            )
        hour = _choice(rng, EVENING_HOURS if evening else DAY_HOURS)
        if event.day is not None:
            hour = int(rng.choice([18, 19, 20, 21, 22, 23]))
        window_p = 0.5 if event.category in WINDOW_PRONE else 0.15
        if rng.random() < window_p:
            part = (
                "day"
                if rng.random() < 0.1
                else next(
                    name
                    for name, (lo, hi) in PART_OF_DAY_HOURS.items()
                    if name != "day" and lo <= hour < hi
                )
            )
            lo, hi = PART_OF_DAY_HOURS[part]
            start = dt.datetime.combine(day, dt.time(lo), tzinfo=STOCKHOLM)
            end = dt.datetime.combine(day, dt.time.min, tzinfo=STOCKHOLM) + dt.timedelta(hours=hi)
            return start, end
        minute = int(rng.integers(0, 60))
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=STOCKHOLM), None

    def _area(self, rng: np.random.Generator, event: _Event, evening: bool) -> _AreaInfo:
        if event.area is not None:
            return self.area_by_name[event.area]
        weights = np.array(
            [
                a.weight
                * (a.evening_boost if evening else 1.0)
                * AREA_CATEGORY_FACTOR.get((event.category, a.name), 1.0)
                for a in self.areas
            ]
        )
        return self.areas[_choice(rng, weights)]

    def _organisation(self, rng: np.random.Generator, category: str, area: str) -> Any:
        weights = np.array(
            [o.affinity.get(category, 0.0) * o.area_factor.get(area, 1.0) for o in self.orgs]
        )
        if weights.sum() <= 0:
            weights = np.array(
                [0.0 if o.key == self.spec.coordinator_org else 1.0 for o in self.orgs]
            )
        return self.orgs[_choice(rng, weights)]

    def _point(
        self, rng: np.random.Generator, info: _AreaInfo, centre: tuple[float, float], sd_m: float
    ) -> tuple[float, float]:
        lat0, lon0 = centre
        kx = M_PER_DEG * math.cos(math.radians(lat0))
        for _ in range(20):
            dy, dx = rng.normal(0.0, sd_m, 2)
            lat = round(lat0 + dy / M_PER_DEG, 6)
            lon = round(lon0 + dx / kx, 6)
            if self.index.locate(lat, lon) == info.area.pk:
                return lat, lon
        for _ in range(20):
            lat, lon = random_points_in(info.geom, 1, rng)[0]
            lat, lon = round(lat, 6), round(lon, 6)
            if self.index.locate(lat, lon) == info.area.pk:
                return lat, lon
        inside = info.geom.representative_point()  # pragma: no cover - never in practice
        return float(inside.y), float(inside.x)

    def _cells(self, lat: float, lon: float) -> tuple[int, int, int]:
        cells = h3_cells(lat, lon)
        return cells[7], cells[9], cells[11]

    def _report(self, rng: np.random.Generator, week: IsoWeek, event: _Event) -> Report | None:
        start, end = self._when(rng, week, event)
        if start >= self.cutoff or IsoWeek.of(start) != week:
            return None
        evening = (
            event.evening if event.evening is not None else (event.category in EVENING_CATEGORIES)
        )
        info = self._area(rng, event, evening)
        org_spec = self._organisation(rng, event.category, info.name)
        organisation = self.s.organisations[org_spec.key]
        reporters = self.s.reporters[org_spec.key]
        reporter = reporters[int(rng.integers(0, len(reporters)))]

        # where: a point near a hot spot (a place or the area's centre), a place, or the area
        lat = lon = None
        place = None
        h3: tuple[int | None, int | None, int | None] = (None, None, None)
        kind = rng.random()
        near_place = bool(info.places) and rng.random() < 0.65
        chosen_place = None
        if near_place:
            weights = np.array([w for _p, w in info.places])
            chosen_place = info.places[_choice(rng, weights)][0]
        if kind < 0.65 or (kind < 0.85 and chosen_place is None):
            if chosen_place is not None:
                lat, lon = self._point(
                    rng, info, (chosen_place.lat, chosen_place.lon), float(rng.uniform(40, 140))
                )
                if rng.random() < 0.5:
                    place = chosen_place
            else:
                lat, lon = self._point(rng, info, (info.lat, info.lon), info.radius_m / 2.5)
            precision = "point"
            h3 = self._cells(lat, lon)
        elif kind < 0.85 and chosen_place is not None:
            place = chosen_place
            precision = "place"
            h3 = self._cells(place.lat, place.lon)
        else:
            precision = "area"
        area_id = (
            self.index.locate(lat, lon)
            if lat is not None and lon is not None
            else (place.area_id if place is not None and precision == "place" else info.area.pk)
        )

        # how bad, how sure, how many
        probs = IMPACT.get(event.category, (0.4, 0.45, 0.15))
        impact = int(rng.choice([1, 2, 3], p=np.array(probs) / sum(probs)))
        certainty = str(
            rng.choice(
                ["observed", "suspected", "heard"],
                p=[0.55, 0.35, 0.10] if event.category == "narkotika" else [0.75, 0.12, 0.13],
            )
        )
        people_min = people_max = None
        people = PEOPLE.get(event.category)
        if people is not None and rng.random() < people[0]:
            people_min = int(rng.integers(people[1], people[2] + 1))
            people_max = people_min + int(rng.integers(0, people[3] + 1))
        police_contacted = police_report_filed = False
        if org_spec.type != "police" and rng.random() < POLICE_CONTACT.get(event.category, 0.05):
            police_contacted = True
            police_report_filed = bool(rng.random() < 0.5)
        # police reports are sometimes for coordinators only, other sensitive ones rarely
        restricted = (
            0.25
            if org_spec.type == "police"
            else (0.08 if event.category in ("hot-vald", "narkotika", "incident-anstalld") else 0.0)
        )
        visibility = "coordinators" if rng.random() < restricted else "partners"
        texts = self.descriptions[event.category]
        description = texts[int(rng.integers(0, len(texts)))]

        # when it was reported: hours to a few days later, at the latest by the deadline
        happened = end or start
        deadline = dt.datetime.combine(
            week.sunday + dt.timedelta(days=1), dt.time(12, 0), tzinfo=STOCKHOLM
        )
        created = happened + dt.timedelta(hours=float(rng.exponential(18.0)) + 0.3)
        if created > deadline and rng.random() < 0.9:
            created = max(
                happened + dt.timedelta(minutes=20),
                deadline - dt.timedelta(hours=float(rng.uniform(1, 20))),
            )
        created = min(created, self.now - dt.timedelta(minutes=5))
        created = max(created, start)

        return Report(
            municipality=self.municipality,
            organisation=organisation,
            reporter=reporter,
            week_start=IsoWeek.of(start).monday,
            time_precision="window" if end is not None else "exact",
            occurred_start=start,
            occurred_end=end,
            location_precision=precision,
            lat=lat,
            lon=lon,
            place=place,
            area_id=area_id,
            h3_r7=h3[0],
            h3_r9=h3[1],
            h3_r11=h3[2],
            category=self.categories[event.category],
            impact=impact,
            certainty=certainty,
            people_min=people_min,
            people_max=people_max,
            police_contacted=police_contacted,
            police_report_filed=police_report_filed,
            description=description,
            channel="reporter",
            status="submitted",
            visibility=visibility,
            created_at=created,
        )

    def _review(self, rng: np.random.Generator, report: Report, reviewed: bool) -> None:
        if not reviewed:
            return
        if rng.random() < 0.03:
            report.status = "rejected"
            report.rejection_reason = self.rejections[int(rng.integers(0, len(self.rejections)))]
        else:
            report.status = "included"
        report.reviewed_by = self.s.coordinator
        reviewed_at = report.created_at + dt.timedelta(hours=float(rng.uniform(2, 72)))
        report.reviewed_at = min(reviewed_at, self.now - dt.timedelta(minutes=1))

    def _duplicate(
        self, rng: np.random.Generator, primary: Report, merged: bool, missing: set[str]
    ) -> Report:
        """The same event reported by another organisation."""
        others = [
            o
            for o in self.orgs
            if o.key != self.spec.coordinator_org
            and o.key not in missing
            and self.s.organisations[o.key].pk != primary.organisation.pk
        ]
        org_spec = others[int(rng.integers(0, len(others)))]
        reporters = self.s.reporters[org_spec.key]
        start = primary.occurred_start - dt.timedelta(minutes=int(rng.integers(0, 40)))
        if IsoWeek.of(start).monday != primary.week_start:
            start = primary.occurred_start
        created = min(
            primary.created_at + dt.timedelta(hours=float(rng.uniform(0.5, 30))),
            self.now - dt.timedelta(minutes=5),
        )
        duplicate = Report(
            municipality=self.municipality,
            organisation=self.s.organisations[org_spec.key],
            reporter=reporters[int(rng.integers(0, len(reporters)))],
            week_start=primary.week_start,
            time_precision=primary.time_precision,
            occurred_start=start,
            occurred_end=primary.occurred_end,
            location_precision=primary.location_precision,
            lat=primary.lat,
            lon=primary.lon,
            place=primary.place,
            area_id=primary.area_id,
            h3_r7=primary.h3_r7,
            h3_r9=primary.h3_r9,
            h3_r11=primary.h3_r11,
            category=primary.category,
            impact=int(min(3, max(1, primary.impact + int(rng.integers(-1, 2))))),
            certainty=str(rng.choice(["observed", "heard"])),
            people_min=primary.people_min,
            people_max=primary.people_max,
            police_contacted=primary.police_contacted,
            description=primary.description,
            channel="reporter",
            status="submitted",
            visibility=primary.visibility,
            created_at=max(created, start),
        )
        if merged:
            duplicate.status = "merged"
            duplicate.duplicate_of = primary
            duplicate.reviewed_by = self.s.coordinator
            duplicate.reviewed_at = primary.reviewed_at
        return duplicate

    def week(
        self, week: IsoWeek, offset: int
    ) -> tuple[list[Report], list[Report], list[WeeklyReturn]]:
        """(primaries, duplicates, nil returns) of one week. offset 0 = last complete week,
        -1 = the current week, n = n weeks before the last complete one."""
        code = int(self.spec.code)
        rng = np.random.default_rng([self.seed, code, week.year, week.week])
        current = offset < 0
        reports: list[Report] = []
        for event in self._events(rng, week, offset):
            report = self._report(rng, week, event)
            if report is not None:
                reports.append(report)

        # who is missing this week (their reports never arrived)
        expected = [o for o in self.orgs if self.s.organisations[o.key].expected_in_week(week.week)]
        missing: set[str] = set()
        if offset == 0 and expected:
            # the last complete week: one or two organisations have not reported yet
            count = min(len(expected), 1 + int(rng.random() < 0.5))
            picked = rng.choice(len(expected), size=count, replace=False)
            missing = {expected[int(i)].key for i in picked}
        elif not current:
            holiday = 27 <= week.week <= 31 or week.week in (52, 53, 1)
            for o in expected:
                if rng.random() < o.missing_rate + (0.15 if holiday else 0.0):
                    missing.add(o.key)
        missing_pks = {self.s.organisations[k].pk for k in missing}
        reports = [r for r in reports if r.organisation.pk not in missing_pks]

        # review status: older weeks reviewed; last week half; the current week mostly not
        reviewed_share = 1.0 if offset >= 1 else (0.5 if offset == 0 else 0.15)
        for report in reports:
            self._review(rng, report, bool(rng.random() < reviewed_share))
        duplicates: list[Report] = []
        for report in reports:
            if report.status != "rejected" and rng.random() < 0.05:
                merged = report.status == "included" and bool(rng.random() < reviewed_share)
                duplicates.append(self._duplicate(rng, report, merged, missing))

        # "nothing to report" from expected organisations without reports
        reporting = {r.organisation.pk for r in reports + duplicates if r.status != "rejected"}
        returns: list[WeeklyReturn] = []
        for o in expected:
            organisation = self.s.organisations[o.key]
            if o.key in missing or organisation.pk in reporting:
                continue
            if current and rng.random() > 0.15:
                continue
            submitted = dt.datetime.combine(
                week.sunday + dt.timedelta(days=1),
                dt.time(int(rng.integers(7, 12))),
                tzinfo=STOCKHOLM,
            ) - dt.timedelta(days=int(rng.integers(0, 3)))
            returns.append(
                WeeklyReturn(
                    municipality=self.municipality,
                    organisation=organisation,
                    week_start=week.monday,
                    submitted_by=self.s.reporters[o.key][0],
                    created_at=min(submitted, self.now - dt.timedelta(minutes=5)),
                )
            )
        return reports, duplicates, returns


# a generated report's input, as a reporter would give it (the area only when no point or
# place is known; demo reports carry no photo or police reference)
IMPORT_FIELDS = sorted(REPORT_INPUT_FIELDS - {"area", "photo", "police_reference"})
REVIEW_FIELDS = ["status", "rejection_reason", "reviewed_by", "reviewed_at", "duplicate_of"]


def _import(municipality: Any, drafts: list[Report], areas: dict[int, Any]) -> None:
    """Write generated reports through ``reports_import`` (validation, personal-data guard,
    area look-up, audit), one batch per reporter and organisation, then copy the generated
    review outcome onto the saved rows (the coordinator's decisions of the past weeks)."""
    groups: dict[tuple[int, int], list[Report]] = {}
    for draft in drafts:
        assert draft.reporter is not None
        groups.setdefault((draft.organisation.pk, draft.reporter.pk), []).append(draft)
    for batch in groups.values():
        rows: list[dict[str, Any]] = []
        for draft in batch:
            row = {name: getattr(draft, name) for name in IMPORT_FIELDS}
            row["reported_at"] = draft.created_at
            if draft.location_precision == "area" and draft.area_id is not None:
                row["area"] = areas[draft.area_id]
            rows.append(row)
        reporter = batch[0].reporter
        assert reporter is not None
        result = reports_import(
            actor=reporter,
            municipality=municipality,
            organisation=batch[0].organisation,
            rows=rows,
            source=DEMO_SOURCE,
            channel=Channel.REPORTER,
        )
        for draft, saved in zip(batch, result.created, strict=True):
            draft.pk = saved.pk
            draft.public_id = saved.public_id
    reviewed = [d for d in drafts if d.status != "submitted"]
    for draft in reviewed:
        if draft.duplicate_of is not None:
            draft.duplicate_of_id = draft.duplicate_of.pk
    _update_review(reviewed)


def _update_review(reviewed: list[Report]) -> None:
    """Write the review fields of saved reports with one ``executemany`` of a plain UPDATE.

    ``bulk_update`` builds a CASE expression per field and batch and resolves it through the
    ORM (most of ``seed_demo``'s time); the values here are generated, already valid, and only
    need the database's datetime adaptation."""
    if not reviewed:
        return
    connection = connections[router.db_for_write(Report)]
    quote = connection.ops.quote_name
    opts = Report._meta
    by_name = {f.name: f.column for f in opts.concrete_fields}
    columns = [by_name[name] for name in REVIEW_FIELDS]
    table, key = quote(opts.db_table), quote(by_name[opts.pk.name])
    assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
    # names from the model's own metadata, values as parameters
    sql = f"UPDATE {table} SET {assignments} WHERE {key} = %s"  # noqa: S608
    adapt = connection.ops.adapt_datetimefield_value
    rows = [
        (
            d.status,
            d.rejection_reason,
            d.reviewed_by_id,
            None if d.reviewed_at is None else adapt(d.reviewed_at),
            d.duplicate_of_id,
            d.pk,
        )
        for d in reviewed
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


DEMO_SOURCE = "seed_demo (genererad historik)"


def build_history(
    spec: MunicipalitySpec, structure: Structure, *, seed: int, weeks: int, now: dt.datetime
) -> HistoryCounts:
    """Generate `weeks` complete weeks ending with the last complete ISO week, plus the
    current week up to today, and write them through the batch report service."""
    builder = HistoryBuilder(spec, structure, seed=seed, now=now, weeks=weeks)
    primaries: list[Report] = []
    duplicates: list[Report] = []
    returns: list[WeeklyReturn] = []
    for offset in range(weeks - 1, -2, -1):
        week = builder.end_week.shift(-offset)
        p, d, r = builder.week(week, offset)
        primaries += p
        duplicates += d
        returns += r
    areas = Area.objects.in_bulk(
        list(Area.objects.filter(municipality=builder.municipality).values_list("pk", flat=True))
    )
    _import(builder.municipality, primaries, areas)
    _import(builder.municipality, duplicates, areas)
    WeeklyReturn.objects.bulk_create(returns, batch_size=500)
    counts = HistoryCounts(
        reports=len(primaries) + len(duplicates), weekly_returns=len(returns), weeks=weeks
    )
    for report in primaries + duplicates:
        counts.by_status[report.status] = counts.by_status.get(report.status, 0) + 1
    counts.counted = counts.by_status.get("included", 0) + counts.by_status.get("submitted", 0)
    return counts
