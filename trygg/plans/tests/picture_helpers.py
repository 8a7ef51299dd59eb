"""Test helpers of the lägesbild: a draft with everything a decision needs, and a decided one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from trygg.plans.models import CrimePicture, CrimePictureVersion
from trygg.plans.services import picture as services

PARTS = {
    "part_mapping": "Skadegörelse och narkotika kring resecentrum.",
    "part_other": "Skolan och socialtjänsten ser fler unga i riskzonen.",
    "part_analysis": "Platserna är få och återkommande.",
    "position_on_measures": "Kommunen bedömer att åtgärder behövs vid resecentrum.",
}


def make_picture(tenant: Any, *, title: str = "Lägesbild 2024", **values: Any) -> CrimePicture:
    return services.picture_create(
        actor=tenant.coordinator,
        municipality=tenant.municipality,
        values={
            "title": title,
            "period_start": dt.date(2024, 1, 1),
            "period_end": dt.date(2024, 12, 31),
            **values,
        },
    )


def ready_picture(tenant: Any, *, title: str = "Lägesbild 2024") -> CrimePicture:
    """A draft that can be decided: the parts, one source, one figure, two findings."""
    picture = make_picture(tenant, title=title, **PARTS)
    version = picture.versions.get()
    source = services.source_add(
        actor=tenant.coordinator,
        version=version,
        values={"kind": "est", "name": "EST-rapporter i Trygg", "period": "2024"},
    )
    services.figure_add(
        actor=tenant.coordinator,
        version=version,
        kind="annual_categories",
        year=2024,
        source=source,
    )
    services.finding_add(actor=tenant.coordinator, version=version, text="Narkotika vid stationen")
    services.finding_add(actor=tenant.coordinator, version=version, text="Klotter i centrum")
    return picture


def decide(tenant: Any, version: CrimePictureVersion, **overrides: Any) -> CrimePictureVersion:
    values: dict[str, Any] = {
        "deciding_body": "Kommunfullmäktige",
        "decision_date": dt.date(2025, 3, 24),
        "diary_number": "KS 2025/41",
        "paragraph": "§ 28",
    }
    values.update(overrides)
    return services.picture_decide(actor=tenant.coordinator, version=version, **values)


def decided_picture(tenant: Any, *, public: bool = False) -> CrimePicture:
    picture = ready_picture(tenant)
    version = decide(tenant, picture.versions.get())
    if public:
        services.picture_publish(actor=tenant.coordinator, version=version)
    return picture
