"""Small-count suppression on hand-made tables (ANALYTICS.md, "Publishing numbers").

The expected tables are written out by hand. What a publisher relies on is checked by brute
force, independently of the module's own audit: every table of whole numbers that agrees with
everything published ("< 5" = 1–4, ".." = at least 5, shown numbers and totals exact) is
enumerated, and each suppressed entry must take at least two different values across them —
so no suppressed value can be derived from the totals, by subtraction or otherwise.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trygg.analysis.suppression import (
    Cell,
    Status,
    SuppressedSeries,
    SuppressedTable,
    suppress_count,
    suppress_series,
    suppress_table,
)

# ---------------------------------------------------------------------------------------------
# The brute-force reader: what can be worked out from a published table?
# ---------------------------------------------------------------------------------------------


def _domain(cell: Cell, threshold: int, cap: int) -> range:
    if cell.status is Status.SHOWN:
        assert cell.value is not None
        return range(cell.value, cell.value + 1)
    if cell.status is Status.PRIMARY:
        return range(1, threshold)
    return range(threshold, cap + 1)


def _fits(cell: Cell, value: int, threshold: int) -> bool:
    if cell.status is Status.SHOWN:
        return cell.value == value
    if cell.status is Status.PRIMARY:
        return 1 <= value < threshold
    return value >= threshold


def consistent_tables(result: SuppressedTable, cap: int) -> Iterator[list[list[int]]]:
    """Every table (cells only; totals follow) consistent with the published result, with
    hidden values up to `cap` (a cap can only hide solutions, so the check stays strict)."""
    t = result.threshold
    row_totals, column_totals, grand = result.row_totals, result.column_totals, result.total
    assert row_totals is not None and column_totals is not None and grand is not None
    n_cols = len(result.cells[0]) if result.cells else 0

    def cell_cap(i: int, j: int) -> int:
        # a cell is at most any published total of its row or column
        limits = [cap]
        for total in (row_totals[i], column_totals[j], grand):
            if total.value is not None:
                limits.append(total.value)
        return min(limits)

    def rows_for(i: int) -> Iterator[list[int]]:
        domains = [_domain(c, t, cell_cap(i, j)) for j, c in enumerate(result.cells[i])]
        for row in itertools.product(*domains):
            if _fits(row_totals[i], sum(row), t):
                yield list(row)

    candidates = [list(rows_for(i)) for i in range(len(result.cells))]
    for table in itertools.product(*candidates):
        columns = [sum(row[j] for row in table) for j in range(n_cols)]
        if all(_fits(column_totals[j], columns[j], t) for j in range(n_cols)) and _fits(
            grand, sum(columns), t
        ):
            yield [list(row) for row in table]


def assert_nothing_derivable(result: SuppressedTable, truth: list[list[int]]) -> None:
    cap = sum(map(sum, truth)) + 2 * result.threshold
    solutions = list(consistent_tables(result, cap))
    assert truth in solutions, "the true table must be consistent with what is published"
    n_rows, n_cols = len(truth), len(truth[0]) if truth else 0
    assert result.row_totals is not None and result.column_totals is not None
    for i in range(n_rows):
        for j in range(n_cols):
            if result.cells[i][j].suppressed:
                values = {s[i][j] for s in solutions}
                assert len(values) >= 2, f"cell {i},{j} is derivable: {values}"
        if result.row_totals[i].suppressed:
            assert len({sum(s[i]) for s in solutions}) >= 2, f"row total {i} is derivable"
    for j in range(n_cols):
        if result.column_totals[j].suppressed:
            values = {sum(row[j] for row in s) for s in solutions}
            assert len(values) >= 2, f"column total {j} is derivable"
    if result.total is not None and result.total.suppressed:
        assert len({sum(map(sum, s)) for s in solutions}) >= 2, "the grand total is derivable"


def no_line_with_one_hidden(result: SuppressedTable) -> None:
    """Subtraction, the simplest attack: a line (with its total) never has exactly one
    suppressed entry."""
    assert result.row_totals is not None and result.column_totals is not None
    assert result.total is not None
    rows = [[*row, total] for row, total in zip(result.cells, result.row_totals, strict=True)]
    rows.append([*result.column_totals, result.total])
    lines = rows + [list(col) for col in zip(*rows, strict=True)]
    for line in lines:
        assert sum(c.suppressed for c in line) != 1, [c.text for c in line]


def as_table(series: SuppressedSeries) -> SuppressedTable:
    """A series with a total is a one-row table (its column totals are its cells)."""
    assert series.total is not None
    return SuppressedTable(
        cells=(series.cells,),
        row_totals=(series.total,),
        column_totals=series.cells,
        total=series.total,
        threshold=series.threshold,
        protected=series.protected,
    )


def texts(result: SuppressedTable) -> list[list[str]]:
    """The bordered table as printed: each row with its total, then the row of totals."""
    assert result.row_totals is not None and result.column_totals is not None
    assert result.total is not None
    out = [[*row, total.text] for row, total in zip(result.texts, result.row_totals, strict=True)]
    out.append([*(c.text for c in result.column_totals), result.total.text])
    return out


# ---------------------------------------------------------------------------------------------
# One count, and the primary rule
# ---------------------------------------------------------------------------------------------


def test_primary_rule_counts_1_to_4_zero_shown() -> None:
    shown = [suppress_count(v).text for v in range(8)]
    assert shown == ["0", "< 5", "< 5", "< 5", "< 5", "5", "6", "7"]
    zero = suppress_count(0)
    assert zero == Cell(Status.SHOWN, "0", 0)
    small = suppress_count(3)
    assert small.status is Status.PRIMARY and small.value is None and small.suppressed


def test_threshold_is_configurable() -> None:
    assert [suppress_count(v, threshold=3).text for v in range(5)] == ["0", "< 3", "< 3", "3", "4"]
    assert [suppress_count(v, threshold=10).text for v in (0, 9, 10)] == ["0", "< 10", "10"]


@pytest.mark.parametrize("bad", [-1, 1.5, "3", True, None])
def test_counts_must_be_whole_non_negative(bad: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        suppress_count(bad)  # type: ignore[arg-type]


def test_threshold_below_two_is_refused() -> None:
    with pytest.raises(ValueError):
        suppress_count(3, threshold=1)
    with pytest.raises(ValueError):
        suppress_table([[1, 2], [3]])


# ---------------------------------------------------------------------------------------------
# 1-D series
# ---------------------------------------------------------------------------------------------


def test_series_without_total_is_primary_only() -> None:
    result = suppress_series([3, 10, 0, 12], total=False)
    assert result.texts == ("< 5", "10", "0", "12")
    assert result.total is None and result.protected


def test_series_hides_the_smallest_other_cell() -> None:
    # 25 − 10 − 12 would give the 3 away: the next-smallest cell, 10, is hidden as well
    result = suppress_series([3, 10, 12])
    assert result.texts == ("< 5", "..", "12")
    assert result.total == Cell(Status.SHOWN, "25", 25)
    assert [c.status for c in result.cells] == [Status.PRIMARY, Status.SECONDARY, Status.SHOWN]
    assert_nothing_derivable(as_table(result), [[3, 10, 12]])


def test_series_two_small_cells_can_still_be_pinned() -> None:
    # "< 5" + "< 5" = 18 − 10 = 8 can only be 4 + 4: two hidden cells are not enough here
    result = suppress_series([4, 4, 10])
    assert result.texts == ("< 5", "< 5", "..")
    assert result.total is not None and result.total.text == "18"
    assert_nothing_derivable(as_table(result), [[4, 4, 10]])


def test_series_needs_iteration() -> None:
    # subtraction rule: hide 5; audit: "< 5" + ".." = 6 means 1 + 5; so 100 is hidden too
    result = suppress_series([1, 5, 100])
    assert result.texts == ("< 5", "..", "..")
    assert result.total is not None and result.total.text == "106"
    assert_nothing_derivable(as_table(result), [[1, 5, 100]])


def test_series_zeros_and_a_small_total() -> None:
    result = suppress_series([0, 3, 0])
    assert result.texts == ("0", "< 5", "0")
    assert result.total is not None and result.total.text == "< 5"  # a total is a count too
    assert result.protected
    assert_nothing_derivable(as_table(result), [[0, 3, 0]])


def test_series_all_zero() -> None:
    result = suppress_series([0, 0, 0])
    assert result.texts == ("0", "0", "0")
    assert result.total == Cell(Status.SHOWN, "0", 0) and result.protected


def test_series_two_small_cells_with_total_five() -> None:
    result = suppress_series([2, 3])
    assert result.texts == ("< 5", "< 5")
    assert result.total is not None and result.total.text == "5"
    assert_nothing_derivable(as_table(result), [[2, 3]])


def test_series_that_cannot_be_protected_says_so() -> None:
    # four times "< 5" adding up to "< 5": each of them must be 1, whatever is hidden
    result = suppress_series([1, 1, 1, 1])
    assert result.texts == ("< 5",) * 4 and result.total is not None
    assert result.total.text == "< 5"
    assert result.protected is False


# ---------------------------------------------------------------------------------------------
# 2-D tables with margins
# ---------------------------------------------------------------------------------------------


def test_table_with_margins() -> None:
    values = [[1, 10, 12], [8, 9, 3], [20, 7, 15]]
    result = suppress_table(values)
    # The two small cells are protected by one rectangle: 12 (its column already holds the 3)
    # and 8 (its column already holds the 1); every row and column total stays published.
    assert texts(result) == [
        ["< 5", "10", "..", "23"],
        ["..", "9", "< 5", "20"],
        ["20", "7", "15", "42"],
        ["29", "26", "30", "85"],
    ]
    assert result.protected
    no_line_with_one_hidden(result)
    assert_nothing_derivable(result, values)


def test_table_needs_iteration() -> None:
    # 2 in the corner: its row hides 6; then column 0 has one hidden cell, so 7 goes; then
    # column 1 has one (the 6), so 8 goes: a chain of three rounds closes a rectangle.
    values = [[2, 6, 9], [7, 8, 10]]
    result = suppress_table(values)
    assert texts(result) == [
        ["< 5", "..", "9", "17"],
        ["..", "..", "10", "25"],
        ["9", "14", "19", "42"],
    ]
    no_line_with_one_hidden(result)
    assert_nothing_derivable(result, values)


def test_two_by_two_with_one_small_cell_hides_all_four() -> None:
    values = [[1, 10], [8, 9]]
    result = suppress_table(values)
    assert texts(result) == [["< 5", "..", "11"], ["..", "..", "17"], ["9", "19", "28"]]
    assert_nothing_derivable(result, values)


def test_small_totals_are_suppressed_and_protected_like_cells() -> None:
    # the 3 makes its row total and its column total "< 5"; the row of column totals then
    # holds one hidden entry, and the total that closes both margins is hidden
    values = [[3, 0, 0], [0, 8, 9], [0, 6, 7]]
    result = suppress_table(values)
    assert texts(result) == [
        ["< 5", "0", "0", "< 5"],
        ["0", "8", "9", "17"],
        ["0", "6", "7", "13"],
        ["< 5", "14", "16", ".."],
    ]
    assert result.total is not None and result.total.status is Status.SECONDARY
    assert result.protected
    no_line_with_one_hidden(result)
    assert_nothing_derivable(result, values)


def test_a_small_column_total_needs_a_complement_among_the_totals() -> None:
    values = [[12, 0, 7], [0, 0, 0], [9, 4, 30]]
    result = suppress_table(values)
    assert texts(result) == [
        ["12", "0", "7", "19"],
        ["0", "0", "0", "0"],
        ["..", "< 5", "30", "43"],
        ["..", "< 5", "37", "62"],
    ]
    no_line_with_one_hidden(result)
    assert_nothing_derivable(result, values)


def test_table_all_zero() -> None:
    result = suppress_table([[0, 0], [0, 0]])
    assert texts(result) == [["0", "0", "0"], ["0", "0", "0"], ["0", "0", "0"]]
    assert result.protected


def test_table_everything_small() -> None:
    values = [[1, 2], [3, 1]]
    result = suppress_table(values)
    assert texts(result) == [["< 5", "< 5", "< 5"], ["< 5", "< 5", "< 5"], ["< 5", "< 5", "7"]]
    assert result.protected
    assert_nothing_derivable(result, values)


def test_table_that_cannot_be_protected_says_so() -> None:
    result = suppress_table([[1, 1], [1, 1]])
    assert texts(result) == [["< 5"] * 3] * 3
    assert result.protected is False


def test_table_without_margins_is_primary_only() -> None:
    result = suppress_table([[1, 10], [8, 9]], margins=False)
    assert result.texts == (("< 5", "10"), ("8", "9"))
    assert result.row_totals is None and result.total is None and result.protected


def test_suppressed_values_are_not_in_the_result() -> None:
    result = suppress_table([[1, 10, 12], [8, 9, 3], [20, 7, 15]])
    for row in result.cells:
        for cell in row:
            assert (cell.value is None) == cell.suppressed
            assert cell.text == (str(cell.value) if cell.shown else cell.text)


def test_empty_inputs() -> None:
    assert suppress_series([]).total == Cell(Status.SHOWN, "0", 0)
    assert suppress_table([]).total == Cell(Status.SHOWN, "0", 0)


# ---------------------------------------------------------------------------------------------
# Property: on any small table, a protected result discloses nothing
# ---------------------------------------------------------------------------------------------

small_tables = st.integers(1, 3).flatmap(
    lambda cols: st.lists(
        st.lists(st.sampled_from([0, 1, 2, 3, 4, 5, 6, 9]), min_size=cols, max_size=cols),
        min_size=1,
        max_size=2,
    )
)


@settings(max_examples=60)
@given(small_tables)
def test_protected_results_disclose_nothing(values: list[list[int]]) -> None:
    result = suppress_table(values)
    # primary suppression is exactly "1–4"
    for row, cells in zip(values, result.cells, strict=True):
        for value, cell in zip(row, cells, strict=True):
            assert (cell.status is Status.PRIMARY) == (1 <= value <= 4)
            if cell.shown:
                assert cell.value == value and cell.text == str(value)
    no_line_with_one_hidden(result)
    if result.protected:
        assert_nothing_derivable(result, values)
