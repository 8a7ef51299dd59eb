"""The import service: permission, all or nothing, new / updated / unchanged, audit."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trygg.core.models import AuditEvent
from trygg.plans.models import StatisticImport, StatisticValue
from trygg.plans.services.statistics import (
    StatisticsImportRejected,
    statistics_draft_save,
    statistics_import,
)
from trygg.plans.statistics_files import StatRow

ROW = StatRow(
    2, "bra", "stold", "Stöld", "municipality", "0482", "Flen", 2024, "T", 400, Decimal("2424.24")
)


def rows():
    return [
        ROW,
        replace(
            ROW, line=3, region_kind="county", region_code="0004", region_name="Södermanlands län"
        ),
        replace(ROW, line=4, period=2023, count=380, rate=None),
    ]


def run(tenant, data, **kw):
    return statistics_import(
        actor=tenant.coordinator,
        municipality=tenant.municipality,
        rows=data,
        source="bra",
        file_name="brott.csv",
        **kw,
    )


def test_creates_then_updates_and_leaves_unchanged(world) -> None:
    flen = world.flen
    preview = run(flen, rows(), dry_run=True)
    assert (preview.created, preview.updated, preview.unchanged) == (3, 0, 0)
    assert not StatisticValue.objects.exists() and not StatisticImport.objects.exists()
    first = run(flen, rows(), note="Brås tabell 2024")
    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    event = AuditEvent.objects.get(action="statistics.import")
    assert event.changes["created"] == 3 and event.free_text["note"] == "Brås tabell 2024"
    changed = rows()
    changed[2] = replace(changed[2], count=381)
    second = run(flen, changed)
    assert (second.created, second.updated, second.unchanged) == (0, 1, 2)
    assert StatisticValue.objects.get(period=2023).count == 381
    assert StatisticValue.objects.get(period=2023).batch == second.batch
    assert StatisticValue.objects.get(period=2024, region_code="0482").batch == first.batch
    assert StatisticValue.objects.count() == 3


def test_all_or_nothing(world) -> None:
    bad = [*rows(), replace(ROW, line=9, period=1900), replace(ROW, line=10, count=-1)]
    with pytest.raises(StatisticsImportRejected) as caught:
        run(world.flen, bad)
    assert {p.row for p in caught.value.result.problems} == {9, 10}
    assert not StatisticValue.objects.exists() and not StatisticImport.objects.exists()
    assert not AuditEvent.objects.filter(action="statistics.import").exists()


def test_duplicate_key_refused(world) -> None:
    with pytest.raises(StatisticsImportRejected):
        run(world.flen, [ROW, replace(ROW, line=3)])


def test_only_coordinators(world) -> None:
    for user in (world.flen.partner, world.flen.reporter, world.degerfors.coordinator):
        with pytest.raises(PermissionDenied):
            statistics_import(
                actor=user, municipality=world.flen.municipality, rows=rows(), source="bra",
                file_name="x.csv",
            )  # fmt: skip
        with pytest.raises(PermissionDenied):
            statistics_draft_save(
                actor=user, municipality=world.flen.municipality, source="bra",
                file_name="x.csv", rows=rows(),
            )  # fmt: skip


def test_note_and_file_name_screened_for_personal_data(world) -> None:
    with pytest.raises(ValidationError) as caught:
        run(world.flen, rows(), note="Ring 070-123 45 67")
    assert "note" in caught.value.message_dict
    with pytest.raises(ValidationError):
        statistics_import(
            actor=world.flen.coordinator, municipality=world.flen.municipality, rows=rows(),
            source="bra", file_name="19811218–9876.csv",
        )  # fmt: skip
    with pytest.raises(StatisticsImportRejected):
        run(world.flen, [replace(ROW, measure_name="Stöld hos anna@example.se")])
    assert not StatisticValue.objects.exists()


def test_tenants_keep_their_own_values(world) -> None:
    run(world.flen, rows())
    result = statistics_import(
        actor=world.degerfors.coordinator, municipality=world.degerfors.municipality,
        rows=rows(), source="bra", file_name="x.csv",
    )  # fmt: skip
    assert result.created == 3
    assert StatisticValue.objects.filter(municipality=world.flen.municipality).count() == 3
