"""Reads of the åtgärdsplan, always scoped by municipality (a plan of another municipality is
a 404, never a 403)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from trygg.places.models import Municipality
from trygg.plans.choices import DocumentState, PlanRoundStatus
from trygg.plans.limits import RENEWAL_REMINDER_DAYS
from trygg.plans.models import (
    ActionPlan,
    ActionPlanRound,
    ActionPlanRow,
    ActionPlanRowStatus,
    ActionPlanVersion,
    CrimePicture,
    CrimePictureVersion,
)

#: larger numbers do not fit a database integer (an id or a version number in a URL)
MAX_ID = 2**31 - 1


def plans_of(municipality: Municipality) -> list[tuple[ActionPlan, ActionPlanVersion]]:
    """Every plan of the municipality with its working version (the draft, else the latest)."""
    plans = ActionPlan.objects.filter(municipality=municipality).prefetch_related("versions")
    found = []
    for plan in plans:
        versions = sorted(plan.versions.all(), key=lambda v: -v.number)
        if versions:
            found.append((plan, versions[0]))
    found.sort(key=lambda pv: (pv[1].period_start, pv[0].pk), reverse=True)
    return found


def plan_get(*, municipality: Municipality, public_id: Any) -> ActionPlan:
    plan = (
        ActionPlan.objects.filter(municipality=municipality, public_id=public_id)
        .select_related("municipality", "crime_picture")
        .first()
    )
    if plan is None:
        raise Http404
    return plan


def working_version(plan: ActionPlan) -> ActionPlanVersion:
    """The draft if one is being written, else the latest version."""
    version = plan.versions.order_by("-number").first()
    if version is None:
        raise Http404
    return version


def version_get(plan: ActionPlan, number: Any) -> ActionPlanVersion:
    try:
        wanted = int(str(number))
    except ValueError:
        raise Http404 from None
    if not 1 <= wanted <= MAX_ID:
        raise Http404
    version = plan.versions.filter(number=wanted).first()
    if version is None:
        raise Http404
    return version


def decided_version(plan: ActionPlan) -> ActionPlanVersion | None:
    return plan.versions.filter(state=DocumentState.DECIDED).order_by("-number").first()


def rows_of(version: ActionPlanVersion) -> list[ActionPlanRow]:
    return list(
        version.rows.select_related("organisation")
        .prefetch_related("findings", "interventions")
        .order_by("position", "id")
    )


def row_get(version: ActionPlanVersion, row_id: Any) -> ActionPlanRow:
    if not isinstance(row_id, int) or not 1 <= row_id <= MAX_ID:
        raise Http404
    row = version.rows.select_related("organisation", "version__plan__municipality").filter(
        pk=row_id
    )
    found = row.first()
    if found is None:
        raise Http404
    return found


def rounds_of(plan: ActionPlan, *, completed_only: bool = False) -> list[ActionPlanRound]:
    rounds = plan.rounds.select_related("version").order_by("-as_of", "-id")
    if completed_only:
        rounds = rounds.filter(status=PlanRoundStatus.DONE)
    return list(rounds)


def round_get(plan: ActionPlan, public_id: Any) -> ActionPlanRound:
    found = plan.rounds.select_related("version", "plan__municipality").filter(public_id=public_id)
    follow_up = found.first()
    if follow_up is None:
        raise Http404
    return follow_up


def latest_round(plan: ActionPlan, *, completed_only: bool = True) -> ActionPlanRound | None:
    rounds = rounds_of(plan, completed_only=completed_only)
    return rounds[0] if rounds else None


def statuses_by_key(follow_up: ActionPlanRound | None) -> dict[Any, ActionPlanRowStatus]:
    """The statuses of a round by row key (rows keep their keys across versions)."""
    if follow_up is None:
        return {}
    statuses = ActionPlanRowStatus.objects.filter(round=follow_up).select_related(
        "row", "reported_by"
    )
    return {status.row.key: status for status in statuses}


@dataclass(frozen=True)
class PlanRow:
    row: ActionPlanRow
    status: ActionPlanRowStatus | None


def rows_with_status(
    version: ActionPlanVersion, follow_up: ActionPlanRound | None
) -> list[PlanRow]:
    statuses = statuses_by_key(follow_up)
    return [PlanRow(row, statuses.get(row.key)) for row in rows_of(version)]


def decided_pictures(municipality: Municipality) -> QuerySet[CrimePicture]:
    """The municipality's lägesbilder with a decided version (what a plan may answer)."""
    return (
        CrimePicture.objects.filter(
            municipality=municipality, versions__state=DocumentState.DECIDED
        )
        .distinct()
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=CrimePictureVersion.objects.filter(state=DocumentState.DECIDED),
                to_attr="decided_versions",
            )
        )
    )


def renewal_banner_due(plan: ActionPlan, today: dt.date) -> bool:
    """Show "to be renewed by …" from RENEWAL_REMINDER_DAYS before the renewal date on."""
    if plan.renewal_due is None or decided_version(plan) is None:
        return False
    return today >= plan.renewal_due - dt.timedelta(days=RENEWAL_REMINDER_DAYS)


def public_plan(
    municipality: Municipality,
) -> tuple[ActionPlan, ActionPlanVersion] | None:
    """The newest decided, published plan of the municipality (drafts never)."""
    versions = (
        ActionPlanVersion.objects.filter(
            plan__municipality=municipality, state=DocumentState.DECIDED, is_public=True
        )
        .select_related("plan", "plan__municipality")
        .order_by("-period_start", "-decision_date", "-id")
    )
    version = versions.first()
    if version is None:
        return None
    return version.plan, version
