"""Interventions' writes: the decision requirements, who may do what, the audit rows and
all-or-nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from trygg.core.models import AuditEvent
from trygg.interventions import services
from trygg.interventions.models import (
    Intervention,
    InterventionReview,
    InterventionStatusChange,
    InterventionUpdate,
)
from trygg.interventions.tests.helpers import decidable, make_intervention

pytestmark = pytest.mark.django_db


def test_a_coordinator_creates_a_proposed_intervention_with_its_audit_row(world: Any) -> None:
    flen = world.flen
    intervention = make_intervention(flen)
    assert intervention.status == "proposed"
    assert intervention.municipality == flen.municipality
    assert list(intervention.categories.all()) == [flen.categories["skadegorelse"]]
    event = AuditEvent.objects.get(action="intervention.create")
    assert event.target_id == str(intervention.public_id)
    assert event.municipality == flen.municipality
    assert event.changes["area"] == [None, "Centrum"]
    assert event.changes["categories"][0] is None
    assert event.free_text["title"] == [None, "Belysning vid gångtunneln"]
    assert InterventionStatusChange.objects.get(intervention=intervention).to_status == "proposed"


def test_deciding_names_every_missing_field_in_swedish(world: Any) -> None:
    flen = world.flen
    intervention = services.intervention_create(
        actor=flen.coordinator, municipality=flen.municipality, title="Städning", type="cleaning"
    )
    with translation.override("sv"), pytest.raises(ValidationError) as info:
        services.intervention_set_status(
            actor=flen.coordinator, intervention=intervention, status="decided"
        )
    errors = info.value.message_dict
    assert set(errors) == {"owner", "responsible", "due_date", "area", "scanning"}
    assert errors["owner"] == ["Välj ägande organisation innan insatsen kan beslutas."], errors[
        "owner"
    ]
    intervention.refresh_from_db()
    assert intervention.status == "proposed"
    assert not AuditEvent.objects.filter(action="intervention.status").exists()


def test_one_missing_field_is_named_alone(world: Any) -> None:
    flen = world.flen
    intervention = make_intervention(flen, responsible="")
    with pytest.raises(ValidationError) as info:
        services.intervention_set_status(
            actor=flen.coordinator, intervention=intervention, status="decided"
        )
    assert set(info.value.message_dict) == {"responsible"}


def test_a_complete_intervention_is_decided_and_the_change_is_audited(world: Any) -> None:
    flen = world.flen
    intervention = make_intervention(flen)
    services.intervention_set_status(
        actor=flen.coordinator, intervention=intervention, status="decided"
    )
    intervention.refresh_from_db()
    assert intervention.status == "decided"
    event = AuditEvent.objects.get(action="intervention.status")
    assert event.changes == {"status": ["proposed", "decided"]}
    assert list(
        InterventionStatusChange.objects.filter(intervention=intervention).values_list(
            "from_status", "to_status"
        )
    ) == [("proposed", "decided"), ("", "proposed")]


def test_creating_decided_needs_the_same_fields(world: Any) -> None:
    flen = world.flen
    with pytest.raises(ValidationError) as info:
        services.intervention_create(
            actor=flen.coordinator,
            municipality=flen.municipality,
            status="decided",
            **decidable(flen, due_date=None),
        )
    assert set(info.value.message_dict) == {"due_date"}
    assert not Intervention.objects.exists()
    assert not AuditEvent.objects.filter(action="intervention.create").exists()


def test_a_decided_intervention_cannot_lose_its_owner(world: Any) -> None:
    flen = world.flen
    intervention = make_intervention(flen, status="decided")
    with pytest.raises(ValidationError) as info:
        services.intervention_update(actor=flen.coordinator, intervention=intervention, owner=None)
    assert "owner" in info.value.message_dict
    intervention.refresh_from_db()
    assert intervention.owner == flen.org_housing


def test_impossible_transitions_are_refused(world: Any) -> None:
    flen = world.flen
    intervention = make_intervention(flen)
    with pytest.raises(ValidationError):
        services.intervention_set_status(
            actor=flen.coordinator, intervention=intervention, status="done"
        )
    with pytest.raises(ValidationError):
        services.intervention_set_status(
            actor=flen.coordinator, intervention=intervention, status="nonsense"
        )


def test_the_owner_organisation_moves_it_along_but_does_not_decide(world: Any) -> None:
    flen = world.flen
    intervention = make_intervention(flen)  # owned by the housing company (flen.reporter)
    with pytest.raises(PermissionDenied):
        services.intervention_set_status(
            actor=flen.reporter, intervention=intervention, status="decided"
        )
    services.intervention_set_status(
        actor=flen.coordinator, intervention=intervention, status="decided"
    )
    services.intervention_set_status(
        actor=flen.reporter, intervention=intervention, status="ongoing"
    )
    intervention.refresh_from_db()
    assert intervention.status == "ongoing"
    assert intervention.start_date == timezone.localdate()
    # a partner of another organisation may not touch it
    with pytest.raises(PermissionDenied):
        services.intervention_set_status(
            actor=flen.partner, intervention=intervention, status="done"
        )


def test_owners_edit_their_own_but_not_others_and_cannot_give_it_away(world: Any) -> None:
    flen = world.flen
    intervention = make_intervention(flen)
    services.intervention_update(
        actor=flen.reporter, intervention=intervention, responsible="Bovärd, Centrum"
    )
    intervention.refresh_from_db()
    assert intervention.responsible == "Bovärd, Centrum"
    assert AuditEvent.objects.get(action="intervention.update").free_text == {
        "responsible": ["Förvaltare, Bostäder", "Bovärd, Centrum"]
    }
    with pytest.raises(ValidationError) as info:
        services.intervention_update(
            actor=flen.reporter, intervention=intervention, owner=flen.org_municipal
        )
    assert "owner" in info.value.message_dict
    for outsider in (flen.partner, flen.police, world.degerfors.coordinator):
        with pytest.raises(PermissionDenied):
            services.intervention_update(actor=outsider, intervention=intervention, title="X")


def test_police_record_their_own_actions_but_not_for_others(world: Any) -> None:
    flen = world.flen
    own = services.intervention_create(
        actor=flen.police,
        municipality=flen.municipality,
        title="Förstärkt närvaro vid resecentrum",
        type="presence",
        owner=flen.org_police,
    )
    assert own.owner == flen.org_police and own.status == "proposed"
    with pytest.raises(PermissionDenied):
        services.intervention_create(
            actor=flen.police,
            municipality=flen.municipality,
            title="X",
            type="presence",
            owner=flen.org_housing,
        )
    with pytest.raises(ValidationError) as info:
        services.intervention_create(
            actor=flen.police,
            municipality=flen.municipality,
            status="decided",
            **decidable(flen, owner=flen.org_police),
        )
    assert "status" in info.value.message_dict
    # other partners and reporters do not create interventions
    for actor, owner in ((flen.partner, flen.org_municipal), (flen.reporter, flen.org_housing)):
        with pytest.raises(PermissionDenied):
            services.intervention_create(
                actor=actor, municipality=flen.municipality, title="X", type="other", owner=owner
            )


def test_objects_of_another_municipality_are_refused(world: Any) -> None:
    flen, other = world.flen, world.degerfors
    with pytest.raises(ValidationError) as info:
        services.intervention_create(
            actor=flen.coordinator,
            municipality=flen.municipality,
            **decidable(
                flen,
                area=other.centrum,
                owner=other.org_housing,
                categories=[other.categories["klotter"]],
            ),
        )
    assert {"area", "owner", "categories"} <= set(info.value.message_dict)
    assert not Intervention.objects.exists()


def test_progress_adds_hours_and_is_audited(world: Any) -> None:
    flen = world.flen
    intervention = make_intervention(flen, status="decided")
    services.intervention_add_progress(
        actor=flen.reporter, intervention=intervention, note="Två armaturer bytta.", hours="2,5"
    )
    services.intervention_add_progress(
        actor=flen.coordinator, intervention=intervention, note="Besök på plats.", hours=1
    )
    intervention.refresh_from_db()
    assert intervention.hours_spent == Decimal("3.5")
    first = InterventionUpdate.objects.get(note="Två armaturer bytta.")
    assert first.organisation == flen.org_housing and first.author == flen.reporter
    events = AuditEvent.objects.filter(action="intervention.progress").order_by("pk")
    assert [e.changes["hours"] for e in events] == ["2.5", "1"]
    assert events[1].changes["hours_spent"] == ["2.5", "3.5"]
    assert events[0].free_text == {"note": "Två armaturer bytta."}


@pytest.mark.parametrize("hours", ["-1", "1000.5", "abc", "1.255", "NaN", "Infinity"])
def test_bad_hours_are_refused_and_nothing_is_saved(world: Any, hours: str) -> None:
    flen = world.flen
    intervention = make_intervention(flen)
    with translation.override("sv"), pytest.raises(ValidationError) as info:
        services.intervention_add_progress(
            actor=flen.reporter, intervention=intervention, note="Gjort.", hours=hours
        )
    assert "hours" in info.value.message_dict
    assert not InterventionUpdate.objects.exists()
    intervention.refresh_from_db()
    assert intervention.hours_spent == 0


def test_progress_needs_a_note_and_a_date_not_in_the_future(world: Any) -> None:
    flen = world.flen
    intervention = make_intervention(flen)
    with pytest.raises(ValidationError) as info:
        services.intervention_add_progress(
            actor=flen.reporter,
            intervention=intervention,
            note="",
            occurred_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert {"note", "occurred_on"} <= set(info.value.message_dict)
    with pytest.raises(PermissionDenied):
        services.intervention_add_progress(
            actor=flen.partner, intervention=intervention, note="Gjort."
        )


def test_reviews_by_the_coordinator_and_end_closes_it(world: Any) -> None:
    flen = world.flen
    intervention = make_intervention(flen, status="decided")
    with pytest.raises(PermissionDenied):
        services.intervention_review(
            actor=flen.reporter, intervention=intervention, outcome="continue"
        )
    with pytest.raises(ValidationError) as info:
        services.intervention_review(
            actor=flen.coordinator, intervention=intervention, outcome="expand", note=""
        )
    assert "note" in info.value.message_dict
    services.intervention_review(
        actor=flen.coordinator, intervention=intervention, outcome="continue", note="Bra läge."
    )
    intervention.refresh_from_db()
    assert intervention.status == "decided"
    services.intervention_review(
        actor=flen.coordinator, intervention=intervention, outcome="end", note="Klart."
    )
    intervention.refresh_from_db()
    assert intervention.status == "done"
    assert InterventionReview.objects.filter(intervention=intervention).count() == 2
    last = AuditEvent.objects.filter(action="intervention.review").order_by("pk").last()
    assert last is not None
    assert last.changes["outcome"] == "end"
    assert last.changes["status"] == ["decided", "done"]
    with pytest.raises(ValidationError):  # a done intervention is not followed up again
        services.intervention_review(
            actor=flen.coordinator, intervention=intervention, outcome="continue"
        )


def test_a_coordinator_of_another_municipality_can_do_nothing(world: Any) -> None:
    flen, other = world.flen, world.degerfors
    intervention = make_intervention(flen, status="decided")
    with pytest.raises(PermissionDenied):
        services.intervention_set_status(
            actor=other.coordinator, intervention=intervention, status="ongoing"
        )
    with pytest.raises(PermissionDenied):
        services.intervention_add_progress(
            actor=other.coordinator, intervention=intervention, note="X"
        )
    with pytest.raises(PermissionDenied):
        services.intervention_review(
            actor=other.coordinator, intervention=intervention, outcome="continue"
        )
    with pytest.raises(PermissionDenied):
        services.intervention_create(
            actor=other.coordinator, municipality=flen.municipality, title="X", type="other"
        )


def test_the_system_actor_holds_no_permission(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.intervention_create(
            actor="system", municipality=world.flen.municipality, title="X", type="other"
        )
