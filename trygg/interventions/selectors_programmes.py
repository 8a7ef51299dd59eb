"""Reads of programmes on a schedule: their times, sessions, held against planned
(``trygg.interventions.schedule``) and the programme table of the quarterly and annual views."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from trygg.interventions.choices import InterventionStatus, SessionStatus
from trygg.interventions.models import Intervention, ProgrammeSession, ProgrammeSlot
from trygg.interventions.schedule import SessionSpec, SessionTally, SlotSpec, next_dates, tally
from trygg.interventions.selectors import interventions_visible_to
from trygg.places.models import Municipality

CLOSED = (InterventionStatus.DONE, InterventionStatus.CANCELLED)


def slot_specs(slots: list[ProgrammeSlot]) -> list[SlotSpec]:
    return [SlotSpec(s.pk, s.weekday, s.valid_from, s.valid_until) for s in slots]


def session_specs(sessions: list[ProgrammeSession]) -> list[SessionSpec]:
    return [
        SessionSpec(s.slot_id, s.date, s.status == SessionStatus.HELD, s.participants)
        for s in sessions
    ]


def quarter_of(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the calendar quarter containing `today`."""
    first = 3 * ((today.month - 1) // 3) + 1
    start = dt.date(today.year, first, 1)
    after = dt.date(today.year + 1, 1, 1) if first == 10 else dt.date(today.year, first + 3, 1)
    return start, after - dt.timedelta(days=1)


def closed_on(intervention: Intervention) -> dt.date | None:
    """The day the programme was marked done or cancelled (no planned sessions after it)."""
    if intervention.status not in CLOSED:
        return None
    change = (
        intervention.status_changes.filter(to_status=intervention.status)
        .order_by("-created_at")
        .first()
    )
    when = change.created_at if change is not None else intervention.updated_at
    return timezone.localdate(when)


def cutoff_for(intervention: Intervention, today: dt.date) -> dt.date:
    """The last day whose planned sessions count without a record: yesterday, or the day the
    programme closed."""
    cutoff = today - dt.timedelta(days=1)
    closed = closed_on(intervention)
    return min(cutoff, closed) if closed is not None else cutoff


def programme_tally(
    intervention: Intervention, start: dt.date, end: dt.date, today: dt.date | None = None
) -> SessionTally:
    today = today or timezone.localdate()
    slots = list(intervention.slots.all())
    sessions = list(intervention.sessions.filter(date__range=(start, end)))
    return tally(
        slot_specs(slots),
        session_specs(sessions),
        start=start,
        end=end,
        cutoff=cutoff_for(intervention, today),
    )


@dataclass(frozen=True)
class PlannedSession:
    slot: ProgrammeSlot
    date: dt.date
    session: ProgrammeSession | None


def upcoming(intervention: Intervention, today: dt.date, count: int = 4) -> list[PlannedSession]:
    """The next planned sessions from today on, with a record where one exists (this
    evening's, cancelled ahead)."""
    if intervention.status in CLOSED:
        return []
    slots = {s.pk: s for s in intervention.slots.all()}
    pairs = next_dates(slot_specs(list(slots.values())), today, count)
    recorded = {
        (s.slot_id, s.date): s
        for s in intervention.sessions.filter(date__gte=today, slot__isnull=False)
    }
    return [PlannedSession(slots[key], day, recorded.get((key, day))) for key, day in pairs]


def unrecorded(intervention: Intervention, today: dt.date, days: int = 28) -> list[PlannedSession]:
    """Planned sessions of the last `days` days (up to yesterday) with nothing recorded,
    newest first: what the programme's people still have to enter."""
    start = today - dt.timedelta(days=days)
    cutoff = cutoff_for(intervention, today)
    if cutoff < start:
        return []
    slots = {s.pk: s for s in intervention.slots.all()}
    recorded = set(
        intervention.sessions.filter(date__range=(start, cutoff), slot__isnull=False).values_list(
            "slot_id", "date"
        )
    )
    from trygg.interventions.schedule import planned_dates

    missing = [
        PlannedSession(slot, day, None)
        for slot in slots.values()
        for day in planned_dates(
            SlotSpec(slot.pk, slot.weekday, slot.valid_from, slot.valid_until), start, cutoff
        )
        if (slot.pk, day) not in recorded
    ]
    missing.sort(key=lambda p: (p.date, p.slot.starts_at), reverse=True)
    return missing


def session_get_for(
    *, user: Any, municipality: Municipality, intervention: Intervention, public_id: Any
) -> ProgrammeSession:
    """One session of an intervention the user may see, or 404."""
    found = (
        ProgrammeSession.objects.filter(intervention=intervention, public_id=public_id)
        .select_related("slot", "area", "recorded_by", "organisation")
        .first()
    )
    if found is None:
        raise Http404
    return found


def sessions_of(intervention: Intervention) -> QuerySet[ProgrammeSession]:
    return intervention.sessions.select_related("slot", "area", "organisation").prefetch_related(
        "places"
    )


@dataclass(frozen=True)
class ProgrammeRow:
    intervention: Intervention
    tally: SessionTally


def programmes_in_period(
    user: Any,
    municipality: Municipality,
    start: dt.date,
    end: dt.date,
    today: dt.date | None = None,
) -> list[ProgrammeRow]:
    """Every programme the user may see whose schedule overlaps [start, end], with its
    sessions held against planned in that period. Two queries for the schedules and
    sessions of all programmes, whatever the history's length."""
    today = today or timezone.localdate()
    visible = (
        interventions_visible_to(user, municipality)
        .filter(slots__valid_from__lte=end)
        .distinct()
        .select_related("area", "owner")
        .prefetch_related(
            "slots",
            Prefetch(
                "sessions",
                queryset=ProgrammeSession.objects.filter(date__range=(start, end)),
                to_attr="period_sessions",
            ),
        )
        .order_by("title")
    )
    rows: list[ProgrammeRow] = []
    for intervention in visible:
        slots = [
            s for s in intervention.slots.all() if s.valid_until is None or s.valid_until >= start
        ]
        if not slots:
            continue
        result = tally(
            slot_specs(slots),
            session_specs(intervention.period_sessions),
            start=start,
            end=end,
            cutoff=cutoff_for(intervention, today),
        )
        rows.append(ProgrammeRow(intervention, result))
    return rows
