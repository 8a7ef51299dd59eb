"""An item's progress computed from Trygg's own data, never typed in (docs/promises.md,
"Progress from the data").

- **Reports of a category in an area** (``Measure.CATEGORY_COUNT``): the counted reports (merged
  and rejected left out, ANALYTICS.md "Counting") of the category, in the area or the whole
  kommun, whose event falls in the promise's period, counted over the days the data cover
  (`situation.selectors.quarterly.coverage_of`: complete ISO weeks only). **Each calendar year
  of the period** against the same days a year earlier (like with like, ANALYTICS.md "Two
  periods"; a two-year promise is never compared with a window that overlaps itself), with the
  exact conditional test of two Poisson rates and the rate ratio's 95 % interval; a change is
  named only where p < 0.05, otherwise "no detectable change". The target (at most / at least N in
  the period) is judged only when the period is complete; while it runs, the page says how far
  the count has come and over how many days.
- **Sessions held of a programme** (``Measure.PROGRAMME_SESSIONS``): the programme's tally
  (`interventions.schedule`) over the period up to the deadline: held, planned, cancelled, not
  recorded. A target "at least N held" is met as soon as N are held.

Public pages show report counts through small-count suppression (`analysis.suppression`), and
nothing for a category that may not be published.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.utils import timezone

from trygg.analysis.significance import DEFAULT_ALPHA, compare_rates
from trygg.interventions.selectors_programmes import programme_tally
from trygg.promises.choices import Measure, TargetDirection
from trygg.promises.models import PromiseItem
from trygg.reports.selectors import counted_occurring_between
from trygg.situation.selectors.quarterly import coverage_of

TargetState = Literal["met", "not_met", "on_track", "off_track", "open"]
Change = Literal["increase", "decrease", "none"]


@dataclass(frozen=True)
class YearChange:
    """One calendar year of the period (or its part with data) against the same days a year
    earlier."""

    year: int
    value: int
    first: dt.date
    last: dt.date
    running: bool
    reference: int | None = None
    reference_first: dt.date | None = None
    reference_last: dt.date | None = None
    rate_ratio: float | None = None
    lower: float | None = None
    upper: float | None = None
    change: Change | None = None
    """None: no comparison (the year before is not wholly in Trygg's history)."""


@dataclass(frozen=True)
class Progress:
    measure: str
    value: int
    """The count so far (reports, or sessions held)."""
    first: dt.date
    last: dt.date
    """The days counted: first … last (inclusive)."""
    complete: bool
    """The whole period (up to the deadline) is counted."""
    target: TargetState
    # reports of a category: each year of the period against the year before
    years: tuple[YearChange, ...] = ()
    publishable: bool = True
    # programme sessions:
    planned: int | None = None
    cancelled: int | None = None
    not_recorded: int | None = None
    no_data_reason: str | None = None


def period_of(item: PromiseItem) -> tuple[dt.date, dt.date]:
    """[first, after): the promise's years, ending at the item's deadline if earlier."""
    promise = item.version.promise
    first = dt.date(promise.first_year, 1, 1)
    after = dt.date(promise.last_year + 1, 1, 1)
    if item.deadline is not None and first < item.deadline + dt.timedelta(days=1) < after:
        after = item.deadline + dt.timedelta(days=1)
    return first, after


def _judge(value: int, item: PromiseItem, complete: bool) -> TargetState:
    target = item.target_value
    if target is None:
        return "open"
    amount = Decimal(value)
    if item.target_direction == TargetDirection.AT_LEAST:
        if amount >= target:
            return "met"
        return "not_met" if complete else "open"
    if amount > target:
        return "not_met"  # already over a ceiling: it cannot come back
    return "met" if complete else "on_track"


def item_progress(item: PromiseItem, today: dt.date | None = None) -> Progress | None:
    """The item's progress from the data, or None when it is reported by hand."""
    today = today or timezone.localdate()
    if item.measure == Measure.CATEGORY_COUNT and item.category is not None:
        return _category_progress(item, today)
    if item.measure == Measure.PROGRAMME_SESSIONS and item.programme is not None:
        return _session_progress(item, today)
    return None


def _category_progress(item: PromiseItem, today: dt.date) -> Progress:
    municipality = item.version.promise.municipality
    first, after = period_of(item)
    coverage = coverage_of(municipality, first, after, today)
    publishable = bool(item.category and item.category.publishable)
    covered = coverage.covered
    if covered is None:
        return Progress(
            Measure.CATEGORY_COUNT,
            0,
            first,
            after - dt.timedelta(days=1),
            False,
            "open",
            publishable=publishable,
            no_data_reason=coverage.reason,
        )

    def count(window_first: dt.date, window_after: dt.date) -> int:
        qs = counted_occurring_between(municipality, window_first, window_after).filter(
            category=item.category
        )
        if item.area_id is not None:
            qs = qs.filter(area_id=item.area_id)
        return qs.count()

    value = count(covered.first, covered.after)
    complete = covered.first == first and covered.after == after
    years = []
    for year in range(first.year, after.year + (1 if after.month > 1 or after.day > 1 else 0)):
        year_first = max(first, dt.date(year, 1, 1))
        year_after = min(after, dt.date(year + 1, 1, 1))
        if year_first >= year_after:
            continue
        years.append(_year_change(municipality, year, year_first, year_after, today, count))
    return Progress(
        measure=Measure.CATEGORY_COUNT,
        value=value,
        first=covered.first,
        last=covered.last,
        complete=complete,
        target=_judge(value, item, complete),
        publishable=publishable,
        years=tuple(y for y in years if y is not None),
        no_data_reason=coverage.reason,
    )


def _year_change(
    municipality: Any,
    year: int,
    first: dt.date,
    after: dt.date,
    today: dt.date,
    count: Any,
) -> YearChange | None:
    """One year of the period against the same days a year earlier (like with like)."""
    coverage = coverage_of(municipality, first, after, today)
    covered = coverage.covered
    if covered is None:
        return None
    value = count(covered.first, covered.after)
    comparison = coverage.comparison
    if comparison is None:
        return YearChange(year, value, covered.first, covered.last, coverage.running)
    reference = count(comparison.first, comparison.after)
    result = compare_rates(value, covered.days, reference, comparison.days)
    change: Change = "none"
    if result.p < DEFAULT_ALPHA:
        if result.rate_ratio is None:
            change = "increase" if value > 0 else "none"
        else:
            change = "increase" if result.rate_ratio > 1 else "decrease"
    return YearChange(
        year,
        value,
        covered.first,
        covered.last,
        coverage.running,
        reference=reference,
        reference_first=comparison.first,
        reference_last=comparison.last,
        rate_ratio=result.rate_ratio,
        lower=result.lower,
        upper=result.upper,
        change=change,
    )


def _session_progress(item: PromiseItem, today: dt.date) -> Progress:
    assert item.programme is not None
    first, after = period_of(item)
    last = after - dt.timedelta(days=1)
    tally = programme_tally(item.programme, first, last, today)
    counted_until = min(tally.counted_until, last)
    complete = tally.complete
    return Progress(
        Measure.PROGRAMME_SESSIONS,
        tally.held,
        first,
        counted_until if counted_until >= first else first,
        complete,
        _judge(tally.held, item, complete),
        planned=tally.planned,
        cancelled=tally.cancelled,
        not_recorded=tally.not_recorded,
        no_data_reason="not_started" if counted_until < first else None,
    )
