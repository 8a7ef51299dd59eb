"""Page timings on the demo data (p50/p95 in ms, in-process Django client, SQLite).

Usage: make bench   (or: .venv/bin/python bench/run.py [--repeat 30])
Builds the demo world into a throwaway SQLite database under var/bench/ if needed.
Numbers go to stdout and bench/results/latest.json; docs/performance.md records them.
Never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
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
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    DB.parent.mkdir(parents=True, exist_ok=True)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    from trygg.accounts.models import User
    from trygg.reports.models import Report

    client = Client()
    coordinator = User.objects.get(username="samordnare.flen")
    reporter = User.objects.get(username="rapportor.flen")
    report = Report.objects.filter(municipality__code="0482").order_by("-created_at").first()
    assert report is not None
    from trygg.core.weeks import IsoWeek
    from trygg.places.models import Municipality
    from trygg.situation.models import WeeklySnapshot
    from trygg.situation.services.snapshots import freeze_week

    flen = Municipality.objects.get(code="0482")
    snapshot = WeeklySnapshot.objects.filter(municipality=flen).order_by("-created_at").first()
    if snapshot is None:
        snapshot = freeze_week(
            actor=coordinator, municipality=flen, week=IsoWeek.current().previous()
        )
    snap = f"/m/0482/situation/snapshots/{snapshot.public_id}/"
    pages = [
        ("start (reporter)", reporter, "/m/0482/"),
        ("report form (reporter)", reporter, "/m/0482/reports/new/"),
        ("my reports (reporter)", reporter, "/m/0482/reports/mine/"),
        ("report list (coordinator)", coordinator, "/m/0482/reports/"),
        ("report map data, 12 weeks", coordinator, "/m/0482/reports/map.geojson"),
        ("review queue (coordinator)", coordinator, "/m/0482/review/"),
        ("review report (coordinator)", coordinator, f"/m/0482/review/{report.public_id}/"),
        ("audit log (coordinator)", coordinator, "/m/0482/settings/audit/"),
        ("API reports list", coordinator, "/api/v1/reports/?municipality=0482"),
        ("weekly picture (coordinator)", coordinator, "/m/0482/situation/week/"),
        ("area status form (coordinator)", coordinator, "/m/0482/situation/week/status/"),
        ("hot spots page, 12 weeks, res 9", coordinator, "/m/0482/situation/hotspots/"),
        ("API situation/weekly", coordinator, "/api/v1/situation/weekly/?municipality=0482"),
        (
            "API situation/hotspots, 12 weeks",
            coordinator,
            "/api/v1/situation/hotspots/?municipality=0482",
        ),
        (
            "API situation/completeness",
            coordinator,
            "/api/v1/situation/completeness/?municipality=0482",
        ),
        ("frozen weekly picture (snapshot)", coordinator, snap),
        ("quarterly analysis (coordinator)", coordinator, "/m/0482/situation/quarterly/"),
        ("annual view (coordinator)", coordinator, "/m/0482/situation/annual/"),
    ]
    results = {}
    print(f"{'page':34} {'p50 ms':>8} {'p95 ms':>8} {'bytes':>9}")
    for label, user, url in pages:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p50 = statistics.median(times)
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        results[label] = {
            "url": url,
            "p50_ms": round(p50, 1),
            "p95_ms": round(p95, 1),
            "bytes": len(response.content),
        }
        print(f"{label:34} {p50:8.1f} {p95:8.1f} {len(response.content):9d}")
    counts = {"reports": Report.objects.count()}
    out = ROOT / "bench" / "results" / "latest.json"
    out.write_text(json.dumps({"counts": counts, "pages": results}, indent=2))
    print(f"reports in database: {counts['reports']}; written {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
