"""Test helpers of the åtgärdsplan: a decided lägesbild with findings (made directly with the
models, the lägesbild's own services are another part of the app) and a decided plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

from trygg.plans.models import CrimePicture, CrimePictureFinding, CrimePictureVersion

FINDINGS = (
    "Narkotikahantering bland unga vid resecentrum",
    "Skadegörelse och klotter i centrum",
    "Otrygghet i bostadsområdet",
)


def decided_picture(tenant: Any, *, state: str = "decided") -> CrimePicture:
    picture = CrimePicture.objects.create(municipality=tenant.municipality)
    version = CrimePictureVersion.objects.create(
        picture=picture,
        number=1,
        state=state,
        title="Lägesbild 2024",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        deciding_body="Kommunfullmäktige" if state != "draft" else "",
        decision_date=dt.date(2025, 2, 1) if state != "draft" else None,
    )
    for position, text in enumerate(FINDINGS, 1):
        CrimePictureFinding.objects.create(version=version, position=position, text=text)
    return picture


def findings_of(picture: CrimePicture) -> list[CrimePictureFinding]:
    return list(CrimePictureFinding.objects.filter(version__picture=picture).order_by("position"))


ROW = {
    "cause": "Unga samlas vid resecentrum och narkotika hanteras öppet",
    "measure": "Fältgruppen och polisen är där fredag och lördag kväll",
    "operational_goal": "Minst 40 kvällar med närvaro under året",
    "when_text": "Hela 2025",
    "who_text": "Fältgruppen och polisen",
    "follow_up": "Antal kvällar, EST-rapporter vid resecentrum",
}


def make_plan(
    tenant: Any, *, picture: CrimePicture | None = None, title: str = "Åtgärdsplan"
) -> Any:
    from trygg.plans.services.action_plan import action_plan_create

    return action_plan_create(
        actor=tenant.coordinator,
        municipality=tenant.municipality,
        values={
            "title": title,
            "period_start": dt.date(2025, 1, 1),
            "period_end": dt.date(2026, 12, 31),
        },
        crime_picture=picture,
    )


def add_row(tenant: Any, version: Any, **values: Any) -> Any:
    from trygg.plans.services.action_plan import row_save

    return row_save(
        actor=tenant.coordinator,
        version=version,
        values={**ROW, "organisation": tenant.org_municipal, **values},
    )


def decide(tenant: Any, version: Any, *, day: dt.date = dt.date(2025, 4, 14)) -> Any:
    from trygg.plans.services.action_plan import action_plan_decide

    return action_plan_decide(
        actor=tenant.coordinator,
        version=version,
        deciding_body="Kommunstyrelsen",
        decision_date=day,
        diary_number="KS 2025/41",
        paragraph="§ 58",
    )


def decided_plan(
    tenant: Any, *, rows: int = 2, public: bool = True, title: str = "Åtgärdsplan"
) -> Any:
    from trygg.plans.services.action_plan import action_plan_publish

    plan = make_plan(tenant, title=title)
    version = plan.versions.get()
    for n in range(rows):
        add_row(tenant, version, measure=f"Åtgärd {n + 1}")
    decide(tenant, version)
    if public:
        action_plan_publish(actor=tenant.coordinator, version=version, public=True)
    return plan
