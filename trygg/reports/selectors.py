"""Reads of reports a user may see, the review queue and reporting completeness."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from trygg.accounts.models import Organisation
from trygg.accounts.permissions import can
from trygg.accounts.selectors import expectations_between
from trygg.core.weeks import STOCKHOLM, IsoWeek
from trygg.places.models import Area, Municipality
from trygg.reports.choices import ReportStatus, Visibility
from trygg.reports.models import Category, Report, WeeklyReturn

SHARED_WITH_PARTNERS = Q(
    visibility=Visibility.PARTNERS, status__in=[ReportStatus.SUBMITTED, ReportStatus.INCLUDED]
)
"""The reports every partner of the municipality may see (and nothing coordinators-only)."""


def reports_visible_to(user: Any, municipality: Municipality) -> QuerySet[Report]:
    """Start of every report read: what this user may see in this municipality.

    Coordinators/analysts see everything; partners see reports shared with all partners that
    are not rejected or merged, plus their own organisations' reports; reporters see their own.
    """
    base = Report.objects.filter(municipality=municipality)
    if can(user, "report.view_restricted", municipality):
        return base
    own_orgs = Organisation.objects.filter(
        municipality=municipality, memberships__user=user, memberships__active=True
    ).values("pk")
    if can(user, "report.view_shared", municipality):
        return base.filter(SHARED_WITH_PARTNERS | Q(organisation__in=own_orgs) | Q(reporter=user))
    if can(user, "report.view_own", municipality):
        return base.filter(reporter=user)
    return base.none()


def counted_occurring_between(
    municipality: Municipality, first_day: dt.date, after_day: dt.date
) -> QuerySet[Report]:
    """Counted reports (rejected and merged left out) whose event started on a local date in
    [first_day, after_day). The reporting week bounds the index scan; occurred_start decides."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return Report.objects.counted().filter(
        municipality=municipality,
        week_start__gte=first_day - dt.timedelta(days=7),
        week_start__lt=after_day,
        occurred_start__gte=dt.datetime.combine(first_day, dt.time.min, tzinfo=zone),
        occurred_start__lt=dt.datetime.combine(after_day, dt.time.min, tzinfo=zone),
    )


def report_get_for(*, user: Any, municipality: Municipality, public_id: Any) -> Report:
    report = (
        reports_visible_to(user, municipality)
        .select_related("category", "organisation", "area", "place", "reporter", "duplicate_of")
        .filter(public_id=public_id)
        .first()
    )
    if report is None:
        raise Http404
    return report


@dataclass
class ReportFilters:
    week_from: IsoWeek | None = None
    week_to: IsoWeek | None = None
    area: Any = None
    category: Any = None
    organisation: Any = None
    status: str | None = None


def reports_filtered(qs: QuerySet[Report], filters: ReportFilters) -> QuerySet[Report]:
    if filters.week_from is not None:
        qs = qs.filter(week_start__gte=filters.week_from.monday)
    if filters.week_to is not None:
        qs = qs.filter(week_start__lte=filters.week_to.monday)
    if filters.area is not None:
        qs = qs.filter(area=filters.area)
    if filters.category is not None:
        qs = qs.filter(category=filters.category)
    if filters.organisation is not None:
        qs = qs.filter(organisation=filters.organisation)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs


def categories_of(municipality: Municipality, *, active_only: bool = True) -> list[Category]:
    qs = Category.objects.filter(municipality=municipality)
    if active_only:
        qs = qs.filter(active=True)
    return list(qs)


def category_get(*, municipality: Municipality, public_id: Any) -> Category:
    category = Category.objects.filter(municipality=municipality, public_id=public_id).first()
    if category is None:
        raise Http404
    return category


def reports_of_reporter(user: Any, municipality: Municipality) -> QuerySet[Report]:
    """The user's own reports in the municipality, newest first ("Mina rapporter")."""
    return (
        Report.objects.filter(municipality=municipality, reporter=user)
        .select_related("category", "area", "place", "organisation")
        .order_by("-created_at", "-id")
    )


def recent_reports_of(user: Any, municipality: Municipality, *, limit: int = 20) -> list[Report]:
    return list(reports_of_reporter(user, municipality)[:limit])


# ---------------------------------------------------------------------------------------------
# Completeness: who reported, who said nothing to report, who is missing


@dataclass
class OrganisationWeek:
    organisation: Organisation
    state: str  # "reported" | "nothing" | "missing"
    report_count: int = 0


@dataclass
class Completeness:
    week: IsoWeek
    rows: list[OrganisationWeek] = field(default_factory=list)

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def reported(self) -> int:
        return sum(1 for r in self.rows if r.state == "reported")

    @property
    def nothing(self) -> int:
        return sum(1 for r in self.rows if r.state == "nothing")

    @property
    def missing(self) -> int:
        return sum(1 for r in self.rows if r.state == "missing")

    @property
    def complete(self) -> bool:
        return self.missing == 0


@dataclass(frozen=True)
class Answers:
    """Who answered which week, over a run of weeks (3 queries, whatever the span): the
    expectations overlapping the weeks, the (organisation, week) pairs with a report that is
    not rejected, and those with a "nothing to report" return. Coverage and completeness both
    read it."""

    first_monday: dt.date
    last_monday: dt.date
    expectations: list[Any]
    reported: set[tuple[int, dt.date]]
    nils: set[tuple[int, dt.date]]

    def covers(self, monday: dt.date) -> bool:
        return self.first_monday <= monday <= self.last_monday


def answers_between(
    municipality: Municipality, first_monday: dt.date, last_monday: dt.date
) -> Answers:
    """The answers of the weeks `first_monday`..`last_monday`. The reports are read from the
    (organisation, week_start, status) index alone (DISTINCT: SQLite skips through the index,
    six times faster than counting the same pairs)."""
    expectations = expectations_between(municipality, first_monday, last_monday)
    organisations = sorted({e.organisation_id for e in expectations})
    reported: set[tuple[int, dt.date]] = set(
        Report.objects.filter(
            organisation_id__in=organisations,
            week_start__gte=first_monday,
            week_start__lte=last_monday,
        )
        .exclude(status=ReportStatus.REJECTED)
        .order_by()
        .values_list("organisation_id", "week_start")
        .distinct()
    )
    nils = set(
        WeeklyReturn.objects.filter(
            organisation_id__in=organisations,
            week_start__gte=first_monday,
            week_start__lte=last_monday,
        ).values_list("organisation_id", "week_start")
    )
    return Answers(first_monday, last_monday, expectations, reported, nils)


def completeness_for_week(
    municipality: Municipality, week: IsoWeek, *, answers: Answers | None = None
) -> Completeness:
    """One row per organisation expected to report in `week` by the expectation as it stood
    that week, with its number of reports (4 queries; 1 with `answers` that cover the week):
    an organisation added later is not "missing" in old weeks."""
    monday = week.monday
    if answers is None or not answers.covers(monday):
        answers = answers_between(municipality, monday, monday)
    counts = dict(
        Report.objects.filter(municipality=municipality, week_start=monday)
        .exclude(status=ReportStatus.REJECTED)
        .order_by()
        .values_list("organisation_id")
        .annotate(n=Count("*"))
    )
    result = Completeness(week=week)
    for expectation in answers.expectations:
        if not expectation.expects(monday):
            continue
        org = expectation.organisation
        if counts.get(org.pk):
            result.rows.append(OrganisationWeek(org, "reported", counts[org.pk]))
        elif (org.pk, monday) in answers.nils:
            result.rows.append(OrganisationWeek(org, "nothing"))
        else:
            result.rows.append(OrganisationWeek(org, "missing"))
    order = {"missing": 0, "nothing": 1, "reported": 2}
    result.rows.sort(key=lambda r: (order[r.state], r.organisation.name))
    return result


def history_start(municipality: Municipality) -> dt.date | None:
    """Monday of the municipality's first reporting week (a report or a "nothing to report"),
    the start of the history for the weekly picture and the periods alike; None: no data at all. Two
    index-only lookups."""
    first_report = (
        Report.objects.filter(municipality=municipality)
        .order_by("week_start")
        .values_list("week_start", flat=True)
        .first()
    )
    first_return = (
        WeeklyReturn.objects.filter(municipality=municipality)
        .order_by("week_start")
        .values_list("week_start", flat=True)
        .first()
    )
    firsts = [d for d in (first_report, first_return) if d is not None]
    return min(firsts) if firsts else None


@dataclass(frozen=True)
class WeekCoverage:
    """How much of a week the reporting covers (ANALYTICS.md "Counting", rev 2).

    ``share`` is the share of the organisations expected that week that reported or said
    they had nothing to report; None when nobody was expected (then coverage is not judged
    and the week counts as covered). ``covered`` compares it with the threshold.
    """

    monday: dt.date
    expected: int
    answered: int
    threshold: float

    @property
    def share(self) -> float | None:
        return None if self.expected == 0 else self.answered / self.expected

    @property
    def covered(self) -> bool:
        share = self.share
        return share is None or share >= self.threshold


def weekly_coverage(
    municipality: Municipality,
    first_monday: dt.date,
    last_monday: dt.date,
    *,
    answers: Answers | None = None,
) -> dict[dt.date, WeekCoverage]:
    """Coverage of every week from `first_monday` to `last_monday` (the 3 queries of
    `answers_between`, whatever the span; none with `answers`): expected organisations by the
    expectation history, answered = a counted or pending report (not rejected) or a nil
    return in that week."""
    threshold = municipality.coverage_threshold / 100.0
    if answers is None or not (answers.covers(first_monday) and answers.covers(last_monday)):
        answers = answers_between(municipality, first_monday, last_monday)
    result: dict[dt.date, WeekCoverage] = {}
    monday = first_monday
    while monday <= last_monday:
        expected = {e.organisation_id for e in answers.expectations if e.expects(monday)}
        done = sum(
            1
            for org in expected
            if (org, monday) in answers.reported or (org, monday) in answers.nils
        )
        result[monday] = WeekCoverage(monday, len(expected), done, threshold)
        monday += dt.timedelta(days=7)
    return result


def review_queue(
    municipality: Municipality,
    week: IsoWeek,
    *,
    status: str | None = None,
    filters: ReportFilters | None = None,
) -> QuerySet[Report]:
    qs: QuerySet[Report] = Report.objects.filter(municipality=municipality, week_start=week.monday)
    if filters is not None:
        qs = reports_filtered(qs, filters)
    if status:
        qs = qs.filter(status=status)
    # the unreviewed reports first (the coordinator's work), then the reviewed ones, each in
    # time order
    unreviewed_first = Case(When(status=ReportStatus.SUBMITTED, then=Value(0)), default=Value(1))
    return qs.select_related(
        "category", "organisation", "area", "place", "reporter", "duplicate_of"
    ).order_by(unreviewed_first, "status", "occurred_start", "id")


def reporting_deadline(municipality: Municipality, week: IsoWeek) -> dt.datetime:
    """When reports for `week` are due: the municipality's deadline weekday and time
    (Administration → Municipality; default Monday 12:00) of the following week, in Stockholm."""
    day = week.next().monday + dt.timedelta(days=municipality.deadline_weekday - 1)
    return dt.datetime.combine(day, municipality.deadline_time, tzinfo=STOCKHOLM)


def due_week(municipality: Municipality, now: dt.datetime | None = None) -> IsoWeek:
    """The week whose reports are due: the previous week until its reporting deadline has
    passed, then the current week (the review queue opens on it)."""
    now = now or timezone.now()
    current = IsoWeek.of(now.astimezone(STOCKHOLM).date())
    previous = current.previous()
    return previous if now < reporting_deadline(municipality, previous) else current


def unreviewed_count(municipality: Municipality, week: IsoWeek) -> int:
    """How many of the week's reports are still waiting for review (status submitted)."""
    return Report.objects.filter(
        municipality=municipality, week_start=week.monday, status=ReportStatus.SUBMITTED
    ).count()


def older_weeks_waiting(
    municipality: Municipality, week: IsoWeek, *, weeks: int = 52, limit: int = 6
) -> list[tuple[IsoWeek, int]]:
    """Weeks older than the one before `week` (up to a year back) that still have reports
    waiting for review, newest first: a report entered late — a programme session recorded
    days afterwards, an import — lands in the week it happened and must not be lost there."""
    last = week.previous().previous()
    first = week.shift(-weeks)
    rows = (
        Report.objects.filter(
            municipality=municipality,
            status=ReportStatus.SUBMITTED,
            week_start__gte=first.monday,
            week_start__lte=last.monday,
        )
        .values_list("week_start")
        .annotate(n=Count("id"))
        .order_by("-week_start")[:limit]
    )
    return [(IsoWeek.of(monday), n) for monday, n in rows]


def review_status_counts(municipality: Municipality, week: IsoWeek) -> dict[str, int]:
    counts = dict(
        Report.objects.filter(municipality=municipality, week_start=week.monday)
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return {status: counts.get(status, 0) for status in ReportStatus.values}


def week_choices(today: dt.date | None = None, *, back: int = 12) -> list[IsoWeek]:
    current = IsoWeek.of(today or timezone.localdate())
    return [current.shift(-i) for i in range(back + 1)]


def report_map_features(
    qs: QuerySet[Report], municipality: Municipality, *, limit: int
) -> tuple[list[dict[str, Any]], bool, int]:
    """GeoJSON point features of the (already visibility-filtered) reports, newest first.

    No free text and no reporter. A report without a point of its own is placed at its named
    place; reports with neither are counted in ``without_point``. At most ``limit`` features;
    ``truncated`` says whether more had a position.
    """
    # Plain rows, not model instances: the feed may carry thousands of points, and building a
    # Report (with category, area and place) per row was most of its cost (docs/performance.md).
    rows = (
        qs.order_by("-occurred_start", "-id")
        .values_list(
            "public_id",
            "lat",
            "lon",
            "place__lat",
            "place__lon",
            "week_start",
            "impact",
            "status",
            "category_id",
            "area_id",
        )
        .iterator(chunk_size=1000)
    )
    categories = {c.pk: c.label for c in Category.objects.filter(municipality=municipality)}
    areas = dict(Area.objects.filter(municipality=municipality).values_list("pk", "name"))
    status_labels = {value: str(label) for value, label in ReportStatus.choices}
    placeholder = "00000000-0000-0000-0000-000000000000"
    url_pattern = reverse("reports:detail", args=[municipality.code, placeholder])
    week_labels: dict[Any, str] = {}
    features: list[dict[str, Any]] = []
    without_point = 0
    truncated = False
    for public_id, lat, lon, place_lat, place_lon, week_start, impact, status, cat, area in rows:
        if lat is None or lon is None:
            lat, lon = place_lat, place_lon
            if lat is None or lon is None:
                without_point += 1
                continue
        if len(features) >= limit:
            truncated = True
            break
        week = week_labels.get(week_start)
        if week is None:
            iso = week_start.isocalendar()
            week = week_labels[week_start] = f"{iso.year}-W{iso.week:02d}"
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
                "properties": {
                    "id": str(public_id),
                    "category": categories.get(cat, ""),
                    "week": week,
                    "impact": impact,
                    "area": areas.get(area, "") if area else "",
                    "status": status,
                    "status_label": status_labels.get(status, status),
                    "url": url_pattern.replace(placeholder, str(public_id)),
                },
            }
        )
    return features, truncated, without_point


# ---------------------------------------------------------------------------------------------
# Who reports, and possible duplicates


def reporting_organisations(user: Any, municipality: Municipality) -> list[Organisation]:
    """Organisations the user may report for in the municipality."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Organisation.objects.filter(
            municipality=municipality,
            active=True,
            memberships__user=user,
            memberships__active=True,
            memberships__role__in=["reporter", "partner", "coordinator", "analyst"],
        ).distinct()
    )


CANDIDATE_LIMIT = 20


def _point(report: Report) -> tuple[float, float] | None:
    if report.lat is not None and report.lon is not None:
        return report.lat, report.lon
    if report.place is not None:
        return report.place.lat, report.place.lon
    return None


def _km(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float | None:
    if a is None or b is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class DuplicateCandidate:
    report: Report
    distance_km: float | None  # None when either report has no position


def duplicate_candidates(
    report: Report, *, limit: int = CANDIDATE_LIMIT
) -> list[DuplicateCandidate]:
    """Other reports of the same municipality in the same week ± 1 that this one may
    duplicate: same area first, then nearest in place and time, each with its distance."""
    week = IsoWeek.of(report.week_start)
    qs = (
        Report.objects.filter(
            municipality_id=report.municipality_id,
            week_start__gte=week.previous().monday,
            week_start__lte=week.next().monday,
        )
        .exclude(pk=report.pk)
        .exclude(status__in=[ReportStatus.REJECTED, ReportStatus.MERGED])
        .select_related("category", "organisation", "area", "place")
    )
    here = _point(report)
    scored = []
    for other in qs[:2000]:
        distance = _km(here, _point(other))
        same_area = report.area_id is not None and other.area_id == report.area_id
        nearby = distance is not None and distance <= 1.0
        hours = abs((other.occurred_start - report.occurred_start).total_seconds()) / 3600
        scored.append(
            (
                0 if (same_area or nearby) else 1,
                0 if other.category_id == report.category_id else 1,
                distance if distance is not None else 1e9,
                hours,
                DuplicateCandidate(other, distance),
            )
        )
    scored.sort(key=lambda row: row[:4])
    return [row[4] for row in scored[:limit]]
