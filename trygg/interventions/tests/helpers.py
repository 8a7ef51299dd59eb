"""Builders shared by the interventions tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from trygg.interventions.services import intervention_create


def decidable(tenant: Any, **overrides: Any) -> dict[str, Any]:
    """Everything a decision needs, for `tenant`."""
    values: dict[str, Any] = {
        "title": "Belysning vid gångtunneln",
        "type": "lighting",
        "area": tenant.centrum,
        "owner": tenant.org_housing,
        "responsible": "Förvaltare, Bostäder",
        "due_date": timezone.localdate() + dt.timedelta(days=30),
        "scanning": "Skadegörelse och otrygghet i gångtunneln kvällstid.",
        "categories": [tenant.categories["skadegorelse"]],
    }
    values.update(overrides)
    return values


def make_intervention(tenant: Any, *, actor: Any = None, **overrides: Any) -> Any:
    return intervention_create(
        actor=actor or tenant.coordinator,
        municipality=tenant.municipality,
        **decidable(tenant, **overrides),
    )
