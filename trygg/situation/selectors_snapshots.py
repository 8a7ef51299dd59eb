"""Reads of frozen weekly pictures (always scoped to one municipality)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from trygg.accounts.models import Organisation
from trygg.places.models import Municipality
from trygg.situation.models import WeeklySnapshot


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
