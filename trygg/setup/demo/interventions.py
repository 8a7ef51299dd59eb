"""The demo's interventions (issue 9): open ones for the weekly picture (one overdue, one the
police's own), and two with evaluation designs — the planted fall in Sveaparken (a real
reduction, with its interval) and one in Sparreholm with too few events to tell."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from trygg.accounts.models import Organisation
from trygg.core.weeks import IsoWeek
from trygg.interventions import services
from trygg.interventions.evaluation import evaluation_design_set
from trygg.setup.demo.data import MunicipalitySpec
from trygg.setup.demo.structure import Structure

DECREASE_KEY = "decrease-sveaparken"
WINDOW_WEEKS = 16
NEEDED_AREAS = {"Sveaparken", "Malmköping", "Flen centrum", "Sparreholm", "Mellösa"}


def build_interventions(
    spec: MunicipalitySpec,
    structure: Structure,
    end_week: IsoWeek,
    now: dt.datetime,
    history_weeks: int,
) -> int:
    """Create the demo interventions of `spec` (Flen only); returns how many. The two
    evaluated ones need a history reaching a whole before window back from the planted fall."""
    decrease = next((s for s in spec.signals if s.key == DECREASE_KEY), None)
    if decrease is None or not set(structure.areas) >= NEEDED_AREAS:
        return 0
    by_type = {org.type: org for org in structure.organisations.values()}
    needed = [by_type.get(kind) for kind in ("housing", "police", "municipal", "association")]
    if any(org is None for org in needed):
        return 0
    housing, police, municipal, association = (org for org in needed if org is not None)
    today = timezone.localdate(now)
    count = _open(structure, today, housing, police, association)
    if decrease.weeks_before_end + WINDOW_WEEKS < history_weeks:
        start = end_week.shift(-decrease.weeks_before_end).monday
        count += _evaluated(structure, start, today, municipal, housing, police)
    return count


def _open(
    structure: Structure,
    today: dt.date,
    housing: Organisation,
    police: Organisation,
    association: Organisation,
) -> int:
    coordinator, municipality, areas = (
        structure.coordinator,
        structure.municipality,
        structure.areas,
    )
    overdue = services.intervention_create(
        actor=coordinator,
        municipality=municipality,
        title="Klottersanering inom 24 timmar vid Resecentrum",
        type="graffiti_removal",
        technique="reduce_rewards",
        area=areas.get("Stationsområdet/Resecentrum", areas["Flen centrum"]),
        owner=housing,
        responsible="Fastighetsskötare",
        due_date=today - dt.timedelta(days=5),
        scanning="Återkommande klotter på väntkurerna och i gångtunneln.",
        status="decided",
    )
    services.intervention_set_status(actor=coordinator, intervention=overdue, status="ongoing")
    services.intervention_create(
        actor=coordinator,
        municipality=municipality,
        title="Nattvandring fredag och lördag i Flen centrum",
        type="night_walking",
        area=areas["Flen centrum"],
        owner=association,
        responsible="Samordnare, Nattvandrarna",
        due_date=today + dt.timedelta(days=10),
        scanning="Ungdomar samlas och stör vid torget fredags- och lördagskvällar.",
        status="decided",
    )
    services.intervention_create(
        actor=coordinator,
        municipality=municipality,
        title="Förstärkt närvaro vid torget kvällstid",
        type="presence",
        area=areas["Flen centrum"],
        owner=police,
        scanning="Ordningsstörningar vid torget kvällstid.",
    )
    return 3


def _evaluated(
    structure: Structure,
    start: dt.date,
    today: dt.date,
    municipal: Organisation,
    housing: Organisation,
    police: Organisation,
) -> int:
    coordinator, municipality, areas = (
        structure.coordinator,
        structure.municipality,
        structure.areas,
    )
    lighting = services.intervention_create(
        actor=coordinator,
        municipality=municipality,
        title="Ny belysning och röjning i Sveaparken",
        type="lighting",
        technique="increase_risk",
        term="long",
        area=areas["Sveaparken"],
        owner=municipal,
        participants=[housing],
        responsible="Gatuchef, Gata/park",
        start_date=start,
        due_date=start + dt.timedelta(weeks=6),
        scanning="Skadegörelse, nedskräpning och otrygghet i parken kvällstid.",
        analysis="Mörka gångstråk och tät växtlighet skymmer sikten från bostäderna.",
        response="Ny LED-belysning längs gångstråken, buskage röjt till 60 cm.",
        assessment="Jämför händelserna 16 veckor före och efter med Malmköping.",
        status="decided",
    )
    services.intervention_set_status(actor=coordinator, intervention=lighting, status="ongoing")
    services.intervention_add_progress(
        actor=coordinator,
        intervention=lighting,
        note="Belysningen uppsatt längs båda gångstråken; röjningen klar.",
        hours="46",
        occurred_on=min(start + dt.timedelta(weeks=4), today),
    )
    services.intervention_review(
        actor=coordinator,
        intervention=lighting,
        outcome="end",
        note="Genomförd. Effekten utvärderas när efterperioden har gått.",
        reviewed_on=min(start + dt.timedelta(weeks=6), today),
    )
    evaluation_design_set(
        actor=coordinator,
        intervention=lighting,
        target_area=areas["Sveaparken"],
        comparison_area=areas["Malmköping"],
        buffer_area=areas["Flen centrum"],
        before_start=start - dt.timedelta(weeks=WINDOW_WEEKS),
        after_start=start,
        weeks=WINDOW_WEEKS,
    )
    watch = services.intervention_create(
        actor=coordinator,
        municipality=municipality,
        title="Grannsamverkan i Sparreholm",
        type="neighbourhood_watch",
        technique="increase_risk",
        area=areas["Sparreholm"],
        owner=police,
        responsible="Kommunpolis",
        due_date=start + dt.timedelta(weeks=8),
        scanning="Enstaka inbrott och skadegörelse i villaområdet.",
        status="decided",
    )
    evaluation_design_set(
        actor=coordinator,
        intervention=watch,
        target_area=areas["Sparreholm"],
        comparison_area=areas["Mellösa"],
        before_start=start - dt.timedelta(weeks=8),
        after_start=start,
        weeks=8,
    )
    return 2
