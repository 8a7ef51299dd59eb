"""Pure statistics for Trygg (no Django): see ../shared/ANALYTICS.md.

Plain data in (numbers, numpy arrays), frozen dataclasses out; numpy and scipy only. Every
method is tested against a reference implementation (scipy, statsmodels, PySAL esda — test-only
dependencies) or a hand-computed case.

- `baseline`: expected weekly count λ (previous k weeks, optionally blended with the same weeks
  last year) and its 95 % Poisson prediction band.
- `significance`: one-sided Poisson test, Benjamini–Hochberg FDR, the weekly cell evaluation,
  the exact conditional test and rate ratio for two periods, the Poisson-regression trend.
- `evaluation`: intervention evaluation — difference in differences, relative effect, WDD, WDQ
  and the power guard.
- `hotspots`, `kde`, `concentration`, `aoristic`: Getis–Ord Gi* on H3 cells, kernel density,
  concentration and Gini, aoristic day-of-week × hour profiles.
"""
