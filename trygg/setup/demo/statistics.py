"""Demo crime statistics for Flen, Södermanlands län and Sweden, 2015–2025.

Made up, of plausible size (Flen about 16,500 inhabitants and 1,900–2,300 reported crimes a
year, about 12,000–14,000 per 100,000), imported through the same service as a coordinator's
file, with the note "Demodata – inte Brås siffror". Deterministic (a fixed seed).
"""

from __future__ import annotations

import random
from decimal import Decimal

from trygg.plans.services.statistics import statistics_import
from trygg.plans.statistics_files import StatRow, measure_code_of
from trygg.setup.demo.structure import Structure

DEMO_NOTE = "Demodata – inte Brås siffror"
YEARS = range(2015, 2026)
#: region -> (kind, code, name, population in 2015, yearly growth, total per 100,000 in 2015)
REGIONS = (
    ("municipality", "0482", "Flen", 16_300, 0.001, 13_200.0),
    ("county", "0004", "Södermanlands län", 292_000, 0.007, 12_900.0),
    ("national", "0000", "Riket", 9_850_000, 0.009, 15_400.0),
)
#: crime type -> share of all reported crimes
CRIME_TYPES = (
    ("Samtliga brott", 1.0),
    ("Skadegörelsebrott", 0.13),
    ("Stöldbrott", 0.31),
    ("Misshandel", 0.06),
    ("Narkotikabrott", 0.07),
    ("Bedrägeribrott", 0.15),
)


def demo_rows(seed: int = 482) -> list[StatRow]:
    rng = random.Random(seed)
    rows: list[StatRow] = []
    for kind, code, name, population0, growth, total0 in REGIONS:
        for offset, year in enumerate(YEARS):
            population = population0 * (1 + growth) ** offset
            # a slow decline with noise, as reported crime has moved since 2015
            total = total0 * (1 - 0.004 * offset) * rng.uniform(0.97, 1.03)
            for crime, share in CRIME_TYPES:
                noise = 1.0 if share == 1.0 else rng.uniform(0.85, 1.15)
                rate = total * share * noise
                count = round(rate * population / 100_000)
                rows.append(
                    StatRow(
                        len(rows) + 2,
                        "bra",
                        measure_code_of(crime),
                        crime,
                        kind,
                        code,
                        name,
                        year,
                        "T",
                        count,
                        Decimal(count * 100_000 / population).quantize(Decimal("0.1")),
                    )
                )
    return rows


def build_statistics(structure: Structure) -> int:
    """Import the demo statistics for Flen (other demo municipalities get none)."""
    if structure.municipality.code != "0482":
        return 0
    result = statistics_import(
        actor=structure.coordinator,
        municipality=structure.municipality,
        rows=demo_rows(),
        source="bra",
        file_name="demo-brottsstatistik.csv",
        note=DEMO_NOTE,
    )
    return result.created
