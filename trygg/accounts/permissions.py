"""The permission catalogue and the one decision function, `can()`.

Permissions are granted to roles per municipality (through memberships). Object-level rules
(e.g. a reporter may correct their own recent report) live in the predicates below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeGuard

import rules.predicates
from django.conf import settings
from django.utils import timezone

from trygg.accounts.choices import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from trygg.accounts.models import User
    from trygg.accounts.types import Actor

R, P, C, A, M = Role.REPORTER, Role.PARTNER, Role.COORDINATOR, Role.ANALYST, Role.MODERATOR

#: permission code -> roles that hold it in a municipality
CATALOGUE: dict[str, frozenset[str]] = {
    "municipality.view": frozenset({R, P, C, A, M}),
    "report.create": frozenset({R, P, C, A}),
    "report.view_own": frozenset({R, P, C, A}),
    "report.view_shared": frozenset({P, C, A}),
    "report.view_restricted": frozenset({C, A}),
    "report.review": frozenset({C}),
    # partners (the police among them) and coordinators comment on reports they can see
    "report.comment": frozenset({P, C, A}),
    "weekly_return.create": frozenset({R, P, C, A}),
    "completeness.view": frozenset({P, C, A}),
    "municipality.manage": frozenset({C}),
    "audit.view": frozenset({C}),
    "situation.view": frozenset({P, C, A}),
    "situation.decide": frozenset({C}),
    "meeting.view": frozenset({P, C, A}),
    "meeting.manage": frozenset({C}),
    # interventions: every member may ask (the selector narrows to what they may see);
    # coordinators manage all; owners' rights are the object rules below
    "intervention.view": frozenset({R, P, C, A}),
    "intervention.manage": frozenset({C}),
    # medborgarlöften and samverkansöverenskommelser: partners (the police among them) read
    # drafts too; coordinators edit and publish; a party's own part is the object rules below
    "promise.view": frozenset({P, C, A}),
    "promise.manage": frozenset({C}),
    # crime statistics from Brå and Kolada (plans): read by those who read the picture
    "statistics.view": frozenset({P, C, A}),
    "statistics.manage": frozenset({C}),
    # the statutory lägesbild över brottsligheten (plans, lag 2023:196 §4): partners read
    # drafts too; coordinators write it, record the decision and publish it
    "crime_picture.view": frozenset({P, C, A}),
    "crime_picture.manage": frozenset({C}),
    # the åtgärdsplan (lag 2023:196): read with the picture; coordinators edit and decide; a
    # row's responsible organisation reports its follow-up (the object rule below)
    "action_plan.view": frozenset({P, C, A}),
    "action_plan.manage": frozenset({C}),
    # the read-only joint view of a council or police area (docs/joint.md): the roles that
    # see the quarterly and annual analysis in their own municipality
    "joint.view": frozenset({P, C, A}),
}


def roles_in(user: Any, municipality: Any) -> frozenset[str]:
    """The active roles of `user` in `municipality`, cached on the user object per request."""
    if not getattr(user, "is_authenticated", False) or municipality is None:
        return frozenset()
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault("_trygg_roles", {})
    key = municipality.pk
    if key not in cache:
        cache[key] = frozenset(
            user.memberships.filter(
                municipality_id=key, active=True, organisation__active=True
            ).values_list("role", flat=True)
        )
    return cache[key]


def _municipality_of(obj: Any) -> Any:
    if obj is None:
        return None
    if obj.__class__.__name__ == "Municipality":
        return obj
    return getattr(obj, "municipality", None)


def has_role_perm(user: Any, perm: str, municipality: Any) -> bool:
    if perm not in CATALOGUE:
        raise KeyError(f"Unknown permission {perm!r}")
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return True
    return bool(roles_in(user, municipality) & CATALOGUE[perm])


def predicate(fn: Callable[[Any, Any], bool]) -> rules.predicates.Predicate:
    """``rules.predicate`` with a type (rules leaves its decorator unannotated)."""
    made: rules.predicates.Predicate = rules.predicates.predicate(fn)
    return made


@predicate
def may_report_there(user: Any, obj: Any) -> bool:
    """`user` may report events in the municipality of `obj` (an active reporting role)."""
    return has_role_perm(user, "report.create", _municipality_of(obj))


@predicate
def is_report_owner_recent(user: Any, report: Any) -> bool:
    if report is None or report.reporter_id != getattr(user, "pk", None):
        return False
    if report.status in ("merged", "rejected"):
        return False
    limit = timezone.now() - dt.timedelta(days=settings.TRYGG_REPORT_EDIT_DAYS)
    return bool(report.created_at >= limit)


#: the roles of an owner organisation's members that may edit and update its interventions
OWNER_ROLES = frozenset({R, P, C})


def _is_member_of(user: Any, organisation: Any, roles: frozenset[str]) -> bool:
    if organisation is None or not getattr(user, "is_authenticated", False):
        return False
    if not getattr(organisation, "active", True):
        return False
    return bool(
        user.memberships.filter(organisation=organisation, active=True, role__in=roles).exists()
    )


@predicate
def manages_interventions(user: Any, obj: Any) -> bool:
    """A coordinator of the object's municipality (every intervention there)."""
    return has_role_perm(user, "intervention.manage", _municipality_of(obj))


@predicate
def is_intervention_owner(user: Any, intervention: Any) -> bool:
    """A reporter, partner or coordinator of the intervention's owner organisation."""
    if intervention is None:
        return False
    return _is_member_of(user, intervention.owner, OWNER_ROLES)


@predicate
def is_intervention_participant(user: Any, intervention: Any) -> bool:
    """A reporter, partner or coordinator of one of the intervention's participating
    organisations (the nattvandrare's association on a programme the kommun owns)."""
    if intervention is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(
        user.memberships.filter(
            organisation__in=intervention.participants.filter(active=True),
            active=True,
            role__in=OWNER_ROLES,
        ).exists()
    )


@predicate
def is_police_member(user: Any, organisation: Any) -> bool:
    """`organisation` is a police organisation and `user` reports or partners for it: the
    police record their own actions as interventions."""
    if organisation is None or getattr(organisation, "type", "") != "police":
        return False
    return _is_member_of(user, organisation, frozenset({R, P}))


@predicate
def manages_promises(user: Any, obj: Any) -> bool:
    """A coordinator of the object's municipality."""
    return has_role_perm(user, "promise.manage", _municipality_of(obj))


def _police_member_in(user: Any, municipality: Any) -> bool:
    if municipality is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(
        user.memberships.filter(
            municipality=municipality,
            organisation__type="police",
            organisation__active=True,
            active=True,
            role__in=OWNER_ROLES,
        ).exists()
    )


@predicate
def police_item(user: Any, item: Any) -> bool:
    """`item` (anything with ``responsible`` and a municipality) names the police as
    responsible, and `user` belongs to a police organisation there."""
    if item is None or getattr(item, "responsible", "") not in ("police", "both"):
        return False
    return _police_member_in(user, _municipality_of(item))


@predicate
def speaks_for_party(user: Any, part: Any) -> bool:
    """`part` (a `PartyPart`: municipality, party, partner) is the user's own party: the
    municipality's coordinators speak for the kommun, its police organisations' members for
    the police, a named partner's members for that partner."""
    if part is None:
        return False
    party = getattr(part, "party", "")
    if party == "municipality":
        return has_role_perm(user, "promise.manage", part.municipality)
    if party == "police":
        return _police_member_in(user, part.municipality)
    if party == "partner":
        return _is_member_of(user, getattr(part, "partner", None), OWNER_ROLES)
    return False


def _row_municipality(row: Any) -> Any:
    version = getattr(row, "version", None)
    plan = getattr(version, "plan", None)
    return getattr(plan, "municipality", None)


@predicate
def manages_action_plan_row(user: Any, row: Any) -> bool:
    """A coordinator of the municipality of `row` (an ``ActionPlanRow``)."""
    if row is None:
        return False
    return has_role_perm(user, "action_plan.manage", _row_municipality(row))


@predicate
def is_action_row_organisation(user: Any, row: Any) -> bool:
    """`user` reads the action plan and belongs (partner or coordinator) to the organisation
    the row names as responsible."""
    if row is None or getattr(row, "organisation", None) is None:
        return False
    if not has_role_perm(user, "action_plan.view", _row_municipality(row)):
        return False
    return _is_member_of(user, row.organisation, frozenset({P, C, A}))


#: object-level permission -> the predicate that decides it, whole: each rule states every
#: condition it needs (its role in the object's municipality included); ``can()`` adds none.
OBJECT_RULES: dict[str, rules.predicates.Predicate] = {
    "report.change_own": may_report_there & is_report_owner_recent,
    # edit an intervention and record its progress: coordinators, or its owner's members
    "intervention.change": manages_interventions | is_intervention_owner,
    # record a programme's sessions: also its participating organisations' members
    "intervention.record_session": manages_interventions
    | is_intervention_owner
    | is_intervention_participant,
    # create an intervention owned by `obj` (an Organisation): coordinators for any, police
    # members for their own police organisation
    "intervention.create_for": manages_interventions | is_police_member,
    # edit a promise item (in a draft version): coordinators, or the police for items that
    # name the police as responsible (alone or with the kommun)
    "promise.edit_item": manages_promises | police_item,
    # report on and sign off one party's part of a follow-up round: that party only
    "promise.report": speaks_for_party,
    # report a row of the åtgärdsplan in a follow-up round: coordinators, or the members of
    # the row's responsible organisation
    "action_plan.report_row": manages_action_plan_row | is_action_row_organisation,
}


def can(user: Actor | AnonymousUser, perm: str, obj: Any = None) -> TypeGuard[User]:
    """May `user` do `perm` on `obj` (a Municipality or a tenant-owned object)?

    True only for an active, logged-in ``User`` (so a caller may rely on that afterwards):
    anonymous visitors and the ``"system"`` actor hold no permission."""
    if isinstance(user, str):
        return False
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    if perm in OBJECT_RULES:
        return bool(OBJECT_RULES[perm].test(user, obj))
    return has_role_perm(user, perm, _municipality_of(obj))
