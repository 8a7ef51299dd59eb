"""The coordinator's joint settings page: create, invite, accept, leave through the forms."""

from __future__ import annotations

from typing import Any

import pytest

from trygg.places import joint
from trygg.places.models import JointBody, JointMembership

pytestmark = pytest.mark.django_db


def test_the_whole_round_through_the_pages(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    response = client.post(
        "/m/0482/settings/joint/new/", {"create-name": "LokBrå Test", "create-kind": "council"}
    )
    assert response.status_code == 302
    body = JointBody.objects.get(name="LokBrå Test")
    # a code nobody has: the page again, the error in Swedish under the field
    prefix = f"invite-{body.public_id}"
    response = client.post(
        f"/m/0482/settings/joint/{body.public_id}/invite/", {f"{prefix}-code": "9999"}
    )
    assert response.status_code == 400
    assert "Ingen kommun med koden 9999 använder Trygg." in response.content.decode()
    response = client.post(
        f"/m/0482/settings/joint/{body.public_id}/invite/", {f"{prefix}-code": "1862"}
    )
    assert response.status_code == 302
    invitation = JointMembership.objects.get(municipality=world.degerfors.municipality)
    # Flen cannot answer for Degerfors: not its membership
    response = client.post(
        f"/m/0482/settings/joint/memberships/{invitation.public_id}/answer/", {"answer": "accept"}
    )
    assert response.status_code == 404
    client.force_login(world.degerfors.coordinator)
    page = client.get("/m/1862/settings/joint/").content.decode()
    assert "LokBrå Test" in page and "Tacka ja" in page
    assert client.get("/m/1862/settings/").context["counts"]["joint_invitations"] == 1
    client.post(
        f"/m/1862/settings/joint/memberships/{invitation.public_id}/answer/", {"answer": "accept"}
    )
    assert sorted(m.code for m in joint.current_members(body)) == ["0482", "1862"]
    client.post(f"/m/1862/settings/joint/memberships/{invitation.public_id}/leave/")
    assert [m.code for m in joint.current_members(body)] == ["0482"]
    assert "lämnade" in client.get("/m/1862/settings/joint/").content.decode()


def test_a_bad_answer_or_a_repeated_leave_is_a_message_not_an_error(
    client: Any, world: Any
) -> None:
    body = joint.joint_body_create(
        actor=world.flen.coordinator, municipality=world.flen.municipality, name="R", kind="council"
    )
    own = JointMembership.objects.get(joint_body=body)
    client.force_login(world.flen.coordinator)
    assert (
        client.post(
            f"/m/0482/settings/joint/memberships/{own.public_id}/answer/", {"answer": "x"}
        ).status_code
        == 302
    )
    assert (
        client.post(f"/m/0482/settings/joint/memberships/{own.public_id}/leave/").status_code == 302
    )
    assert (
        client.post(f"/m/0482/settings/joint/memberships/{own.public_id}/leave/").status_code == 302
    )
    assert client.post("/m/0482/settings/joint/memberships/not-a-uuid/leave/").status_code == 404
    assert (
        client.post(
            "/m/0482/settings/joint/new/", {"create-name": "", "create-kind": "x"}
        ).status_code
        == 400
    )
