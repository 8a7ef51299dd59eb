"""Joint councils and police areas: create, invite, accept, decline, leave (docs/joint.md)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trygg.core.models import AuditEvent
from trygg.places import joint
from trygg.places.choices import JointStatus

pytestmark = pytest.mark.django_db


def _council(world: Any) -> Any:
    return joint.joint_body_create(
        actor=world.flen.coordinator,
        municipality=world.flen.municipality,
        name="LokBrå Test",
        kind="council",
    )


def test_create_makes_the_creator_a_member_and_audits(world: Any) -> None:
    body = _council(world)
    assert joint.current_members(body) == [world.flen.municipality]
    event = AuditEvent.objects.get(action="joint.create")
    assert event.municipality == world.flen.municipality
    assert event.changes["name"] == [None, "LokBrå Test"]


@pytest.mark.parametrize("who", ["partner", "police", "reporter"])
def test_only_a_coordinator_creates(world: Any, who: str) -> None:
    with pytest.raises(PermissionDenied):
        joint.joint_body_create(
            actor=getattr(world.flen, who),
            municipality=world.flen.municipality,
            name="X",
            kind="council",
        )


def test_a_coordinator_of_another_municipality_cannot_create_for_it(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        joint.joint_body_create(
            actor=world.degerfors.coordinator,
            municipality=world.flen.municipality,
            name="X",
            kind="council",
        )


def test_create_validates_name_kind_and_personal_data(world: Any) -> None:
    with pytest.raises(ValidationError) as error:
        joint.joint_body_create(
            actor=world.flen.coordinator,
            municipality=world.flen.municipality,
            name="Ring 070-123 45 67",
            kind="club",
        )
    assert set(error.value.message_dict) == {"name", "kind"}


def test_invite_accept_and_leave(world: Any) -> None:
    body = _council(world)
    membership = joint.joint_invite(
        actor=world.flen.coordinator, body=body, municipality=world.flen.municipality, code="1862"
    )
    assert membership.status == JointStatus.INVITED
    # until accepted nothing is shared
    assert joint.current_members(body) == [world.flen.municipality]
    assert AuditEvent.objects.filter(action="joint.invite").count() == 2  # in both
    joint.joint_accept(actor=world.degerfors.coordinator, membership=membership)
    assert sorted(m.code for m in joint.current_members(body)) == ["0482", "1862"]
    assert (
        AuditEvent.objects.get(action="joint.accept").municipality == world.degerfors.municipality
    )
    joint.joint_leave(actor=world.degerfors.coordinator, membership=membership)
    membership.refresh_from_db()
    assert membership.status == JointStatus.LEFT and membership.left_on is not None
    assert joint.current_members(body) == [world.flen.municipality]
    leave = AuditEvent.objects.get(action="joint.leave")
    assert leave.changes["status"] == ["active", "left"]
    # invited again after leaving: a new invitation, answered again by its own coordinator
    again = joint.joint_invite(
        actor=world.flen.coordinator, body=body, municipality=world.flen.municipality, code="1862"
    )
    joint.joint_decline(actor=world.degerfors.coordinator, membership=again)
    assert joint.current_members(body) == [world.flen.municipality]
    assert AuditEvent.objects.filter(action="joint.decline").count() == 1


def test_only_the_invited_municipalitys_coordinator_answers(world: Any) -> None:
    body = _council(world)
    membership = joint.joint_invite(
        actor=world.flen.coordinator, body=body, municipality=world.flen.municipality, code="1862"
    )
    for actor in (world.flen.coordinator, world.degerfors.partner, world.degerfors.police):
        with pytest.raises(PermissionDenied):
            joint.joint_accept(actor=actor, membership=membership)
        with pytest.raises(PermissionDenied):
            joint.joint_decline(actor=actor, membership=membership)
    joint.joint_accept(actor=world.degerfors.coordinator, membership=membership)
    with pytest.raises(ValidationError):
        joint.joint_accept(actor=world.degerfors.coordinator, membership=membership)
    # the other member cannot take Degerfors out
    with pytest.raises(PermissionDenied):
        joint.joint_leave(actor=world.flen.coordinator, membership=membership)


def test_invite_rules(world: Any) -> None:
    body = _council(world)
    # a municipality that is not a member cannot invite (not even itself in)
    with pytest.raises(PermissionDenied):
        joint.joint_invite(
            actor=world.degerfors.coordinator,
            body=body,
            municipality=world.degerfors.municipality,
            code="1862",
        )
    with pytest.raises(PermissionDenied):
        joint.joint_invite(
            actor=world.flen.partner, body=body, municipality=world.flen.municipality, code="1862"
        )
    for code in ("9999", "", "12", "abcd"):
        with pytest.raises(ValidationError):
            joint.joint_invite(
                actor=world.flen.coordinator,
                body=body,
                municipality=world.flen.municipality,
                code=code,
            )
    joint.joint_invite(
        actor=world.flen.coordinator, body=body, municipality=world.flen.municipality, code="1862"
    )
    with pytest.raises(ValidationError):
        joint.joint_invite(
            actor=world.flen.coordinator,
            body=body,
            municipality=world.flen.municipality,
            code="1862",
        )
    with pytest.raises(ValidationError):
        joint.joint_invite(
            actor=world.flen.coordinator,
            body=body,
            municipality=world.flen.municipality,
            code="0482",
        )
