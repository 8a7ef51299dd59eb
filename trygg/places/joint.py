"""Joint bodies (docs/joint.md): a council (LokBrå/BRÅ-råd) or a lokalpolisområde shared by
several municipalities, and each municipality's membership of one.

Writes (keyword-only, in a transaction, ``can()``, audited in the municipality concerned) and
the reads that decide who sees a joint view. A municipality joins only with its own
coordinator's consent: a coordinator of a current member invites another municipality by its
kommunkod; that municipality's coordinator accepts or declines; until it accepts nothing is
shared. A coordinator may take the municipality out at any time (``left_on`` = today): from
then on its figures leave the joint view and its users lose access to it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.models import User
from trygg.accounts.permissions import can
from trygg.accounts.types import Actor
from trygg.core import audit
from trygg.core.validators import screened
from trygg.places.choices import JointKind, JointStatus
from trygg.places.models import JointBody, JointMembership, Municipality

JOINT_TEXT = screened("places.JointBody", "name")
NAME_MAX = 120
MANAGE = "municipality.manage"
VIEW = "joint.view"

CURRENT = Q(status=JointStatus.ACTIVE, left_on__isnull=True)

# ---------------------------------------------------------------------------------------------
# Reads


def current_members(body: JointBody) -> list[Municipality]:
    """The municipalities whose figures the joint view shows: current members, by name."""
    return list(
        Municipality.objects.filter(
            joint_memberships__joint_body=body,
            joint_memberships__status=JointStatus.ACTIVE,
            joint_memberships__left_on__isnull=True,
        ).order_by("name")
    )


def is_current_member(body: JointBody, municipality: Municipality) -> bool:
    return JointMembership.objects.filter(
        CURRENT, joint_body=body, municipality=municipality
    ).exists()


def joint_bodies_of(municipality: Municipality) -> list[JointBody]:
    """The joint bodies the municipality is a current member of."""
    return list(
        JointBody.objects.filter(
            memberships__municipality=municipality,
            memberships__status=JointStatus.ACTIVE,
            memberships__left_on__isnull=True,
        ).order_by("name")
    )


def viewer_municipalities(user: Any, body: JointBody) -> list[Municipality]:
    """The current member municipalities in which `user` may see the joint view (``joint.view``
    through an active membership there); empty: the user may not see it."""
    return [m for m in current_members(body) if can(user, VIEW, m)]


def _uuid(value: Any) -> UUID:
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except (TypeError, ValueError, AttributeError) as error:
        raise Http404 from error


def joint_body_for(*, user: Any, public_id: Any) -> tuple[JointBody, list[Municipality]]:
    """The joint body and its current members, for a user who may see it; 404 for everyone
    else (unknown id, not a member, left, invited only, a role without ``joint.view``), so that
    its existence is never revealed."""
    body = JointBody.objects.filter(public_id=_uuid(public_id)).first()
    if body is None or not getattr(user, "is_authenticated", False):
        raise Http404
    members = current_members(body)
    if not any(can(user, VIEW, m) for m in members):
        raise Http404
    return body, members


def pending_invitations(municipality: Municipality) -> int:
    """How many invitations the municipality's coordinator has not answered."""
    return JointMembership.objects.filter(
        municipality=municipality, status=JointStatus.INVITED
    ).count()


def memberships_of(municipality: Municipality) -> list[JointMembership]:
    """The municipality's memberships for its settings page: current, invited and earlier."""
    return list(
        JointMembership.objects.filter(municipality=municipality)
        .select_related("joint_body", "added_by", "answered_by")
        .order_by("joint_body__name", "-created_at")
    )


def membership_get(*, municipality: Municipality, public_id: Any) -> JointMembership:
    """One of the municipality's own memberships by public id (404 for any other)."""
    found = (
        JointMembership.objects.filter(municipality=municipality, public_id=_uuid(public_id))
        .select_related("joint_body")
        .first()
    )
    if found is None:
        raise Http404
    return found


def body_of_member(*, municipality: Municipality, public_id: Any) -> JointBody:
    """A joint body the municipality is a current member of (404 otherwise)."""
    body = JointBody.objects.filter(public_id=_uuid(public_id)).first()
    if body is None or not is_current_member(body, municipality):
        raise Http404
    return body


def members_of_bodies(bodies: list[JointBody]) -> dict[int, list[JointMembership]]:
    """Current and invited memberships of each body (for the members' settings page)."""
    out: dict[int, list[JointMembership]] = {b.pk: [] for b in bodies}
    for row in (
        JointMembership.objects.filter(
            joint_body__in=bodies, status__in=[JointStatus.ACTIVE, JointStatus.INVITED]
        )
        .filter(left_on__isnull=True)
        .select_related("municipality")
        .order_by("municipality__name")
    ):
        out[row.joint_body_id].append(row)
    return out


# ---------------------------------------------------------------------------------------------
# Writes


def _require_manage(actor: Actor, municipality: Municipality) -> User:
    """The actor, when it is a coordinator of `municipality`; PermissionDenied otherwise."""
    if can(actor, MANAGE, municipality):
        return actor
    raise PermissionDenied


@transaction.atomic
def joint_body_create(
    *, actor: Actor, municipality: Municipality, name: str, kind: str
) -> JointBody:
    """Create a council or police area with `municipality` as its first member (its own
    coordinator creates it, so that is its consent)."""
    user = _require_manage(actor, municipality)
    errors: dict[str, list[str]] = {}
    try:
        clean = JOINT_TEXT.clean("name", name)
    except ValidationError as error:
        errors["name"] = error.messages
        clean = ""
    if "name" not in errors and not clean:
        errors["name"] = [_("Give the council or police area a name.")]
    elif len(clean) > NAME_MAX:
        errors["name"] = [_("At most %(n)d characters.") % {"n": NAME_MAX}]
    if kind not in JointKind.values:
        errors["kind"] = [_("Choose a council or a police area.")]
    if errors:
        raise ValidationError(errors)
    body = JointBody.objects.create(name=clean, kind=kind, created_by=user)
    JointMembership.objects.create(
        joint_body=body,
        municipality=municipality,
        status=JointStatus.ACTIVE,
        joined_on=timezone.localdate(),
        added_by=user,
        answered_by=user,
        answered_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action="joint.create",
        target=body,
        municipality=municipality,
        changes={**audit.created(body, ["name", "kind"]), "municipality": str(municipality)},
    )
    return body


@transaction.atomic
def joint_invite(
    *, actor: Actor, body: JointBody, municipality: Municipality, code: str
) -> JointMembership:
    """A coordinator of `municipality` (a current member of `body`) invites the municipality
    with kommunkod `code`. Nothing is shared until that municipality's coordinator accepts."""
    user = _require_manage(actor, municipality)
    if not is_current_member(body, municipality):
        raise PermissionDenied
    code = (code or "").strip()
    invited = Municipality.objects.filter(code=code).first() if len(code) == 4 else None
    if invited is None:
        raise ValidationError(
            {"code": [_("No municipality with the code %(code)s uses Trygg.") % {"code": code}]}
        )
    open_row = JointMembership.objects.filter(
        joint_body=body,
        municipality=invited,
        status__in=[JointStatus.ACTIVE, JointStatus.INVITED],
        left_on__isnull=True,
    ).first()
    if open_row is not None:
        message = (
            _("%(name)s is already a member.")
            if open_row.status == JointStatus.ACTIVE
            else _("%(name)s has already been invited.")
        )
        raise ValidationError({"code": [message % {"name": invited.name}]})
    membership = JointMembership.objects.create(
        joint_body=body, municipality=invited, status=JointStatus.INVITED, added_by=user
    )
    extras = {"joint_body": body.name, "municipality": str(invited), "by": str(municipality)}
    for where in (municipality, invited):
        audit.record(
            actor=actor,
            action="joint.invite",
            target=membership,
            municipality=where,
            changes=extras,
        )
    return membership


def _answer(
    *, actor: Actor, membership: JointMembership, status: str, action: str
) -> JointMembership:
    user = _require_manage(actor, membership.municipality)
    if membership.status != JointStatus.INVITED:
        raise ValidationError(_("The invitation has already been answered."))
    before = membership.status
    membership.status = status
    membership.answered_by = user
    membership.answered_at = timezone.now()
    if status == JointStatus.ACTIVE:
        membership.joined_on = timezone.localdate()
    membership.save(
        update_fields=["status", "answered_by", "answered_at", "joined_on", "updated_at"]
    )
    audit.record(
        actor=actor,
        action=action,
        target=membership,
        municipality=membership.municipality,
        changes={"status": [before, status], "joint_body": membership.joint_body.name},
    )
    return membership


@transaction.atomic
def joint_accept(*, actor: Actor, membership: JointMembership) -> JointMembership:
    """The invited municipality's coordinator accepts: from today it is a member."""
    return _answer(
        actor=actor, membership=membership, status=JointStatus.ACTIVE, action="joint.accept"
    )


@transaction.atomic
def joint_decline(*, actor: Actor, membership: JointMembership) -> JointMembership:
    """The invited municipality's coordinator declines: nothing is shared."""
    return _answer(
        actor=actor, membership=membership, status=JointStatus.DECLINED, action="joint.decline"
    )


@transaction.atomic
def joint_leave(*, actor: Actor, membership: JointMembership) -> JointMembership:
    """A member municipality's coordinator takes it out of the joint body (today)."""
    _require_manage(actor, membership.municipality)
    if not membership.is_current:
        raise ValidationError(_("The municipality is not a member."))
    membership.status = JointStatus.LEFT
    membership.left_on = timezone.localdate()
    membership.save(update_fields=["status", "left_on", "updated_at"])
    audit.record(
        actor=actor,
        action="joint.leave",
        target=membership,
        municipality=membership.municipality,
        changes={
            "status": [JointStatus.ACTIVE.value, JointStatus.LEFT.value],
            "left_on": [None, membership.left_on.isoformat()],
            "joint_body": membership.joint_body.name,
        },
    )
    return membership
