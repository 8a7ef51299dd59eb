"""The permission matrix of the joint councils and police areas (docs/joint.md).

The joint view (/j/<id>/) is read by the roles that read the quarterly analysis (joint.view)
in a current member municipality; everyone else — a reporter, a user of a municipality that
is not a member — gets 404, so the body's existence is never revealed. The settings page and
its actions are the coordinator's (municipality.manage). In the matrix the body is Flen's
alone, so the Degerfors users are outsiders."""

from __future__ import annotations

from typing import Any

from tests.matrix import Route

SHARED = frozenset({"coordinator", "partner", "police"})
COORD = frozenset({"coordinator"})


def _body(tenant: Any) -> Any:
    found = tenant.__dict__.get("matrix_joint_body")
    if found is not None:
        return found
    from trygg.places import joint

    tenant.matrix_joint_body = joint.joint_body_create(
        actor=tenant.coordinator,
        municipality=tenant.municipality,
        name="Matrisråd",
        kind="council",
    )
    return tenant.matrix_joint_body


def _j(suffix: str) -> Any:
    return lambda world, t: f"/j/{_body(t).public_id}/{suffix}"


def _fresh_body(tenant: Any) -> Any:
    from trygg.places import joint

    return joint.joint_body_create(
        actor=tenant.coordinator, municipality=tenant.municipality, name="Matris", kind="council"
    )


def _own_membership(tenant: Any) -> Any:
    from trygg.places.models import JointMembership

    return JointMembership.objects.get(
        joint_body=_fresh_body(tenant), municipality=tenant.municipality
    )


def _invitation(world: Any, tenant: Any) -> Any:
    """A fresh invitation of `tenant` by the other municipality."""
    from trygg.places import joint

    other = world.degerfors if tenant is world.flen else world.flen
    body = _fresh_body(other)
    return joint.joint_invite(
        actor=other.coordinator,
        body=body,
        municipality=other.municipality,
        code=tenant.municipality.code,
    )


def _settings_with_body(tenant: Any) -> str:
    """The settings page, once the tenant is a member of a body (so the page lists it)."""
    _body(tenant)
    return f"/m/{tenant.municipality.code}/settings/joint/"


def _contains(text: str) -> Any:
    def check(response: Any, world: Any, tenant: Any) -> None:
        assert text in response.content.decode(), text

    return check


NOT_FOUND = {"reporter": 404}

JOINT_ROUTES: list[Route] = [
    Route("joint:overview", _j(""), SHARED, denied_status=NOT_FOUND, expect=_contains("Matrisråd")),
    Route(
        "joint:quarterly",
        _j("quarterly/?year=2026&quarter=1"),
        SHARED,
        denied_status=NOT_FOUND,
        expect=_contains("Matrisråd"),
    ),
    Route("joint:annual", _j("annual/?year=2026"), SHARED, denied_status=NOT_FOUND),
    Route("joint:promises", _j("promises/"), SHARED, denied_status=NOT_FOUND),
    Route(
        "settings:joint",
        lambda w, t: _settings_with_body(t),
        COORD,
        expect=_contains("Matrisråd"),
    ),
    Route(
        "settings:joint_create",
        lambda w, t: f"/m/{t.municipality.code}/settings/joint/new/",
        COORD,
        method="post",
        allowed_status=400,  # an empty form: the page again with its errors
    ),
    Route(
        "settings:joint_invite",
        lambda w, t: f"/m/{t.municipality.code}/settings/joint/{_body(t).public_id}/invite/",
        COORD,
        method="post",
        allowed_status=400,
    ),
    Route(
        "settings:joint_answer",
        lambda w, t: (
            f"/m/{t.municipality.code}/settings/joint/memberships/"
            f"{_invitation(w, t).public_id}/answer/"
        ),
        COORD,
        method="post",
        allowed_status=302,
        fresh_path=True,
    ),
    Route(
        "settings:joint_leave",
        lambda w, t: (
            f"/m/{t.municipality.code}/settings/joint/memberships/"
            f"{_own_membership(t).public_id}/leave/"
        ),
        COORD,
        method="post",
        allowed_status=302,
        fresh_path=True,
    ),
]
