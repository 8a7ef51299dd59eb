"""The meeting and the interventions: open interventions due or overdue come on the agenda and
the preparation page; a decision of kind "intervention" creates the intervention."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from trygg.core.weeks import local_date
from trygg.interventions.models import Intervention
from trygg.interventions.tests.helpers import make_intervention
from trygg.meetings.services.decisions import decision_record
from trygg.meetings.services.meetings import agenda_generate
from trygg.meetings.tests.helpers import next_weekly

pytestmark = pytest.mark.django_db


def test_due_and_overdue_interventions_on_the_agenda_and_the_preparation_page(
    client: Any, world: Any
) -> None:
    flen = world.flen
    meeting = next_weekly(flen)
    day = local_date(meeting.starts_at)
    overdue = make_intervention(
        flen, status="decided", title="Klotterbevakning", due_date=day - dt.timedelta(days=3)
    )
    soon = make_intervention(
        flen, status="decided", title="Ny belysning", due_date=day + dt.timedelta(days=5)
    )
    make_intervention(flen, status="decided", title="Senare", due_date=day + dt.timedelta(days=30))
    items = agenda_generate(actor=flen.coordinator, meeting=meeting)
    labels = [item.label for item in items]
    assert any(label.startswith("Försenad insats: Klotterbevakning") for label in labels), labels
    assert any(label.startswith("Insats som ska vara klar: Ny belysning") for label in labels)
    assert not any("Senare" in label for label in labels)
    assert len(agenda_generate(actor=flen.coordinator, meeting=meeting)) == 0  # no duplicates
    client.force_login(flen.coordinator)
    page = client.get(
        reverse("meetings:prepare", args=["0482"]), HTTP_ACCEPT_LANGUAGE="sv"
    ).content.decode()
    assert "Insatser som ska vara klara eller är försenade" in page
    assert reverse("interventions:detail", args=["0482", overdue.public_id]) in page
    assert reverse("interventions:detail", args=["0482", soon.public_id]) in page
    assert page.count("badge--overdue") == 1


def test_an_intervention_decision_creates_the_intervention(world: Any) -> None:
    flen = world.flen
    meeting = next_weekly(flen)
    due = local_date(meeting.starts_at) + dt.timedelta(days=21)
    decision = decision_record(
        actor=flen.coordinator,
        meeting=meeting,
        kind="intervention",
        text="Nedskräpning vid resecentrum på helgerna",
        intervention_title="Extra städning vid resecentrum",
        organisation=flen.org_housing,
        due_date=due,
        area=flen.centrum,
    )
    intervention = Intervention.objects.get(public_id=decision.intervention_ref)
    assert intervention.title == "Extra städning vid resecentrum"
    assert intervention.owner == flen.org_housing and intervention.due_date == due
    assert intervention.area == flen.centrum and intervention.source == "decision"
    assert intervention.decision_ref == decision.public_id
    assert intervention.scanning == "Nedskräpning vid resecentrum på helgerna"
    assert intervention.status == "proposed"  # the responsible person is still to be named
