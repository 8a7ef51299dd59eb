"""Sessions held against sessions planned, for programmes on a schedule (pure: no database).

A programme (Trygg vuxen, nattvandring …) has schedule times — a weekday, valid from a date
until an optional last date. Each date on which a time runs is one *planned* session. A
recorded session is *held* or *cancelled*; a planned date that has passed with nothing
recorded is *not recorded* — never silently counted as held or as cancelled. Sessions held
outside the schedule are *extra* and do not count against the plan.

Like with like: in a period that is still running, only the planned dates up to the cutoff
(yesterday, or the day the programme ended) count, plus later dates that already have a record
(this evening's session once it is entered). So a running quarter never reads as "half the
sessions missing"; ``complete`` says whether the whole period was counted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class SlotSpec:
    key: int
    weekday: int  # ISO: Monday 1 … Sunday 7
    valid_from: dt.date
    valid_until: dt.date | None = None


@dataclass(frozen=True)
class SessionSpec:
    slot: int | None
    date: dt.date
    held: bool
    participants: int | None = None


@dataclass(frozen=True)
class SessionTally:
    start: dt.date
    end: dt.date
    counted_until: dt.date
    planned: int
    held: int
    cancelled: int
    not_recorded: int
    extra: int
    participants: int

    @property
    def complete(self) -> bool:
        """The whole period has been counted (it is over, or the programme ended in it)."""
        return self.counted_until >= self.end

    @property
    def recorded(self) -> int:
        return self.held + self.cancelled

    @property
    def held_share(self) -> float | None:
        """Held ÷ planned, or None when nothing was planned (never a percentage of zero)."""
        return self.held / self.planned if self.planned else None


def planned_dates(slot: SlotSpec, start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """The dates in [start, end] on which `slot` runs, in order."""
    first = max(start, slot.valid_from)
    last = end if slot.valid_until is None else min(end, slot.valid_until)
    if first > last:
        return
    day = first + dt.timedelta(days=(slot.weekday - first.isoweekday()) % 7)
    while day <= last:
        yield day
        day += dt.timedelta(days=7)


def tally(
    slots: Iterable[SlotSpec],
    sessions: Iterable[SessionSpec],
    *,
    start: dt.date,
    end: dt.date,
    cutoff: dt.date,
) -> SessionTally:
    """Count planned, held, cancelled, not recorded and extra sessions in [start, end].

    `cutoff` is the last day whose planned sessions count even without a record (usually
    yesterday; the programme's end date if it ended earlier)."""
    if end < start:
        raise ValueError("end before start")
    counted_until = min(end, cutoff)
    recorded: dict[tuple[int, dt.date], SessionSpec] = {}
    extra = participants = 0
    in_window = [s for s in sessions if start <= s.date <= end]
    for one in in_window:
        if one.slot is not None:
            recorded[(one.slot, one.date)] = one
    planned = held = cancelled = not_recorded = 0
    planned_keys: set[tuple[int, dt.date]] = set()
    for slot in slots:
        for day in planned_dates(slot, start, end):
            key = (slot.key, day)
            session = recorded.get(key)
            if day > counted_until and session is None:
                continue  # still ahead, or this evening's not yet entered
            planned += 1
            planned_keys.add(key)
            if session is None:
                not_recorded += 1
            elif session.held:
                held += 1
                participants += session.participants or 0
            else:
                cancelled += 1
    for one in in_window:
        if one.slot is not None and (one.slot, one.date) in planned_keys:
            continue
        if one.held:
            extra += 1
            participants += one.participants or 0
    return SessionTally(
        start=start,
        end=end,
        counted_until=counted_until,
        planned=planned,
        held=held,
        cancelled=cancelled,
        not_recorded=not_recorded,
        extra=extra,
        participants=participants,
    )


def next_dates(slots: Iterable[SlotSpec], after: dt.date, count: int) -> list[tuple[int, dt.date]]:
    """The next `count` planned (slot key, date) pairs from `after` on (inclusive)."""
    horizon = after + dt.timedelta(days=7 * count)
    pairs = [(day, slot.key) for slot in slots for day in planned_dates(slot, after, horizon)]
    pairs.sort()
    return [(key, day) for day, key in pairs[:count]]


def session_end_day(date: dt.date, starts_at: dt.time, ends_at: dt.time) -> dt.date:
    """The day a session that starts on `date` ends: an end at or before the start is after
    midnight (20:00–00:00 ends the next day)."""
    return date + ONE_DAY if ends_at <= starts_at else date
