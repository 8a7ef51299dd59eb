"""Issue 3 benchmark: the shared picture on 250,000 reports (p50/p95 in ms, in-process, SQLite).

Usage: .venv/bin/python bench/situation.py [--reports 250000] [--repeat 20]

Builds the demo world (seed_demo) in its own SQLite database under var/bench/, then tops it up
with synthetic reports for Flen (about ten years of weeks, bulk_create) until the database holds
--reports reports. Measures the weekly picture, the situation API, hot spots and a few report
pages with Django's test client, and times the pure hot-spot computation. Results go to stdout
and bench/results/situation-250k.json; docs/performance.md records them. Never asserted in tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = ROOT / "var" / "bench" / "situation-250k.sqlite3"
# --database-url postgres://… measures the same on PostgreSQL (a database you own: it is filled)
_URL = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--database-url=")), None)
os.environ["DATABASE_URL"] = _URL or f"sqlite:///{DB}"
os.environ["TRYGG_DEBUG"] = "0"
os.environ["TRYGG_DEMO"] = "1"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"

SEED = 20250250
HISTORY_WEEKS = 520  # about ten years
BATCH = 5_000


def percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p50 = statistics.median(ordered)
    p95 = ordered[max(0, round(len(ordered) * 0.95) - 1)]
    return p50, p95


def generate(target: int) -> dict[str, object]:
    """Top the database up to ``target`` reports with synthetic Flen reports."""
    import h3
    import numpy as np
    from django.db import transaction
    from django.utils import timezone
    from shapely.geometry import shape
    from shapely.ops import unary_union

    from trygg.accounts.models import Membership, User
    from trygg.core.weeks import STOCKHOLM, IsoWeek
    from trygg.geo.geometry import random_points_in
    from trygg.places.locator import area_index_for
    from trygg.places.models import Area, Municipality, Place
    from trygg.reports.models import Category, Report

    existing = Report.objects.count()
    missing = target - existing
    if missing <= 0:
        return {"generated": 0, "seconds": 0.0}
    started = time.perf_counter()
    rng = np.random.default_rng(SEED + existing)
    m = Municipality.objects.get(code="0482")
    now = timezone.now()
    last = IsoWeek.current().previous()
    mondays = np.array(
        [last.shift(-i).monday.toordinal() for i in range(HISTORY_WEEKS)], dtype=np.int64
    )

    categories = list(Category.objects.filter(municipality=m, active=True).order_by("id"))
    cat_weights = rng.dirichlet(np.full(len(categories), 0.8))
    memberships = list(
        Membership.objects.filter(municipality=m, active=True, role="reporter")
        .values_list("organisation_id", "user_id")
        .distinct()
    )
    if not memberships:
        memberships = list(
            Membership.objects.filter(municipality=m, active=True)
            .values_list("organisation_id", "user_id")
            .distinct()
        )
    coordinator = User.objects.get(username="samordnare.flen")
    places = list(Place.objects.filter(municipality=m).values_list("id", "lat", "lon"))

    # locations: 85 % inside the areas (towns), 15 % anywhere in the kommun
    areas = [
        shape(g)
        for g in Area.objects.filter(municipality=m, active=True).values_list("geometry", flat=True)
    ]
    n_in = int(missing * 0.85)
    points = random_points_in(unary_union(areas), n_in, rng)
    points += random_points_in(shape(m.outline), missing - n_in, rng)
    order = rng.permutation(missing)
    points = [points[i] for i in order]
    index = area_index_for(m)

    week_idx = rng.integers(0, HISTORY_WEEKS, missing)
    # more recent weeks a little busier (slow growth of reporting over ten years)
    week_idx = np.minimum(week_idx, rng.integers(0, HISTORY_WEEKS, missing))
    seconds = rng.integers(0, 7 * 24 * 3600, missing)
    cat_idx = rng.choice(len(categories), missing, p=cat_weights)
    org_idx = rng.integers(0, len(memberships), missing)
    impact = rng.choice([1, 2, 3], missing, p=[0.35, 0.45, 0.2])
    status_draw = rng.random(missing)
    certainty = rng.choice(["observed", "suspected", "heard"], missing, p=[0.7, 0.15, 0.15])
    visibility = np.where(rng.random(missing) < 0.1, "coordinators", "partners")
    delay_h = rng.uniform(0.5, 96, missing)
    review_h = rng.uniform(2, 72, missing)
    window = rng.random(missing) < 0.2
    window_h = rng.uniform(0.5, 8, missing)
    at_place = rng.random(missing) < 0.1
    police = rng.random(missing) < 0.25
    people = rng.integers(1, 6, missing)

    total_created = 0
    built: list[Report] = []
    for i in range(missing):
        monday = dt.date.fromordinal(int(mondays[week_idx[i]]))
        start = dt.datetime.combine(monday, dt.time.min, tzinfo=STOCKHOLM) + dt.timedelta(
            seconds=int(seconds[i])
        )
        if start > now - dt.timedelta(hours=1):
            start = now - dt.timedelta(hours=1)
        week_start = IsoWeek.of(start).monday
        lat, lon = points[i]
        place_id = None
        if at_place[i] and places:
            place_id, plat, plon = places[int(rng.integers(0, len(places)))]
            if plat is not None and plon is not None:
                lat, lon = plat, plon
        created = min(start + dt.timedelta(hours=float(delay_h[i])), now)
        recent = (now - start).days < 10
        draw = status_draw[i]
        if recent and draw < 0.5:
            status = "submitted"
        elif draw > 0.97:
            status = "rejected"
        else:
            status = "included"
        reviewed = status != "submitted"
        org_id, user_id = memberships[int(org_idx[i])]
        built.append(
            Report(
                municipality=m,
                organisation_id=org_id,
                reporter_id=user_id,
                week_start=week_start,
                time_precision="window" if window[i] else "exact",
                occurred_start=start,
                occurred_end=start + dt.timedelta(hours=float(window_h[i])) if window[i] else None,
                location_precision="place" if place_id else "point",
                lat=lat,
                lon=lon,
                place_id=place_id,
                area_id=index.locate(lat, lon),
                h3_r7=h3.str_to_int(h3.latlng_to_cell(lat, lon, 7)),
                h3_r9=h3.str_to_int(h3.latlng_to_cell(lat, lon, 9)),
                h3_r11=h3.str_to_int(h3.latlng_to_cell(lat, lon, 11)),
                category=categories[int(cat_idx[i])],
                impact=int(impact[i]),
                certainty=str(certainty[i]),
                people_min=int(people[i]),
                people_max=int(people[i]) + 1,
                police_contacted=bool(police[i]),
                police_report_filed=False,
                description="",
                channel="reporter",
                status=status,
                visibility=str(visibility[i]),
                rejection_reason="Syntetisk (benchmark)" if status == "rejected" else "",
                reviewed_by=coordinator if reviewed else None,
                reviewed_at=min(created + dt.timedelta(hours=float(review_h[i])), now)
                if reviewed
                else None,
                created_at=created,
            )
        )
        if len(built) == BATCH or i == missing - 1:
            with transaction.atomic():
                Report.objects.bulk_create(built, batch_size=BATCH)
            total_created += len(built)
            built = []
    seconds_taken = time.perf_counter() - started
    return {"generated": total_created, "seconds": round(seconds_taken, 1)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=250_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database-url", default=None, help="postgres://… (default: SQLite)")
    args = parser.parse_args()
    DB.parent.mkdir(parents=True, exist_ok=True)

    # the application as gunicorn loads it (config/wsgi.py: Django set up, the loaded modules
    # frozen out of the garbage collector's reach)
    importlib.import_module("config.wsgi")
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    print(f"migrate + seed_demo: {time.perf_counter() - t0:.1f} s")

    gen = generate(args.reports)
    print(f"generated {gen['generated']} synthetic reports in {gen['seconds']} s")
    # always: a migration may have added an index since the database was filled
    t1 = time.perf_counter()
    # PostgreSQL: VACUUM as autovacuum would have by now, so that index-only scans need no
    # heap fetches (the visibility map); ANALYZE alone leaves a bulk-loaded table unvacuumed
    statement = "ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(statement)
    print(f"{statement}: {time.perf_counter() - t1:.1f} s")

    from trygg.accounts.models import User
    from trygg.core.weeks import IsoWeek
    from trygg.places.models import Municipality
    from trygg.reports.models import Report
    from trygg.situation.selectors.hotspots import hotspot_analysis

    m = Municipality.objects.get(code="0482")
    counts = {
        "reports": Report.objects.count(),
        "reports_flen": Report.objects.filter(municipality=m).count(),
        "counted_flen": Report.objects.filter(municipality=m).counted().count(),
    }
    first_week = Report.objects.filter(municipality=m).order_by("week_start").first()
    counts["first_week_flen"] = str(IsoWeek.of(first_week.week_start)) if first_week else None
    print(counts)

    last = IsoWeek.current().previous()
    year_ago = last.shift(-51)
    coordinator = User.objects.get(username="samordnare.flen")
    client = Client()
    client.force_login(coordinator)
    api = "/api/v1/situation"
    pages = [
        ("weekly picture", "/m/0482/situation/week/"),
        ("API situation/weekly", f"{api}/weekly/?municipality=0482"),
        ("API situation/completeness", f"{api}/completeness/?municipality=0482"),
        ("API situation/hotspots, 12 weeks", f"{api}/hotspots/?municipality=0482"),
        (
            "API situation/hotspots, 52 weeks",
            f"{api}/hotspots/?municipality=0482&from={year_ago}&to={last}",
        ),
        ("hot spots page, 12 weeks", "/m/0482/situation/hotspots/"),
        ("report list, 12 weeks", "/m/0482/reports/"),
        ("report map data, 12 weeks", "/m/0482/reports/map.geojson"),
        ("review queue", "/m/0482/review/"),
    ]
    results: dict[str, dict[str, object]] = {}
    print(f"{'page':36} {'p50 ms':>8} {'p95 ms':>8} {'bytes':>9} {'queries':>7}")
    for label, url in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        queries = list(ctx.captured_queries)
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        p50, p95 = percentiles(times)
        slowest = sorted(queries, key=lambda q: float(q["time"]), reverse=True)[:3]
        results[label] = {
            "url": url,
            "p50_ms": round(p50, 1),
            "p95_ms": round(p95, 1),
            "bytes": len(response.content),
            "queries": len(queries),
            "query_ms": round(sum(float(q["time"]) for q in queries) * 1000, 1),
            "slowest_queries": [
                {"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:600]} for q in slowest
            ],
        }
        print(f"{label:36} {p50:8.1f} {p95:8.1f} {len(response.content):9d} {len(queries):7d}")

    # --- the SQL floor of the weekly page: the raw aggregates behind the same numbers (the
    # counts of the weeks the picture reads, and the answered organisation-weeks of its
    # coverage), timed on the same connection in the same run
    from trygg.situation.selectors.weekly import SPAN

    first_monday = last.shift(-(SPAN - 1)).monday
    table = Report._meta.db_table
    orgs = list(m.organisations.values_list("pk", flat=True)) or [0]
    floor_sql = [
        (
            f"SELECT week_start, area_id, category_id, COUNT(*) FROM {table} "
            "WHERE municipality_id = %s AND area_id IS NOT NULL AND week_start >= %s "
            "AND week_start <= %s AND status NOT IN ('rejected', 'merged') "
            "GROUP BY week_start, area_id, category_id",
            [m.pk, first_monday, last.monday],
        ),
        (
            f"SELECT DISTINCT organisation_id, week_start FROM {table} "
            f"WHERE organisation_id IN ({', '.join(['%s'] * len(orgs))}) "
            "AND week_start >= %s AND week_start <= %s AND status <> 'rejected'",
            [*orgs, first_monday, last.monday],
        ),
    ]
    floor_times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        with connection.cursor() as cursor:
            for sql, params in floor_sql:
                cursor.execute(sql, params)
                cursor.fetchall()
        floor_times.append((time.perf_counter() - start) * 1000)
    floor_p50, floor_p95 = percentiles(floor_times)
    weekly = results["weekly picture"]
    floor = {
        "weeks_read": SPAN,
        "p50_ms": round(floor_p50, 1),
        "p95_ms": round(floor_p95, 1),
        "weekly_page_p50_over_floor": round(float(weekly["p50_ms"]) / floor_p50, 2),  # type: ignore[arg-type]
        "weekly_page_p95_over_floor_p95": round(float(weekly["p95_ms"]) / floor_p95, 2),  # type: ignore[arg-type]
    }
    print(
        f"\nSQL floor of the weekly page ({SPAN} weeks): p50 {floor_p50:.1f} ms, "
        f"p95 {floor_p95:.1f} ms; page/floor p50 {floor['weekly_page_p50_over_floor']}×, "
        f"p95 {floor['weekly_page_p95_over_floor_p95']}×"
    )

    computations: dict[str, dict[str, object]] = {}
    print(f"\n{'hotspot_analysis':36} {'p50 ms':>8} {'p95 ms':>8} {'cells':>9} {'events':>7}")
    runs = [
        ("12 weeks, res 9", 12, 9, False),
        ("12 weeks, res 9, with KDE", 12, 9, True),
        ("52 weeks, res 9", 52, 9, False),
        ("12 weeks, res 7", 12, 7, False),
        ("52 weeks, res 7", 52, 7, False),
    ]
    for label, weeks, resolution, kde in runs:
        times = []
        analysis = None
        for _ in range(args.repeat):
            start = time.perf_counter()
            analysis = hotspot_analysis(
                m,
                user=coordinator,
                first_week=last.shift(-(weeks - 1)),
                last_week=last,
                resolution=resolution,
                with_kde=kde,
            )
            times.append((time.perf_counter() - start) * 1000)
        p50, p95 = percentiles(times)
        assert analysis is not None
        computations[label] = {
            "p50_ms": round(p50, 1),
            "p95_ms": round(p95, 1),
            "cells": len(analysis.cells),
            "events": analysis.total,
        }
        print(f"{label:36} {p50:8.1f} {p95:8.1f} {len(analysis.cells):9d} {analysis.total:7d}")

    suffix = "" if connection.vendor == "sqlite" else f"-{connection.vendor}"
    out = ROOT / "bench" / "results" / f"situation-250k{suffix}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    if not gen["generated"] and out.exists():
        # the database was reused: keep the figures of the run that generated it
        gen = json.loads(out.read_text()).get("generation", gen)
    out.write_text(
        json.dumps(
            {
                "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "repeat": args.repeat,
                "counts": counts,
                "generation": gen,
                "database": connection.vendor,
                "pages": results,
                "weekly_sql_floor": floor,
                "hotspot_analysis": computations,
            },
            indent=2,
        )
    )
    print("\nslowest queries per page (one captured request):")
    for label, row in results.items():
        print(f"- {label}: {row['queries']} queries, {row['query_ms']} ms in SQL")
        for q in row["slowest_queries"][:2]:
            print(f"    {q['ms']:7.1f} ms  {q['sql'][:300]}")
    print(f"written {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
