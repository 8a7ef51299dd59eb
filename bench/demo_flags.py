"""What the weekly test (ANALYTICS.md rev 2) flags on the demo world, and whether it finds the
planted signals (trygg.setup.demo.signals). Results go into docs/statistics.md.

Usage: .venv/bin/python bench/demo_flags.py [--reseed] [--now 2026-12-07T08:00]

Seeds the demo world (seed_demo, default seed) into its own SQLite database
var/bench/demo-flags.sqlite3 (kept between runs; --reseed rebuilds it), reads the weekly
counted reports per area × category through the ORM, marks weeks whose coverage (share of
expected organisations that reported or said "nothing to report") is below 75 % as unusable,
and runs the pure method (trygg.analysis.predictive.evaluate_series) for t = 1 and t = 4:
φ per category, the share of area-weeks with any flag, every flag, and the planted signals.
Writes bench/results/demo_flags.json. A bench script, not the app: it reads the database
directly and is never imported by Trygg.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = ROOT / "var" / "bench" / "demo-flags.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ["TRYGG_DEBUG"] = "0"
os.environ["TRYGG_DEMO"] = "1"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"

THRESHOLD = 0.75
SEASONAL_FROM = 56  # first week index with a full seasonal baseline (52 + k/2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reseed", action="store_true", help="rebuild the demo database")
    parser.add_argument("--now", default=None, help="reference time for seed_demo (ISO)")
    args = parser.parse_args()
    if args.reseed and DB.exists():
        DB.unlink()
    DB.parent.mkdir(parents=True, exist_ok=True)

    import django

    django.setup()
    import numpy as np
    from django.core.management import call_command
    from django.db.models import Count

    from trygg.analysis.predictive import WINDOWS, evaluate_series, series_baseline
    from trygg.core.models import AuditEvent
    from trygg.core.weeks import IsoWeek
    from trygg.places.models import Area, Municipality
    from trygg.reports.models import Category, Report
    from trygg.reports.selectors import completeness_for_week
    from trygg.setup.demo.history import holidays
    from trygg.setup.demo.municipalities import MUNICIPALITIES
    from trygg.setup.demo.signals import resolve

    call_command("migrate", verbosity=0)
    seeded_seconds = None
    if not Report.objects.exists():
        started = time.monotonic()
        extra = ["--now", args.now] if args.now else []
        call_command("seed_demo", "--force", *extra, verbosity=0)
        seeded_seconds = time.monotonic() - started
    results: dict[str, Any] = {"seed_seconds": seeded_seconds, "municipalities": {}}

    for spec in MUNICIPALITIES:
        municipality = Municipality.objects.get(code=spec.code)
        reports = Report.objects.filter(municipality=municipality)
        seeded = (
            AuditEvent.objects.filter(action="demo.seed", municipality=municipality)
            .order_by("-pk")
            .first()
        )
        assert seeded is not None, "not seeded by seed_demo"
        end = IsoWeek.parse(seeded.changes["end_week"])  # the last complete week
        first = end.shift(-(int(seeded.changes["weeks"]) - 1))
        weeks: list[IsoWeek] = []
        week = first
        while week.monday <= end.monday:
            weeks.append(week)
            week = week.next()
        index = {w.monday: i for i, w in enumerate(weeks)}
        areas = list(Area.objects.filter(municipality=municipality).order_by("name"))
        categories = list(
            Category.objects.filter(municipality=municipality, active=True).order_by("code")
        )
        a_index = {a.pk: i for i, a in enumerate(areas)}
        c_index = {c.pk: i for i, c in enumerate(categories)}
        counts = np.zeros((len(weeks), len(areas), len(categories)))
        rows = (
            reports.counted()
            .filter(week_start__lte=end.monday, area__isnull=False)
            .values_list("week_start", "area_id", "category_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        for week_start, area_id, category_id, n in rows:
            if category_id in c_index:
                counts[index[week_start], a_index[area_id], c_index[category_id]] = n
        coverage = np.ones(len(weeks))
        for i, w in enumerate(weeks):
            completeness = completeness_for_week(municipality, w)
            expected = len(completeness.rows)
            if expected:
                coverage[i] = sum(r.state != "missing" for r in completeness.rows) / expected
        usable = coverage >= THRESHOLD

        m: dict[str, Any] = {
            "weeks": len(weeks),
            "first_week": str(first),
            "end_week": str(end),
            "events_per_week": float(counts.sum() / len(weeks)),
            "weeks_below_threshold": [str(weeks[i]) for i in np.flatnonzero(~usable)],
        }
        tests: dict[int, tuple[Any, Any]] = {}
        for t in WINDOWS:
            cells = evaluate_series(counts, usable, t)
            totals = evaluate_series(counts.sum(axis=2), usable, t)
            tests[t] = (cells, totals)
        # φ per category: t = 1 at the end week, and the median over the last year
        phi_end = tests[1][0].phi[-1, 0]
        phi_year = np.median(tests[1][0].phi[-52:, 0], axis=0)
        m["phi_by_category"] = {
            c.code: {"end": round(float(phi_end[j]), 3), "median_last_year": float(phi_year[j])}
            for j, c in enumerate(categories)
        }
        m["phi_area_totals"] = float(tests[1][1].phi[-1, 0])
        # diagnostic, not the method: φ as a ratio of sums, Σ (y − μ)² / Σ μ (1 + 1/E), over
        # the last 52 weeks (less biased where μ is small; see docs/statistics.md)
        B1, E1 = series_baseline(counts, usable, 1)
        P = slice(len(weeks) - 52, len(weeks))
        e = np.where(usable[P], E1[P], 0.0)[:, None, None]
        ok = (e > 0) & (B1[P] > 0)
        mu = np.where(ok, B1[P] / np.where(e > 0, e, 1), 0.0)
        num = np.where(ok, (counts[P] - mu) ** 2, 0.0).sum(axis=(0, 1))
        den = np.where(ok, mu * (1 + 1 / np.where(e > 0, e, 1)), 0.0).sum(axis=(0, 1))
        m["phi_ratio_of_sums_last_year"] = {
            c.code: float(max(1.0, num[j] / den[j])) if den[j] > 0 else 1.0
            for j, c in enumerate(categories)
        }
        # share of area-weeks with any flag
        tested_from = SEASONAL_FROM
        shares = {}
        either = np.zeros((len(weeks), len(areas)), dtype=bool)
        for t in WINDOWS:
            cells, totals = tests[t]
            area_weeks = cells.flagged.any(axis=2) | totals.flagged
            either |= area_weeks
            shares[f"t{t}"] = float(area_weeks[tested_from:].mean())
        shares["either"] = float(either[tested_from:].mean())
        shares["either_last_year"] = float(either[-52:].mean())
        m["share_area_weeks_flagged"] = shares
        m["counted_from_week"] = str(weeks[tested_from])
        # every flag
        flags = []
        for t in WINDOWS:
            cells, totals = tests[t]
            for w, a, c in zip(*np.nonzero(cells.flagged), strict=True):
                flags.append(
                    {
                        "t": t,
                        "week": str(weeks[w]),
                        "area": areas[a].name,
                        "category": categories[c].code,
                        "observed": int(cells.observed[w, a, c]),
                        "q": float(cells.q[w, a, c]),
                    }
                )
            for w, a in zip(*np.nonzero(totals.flagged), strict=True):
                flags.append(
                    {
                        "t": t,
                        "week": str(weeks[w]),
                        "area": areas[a].name,
                        "category": None,
                        "observed": int(totals.observed[w, a]),
                        "q": float(totals.q[w, a]),
                    }
                )
        m["flags"] = flags
        # the planted signals
        years = range(first.year, end.year + 1)
        signals = resolve(spec.signals, end, len(weeks), {y: holidays(y) for y in years})
        found = []
        for signal in signals:
            a = next(i for i, area in enumerate(areas) if area.name == signal.area)
            lo = index.get(signal.start)
            if lo is None:
                continue
            hi = min(len(weeks) - 1, index.get(IsoWeek.of(signal.end).monday, len(weeks) - 1))
            record: dict[str, Any] = {
                "key": signal.key,
                "kind": signal.kind,
                "area": signal.area,
                "category": signal.category,
                "first_week": str(weeks[lo]),
                "last_week": str(weeks[hi]),
            }
            for t in WINDOWS:
                cells, totals = tests[t]
                if signal.category is None:
                    flagged, observed = totals.flagged[:, a], totals.observed[:, a]
                    q = totals.q[:, a]
                else:
                    c = next(i for i, cat in enumerate(categories) if cat.code == signal.category)
                    flagged, observed, q = (
                        cells.flagged[:, a, c],
                        cells.observed[:, a, c],
                        cells.q[:, a, c],
                    )
                # windows that overlap the signal: ending in it, or up to t − 1 weeks after
                window = range(lo, min(len(weeks), hi + t))
                record[f"t{t}"] = [
                    {"week": str(weeks[w]), "observed": int(observed[w]), "q": float(q[w])}
                    for w in window
                    if flagged[w]
                ]
                record[f"t{t}_weeks_tested"] = len(window)
                record[f"t{t}_flagged_before"] = int(flagged[max(0, lo - 26) : lo].sum())
            if signal.kind == "new-category" and signal.category is not None:
                c = next(i for i, cat in enumerate(categories) if cat.code == signal.category)
                record["events_before"] = int(counts[:lo, :, c].sum())
                record["events_per_week_after"] = float(counts[lo : hi + 1, a, c].mean())
            if signal.kind == "decrease":
                after = counts[lo : hi + 1, a].sum()
                before = counts[lo - 52 : hi + 1 - 52, a].sum() if lo >= 52 else float("nan")
                record["events_after"] = int(after)
                record["events_same_weeks_year_before"] = int(before)
                record["ratio_to_year_before"] = float(after / before) if before else None
                prior = counts[lo - (hi + 1 - lo) : lo, a].sum()
                record["ratio_to_weeks_just_before"] = float(after / prior) if prior else None
            found.append(record)
        m["signals"] = found
        results["municipalities"][spec.code] = m

    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "demo_flags.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    _print(results)


def _print(results: dict[str, Any]) -> None:
    if results["seed_seconds"] is not None:
        print(f"seed_demo: {results['seed_seconds']:.1f} s")
    for code, m in results["municipalities"].items():
        print(
            f"\n== {code}: {m['weeks']} weeks {m['first_week']}–{m['end_week']}, "
            f"{m['events_per_week']:.1f} counted events a week"
        )
        print(f"   weeks below the coverage threshold: {len(m['weeks_below_threshold'])}")
        print("   φ per category (t = 1 at the end week / median over the last year):")
        for cat, phi in m["phi_by_category"].items():
            ratio = m["phi_ratio_of_sums_last_year"][cat]
            print(
                f"     {cat:18s} {phi['end']:5.2f} / {phi['median_last_year']:5.2f}"
                f"   (ratio of sums over the last year: {ratio:5.2f})"
            )
        print(f"   φ of area totals: {m['phi_area_totals']:.2f}")
        s = m["share_area_weeks_flagged"]
        print(
            f"   area-weeks with any flag from {m['counted_from_week']}: t=1 {s['t1']:.2%}, "
            f"t=4 {s['t4']:.2%}, either {s['either']:.2%} (last year: {s['either_last_year']:.2%})"
        )
        print(f"   flags: {len(m['flags'])}")
        for f in sorted(m["flags"], key=lambda f: (f["week"], f["t"])):
            print(
                f"     t={f['t']} {f['week']} {f['area']:28s} {f['category'] or '(total)':18s} "
                f"x={f['observed']:3d} q={f['q']:.4f}"
            )
        for sig in m["signals"]:
            print(f"   signal {sig['key']} ({sig['first_week']}–{sig['last_week']}):")
            for t in (1, 4):
                weeks = (
                    ", ".join(
                        f"{r['week']} (x={r['observed']}, q={r['q']:.4f})" for r in sig[f"t{t}"]
                    )
                    or "not flagged"
                )
                print(
                    f"     t={t}: {weeks}; flagged in the 26 weeks before: "
                    f"{sig[f't{t}_flagged_before']}"
                )
            for key in (
                "events_before",
                "events_per_week_after",
                "events_after",
                "events_same_weeks_year_before",
                "ratio_to_year_before",
                "ratio_to_weeks_just_before",
            ):
                if key in sig:
                    print(f"     {key}: {sig[key]}")


if __name__ == "__main__":
    main()
