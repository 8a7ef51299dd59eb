"""The demo's EST meetings: a weekly series on Tuesdays with the last three meetings held and
closed (attendance, notes, decisions, frozen minutes) and the next ones planned, through the
meetings services as the coordinator would."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from trygg.meetings.services.decisions import decision_record, meeting_close
from trygg.meetings.services.meetings import (
    agenda_generate,
    attendance_set,
    item_add,
    item_update,
    series_create,
    series_schedule,
)
from trygg.meetings.services.riskdays import local_risk_day_save
from trygg.setup.demo.structure import Structure

PAST = 3
AHEAD = 4


def build_meetings(structure: Structure, *, now: dt.datetime) -> int:
    """Returns the number of meetings created."""
    coordinator = structure.coordinator
    municipality = structure.municipality
    today = timezone.localdate(now)
    organisations = list(structure.organisations.values())
    series = series_create(
        actor=coordinator,
        municipality=municipality,
        name="EST-möte",
        cadence="weekly",
        weekday=2,
        start_time=dt.time(9, 0),
        first_date=today - dt.timedelta(weeks=PAST),
        place="Kommunhuset, sammanträdesrum 2 (eller Teams)",
        organisations=organisations,
    )
    made = series_schedule(
        actor=coordinator, series=series, count=PAST + AHEAD, today=series.first_date
    )
    local_risk_day_save(
        actor=coordinator,
        municipality=municipality,
        name="Marknadsdag på torget (demo)",
        first_day=today + dt.timedelta(days=9),
        note="Kvällsaktiviteter på torget; fler ungdomar i rörelse.",
    )
    areas = list(structure.areas.values())
    held = [m for m in made if timezone.localdate(m.starts_at) < today][-PAST:]
    for number, meeting in enumerate(held):
        items = agenda_generate(actor=coordinator, meeting=meeting)
        hand = item_add(actor=coordinator, meeting=meeting, title="Information från polisen (demo)")
        for item in items[:2]:
            item_update(
                actor=coordinator,
                item=item,
                note="Gicks igenom; ingen ytterligare åtgärd utöver besluten nedan.",
                internal=False,
                done=True,
            )
        item_update(
            actor=coordinator,
            item=hand,
            note="Polisen ökar närvaron vid stationsområdet fredag och lördag kväll.",
            internal=number == 0,
            done=number != len(held) - 1,  # the last one stays open: carried over
        )
        attendance_set(
            actor=coordinator,
            meeting=meeting,
            presence={
                org: ("apologies" if (i + number) % 5 == 0 else "present")
                for i, org in enumerate(organisations)
            },
        )
        area = areas[number % len(areas)]
        decision_record(
            actor=coordinator,
            meeting=meeting,
            kind="focus",
            text="Fokus nästa vecka på stationsområdet och centrum kvällstid.",
            focus_areas=areas[:2],
        )
        decision_record(
            actor=coordinator,
            meeting=meeting,
            kind="intervention",
            text="Röj buskagen längs gångvägen och byt trasiga armaturer.",
            intervention_title=f"Röjning och belysning, {area.name} (demo)",
            organisation=organisations[number % len(organisations)],
            due_date=timezone.localdate(meeting.starts_at) + dt.timedelta(days=21),
        )
        decision_record(
            actor=coordinator,
            meeting=meeting,
            kind="tell",
            text="Återkoppla till de rapporterande organisationerna.",
            tell_whom="Nyckelfunktionerna i EST-gruppen",
            tell_what="Veckans bild och fokus; tack för rapporterna.",
        )
        meeting_close(actor=coordinator, meeting=meeting)
    upcoming = [m for m in made if timezone.localdate(m.starts_at) >= today]
    if upcoming:
        agenda_generate(actor=coordinator, meeting=upcoming[0])
    return len(made)
