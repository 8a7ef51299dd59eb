"""Writes of meetings: series and their schedule, single meetings, the agenda, attendance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.models import Organisation
from trygg.accounts.types import Actor
from trygg.core import audit
from trygg.core.validators import screened
from trygg.core.weeks import STOCKHOLM, IsoWeek, local_date
from trygg.meetings import limits
from trygg.meetings.choices import SINGLE_KINDS, AgendaSource, Cadence, MeetingKind, Presence
from trygg.meetings.models import AgendaItem, Attendance, Meeting, MeetingSeries
from trygg.meetings.selectors.agenda import drafts_for, preparation
from trygg.meetings.services._common import (
    check_manage,
    check_not_ahead,
    check_open,
    clean_into,
)
from trygg.places.models import Municipality

SERIES_TEXT = screened("meetings.MeetingSeries", "name", "place")
MEETING_TEXT = screened("meetings.Meeting", "title", "place")
ITEM_TEXT = screened("meetings.AgendaItem", "title", "note")

SERIES_FIELDS = ["name", "cadence", "weekday", "start_time", "first_date", "place"]
MEETING_FIELDS = ["title", "kind", "starts_at", "place", "review_week", "series"]


def _organisations(
    errors: dict[str, list[str]],
    municipality: Municipality,
    organisations: Iterable[Organisation],
) -> list[Organisation]:
    chosen = list(organisations)
    if any(o.municipality_id != municipality.pk for o in chosen):
        errors["organisations"] = [_("Choose organisations of the municipality.")]
    return chosen


def default_review_week(starts_at: dt.datetime) -> IsoWeek:
    """A meeting reviews the week before the one it is held in (reports are due Monday)."""
    return IsoWeek.of(local_date(starts_at)).previous()


@transaction.atomic
def series_create(
    *,
    actor: Actor,
    municipality: Municipality,
    name: str,
    cadence: str,
    weekday: int,
    start_time: dt.time,
    first_date: dt.date,
    place: str = "",
    duration_minutes: int = 30,
    organisations: Iterable[Organisation] = (),
) -> MeetingSeries:
    check_manage(actor, municipality)
    errors: dict[str, list[str]] = {}
    name = clean_into(errors, SERIES_TEXT, "name", name, limits.NAME_MAX)
    if not name and "name" not in errors:
        errors["name"] = [_("Give the series a name.")]
    place = clean_into(errors, SERIES_TEXT, "place", place, limits.PLACE_MAX)
    if cadence not in Cadence.values:
        errors["cadence"] = [_("Choose how often the group meets.")]
    if not 1 <= weekday <= 7:
        errors["weekday"] = [_("Choose a weekday.")]
    if not 5 <= duration_minutes <= 600:
        errors["duration_minutes"] = [_("A meeting lasts between 5 and 600 minutes.")]
    chosen = _organisations(errors, municipality, organisations)
    if errors:
        raise ValidationError(errors)
    # the first meeting falls on the chosen weekday
    first_date = first_date + dt.timedelta(days=(weekday - first_date.isoweekday()) % 7)
    series = MeetingSeries.objects.create(
        municipality=municipality,
        name=name,
        cadence=cadence,
        weekday=weekday,
        start_time=start_time,
        first_date=first_date,
        place=place,
        duration_minutes=duration_minutes,
    )
    series.organisations.set(chosen)
    audit.record(
        actor=actor,
        action="meetings.series_create",
        target=series,
        municipality=municipality,
        changes={
            **audit.created(series, SERIES_FIELDS),
            "organisations": sorted(o.name for o in chosen),
        },
    )
    return series


def series_dates(
    series: MeetingSeries, *, count: int, today: dt.date | None = None
) -> list[dt.datetime]:
    """The next `count` meeting times of the series from `today` on (its first date at the
    earliest), every 7 or 14 days from the first meeting."""
    today = today or timezone.localdate()
    step = 14 if series.cadence == Cadence.BIWEEKLY else 7
    day = series.first_date
    if day < today:
        day += dt.timedelta(days=-(-(today - day).days // step) * step)
    return [
        dt.datetime.combine(day + dt.timedelta(days=step * i), series.start_time, STOCKHOLM)
        for i in range(count)
    ]


@transaction.atomic
def series_schedule(
    *, actor: Actor, series: MeetingSeries, count: int = 8, today: dt.date | None = None
) -> list[Meeting]:
    """Create the series' next `count` meetings. Idempotent: a meeting that exists (the same
    series and start) is not created again, so scheduling twice adds nothing."""
    municipality = series.municipality
    check_manage(actor, municipality)
    if not 1 <= count <= limits.SCHEDULE_MAX:
        raise ValidationError(
            {
                "count": [
                    _("Schedule between 1 and %(max)s meetings.") % {"max": limits.SCHEDULE_MAX}
                ]
            }
        )
    organisations = list(series.organisations.all())
    created: list[Meeting] = []
    for starts_at in series_dates(series, count=count, today=today):
        if Meeting.objects.filter(series=series, starts_at=starts_at).exists():
            continue
        try:
            with transaction.atomic():
                meeting = Meeting.objects.create(
                    municipality=municipality,
                    series=series,
                    kind=MeetingKind.WEEKLY,
                    title=series.name,
                    starts_at=starts_at,
                    duration_minutes=series.duration_minutes,
                    place=series.place,
                    review_week=default_review_week(starts_at).monday,
                )
        except IntegrityError:  # a concurrent call created it first
            continue
        meeting.organisations.set(organisations)
        created.append(meeting)
    if created:
        audit.record(
            actor=actor,
            action="meetings.series_schedule",
            target=series,
            municipality=municipality,
            changes={"count": len(created), "until": created[-1].starts_at.date().isoformat()},
        )
    return created


@transaction.atomic
def meeting_create(
    *,
    actor: Actor,
    municipality: Municipality,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    place: str = "",
    duration_minutes: int = 60,
    review_week: IsoWeek | None = None,
    organisations: Iterable[Organisation] = (),
) -> Meeting:
    """A single meeting: quarterly, annual or the strategic group (LokBrå)."""
    check_manage(actor, municipality)
    errors: dict[str, list[str]] = {}
    if kind not in SINGLE_KINDS:
        errors["kind"] = [_("Choose the kind of meeting.")]
    title = clean_into(errors, MEETING_TEXT, "title", title, limits.NAME_MAX)
    if not title and "title" not in errors:
        errors["title"] = [_("Give the meeting a title.")]
    place = clean_into(errors, MEETING_TEXT, "place", place, limits.PLACE_MAX)
    if not 5 <= duration_minutes <= 600:
        errors["duration_minutes"] = [_("A meeting lasts between 5 and 600 minutes.")]
    chosen = _organisations(errors, municipality, organisations)
    if errors:
        raise ValidationError(errors)
    meeting = Meeting.objects.create(
        municipality=municipality,
        kind=kind,
        title=title,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place,
        review_week=(review_week or default_review_week(starts_at)).monday,
    )
    meeting.organisations.set(chosen)
    audit.record(
        actor=actor,
        action="meetings.meeting_create",
        target=meeting,
        municipality=municipality,
        changes={
            **audit.created(meeting, MEETING_FIELDS),
            "organisations": sorted(o.name for o in chosen),
        },
    )
    return meeting


@transaction.atomic
def agenda_generate(*, actor: Actor, meeting: Meeting) -> list[AgendaItem]:
    """Add to the agenda what the data says (SOURCES in selectors/agenda.py). Idempotent: an
    item already on the agenda (same source and reference, or carried from the same item) is
    not added again; items added by hand stay where they are, after the generated ones."""
    check_manage(actor, meeting.municipality)
    check_open(meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    existing = list(meeting.items.all())
    have = {(i.source, i.reference): i for i in existing if i.source != AgendaSource.MANUAL}
    carried = {i.carried_from_id for i in existing if i.carried_from_id}
    created: list[AgendaItem] = []
    generated = [i for i in existing if i.source != AgendaSource.MANUAL or i.carried_from_id]
    order = max((i.order for i in generated), default=0)
    refreshed = 0
    drafts = drafts_for(preparation(meeting, user=actor))
    for draft in drafts:
        if draft.carried_from is not None and draft.carried_from.pk in carried:
            continue
        if draft.source != AgendaSource.MANUAL and (draft.source, draft.reference) in have:
            # already on the agenda: its generated wording follows the data ("14 reports
            # waiting", not the 12 of when it was added); notes and decisions stay
            item = have[(draft.source, draft.reference)]
            if item.title != draft.title or item.data != draft.data:
                item.title, item.data = draft.title, draft.data
                item.save(update_fields=["title", "data", "updated_at"])
                refreshed += 1
            continue
        order += 1
        created.append(
            AgendaItem.objects.create(
                meeting=meeting,
                order=order,
                source=draft.source,
                reference=draft.reference,
                title=draft.title,
                data=draft.data,
                carried_from=draft.carried_from,
                internal=draft.carried_from.internal if draft.carried_from else False,
            )
        )
    # the hand items follow the generated ones
    for item in sorted(
        (i for i in existing if i.source == AgendaSource.MANUAL and not i.carried_from_id),
        key=lambda i: (i.order, i.pk),
    ):
        order += 1
        if item.order != order:
            item.order = order
            item.save(update_fields=["order", "updated_at"])
    audit.record(
        actor=actor,
        action="meetings.agenda_generate",
        target=meeting,
        municipality=meeting.municipality,
        changes={
            "meeting": str(meeting),
            "added": len(created),
            "refreshed": refreshed,
            "sources": sorted({i.source for i in created}),
        },
    )
    return created


@transaction.atomic
def item_add(*, actor: Actor, meeting: Meeting, title: str, internal: bool = False) -> AgendaItem:
    check_manage(actor, meeting.municipality)
    check_open(meeting)
    errors: dict[str, list[str]] = {}
    title = clean_into(errors, ITEM_TEXT, "title", title, limits.NAME_MAX)
    if not title and "title" not in errors:
        errors["title"] = [_("Write what the item is about.")]
    if errors:
        raise ValidationError(errors)
    last = meeting.items.order_by("-order").first()
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=(last.order + 1) if last else 1,
        source=AgendaSource.MANUAL,
        title=title,
        internal=internal,
    )
    audit.record(
        actor=actor,
        action="meetings.item_add",
        target=meeting,
        municipality=meeting.municipality,
        changes={"meeting": str(meeting), "title": [None, title], "internal": [None, internal]},
    )
    return item


@transaction.atomic
def item_update(
    *, actor: Actor, item: AgendaItem, note: str, internal: bool, done: bool
) -> AgendaItem:
    """The item's note during the meeting, whether it is internal and whether it is dealt with
    (an item not dealt with is carried over to the next meeting)."""
    meeting = item.meeting
    check_manage(actor, meeting.municipality)
    check_open(meeting)
    errors: dict[str, list[str]] = {}
    note = clean_into(errors, ITEM_TEXT, "note", note, limits.NOTE_MAX)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(item, ["note", "internal", "done"])
    item.note, item.internal, item.done = note, internal, done
    item.save(update_fields=["note", "internal", "done", "updated_at"])
    changes = audit.diff(before, audit.snapshot(item, ["note", "internal", "done"]))
    if changes:
        audit.record(
            actor=actor,
            action="meetings.item_update",
            target=meeting,
            municipality=meeting.municipality,
            changes={"meeting": str(meeting), **changes},
        )
    return item


@transaction.atomic
def attendance_set(
    *, actor: Actor, meeting: Meeting, presence: dict[Organisation, str]
) -> list[Attendance]:
    """Record each organisation's attendance; the meeting counts as held from then on (so not
    before the day of the meeting)."""
    municipality = meeting.municipality
    check_manage(actor, municipality)
    check_open(meeting)
    check_not_ahead(meeting)
    errors: dict[str, list[str]] = {}
    for organisation, value in presence.items():
        if organisation.municipality_id != municipality.pk:
            errors["organisations"] = [_("Choose organisations of the municipality.")]
        if value not in Presence.values:
            errors[str(organisation.public_id)] = [_("Choose present, absent or apologies.")]
    if errors:
        raise ValidationError(errors)
    saved: list[Attendance] = []
    changes: dict[str, Any] = {"meeting": str(meeting)}
    current = {a.organisation_id: a for a in meeting.attendance.all()}
    for organisation, value in presence.items():
        row = current.get(organisation.pk)
        if row is None:
            row = Attendance.objects.create(
                meeting=meeting, organisation=organisation, presence=value
            )
            changes[f"presence:{organisation.name}"] = [None, value]
        elif row.presence != value:
            changes[f"presence:{organisation.name}"] = [row.presence, value]
            row.presence = value
            row.save(update_fields=["presence", "updated_at"])
        saved.append(row)
    if meeting.status == "planned":
        meeting.status = "held"
        meeting.save(update_fields=["status", "updated_at"])
        changes["status"] = ["planned", "held"]
    if len(changes) > 1:
        audit.record(
            actor=actor,
            action="meetings.attendance",
            target=meeting,
            municipality=municipality,
            changes=changes,
        )
    return saved
