"""The personal-data behaviour tests of the lägesbild's screened fields (issue 10): one writer
per field, each called with a personnummer written with an en dash."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

Writers = dict[tuple[str, str], Callable[[], Any]]


def picture_writers(world: Any, pnr: str) -> Writers:
    from trygg.plans.services import picture as services
    from trygg.plans.tests.picture_helpers import decided_picture, ready_picture

    flen = world.flen
    coordinator = flen.coordinator
    version = ready_picture(flen, title="PII-lägesbild").versions.get()
    source = version.sources.get()
    finding = version.findings.order_by("position").first()
    decided = decided_picture(flen)

    def version_with(name: str) -> Callable[[], Any]:
        return lambda: services.picture_update(
            actor=coordinator, version=version, values={name: pnr}
        )

    def source_with(name: str) -> Callable[[], Any]:
        return lambda: services.source_update(actor=coordinator, source=source, values={name: pnr})

    def decision_with(name: str) -> Callable[[], Any]:
        values = {"deciding_body": "KF", "diary_number": "KS 1", "paragraph": "§ 1", name: pnr}
        return lambda: services.picture_decide(
            actor=coordinator, version=version, decision_date=dt.date(2025, 1, 1), **values
        )

    writers: Writers = {
        ("plans.CrimePictureVersion", name): version_with(name)
        for name in (
            "title",
            "summary",
            "part_mapping",
            "part_other",
            "part_analysis",
            "position_on_measures",
        )
    }
    writers[("plans.CrimePictureVersion", "change_note")] = lambda: services.picture_new_version(
        actor=coordinator, picture=decided, change_note=pnr
    )
    for name in ("deciding_body", "diary_number", "paragraph"):
        writers[("plans.CrimePictureVersion", name)] = decision_with(name)
    for name in ("name", "period", "why_chosen", "limitations"):
        writers[("plans.CrimePictureSource", name)] = source_with(name)
    writers[("plans.CrimePictureFigure", "caption")] = lambda: services.figure_add(
        actor=coordinator, version=version, kind="hot_spots", caption=pnr
    )
    writers[("plans.CrimePictureFigure", "measure_code")] = lambda: services.figure_add(
        actor=coordinator, version=version, kind="statistic_series", measure_code=pnr
    )
    writers[("plans.CrimePictureFinding", "text")] = lambda: services.finding_update(
        actor=coordinator, finding=finding, text=pnr
    )
    return writers
