"""The demo's programmes on a schedule (issue 9): Trygg vuxen and the night walkers in Flen
centrum, Friday and Saturday evenings, with half a year of sessions — most held, some
cancelled, a few never entered (so the quarterly and annual views show held against planned
and the programme page has sessions still to record). Observations are the reports the night
walkers' and the youth workers' organisations already made in the area that evening."""

from __future__ import annotations

import datetime as dt
import random

from trygg.interventions import services
from trygg.interventions.models import Intervention
from trygg.interventions.schedule import SlotSpec, planned_dates
from trygg.interventions.services import programmes
from trygg.reports.models import Report
from trygg.setup.demo.structure import Structure

AREA = "Flen centrum"
NIGHT_WALK_TITLE = "Nattvandring fredag och lördag i Flen centrum"
WEEKS = 26
NOTES_HELD = (
    "",
    "",
    "Lugnt på torget. Ett tiotal ungdomar vid busstationen, god stämning.",
    "Samtal med ungdomar vid Resecentrum om helgens aktiviteter.",
    "Trasig belysning i gångtunneln – anmält som observation.",
)
NOTES_CANCELLED = (
    "Inställt – för få vuxna anmälda.",
    "Inställt på grund av ovädret.",
)


def build_programmes(structure: Structure, today: dt.date, seed: int) -> int:
    """Schedules and sessions for Flen's two evening programmes; returns the sessions made."""
    areas, orgs = structure.areas, structure.organisations
    if AREA not in areas or "fritid" not in orgs or "nattvandrarna" not in orgs:
        return 0
    coordinator, municipality = structure.coordinator, structure.municipality
    area = areas[AREA]
    start = today - dt.timedelta(weeks=WEEKS)
    trygg_vuxen = services.intervention_create(
        actor=coordinator,
        municipality=municipality,
        title="Trygg vuxen i Flen centrum",
        type="trygg_vuxen",
        technique="increase_risk",
        term="long",
        area=area,
        owner=orgs["fritid"],
        participants=[p for p in (orgs.get("raddning"),) if p is not None],
        responsible="Fritidsledare, kvällsgruppen",
        start_date=start,
        due_date=today + dt.timedelta(weeks=26),
        scanning="Ungdomar utan vuxna i centrum på fredags- och lördagskvällar; bråk och "
        "skadegörelse.",
        response="Fritidsledare och räddningstjänst går i centrum, pratar med ungdomarna och "
        "rapporterar det de ser.",
        assessment="Pass genomförda mot planerade; händelser i centrum kvällstid.",
        status="decided",
    )
    services.intervention_set_status(actor=coordinator, intervention=trygg_vuxen, status="ongoing")
    night_walk = Intervention.objects.filter(
        municipality=municipality, title=NIGHT_WALK_TITLE
    ).first()
    rng = random.Random(seed * 31 + 9)
    made = _schedule_and_sessions(
        structure, trygg_vuxen, "fritid", start, today, rng, [(5, 20), (6, 20)], dt.time(0, 0)
    )
    if night_walk is not None:
        made += _schedule_and_sessions(
            structure,
            night_walk,
            "nattvandrarna",
            today - dt.timedelta(weeks=12),
            today,
            rng,
            [(5, 21), (6, 21)],
            dt.time(1, 0),
        )
    return made


def _schedule_and_sessions(
    structure: Structure,
    intervention: Intervention,
    org_key: str,
    start: dt.date,
    today: dt.date,
    rng: random.Random,
    times: list[tuple[int, int]],
    ends_at: dt.time,
) -> int:
    coordinator = structure.coordinator
    recorder = structure.reporters.get(org_key, [coordinator])[0]
    area = structure.areas[AREA]
    places = [p for p in structure.places.values() if p.area_id == area.pk]
    slots = [
        programmes.slot_add(
            actor=coordinator,
            intervention=intervention,
            weekday=weekday,
            starts_at=dt.time(hour, 0),
            ends_at=ends_at,
            area=area,
            valid_from=start,
        )
        for weekday, hour in times
    ]
    yesterday = today - dt.timedelta(days=1)
    planned = sorted(
        (day, slot)
        for slot in slots
        for day in planned_dates(
            SlotSpec(slot.pk, slot.weekday, slot.valid_from, slot.valid_until), start, yesterday
        )
    )
    # the latest planned session is left for the walkers to enter (the "not yet recorded" list)
    planned = planned[:-1]
    organisation = structure.organisations[org_key]
    made = 0
    for day, slot in planned:
        roll = rng.random()
        if roll < 0.06:
            continue  # never entered
        if roll < 0.16:
            programmes.session_record(
                actor=recorder,
                intervention=intervention,
                slot=slot,
                date=day,
                status="cancelled",
                note=rng.choice(NOTES_CANCELLED),
            )
            made += 1
            continue
        session = programmes.session_record(
            actor=recorder,
            intervention=intervention,
            slot=slot,
            date=day,
            status="held",
            participants=rng.randint(3, 9),
            places=rng.sample(places, k=min(len(places), rng.randint(1, 3))) if places else [],
            note=rng.choice(NOTES_HELD),
        )
        seen = Report.objects.filter(
            organisation=organisation,
            area=area,
            occurred_start__date__in=(day, day + dt.timedelta(days=1)),
        ).values_list("pk", flat=True)[:3]
        if seen:
            session.reports.add(*seen)
        made += 1
    return made
