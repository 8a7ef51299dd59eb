"""What the joint view of a council or police area shows (docs/joint.md): per member
municipality its aggregate figures side by side, and a total where adding is valid.

Nothing here computes statistics of its own: each member's period is counted and compared
exactly as its own annual view does (`trygg.situation.selectors.annual`: covered days,
the like-with-like window a year earlier, the exact conditional test with Benjamini–Hochberg
across the rows of that member's table). Only counts are added across members; rate ratios,
confidence intervals and verdicts belong to one member's table and are never added or pooled.

The cost grows with the members shown, not with history: per member one query for its first
reporting week, one for its categories and one aggregate (area × category) per window. No
individual report, text or link of a member leaves this module; promises are the published
ones every resident can read (`trygg.promises.selectors.public_*`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from trygg.analysis.periods import PeriodCoverage
from trygg.places.models import Municipality
from trygg.promises.models import Promise, PromiseVersion
from trygg.promises.selectors import ItemFollowUp, items_of, latest_reports, public_promises
from trygg.reports.models import Category
from trygg.situation.selectors import annual as sa
from trygg.situation.selectors import quarterly as sq


@dataclass
class CategoryRow:
    """One category across the members: each member's change (None: the member has no such
    category) and the summed counts."""

    code: str
    label: str
    cells: list[sa.Change | None]
    total: int
    total_previous: int | None


@dataclass
class MemberFigures:
    municipality: Municipality
    coverage: dict[str, Any]
    total: sa.Change


@dataclass
class JointFigures:
    members: list[MemberFigures]
    rows: list[CategoryRow]
    total: int
    total_previous: int | None
    #: every member compared with its year-ago window (so the year-ago total is a sum of all)
    all_compared: bool
    #: the members count different days (a later start of the data or no data)
    days_differ: bool


def _member(
    municipality: Municipality, coverage: PeriodCoverage
) -> tuple[MemberFigures, dict[str, tuple[Category, sa.Change]]]:
    now = sa.window_counts(municipality, coverage.covered)
    before = sa.window_counts(municipality, coverage.comparison)
    categories = list(Category.objects.filter(municipality=municipality))
    weight = {c.pk: c.harm_weight for c in categories}

    def per_category(counts: dict[tuple[int | None, int], int]) -> dict[int, int]:
        out: dict[int, int] = {}
        for (_area, cat), n in counts.items():
            out[cat] = out.get(cat, 0) + n
        return out

    n_now, n_before = per_category(now), per_category(before)
    used = [c for c in categories if n_now.get(c.pk) or n_before.get(c.pk)]
    rows = [
        (
            n_now.get(c.pk, 0),
            weight[c.pk] * n_now.get(c.pk, 0),
            n_before.get(c.pk, 0),
            weight[c.pk] * n_before.get(c.pk, 0),
        )
        for c in used
    ]
    total_now, total_before = sum(now.values()), sum(before.values())
    rows.append(
        (
            total_now,
            sum((weight.get(c, Decimal(1)) * n for (_a, c), n in now.items()), Decimal(0)),
            total_before,
            sum((weight.get(c, Decimal(1)) * n for (_a, c), n in before.items()), Decimal(0)),
        )
    )
    # one table per member, the member's total in the same family (as its annual view)
    tested = sa.changes(rows, coverage)
    cells = {c.code: (c, change) for c, change in zip(used, tested, strict=False)}
    figures = MemberFigures(
        municipality=municipality,
        coverage=sq.with_dates(sq.coverage_dict(coverage)),
        total=tested[-1],
    )
    return figures, cells


def joint_figures(
    members: list[Municipality], first: dt.date, after: dt.date, *, today: dt.date | None = None
) -> JointFigures:
    """The period [first, after) of each member, side by side, with summed counts."""
    figures: list[MemberFigures] = []
    cells: list[dict[str, tuple[Category, sa.Change]]] = []
    for municipality in members:
        member, by_code = _member(municipality, sq.coverage_of(municipality, first, after, today))
        figures.append(member)
        cells.append(by_code)
    order: dict[str, tuple[int, str]] = {}
    for by_code in cells:
        for code, (category, _change) in by_code.items():
            order.setdefault(code, (category.sort_order, category.label))
    all_compared = all(m.total.compared for m in figures)
    rows = []
    for code, (_sort, label) in sorted(order.items(), key=lambda kv: kv[1]):
        row_cells = [by_code[code][1] if code in by_code else None for by_code in cells]
        rows.append(
            CategoryRow(
                code=code,
                label=label,
                cells=row_cells,
                total=sum(c.count for c in row_cells if c is not None),
                total_previous=sum(c.previous_count or 0 for c in row_cells if c is not None)
                if all_compared
                else None,
            )
        )
    days = {m.coverage["covered_days"] for m in figures}
    return JointFigures(
        members=figures,
        rows=rows,
        total=sum(m.total.count for m in figures),
        total_previous=sum(m.total.previous_count or 0 for m in figures) if all_compared else None,
        all_compared=all_compared,
        days_differ=len(days) > 1,
    )


def quarter_figures(
    members: list[Municipality], period: sq.Period, *, today: dt.date | None = None
) -> JointFigures:
    return joint_figures(members, period.start, period.next_start, today=today)


def year_figures(
    members: list[Municipality], year: int, *, today: dt.date | None = None
) -> JointFigures:
    return joint_figures(members, dt.date(year, 1, 1), dt.date(year + 1, 1, 1), today=today)


# ---------------------------------------------------------------------------------------------
# Promises


@dataclass
class MemberPromises:
    municipality: Municipality
    #: the promise in force (else the newest published one) with its items and their latest
    #: published follow-up per party
    current: tuple[Promise, PromiseVersion] | None = None
    items: list[ItemFollowUp] = field(default_factory=list)
    #: the member's other published promises (titles and periods only)
    earlier: list[tuple[Promise, PromiseVersion]] = field(default_factory=list)


def _current_of(
    promises: list[tuple[Promise, PromiseVersion]], today: dt.date
) -> tuple[Promise, PromiseVersion] | None:
    for promise, version in promises:
        if promise.first_year <= today.year <= promise.last_year:
            return promise, version
    return promises[0] if promises else None


def member_promises(
    members: list[Municipality], *, today: dt.date | None = None
) -> list[MemberPromises]:
    """Each member's published promises: the current one in full (published follow-ups only),
    the others by title."""
    today = today or timezone.localdate()
    out = []
    for municipality in members:
        promises = public_promises(municipality)
        current = _current_of(promises, today)
        entry = MemberPromises(municipality=municipality, current=current)
        if current is not None:
            promise, version = current
            entry.items = latest_reports(promise, items_of(version), published_only=True)
        entry.earlier = [p for p in promises if current is None or p[0] != current[0]]
        out.append(entry)
    return out
