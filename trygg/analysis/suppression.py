"""Small-count suppression for public outputs (ANALYTICS.md, "Publishing numbers").

Every count a public page shows goes through this module first. Rules:

- **Primary suppression.** A count from 1 to ``threshold − 1`` (default 1–4; the threshold is
  configurable) is shown as ``"< 5"``. **Zero is shown as 0**: ANALYTICS.md suppresses the
  counts 1–4 and nothing else, and "no events" discloses nobody.
- **Totals** are the true sums of the counts (computed here, never handed in, so they always
  agree with the cells). A total is a count like any other: 1–4 is shown as ``"< 5"``, and it
  may be hidden as a complement (below), but only when its line offers no cell to hide instead.
- **Secondary suppression.** A published total is an equation a reader can solve. Whenever
  the suppressed entries of a table could be worked out from the totals and the shown cells,
  further cells are hidden and shown as ``".."`` (the sign Swedish official statistics use for
  "not shown"):

  1. *Subtraction.* A row, column or series (with its total) holding exactly one suppressed
     entry gives it away by subtraction. Hide the smallest other non-zero cell of that line
     (a total only if the line has no such cell); repeat until no line has exactly one.
  2. *Audit.* Two hidden entries in a line are not always enough: ``"< 5", "< 5"`` with a
     residual of 8 can only be 4 + 4, and ``"< 5", ".."`` with a residual of 6 only 1 + 5
     (a ``".."`` cell is never 1–4 and, since zeros are never hidden, never 0). For every
     suppressed entry the audit computes the smallest and largest value consistent with
     *everything* published — each row, column and total equation at once, ``"< 5"`` meaning
     1–4 and ``".."`` meaning at least 5 — as two linear programmes. An entry whose smallest
     and largest values coincide is disclosed; the smallest shown non-zero cell in one of its
     lines (a total only if none) is hidden too, and the rules repeat until nothing is
     disclosed. The equations of a table with margins are those of a network (every line of
     the bordered table sums to zero with the totals negated), so the linear programme's bounds
     are whole numbers and every value between them is attainable: the audit is exact, not an
     approximation.

  A table that no amount of hiding can protect (four cells of 1 with a total of 4: "< 5" four
  times summing to "< 5" means each is 1) comes back with ``protected = False``; a public page
  must then not show it (say "too few events to show").

What a publisher can rely on: for every suppressed entry of a result with ``protected``, at
least two different values are consistent with all the published numbers, so no suppressed
value can be derived from the totals, by subtraction or otherwise. The result never carries a
suppressed value (``Cell.value`` is ``None``), so a template cannot print it by mistake.

Pure Python (+ scipy's linear programming); no Django.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final, SupportsIndex

import numpy as np
from scipy.optimize import linprog

__all__ = [
    "DEFAULT_THRESHOLD",
    "SECONDARY_TEXT",
    "Cell",
    "Status",
    "SuppressedSeries",
    "SuppressedTable",
    "primary_text",
    "suppress_count",
    "suppress_series",
    "suppress_table",
]

DEFAULT_THRESHOLD: Final = 5
SECONDARY_TEXT: Final = ".."


class Status(StrEnum):
    SHOWN = "shown"
    PRIMARY = "primary"  # a small count (1 … threshold − 1), shown as "< threshold"
    SECONDARY = "secondary"  # hidden so that a small count cannot be worked out, shown as ".."


@dataclass(frozen=True, slots=True)
class Cell:
    """One published number: its status, the text to print, and the value only if shown."""

    status: Status
    text: str
    value: int | None

    @property
    def shown(self) -> bool:
        return self.status is Status.SHOWN

    @property
    def suppressed(self) -> bool:
        return self.status is not Status.SHOWN


@dataclass(frozen=True, slots=True)
class SuppressedSeries:
    """A 1-D series (e.g. counts per area) and, if asked for, its total."""

    cells: tuple[Cell, ...]
    total: Cell | None
    threshold: int
    protected: bool

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(c.text for c in self.cells)


@dataclass(frozen=True, slots=True)
class SuppressedTable:
    """A 2-D table (rows × columns) and, with margins, row totals, column totals and the
    grand total."""

    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...] | None
    column_totals: tuple[Cell, ...] | None
    total: Cell | None
    threshold: int
    protected: bool

    @property
    def texts(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(c.text for c in row) for row in self.cells)


def primary_text(threshold: int = DEFAULT_THRESHOLD) -> str:
    return f"< {threshold}"


def _check_threshold(threshold: int) -> int:
    threshold = operator.index(threshold)
    if threshold < 2:
        raise ValueError("threshold must be at least 2 (counts 1 … threshold − 1 are suppressed)")
    return threshold


def _check_count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, SupportsIndex):
        raise TypeError(f"a count must be a whole number, got {value!r}")
    count = operator.index(value)
    if count < 0:
        raise ValueError(f"a count cannot be negative, got {count}")
    return count


def _is_small(value: int, threshold: int) -> bool:
    return 1 <= value < threshold


def _cell(value: int, status: Status, threshold: int) -> Cell:
    if status is Status.SHOWN:
        return Cell(Status.SHOWN, str(value), value)
    if status is Status.PRIMARY:
        return Cell(Status.PRIMARY, primary_text(threshold), None)
    return Cell(Status.SECONDARY, SECONDARY_TEXT, None)


def suppress_count(value: int, *, threshold: int = DEFAULT_THRESHOLD) -> Cell:
    """A single published count without any total: primary suppression only."""
    threshold = _check_threshold(threshold)
    count = _check_count(value)
    return _cell(count, Status.PRIMARY if _is_small(count, threshold) else Status.SHOWN, threshold)


# ---------------------------------------------------------------------------------------------
# The engine: entries (cells and totals) in one flat list, lines as "Σ entries = total".
# ---------------------------------------------------------------------------------------------

# A line is its entries with coefficients: +1 for the cells, −1 for the line's total.
Line = tuple[tuple[int, int], ...]


@dataclass
class _Problem:
    values: list[int]
    lines: list[Line]
    is_total: list[bool]
    threshold: int
    status: list[Status]

    def __post_init__(self) -> None:
        self.lines_of: list[list[int]] = [[] for _ in self.values]
        for n, line in enumerate(self.lines):
            for entry, _coef in line:
                self.lines_of[entry].append(n)

    # -- choosing a complement -----------------------------------------------------------

    def _candidates(self, line_ids: Sequence[int]) -> list[int]:
        return sorted(
            {
                entry
                for n in line_ids
                for entry, _coef in self.lines[n]
                if self.status[entry] is Status.SHOWN and self.values[entry] > 0
            }
        )

    def _opens(self, entry: int) -> int:
        """How many of the entry's lines hold no hidden entry yet (hiding it there would leave
        that line with exactly one, to be protected in turn)."""
        return sum(
            1
            for n in self.lines_of[entry]
            if all(self.status[e] is Status.SHOWN for e, _c in self.lines[n])
        )

    def _pick(self, candidates: Sequence[int]) -> int | None:
        """A cell before a total; then one that opens no new line (its column already holds a
        hidden entry); then the smallest; ties in order."""
        if not candidates:
            return None
        return min(candidates, key=lambda e: (self.is_total[e], self._opens(e), self.values[e], e))

    def _hide(self, entry: int) -> None:
        assert self.status[entry] is Status.SHOWN and self.values[entry] > 0
        self.status[entry] = Status.SECONDARY

    # -- rule 1: no line with exactly one suppressed entry ------------------------------

    def subtraction_rule(self) -> None:
        changed = True
        while changed:
            changed = False
            for n, line in enumerate(self.lines):
                hidden = [e for e, _c in line if self.status[e] is not Status.SHOWN]
                if len(hidden) != 1:
                    continue
                entry = self._pick(self._candidates([n]))
                if entry is not None:
                    self._hide(entry)
                    changed = True

    # -- rule 2: the exact audit ----------------------------------------------------------

    def _bounds(self, entry: int) -> tuple[float, float]:
        if self.status[entry] is Status.PRIMARY:
            return (1.0, float(self.threshold - 1))
        return (float(self.threshold), math.inf)

    def disclosed(self) -> list[int]:
        """Suppressed entries whose value follows from everything published."""
        hidden = [e for e, s in enumerate(self.status) if s is not Status.SHOWN]
        if not hidden:
            return []
        index = {e: k for k, e in enumerate(hidden)}
        rows: list[list[float]] = []
        rhs: list[float] = []
        for line in self.lines:
            unknown = [(e, c) for e, c in line if e in index]
            if not unknown:
                continue
            row = [0.0] * len(hidden)
            for e, c in unknown:
                row[index[e]] = float(c)
            rows.append(row)
            rhs.append(-float(sum(c * self.values[e] for e, c in line if e not in index)))
        bounds = [self._bounds(e) for e in hidden]
        out: list[int] = []
        if not rows:
            return out
        a_eq = np.array(rows)
        b_eq = np.array(rhs)
        lp_bounds = [(lo, None if math.isinf(hi) else hi) for lo, hi in bounds]
        for k, entry in enumerate(hidden):
            lo_domain, hi_domain = bounds[k]
            if lo_domain == hi_domain:
                # threshold 2: "< 2" can only be 1; the display says so, not the totals
                continue
            low = self._optimum(a_eq, b_eq, lp_bounds, k, +1.0)
            high = self._optimum(a_eq, b_eq, lp_bounds, k, -1.0)
            if low is not None and high is not None and high - low < 0.5:
                out.append(entry)
        return out

    @staticmethod
    def _optimum(
        a_eq: np.ndarray[tuple[int, int], np.dtype[np.float64]],
        b_eq: np.ndarray[tuple[int], np.dtype[np.float64]],
        bounds: list[tuple[float, float | None]],
        k: int,
        sign: float,
    ) -> float | None:
        """min (sign = +1) or max (sign = −1) of unknown k; None when unbounded."""
        objective = np.zeros(a_eq.shape[1])
        objective[k] = sign
        result = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        if result.status == 3:  # unbounded: no upper limit at all
            return None
        if result.status != 0:  # pragma: no cover - the true values are always feasible
            raise RuntimeError(f"suppression audit failed: {result.message}")
        return float(sign * result.fun)

    def protect(self) -> bool:
        """Apply both rules until nothing is disclosed; False if that cannot be reached."""
        while True:
            self.subtraction_rule()
            disclosed = self.disclosed()
            if not disclosed:
                return True
            # one complement at a time (then the cheap rule and the audit again), so that one
            # hidden cell that protects several disclosed entries is not joined by others
            entry = disclosed[0]
            pick = self._pick(self._candidates(self.lines_of[entry]))
            if pick is None:
                # nothing left to hide in its own lines: hide the smallest shown cell of any
                # line that already holds a hidden entry (the equations are connected there)
                touched = [
                    n
                    for n, line in enumerate(self.lines)
                    if any(self.status[e] is not Status.SHOWN for e, _c in line)
                ]
                pick = self._pick(self._candidates(touched))
            if pick is None:
                return False
            self._hide(pick)


def _run(
    values: list[int], lines: list[Line], is_total: list[bool], threshold: int
) -> tuple[list[Cell], bool]:
    status = [Status.PRIMARY if _is_small(v, threshold) else Status.SHOWN for v in values]
    problem = _Problem(values, lines, is_total, threshold, status)
    protected = problem.protect()
    return [_cell(v, s, threshold) for v, s in zip(values, problem.status, strict=True)], protected


def suppress_series(
    values: Sequence[int], *, threshold: int = DEFAULT_THRESHOLD, total: bool = True
) -> SuppressedSeries:
    """Suppress a 1-D series of counts; with ``total`` its sum is published too (and the
    series is protected against subtraction from it)."""
    threshold = _check_threshold(threshold)
    counts = [_check_count(v) for v in values]
    if not total:
        cells = [suppress_count(v, threshold=threshold) for v in counts]
        return SuppressedSeries(tuple(cells), None, threshold, True)
    entries = [*counts, sum(counts)]
    t = len(counts)
    line: Line = (*((i, 1) for i in range(t)), (t, -1))
    is_total = [False] * t + [True]
    out, protected = _run(entries, [line], is_total, threshold)
    return SuppressedSeries(tuple(out[:t]), out[t], threshold, protected)


def suppress_table(
    values: Sequence[Sequence[int]], *, threshold: int = DEFAULT_THRESHOLD, margins: bool = True
) -> SuppressedTable:
    """Suppress a rows × columns table of counts; with ``margins`` the row totals, column
    totals and grand total are published too (and protected against)."""
    threshold = _check_threshold(threshold)
    grid = [[_check_count(v) for v in row] for row in values]
    n_rows = len(grid)
    n_cols = len(grid[0]) if grid else 0
    if any(len(row) != n_cols for row in grid):
        raise ValueError("every row of a table must have the same number of columns")
    if not margins:
        cells = tuple(tuple(suppress_count(v, threshold=threshold) for v in row) for row in grid)
        return SuppressedTable(cells, None, None, None, threshold, True)

    # Bordered table, row-major: (n_rows + 1) × (n_cols + 1), the last column holding the row
    # totals, the last row the column totals, the corner the grand total.
    width = n_cols + 1

    def at(i: int, j: int) -> int:
        return i * width + j

    row_totals = [sum(row) for row in grid]
    col_totals = [sum(grid[i][j] for i in range(n_rows)) for j in range(n_cols)]
    bordered = [[*grid[i], row_totals[i]] for i in range(n_rows)]
    bordered.append([*col_totals, sum(row_totals)])
    entries = [v for row in bordered for v in row]
    is_total = [i == n_rows or j == n_cols for i in range(n_rows + 1) for j in range(width)]
    lines: list[Line] = []
    for i in range(n_rows + 1):  # each row (and the row of column totals) sums to its total
        lines.append((*((at(i, j), 1) for j in range(n_cols)), (at(i, n_cols), -1)))
    for j in range(n_cols + 1):  # each column (and the column of row totals) likewise
        lines.append((*((at(i, j), 1) for i in range(n_rows)), (at(n_rows, j), -1)))
    out, protected = _run(entries, lines, is_total, threshold)

    def row_of(i: int) -> tuple[Cell, ...]:
        return tuple(out[at(i, j)] for j in range(n_cols))

    return SuppressedTable(
        cells=tuple(row_of(i) for i in range(n_rows)),
        row_totals=tuple(out[at(i, n_cols)] for i in range(n_rows)),
        column_totals=row_of(n_rows),
        total=out[at(n_rows, n_cols)],
        threshold=threshold,
        protected=protected,
    )
