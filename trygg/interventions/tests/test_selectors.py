"""Reads: who sees which intervention, the filters, and due_or_overdue for meetings and
reminders."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import Http404

from trygg.interventions import selectors
from trygg.interventions.selectors import InterventionFilters
from trygg.interventions.services import intervention_set_status
from trygg.interventions.tests.helpers import make_intervention

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)


def titles(qs: Any) -> set[str]:
    return {i.title for i in qs}


def test_who_sees_what(world: Any) -> None:
    flen = world.flen
    make_intervention(flen, title="Delad", owner=flen.org_housing)
    make_intervention(flen, title="Polisens egna", owner=flen.org_police, visibility="coordinators")
    hidden = make_intervention(
        flen, title="Bostäders interna", owner=flen.org_housing, visibility="coordinators"
    )
    hidden.participants.set([flen.org_municipal])  # the partner's organisation takes part
    make_intervention(world.degerfors, title="Degerfors")
    m = flen.municipality
    assert titles(selectors.interventions_visible_to(flen.coordinator, m)) == {
        "Delad",
        "Polisens egna",
        "Bostäders interna",
    }
    # the partner: the shared one and the one their organisation takes part in
    assert titles(selectors.interventions_visible_to(flen.partner, m)) == {
        "Delad",
        "Bostäders interna",
    }
    # the police partner: shared ones and their own
    assert titles(selectors.interventions_visible_to(flen.police, m)) == {
        "Delad",
        "Polisens egna",
    }
    # the reporter (housing company): only their own organisation's
    assert titles(selectors.interventions_visible_to(flen.reporter, m)) == {
        "Delad",
        "Bostäders interna",
    }
    assert titles(selectors.interventions_of_my_organisations(flen.police, m)) == {"Polisens egna"}
    assert not selectors.interventions_visible_to(world.degerfors.coordinator, m).exists()


def test_one_intervention_outside_the_municipality_is_404(world: Any) -> None:
    intervention = make_intervention(world.flen)
    with pytest.raises(Http404):
        selectors.intervention_get_for(
            user=world.degerfors.coordinator,
            municipality=world.degerfors.municipality,
            public_id=intervention.public_id,
        )
    with pytest.raises(Http404):
        selectors.intervention_get_for(
            user=world.degerfors.coordinator,
            municipality=world.flen.municipality,
            public_id=intervention.public_id,
        )


def test_filters(world: Any) -> None:
    flen = world.flen
    late = make_intervention(flen, title="Sen", due_date=TODAY - dt.timedelta(days=1))
    make_intervention(
        flen, title="Norr", area=flen.norr, owner=flen.org_police, due_date=TODAY + dt.timedelta(5)
    )
    done = make_intervention(flen, title="Klar", due_date=TODAY - dt.timedelta(days=10))
    for status in ("decided", "done"):
        intervention_set_status(actor=flen.coordinator, intervention=done, status=status)
    base = selectors.interventions_visible_to(flen.coordinator, flen.municipality)

    def run(**kw: Any) -> set[str]:
        return titles(selectors.interventions_filtered(base, InterventionFilters(**kw), TODAY))

    assert run(overdue=True) == {"Sen"}  # done ones are never overdue
    assert run(area=flen.norr) == {"Norr"}
    assert run(owner=flen.org_police) == {"Norr"}
    assert run(status="done") == {"Klar"}
    assert run(open_only=True) == {"Sen", "Norr"}
    assert run(due_before=TODAY) == {"Sen", "Klar"}
    done.refresh_from_db()
    assert late.is_overdue(TODAY) and not done.is_overdue(TODAY)


def test_due_or_overdue(world: Any) -> None:
    flen = world.flen

    def decided(title: str, days: int | None) -> Any:
        due = None if days is None else TODAY + dt.timedelta(days=days)
        return make_intervention(flen, title=title, due_date=due, status="decided")

    decided("Försenad", -3)
    decided("Idag", 0)
    decided("Om en vecka", 7)
    decided("Om åtta dagar", 8)
    make_intervention(flen, title="Föreslagen", due_date=TODAY)  # not decided yet
    ongoing = decided("Pågår", 2)
    intervention_set_status(actor=flen.coordinator, intervention=ongoing, status="ongoing")
    finished = decided("Klar", -1)
    intervention_set_status(actor=flen.coordinator, intervention=finished, status="done")
    make_intervention(world.degerfors, title="Annan kommun", due_date=TODAY, status="decided")

    found = selectors.due_or_overdue(flen.municipality, TODAY, 7)
    assert [i.title for i in found] == ["Försenad", "Idag", "Pågår", "Om en vecka"]
    assert [i.title for i in selectors.due_or_overdue(flen.municipality, TODAY, 0)] == [
        "Försenad",
        "Idag",
    ]
    with pytest.raises(ValueError):
        selectors.due_or_overdue(flen.municipality, TODAY, -1)


def test_open_in_area_and_owners_offered(world: Any) -> None:
    flen = world.flen
    make_intervention(flen, title="Öppen")
    closed = make_intervention(flen, title="Avbruten")
    intervention_set_status(actor=flen.coordinator, intervention=closed, status="cancelled")
    make_intervention(flen, title="I norr", area=flen.norr)
    assert [i.title for i in selectors.open_in_area(flen.coordinator, flen.centrum)] == ["Öppen"]
    assert selectors.organisations_for_owner(flen.police, flen.municipality) == [flen.org_police]
    assert selectors.organisations_for_owner(flen.partner, flen.municipality) == []
    assert len(selectors.organisations_for_owner(flen.coordinator, flen.municipality)) == 3
