"""The demo crime statistics: plausible sizes, marked as demo, imported by the service."""

from __future__ import annotations

from trygg.plans.models import StatisticImport, StatisticValue
from trygg.setup.demo.statistics import DEMO_NOTE, build_statistics, demo_rows
from trygg.setup.demo.structure import Structure


def test_sizes_are_plausible() -> None:
    rows = demo_rows()
    totals = [r for r in rows if r.measure_code == "samtliga-brott" and r.region_code == "0482"]
    assert [r.period for r in totals] == list(range(2015, 2026))
    assert all(1_900 <= (r.count or 0) <= 2_300 for r in totals)
    assert all(12_000 <= (r.rate or 0) <= 14_000 for r in totals)
    assert {r.region_code for r in rows} == {"0482", "0004", "0000"}
    assert len({r.measure_code for r in rows}) == 6
    assert demo_rows() == rows  # deterministic


def test_imported_for_flen_only_and_marked(world) -> None:
    def structure(tenant):
        return Structure(tenant.municipality, tenant.coordinator, {}, {}, {}, {}, {})

    assert build_statistics(structure(world.flen)) == 198
    assert build_statistics(structure(world.degerfors)) == 0
    assert StatisticImport.objects.get().note == DEMO_NOTE
    assert StatisticValue.objects.filter(municipality=world.flen.municipality).count() == 198
