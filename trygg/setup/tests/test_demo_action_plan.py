"""The demo åtgärdsplan: Flen only, decided and published, findings linked by position when
a decided lägesbild exists (none otherwise), one completed and one open follow-up."""

from __future__ import annotations

import datetime as dt
from typing import Any

from trygg.plans.models import (
    ActionPlan,
    CrimePicture,
    CrimePictureFinding,
    CrimePictureVersion,
)
from trygg.setup.demo.action_plan import ROWS, build_action_plan
from trygg.setup.demo.structure import Structure


def _structure(tenant: Any) -> Structure:
    return Structure(tenant.municipality, tenant.coordinator, {}, {}, {}, {}, {})


def test_alone_without_a_picture(world: Any) -> None:
    assert build_action_plan(_structure(world.degerfors)) == 0
    assert build_action_plan(_structure(world.flen)) == len(ROWS)
    plan = ActionPlan.objects.get()
    version = plan.versions.get()
    assert version.state == "decided" and version.is_public
    assert plan.renewal_due == dt.date(2027, 4, 15)  # decided 15 April 2025, every two years
    assert not any(row.findings.exists() for row in version.rows.all())
    done, running = plan.rounds.order_by("as_of")
    assert done.status == "done" and running.status == "open"
    assert {s.rating for s in done.statuses.all()} == {"green", "yellow", "red"}
    assert build_action_plan(_structure(world.flen)) == 0  # once


def test_links_the_decided_pictures_findings_by_position(world: Any) -> None:
    picture = CrimePicture.objects.create(municipality=world.flen.municipality)
    version = CrimePictureVersion.objects.create(
        picture=picture,
        number=1,
        state="decided",
        title="Lägesbild 2024",
        period_start=dt.date(2023, 1, 1),
        period_end=dt.date(2023, 12, 31),
    )
    findings = [
        CrimePictureFinding.objects.create(version=version, position=n, text=f"Slutsats {n}")
        for n in range(1, 6)
    ]
    build_action_plan(_structure(world.flen))
    plan = ActionPlan.objects.get()
    assert plan.crime_picture == picture
    rows = list(plan.versions.get().rows.order_by("position"))
    for spec, row in zip(ROWS, rows, strict=True):
        assert [f.position for f in row.findings.order_by("position")] == list(spec.findings)
    assert findings[4] in rows[-1].findings.all()
