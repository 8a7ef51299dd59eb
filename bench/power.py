"""The weekly test's power table and null share (ANALYTICS.md rev 2, docs/statistics.md).

Usage: .venv/bin/python bench/power.py [--worlds 1000] [--seed 2026]

Each simulated world is a municipality of 9 areas × 16 categories over three years (156
weeks) with seasonality and Poisson–gamma counts (φ = 1.5), about 40 events a week in all
(trygg.analysis.simulation). For the power table one cell (the busiest area, the first
category) has a base of b events a week (times its season); its mean is multiplied by the
factor f for four consecutive weeks starting at a random week of the last year. The whole
method runs as the picture runs it (baseline weeks with the seasonal window, φ per category
across the areas, BH over the 144 cells of each week; area totals a family of their own). A
rise is detected when the planted cell is flagged in at least one week of the four (t = 1),
by a window ending in one of them (t = 4), or either.

The null share is the share of area-weeks with any flag (a category of the area or its total)
in worlds without change, over the last two years (the first has no seasonal baseline).
Results go to stdout and bench/results/power.json; docs/statistics.md records them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trygg.analysis.simulation import (  # noqa: E402
    WEEKS,
    base_means,
    poisson_gamma,
    run_batch,
    season,
)

PHI = 1.5
TOTAL = 40.0
BASELINES = (0.5, 1.0, 4.0, 10.0)
FACTORS = (2.0, 3.0)
RISE_WEEKS = 4
FIRST_START = 112  # the rise starts in the last year, with a full history behind it
CHUNK = 250


def _worlds(rng: np.random.Generator, n: int) -> np.ndarray:
    """(n, weeks, areas, categories) seasonal means of n null worlds."""
    base = base_means(TOTAL)
    means = np.empty((n, WEEKS, *base.shape))
    for i in range(n):
        means[i] = base[None] * season(rng, WEEKS, base.shape[1], (0.15, 0.45))[:, None, :]
    return means


def null_share(rng: np.random.Generator, n: int) -> dict[str, float]:
    flagged: dict[str, list[np.ndarray]] = {"t1": [], "t4": [], "either": []}
    weeks_any: dict[str, list[np.ndarray]] = {"t1": [], "t4": [], "either": []}
    for start in range(0, n, CHUNK):
        means = _worlds(rng, min(CHUNK, n - start))
        counts = poisson_gamma(rng, means, PHI)
        one = run_batch(counts, 1, from_week=52).area_weeks[:, 52:]
        four = run_batch(counts, 4, from_week=52).area_weeks[:, 52:]
        for key, value in (("t1", one), ("t4", four), ("either", one | four)):
            flagged[key].append(value)
            weeks_any[key].append(value.any(axis=2))
    result = {}
    for key in flagged:
        result[f"area_weeks_{key}"] = float(np.concatenate(flagged[key]).mean())
        result[f"weeks_with_any_flag_{key}"] = float(np.concatenate(weeks_any[key]).mean())
    return result


def power(rng: np.random.Generator, n: int, baseline: float, factor: float) -> dict[str, float]:
    hits = {"t1": 0, "t4": 0, "either": 0}
    for start in range(0, n, CHUNK):
        m = min(CHUNK, n - start)
        means = _worlds(rng, m)
        # the planted cell: area 0, category 0, b a week times the category's season
        shape = means[:, :, 0, 0] / base_means(TOTAL)[0, 0]
        means[:, :, 0, 0] = baseline * shape
        rise = rng.integers(FIRST_START, WEEKS - RISE_WEEKS + 1, size=m)
        weeks = rise[:, None] + np.arange(RISE_WEEKS)[None, :]
        rows = np.arange(m)[:, None]
        means[rows, weeks, 0, 0] *= factor
        counts = poisson_gamma(rng, means, PHI)
        found = {}
        for t in (1, 4):
            flags = run_batch(counts, t, from_week=FIRST_START).cells[:, :, 0, 0]
            found[t] = flags[rows, weeks].any(axis=1)
        hits["t1"] += int(found[1].sum())
        hits["t4"] += int(found[4].sum())
        hits["either"] += int((found[1] | found[4]).sum())
    return {key: value / n for key, value in hits.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--worlds", type=int, default=1000, help="simulated worlds per row")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    started = time.monotonic()
    null = null_share(rng, args.worlds)
    rows = []
    for baseline in BASELINES:
        for factor in FACTORS:
            rows.append(
                {
                    "baseline": baseline,
                    "factor": factor,
                    **power(rng, args.worlds, baseline, factor),
                }
            )
    seconds = time.monotonic() - started

    print(
        f"Weekly test, {args.worlds} simulated worlds per row (seed {args.seed}), φ = {PHI}, "
        f"9 × 16 cells, about {TOTAL:.0f} events a week, BH over 144 cells"
    )
    print()
    print("Null share (no change), last two years of three:")
    for key in ("t1", "t4", "either"):
        print(
            f"  {key:7s} area-weeks with any flag {null[f'area_weeks_{key}']:6.2%}   "
            f"weeks with any flag {null[f'weeks_with_any_flag_{key}']:6.2%}"
        )
    print()
    print("Detection of a rise sustained over 4 weeks, within those weeks:")
    print("  baseline/week  factor    t = 1    t = 4   either")
    for row in rows:
        print(
            f"  {row['baseline']:13.1f}  ×{row['factor']:<5.0f} {row['t1']:7.1%}  "
            f"{row['t4']:7.1%}  {row['either']:7.1%}"
        )
    print(f"\n{seconds:.1f} s")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "power.json").write_text(
        json.dumps(
            {
                "worlds": args.worlds,
                "seed": args.seed,
                "phi": PHI,
                "total_per_week": TOTAL,
                "null": null,
                "power": rows,
                "seconds": seconds,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
