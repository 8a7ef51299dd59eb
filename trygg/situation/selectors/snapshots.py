"""Reads of frozen weekly pictures (always scoped to one municipality)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from trygg.accounts.models import Organisation
from trygg.places.models import Municipality
from trygg.situation.models import SnapshotDelivery, WeeklySnapshot


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
