"""Rows per second of the batch report service (``reports_import``) on SQLite.

Usage: .venv/bin/python bench/imports.py [--rows 10000] [--repeat 3]
Uses the demo database of bench/run.py (var/bench/bench.sqlite3; built if missing). Each run
imports `rows` generated Flen reports with points spread over the kommun (so the outline check
and the area look-up run for every row) and a description for the personal-data guard, then
deletes them again. Prints validation-only (dry run) and full import rates. Never asserted in
tests; docs/performance.md records the numbers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = ROOT / "var" / "bench" / "bench.sqlite3"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{DB}")
os.environ.setdefault("TRYGG_DEBUG", "0")
os.environ.setdefault("TRYGG_DEMO", "1")
os.environ.setdefault("TRYGG_PRODUCTION", "0")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

TEXTS = [
    "Klotter på gavelväggen mot parkeringen, ungefär två kvadratmeter.",
    "Krossad ruta i busskuren vid hållplatsen, glas på marken.",
    "Grupp ungdomar samlades vid entrén under kvällen, stökigt men inget hot.",
    "Trasig belysning längs gångvägen gör sträckan mörk efter kl. 17.",
    "",
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    DB.parent.mkdir(parents=True, exist_ok=True)

    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone
    from shapely.geometry import shape

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    from trygg.accounts.models import User
    from trygg.core.models import AuditEvent
    from trygg.geo.geometry import random_points_in
    from trygg.places.models import Municipality
    from trygg.reports.models import Category, Report
    from trygg.reports.services.imports import reports_import

    flen = Municipality.objects.get(code="0482")
    reporter = User.objects.get(username="rapportor.flen")
    membership = reporter.memberships.filter(municipality=flen).first()
    assert membership is not None
    categories = list(Category.objects.filter(municipality=flen, active=True))
    outline = shape(flen.outline)
    rng = random.Random(7)
    import numpy as np

    points = random_points_in(outline, args.rows, np.random.default_rng(7))
    now = timezone.now()
    rows = []
    for i, (lat, lon) in enumerate(points):
        start = now - dt.timedelta(hours=rng.uniform(4, 24 * 300))
        rows.append(
            {
                "category": categories[i % len(categories)],
                "occurred_start": start,
                "lat": lat,
                "lon": lon,
                "impact": 1 + i % 3,
                "description": TEXTS[i % len(TEXTS)],
                "reported_at": start + dt.timedelta(hours=3),
            }
        )

    def run(dry_run: bool) -> float:
        started = time.perf_counter()
        result = reports_import(
            actor=reporter,
            municipality=flen,
            organisation=membership.organisation,
            rows=rows,
            source="bench/imports.py",
            dry_run=dry_run,
        )
        elapsed = time.perf_counter() - started
        assert len(result.created) == len(rows)
        if not dry_run:
            Report.objects.filter(pk__in=[r.pk for r in result.created]).delete()
        return elapsed

    print(f"{args.rows} rows, {args.repeat} runs each (SQLite, {DB.relative_to(ROOT)})")
    for label, dry in (("validate only (dry run)", True), ("validate + write", False)):
        times = [run(dry) for _ in range(args.repeat)]
        best, median = min(times), statistics.median(times)
        print(
            f"{label:26} median {median:6.2f} s = {args.rows / median:8.0f} rows/s"
            f"   (best {args.rows / best:8.0f} rows/s)"
        )
    audited = AuditEvent.objects.filter(action="report.import").count()
    print(f"audit rows of kind report.import: {audited}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
