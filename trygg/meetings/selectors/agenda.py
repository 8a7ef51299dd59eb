"""The meeting's preparation and the agenda generated from the data.

``preparation()`` gathers what the coming meeting needs (one call of each selector below it);
each agenda source turns one part of it into agenda items. **Sources are a registry**:
``SOURCES`` maps a source kind (``AgendaSource``) to a function ``(Preparation) -> list[Draft]``,
in agenda order. A new source (the interventions due or overdue) is one function and one entry
here, plus its choice in ``choices.AgendaSource`` and its wording in ``labels.item_label``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation

from trygg.core.riskdays import RiskDay
from trygg.core.weeks import IsoWeek, local_date
from trygg.interventions.selectors import due_or_overdue
from trygg.meetings.choices import AgendaSource
from trygg.meetings.limits import RISK_DAYS_AHEAD
from trygg.meetings.models import AgendaItem, Meeting
from trygg.meetings.selectors.meetings import previous_meeting
from trygg.meetings.selectors.riskdays import risk_days_ahead
from trygg.places.models import Area
from trygg.reports.selectors import Completeness, completeness_for_week, unreviewed_count
from trygg.situation.models import AreaStatus
from trygg.situation.selectors.weekly import weekly_picture


@dataclass(frozen=True)
class Draft:
    """An agenda item a source proposes: (source, reference) is its identity in a meeting, so
    generating again adds only what is new."""

    source: str
    reference: str
    data: dict[str, Any]
    title: str = ""
    carried_from: AgendaItem | None = None


@dataclass(frozen=True)
class Flagged:
    area: Area
    week: bool
    four: bool


@dataclass(frozen=True)
class StatusChange:
    area: Area
    before: AreaStatus | None
    after: AreaStatus


@dataclass
class Preparation:
    meeting: Meeting
    week: IsoWeek
    unreviewed: int
    completeness: Completeness
    flagged: list[Flagged]
    status_changes: list[StatusChange]
    risk_days: list[RiskDay]
    open_items: list[AgendaItem]
    #: open interventions due within INTERVENTIONS_AHEAD days of the meeting, or overdue
    interventions_due: list[Any] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # for sources added later

    @property
    def missing(self) -> list[Any]:
        return [row.organisation for row in self.completeness.rows if row.state == "missing"]


def _status_changes(meeting: Meeting, week: IsoWeek) -> list[StatusChange]:
    """Areas whose decided status for `week` differs from the week before."""
    rows = AreaStatus.objects.filter(
        municipality=meeting.municipality,
        week_start__in=[week.previous().monday, week.monday],
    ).select_related("area")
    before = {s.area_id: s for s in rows if s.week_start == week.previous().monday}
    changes = []
    for status in rows:
        if status.week_start != week.monday:
            continue
        earlier = before.get(status.area_id)
        if earlier is None or earlier.status != status.status:
            changes.append(StatusChange(status.area, earlier, status))
    changes.sort(key=lambda c: (c.area.sort_order, c.area.name))
    return changes


def preparation(meeting: Meeting, *, user: Any) -> Preparation:
    municipality = meeting.municipality
    week = IsoWeek.of(meeting.review_week)
    picture = weekly_picture(municipality, week, user=user)
    flagged = []
    for area in picture.areas:
        cells = [row.cell for row in area.rows] + [area.total]
        in_week = any(c.flagged for c in cells)
        in_four = any(c.four is not None and c.four.flagged for c in cells)
        if in_week or in_four:
            flagged.append(Flagged(area.area, in_week, in_four))
    previous = previous_meeting(meeting)
    open_items = list(previous.items.filter(done=False).order_by("order", "id")) if previous else []
    return Preparation(
        meeting=meeting,
        week=week,
        unreviewed=unreviewed_count(municipality, week),
        completeness=picture.completeness
        if picture.completeness.week == week
        else completeness_for_week(municipality, week),
        flagged=flagged,
        status_changes=_status_changes(meeting, week),
        risk_days=risk_days_ahead(municipality, local_date(meeting.starts_at), RISK_DAYS_AHEAD),
        open_items=open_items,
        interventions_due=due_or_overdue(
            municipality, local_date(meeting.starts_at), INTERVENTIONS_AHEAD
        ),
    )


# ---------------------------------------------------------------------------------------------
# The sources


def _week_data(week: IsoWeek) -> dict[str, Any]:
    with translation.override(settings.LANGUAGE_CODE):
        return {"week": str(week), "week_label": week.number_and_year}


def source_carried(prep: Preparation) -> list[Draft]:
    return [
        Draft(item.source, item.reference, dict(item.data), item.title, carried_from=item)
        for item in prep.open_items
    ]


def source_unreviewed(prep: Preparation) -> list[Draft]:
    if not prep.unreviewed:
        return []
    data = {**_week_data(prep.week), "count": prep.unreviewed}
    return [Draft(AgendaSource.UNREVIEWED, str(prep.week), data)]


def source_missing(prep: Preparation) -> list[Draft]:
    names = [org.name for org in prep.missing]
    if not names:
        return []
    data = {**_week_data(prep.week), "organisations": names}
    return [Draft(AgendaSource.MISSING, str(prep.week), data)]


def source_flagged(prep: Preparation) -> list[Draft]:
    drafts = []
    for found in prep.flagged:
        windows = [w for w, on in (("week", found.week), ("four", found.four)) if on]
        data = {**_week_data(prep.week), "area": found.area.name, "windows": windows}
        drafts.append(Draft(AgendaSource.FLAGGED, f"{found.area.public_id}:{prep.week}", data))
    return drafts


def source_status_changes(prep: Preparation) -> list[Draft]:
    return [
        Draft(
            AgendaSource.STATUS_CHANGE,
            f"{change.area.public_id}:{prep.week}",
            {
                **_week_data(prep.week),
                "area": change.area.name,
                "before": change.before.status if change.before else None,
                "after": change.after.status,
            },
        )
        for change in prep.status_changes
    ]


def source_risk_days(prep: Preparation) -> list[Draft]:
    return [
        Draft(
            AgendaSource.RISK_DAY,
            f"{day.key}:{day.first.isoformat()}:{str(day.name)[:60]}",
            {
                "key": day.key,
                "name": str(day.name) if day.local else "",
                "first": day.first.isoformat(),
                "last": day.last.isoformat(),
            },
        )
        for day in prep.risk_days
    ]


def source_interventions_due(prep: Preparation) -> list[Draft]:
    day = local_date(prep.meeting.starts_at)
    return [
        Draft(
            AgendaSource.INTERVENTION_DUE,
            f"{intervention.public_id}:{intervention.due_date.isoformat()}",
            {
                "title": intervention.title,
                "owner": intervention.owner.name if intervention.owner else "",
                "due": intervention.due_date.isoformat(),
                "overdue": intervention.due_date < day,
                "intervention": str(intervention.public_id),
            },
        )
        for intervention in prep.interventions_due
    ]


#: interventions due this many days after the meeting come on its agenda
INTERVENTIONS_AHEAD = 7

SourceFunction = Callable[[Preparation], list[Draft]]

SOURCES: dict[str, SourceFunction] = {
    AgendaSource.CARRIED: source_carried,
    AgendaSource.INTERVENTION_DUE: source_interventions_due,
    AgendaSource.UNREVIEWED: source_unreviewed,
    AgendaSource.MISSING: source_missing,
    AgendaSource.FLAGGED: source_flagged,
    AgendaSource.STATUS_CHANGE: source_status_changes,
    AgendaSource.RISK_DAY: source_risk_days,
}
"""Agenda order: the sources in this order, then the items added by hand."""


def drafts_for(prep: Preparation) -> list[Draft]:
    drafts: list[Draft] = []
    seen: set[tuple[str, str]] = set()
    for function in SOURCES.values():
        for draft in function(prep):
            key = (draft.source, draft.reference)
            if draft.source != AgendaSource.MANUAL and key in seen:
                continue
            seen.add(key)
            drafts.append(draft)
    return drafts
