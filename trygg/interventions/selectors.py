"""Reads of interventions a user may see, and the due-or-overdue list for meetings and
reminders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, OrderBy, Q, QuerySet
from django.http import Http404

from trygg.accounts.models import Organisation
from trygg.accounts.permissions import can
from trygg.interventions.choices import (
    OPEN_STATUSES,
    InterventionStatus,
    InterventionVisibility,
)
from trygg.interventions.models import Intervention
from trygg.places.models import Area, Municipality

LIST_RELATED = ("area", "owner", "municipality")


def soonest_due_first() -> tuple[OrderBy | str, ...]:
    """The lists' order: soonest due first, those without a due date last (both databases:
    SQLite sorts NULL first by default, PostgreSQL last), then by title."""
    return (F("due_date").asc(nulls_last=True), "title", "id")


MAX_WITHIN_DAYS = 3660


def member_organisations(user: Any, municipality: Municipality) -> QuerySet[Organisation]:
    """The organisations `user` is an active member of in `municipality`."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        municipality=municipality,
        active=True,
        memberships__user=user,
        memberships__active=True,
    ).distinct()


def interventions_visible_to(user: Any, municipality: Municipality) -> QuerySet[Intervention]:
    """Start of every intervention read: what this user may see in this municipality.

    Coordinators and analysts see all; partners those shared with all partners plus their own
    organisations' (owned or taking part); reporters only their own organisations'."""
    base = Intervention.objects.filter(municipality=municipality)
    if can(user, "report.view_restricted", municipality):  # coordinators, analysts
        return base
    if not can(user, "intervention.view", municipality):
        return base.none()
    own = member_organisations(user, municipality).values("pk")
    mine = Q(owner__in=own) | Q(participants__in=own)
    if can(user, "report.view_shared", municipality):  # partners
        mine |= Q(visibility=InterventionVisibility.PARTNERS)
    return base.filter(pk__in=base.filter(mine).values("pk"))


def intervention_get_for(*, user: Any, municipality: Municipality, public_id: Any) -> Intervention:
    """One intervention the user may see, or 404 (outside the municipality too)."""
    found = (
        interventions_visible_to(user, municipality)
        .select_related(*LIST_RELATED, "created_by", "focus_decision")
        .filter(public_id=public_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


@dataclass
class InterventionFilters:
    status: str | None = None
    owner: Organisation | None = None
    area: Area | None = None
    due_before: dt.date | None = None
    overdue: bool = False
    open_only: bool = False


def interventions_filtered(
    qs: QuerySet[Intervention], filters: InterventionFilters, today: dt.date
) -> QuerySet[Intervention]:
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.owner is not None:
        qs = qs.filter(owner=filters.owner)
    if filters.area is not None:
        qs = qs.filter(area=filters.area)
    if filters.due_before is not None:
        qs = qs.filter(due_date__lte=filters.due_before)
    if filters.overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, due_date__lt=today)
    if filters.open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    return qs


def interventions_of_my_organisations(
    user: Any, municipality: Municipality
) -> QuerySet[Intervention]:
    """ "Vår organisations insatser": those owned by the user's organisations, or in which
    they take part."""
    own = member_organisations(user, municipality).values("pk")
    base = interventions_visible_to(user, municipality)
    return base.filter(pk__in=base.filter(Q(owner__in=own) | Q(participants__in=own)).values("pk"))


def open_in_area(user: Any, area: Area) -> list[Intervention]:
    """The area's open interventions that `user` may see, soonest due first (the weekly
    picture and the area page)."""
    return list(
        interventions_visible_to(user, area.municipality)
        .filter(area=area, status__in=OPEN_STATUSES)
        .select_related("owner")
        .order_by(*soonest_due_first())
    )


def due_or_overdue(
    municipality: Municipality, today: dt.date, within_days: int
) -> list[Intervention]:
    """Decided or ongoing interventions of the municipality whose due date is before
    ``today + within_days`` (inclusive) — overdue ones included — soonest first.

    Not scoped to a user: the meeting agenda (shown to the group) and the owners' reminders
    (sent by the system) use it. ``within_days``: 0 to ``MAX_WITHIN_DAYS``."""
    if not 0 <= within_days <= MAX_WITHIN_DAYS:
        raise ValueError(f"within_days must be from 0 to {MAX_WITHIN_DAYS}")
    until = today + dt.timedelta(days=within_days)
    return list(
        Intervention.objects.filter(
            municipality=municipality,
            status__in=[InterventionStatus.DECIDED, InterventionStatus.ONGOING],
            due_date__isnull=False,
            due_date__lte=until,
        )
        .select_related("area", "owner")
        .order_by("due_date", "title")
    )


def organisations_for_owner(user: Any, municipality: Municipality) -> list[Organisation]:
    """The organisations `user` may make the owner of a new intervention: every active one
    for a coordinator, their own police organisations for police members."""
    active = Organisation.objects.filter(municipality=municipality, active=True).order_by("name")
    if can(user, "intervention.manage", municipality):
        return list(active)
    return [
        org
        for org in member_organisations(user, municipality)
        if can(user, "intervention.create_for", org)
    ]


def may_create(user: Any, municipality: Municipality) -> bool:
    return bool(organisations_for_owner(user, municipality))
