"""Two periods: covered days, like-with-like windows, BH across a table's rows (ANALYTICS rev 2)."""

from __future__ import annotations

import datetime as dt

import pytest
from statsmodels.stats import rates as sm_rates
from statsmodels.stats.multitest import multipletests

from trygg.analysis.periods import (
    Window,
    compare_rows,
    cover,
    window_year_before,
    year_before,
)

D = dt.date


def test_windows_and_the_year_before() -> None:
    window = Window(D(2026, 1, 1), D(2026, 11, 30))
    assert (window.last, window.days) == (D(2026, 11, 29), 333)
    assert window_year_before(window) == Window(D(2025, 1, 1), D(2025, 11, 30))
    assert year_before(D(2028, 2, 29)) == D(2027, 2, 28)
    # a window ending on 29 February ends on 28 February a year earlier
    assert window_year_before(Window(D(2028, 1, 1), D(2028, 3, 1))) == Window(
        D(2027, 1, 1), D(2027, 3, 1)
    )
    with pytest.raises(ValueError):
        Window(D(2026, 1, 2), D(2026, 1, 2))


# The demo: history from Monday 4 December 2023; today Monday 7 December 2026, so the last
# complete ISO week is week 49 (30 Nov–6 Dec) and data end on 7 December 2026.
HISTORY = D(2023, 12, 4)
DATA_END = D(2026, 12, 7)


def year(y: int) -> tuple[D, D]:
    return D(y, 1, 1), D(y + 1, 1, 1)


def test_the_year_the_history_starts_in_has_only_its_covered_days() -> None:
    c = cover(*year(2023), HISTORY, DATA_END)
    assert c.covered == Window(HISTORY, D(2024, 1, 1)) and c.covered.days == 28
    assert not c.running and not c.comparable and c.reason == "starts_before_history"


def test_the_year_after_a_partly_covered_year_has_no_comparison() -> None:
    # 2024 against 2023 (28 days of data) gave "↑ 14.67"; it must not be compared at all
    c = cover(*year(2024), HISTORY, DATA_END)
    assert c.covered == Window(D(2024, 1, 1), D(2025, 1, 1))
    assert c.comparison is None and c.reason == "comparison_before_history"


def test_a_whole_year_inside_the_history_is_compared_with_the_year_before() -> None:
    c = cover(*year(2025), HISTORY, DATA_END)
    assert c.comparison == Window(D(2024, 1, 1), D(2025, 1, 1)) and c.reason is None
    assert not c.running


def test_the_running_year_is_cut_to_the_last_complete_week_on_both_sides() -> None:
    c = cover(*year(2026), HISTORY, DATA_END)
    assert c.running
    assert c.covered == Window(D(2026, 1, 1), D(2026, 12, 7))
    assert c.comparison == Window(D(2025, 1, 1), D(2025, 12, 7))
    assert c.covered.days == c.comparison.days == 340


@pytest.mark.parametrize(
    ("first", "after", "history", "reason"),
    [
        (D(2027, 1, 1), D(2028, 1, 1), HISTORY, "not_started"),
        (D(2026, 12, 7), D(2027, 1, 1), HISTORY, "not_started"),  # nothing complete yet
        (D(2022, 1, 1), D(2023, 1, 1), HISTORY, "before_history"),
        (D(2026, 1, 1), D(2027, 1, 1), None, "no_data"),
        (D(2026, 1, 1), D(2027, 1, 1), D(2026, 12, 7), "no_data"),  # only the running week
    ],
)
def test_periods_without_data(first: D, after: D, history: D | None, reason: str) -> None:
    c = cover(first, after, history, DATA_END)
    assert c.covered is None and c.comparison is None and c.reason == reason


def test_quarters() -> None:
    # Q4 2023: covered 4–31 Dec only; Q4 2024 against Q4 2023 not comparable
    q4_2023 = cover(D(2023, 10, 1), D(2024, 1, 1), HISTORY, DATA_END)
    assert q4_2023.covered is not None and q4_2023.covered.days == 28
    assert cover(D(2024, 10, 1), D(2025, 1, 1), HISTORY, DATA_END).comparison is None
    # Q1 2025 against Q1 2024: both inside the history
    assert cover(D(2025, 1, 1), D(2025, 4, 1), HISTORY, DATA_END).comparison == Window(
        D(2024, 1, 1), D(2024, 4, 1)
    )
    # the running Q4 2026: 1 Oct–6 Dec against 1 Oct–6 Dec 2025
    running = cover(D(2026, 10, 1), D(2027, 1, 1), HISTORY, DATA_END)
    assert running.running and running.comparison == Window(D(2025, 10, 1), D(2025, 12, 7))
    # a period that ends exactly with the last complete week is complete, not running
    assert not cover(D(2026, 10, 1), D(2026, 12, 7), HISTORY, DATA_END).running


def test_compare_rows_equals_statsmodels_and_multipletests() -> None:
    rows = [(30, 340.0, 12, 340.0), (5, 340.0, 9, 340.0), (14, 91.0, 3, 90.0), (0, 91.0, 4, 90.0)]
    result = compare_rows(rows)
    p = []
    for (c, e, r, f), row in zip(rows, result, strict=True):
        _stat, reference = sm_rates.test_poisson_2indep(c, e, r, f, method="exact-cond")
        assert row.p == pytest.approx(reference, rel=1e-9, abs=1e-12)
        p.append(reference)
    _reject, q, _s, _b = multipletests(p, method="fdr_bh")
    assert [row.q for row in result] == pytest.approx(list(q), rel=1e-9)
    assert result[0].rate_ratio == pytest.approx(2.5)


def test_bh_across_rows_takes_the_verdict_from_a_single_p_of_003() -> None:
    # one row with p ≈ 0.03 alone is an "increase"; among nine quiet rows it is not
    signal = (14, 365.0, 4, 365.0)
    alone = compare_rows([signal])[0]
    assert 0.02 < alone.p < 0.05
    assert alone.verdict == "increase"
    quiet = [(5, 365.0, 5, 365.0)] * 9
    among = compare_rows([signal, *quiet])[0]
    assert among.p == pytest.approx(alone.p)
    assert among.q is not None and among.q >= 0.05
    assert among.verdict == "none"


def test_verdicts_follow_the_direction_and_rows_without_events_leave_the_family() -> None:
    result = compare_rows([(40, 100.0, 10, 100.0), (10, 100.0, 40, 100.0), (0, 100.0, 0, 100.0)])
    assert [r.verdict for r in result] == ["increase", "decrease", "none"]
    assert result[2].q is None and result[2].p == 1.0
    # the empty row does not enlarge the family: q of the first two is the same without it
    two = compare_rows([(40, 100.0, 10, 100.0), (10, 100.0, 40, 100.0)])
    assert [r.q for r in result[:2]] == [r.q for r in two]
    # exposures matter: the same counts over 28 days against 365 days are a rise per day
    per_day = compare_rows([(10, 28.0, 10, 365.0)])[0]
    assert per_day.rate_ratio == pytest.approx(365 / 28)
