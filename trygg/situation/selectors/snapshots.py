"""Reads of frozen weekly pictures (always scoped to one municipality)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from trygg.accounts.models import Organisation
from trygg.core.weeks import IsoWeek
from trygg.places.models import Municipality
from trygg.reports.selectors import reporting_deadline, unreviewed_count
from trygg.situation.models import SnapshotDelivery, WeeklySnapshot


@dataclass(frozen=True)
class WeekState:
    """How final a week's picture is: shown on the weekly page and asked about before the
    week is frozen."""

    week: IsoWeek
    #: the week has not ended yet
    running: bool
    #: when reports for the week are due (the municipality's deadline)
    deadline: dt.datetime
    deadline_passed: bool
    #: reports of the week still waiting for review
    unreviewed: int

    @property
    def needs_confirmation(self) -> bool:
        """Freezing now would freeze numbers that can still change."""
        return self.running or not self.deadline_passed or self.unreviewed > 0


def week_state(
    municipality: Municipality, week: IsoWeek, *, now: dt.datetime | None = None
) -> WeekState:
    now = now or timezone.now()
    deadline = reporting_deadline(municipality, week)
    return WeekState(
        week=week,
        running=now < week.end(),
        deadline=deadline,
        deadline_passed=now >= deadline,
        unreviewed=unreviewed_count(municipality, week),
    )


def snapshots_of(municipality: Municipality) -> QuerySet[WeeklySnapshot]:
    """The municipality's snapshots, newest week first, then newest version."""
    return (
        WeeklySnapshot.objects.filter(municipality=municipality)
        .select_related("frozen_by")
        .order_by("-week_start", "-version")
    )


def snapshot_get(municipality: Municipality, public_id: Any) -> WeeklySnapshot:
    """One snapshot of the municipality; 404 for any other (including other tenants')."""
    snapshot = snapshots_of(municipality).filter(public_id=public_id).first()
    if snapshot is None:
        raise Http404
    return snapshot


def participating_organisations(municipality: Municipality) -> list[Organisation]:
    """The active organisations of the municipality's collaboration, by name."""
    return list(
        Organisation.objects.filter(municipality=municipality, active=True).order_by("name")
    )


def organisations_chosen(
    municipality: Municipality, public_ids: Iterable[str]
) -> list[Organisation]:
    """The municipality's organisations with these public ids (inactive ones included, so the
    service can say why it refuses them). Raises Http404 when an id is malformed or not one
    of the municipality's organisations (another tenant's included)."""
    wanted: set[uuid.UUID] = set()
    for raw in public_ids:
        try:
            wanted.add(uuid.UUID(str(raw)))
        except ValueError:
            raise Http404 from None
    found = list(
        Organisation.objects.filter(municipality=municipality, public_id__in=wanted).order_by(
            "name"
        )
    )
    if len(found) != len(wanted):
        raise Http404
    return found


def snapshot_deliveries(snapshot: WeeklySnapshot) -> QuerySet[SnapshotDelivery]:
    """The e-mails of a snapshot to the organisations, newest first."""
    return (
        SnapshotDelivery.objects.filter(municipality_id=snapshot.municipality_id, snapshot=snapshot)
        .select_related("organisation", "sent_by")
        .order_by("-created_at", "-id")
    )
