import datetime as dt

import pytest

from trygg.core.riskdays import (
    RiskDay,
    all_saints_day,
    easter_sunday,
    midsummer_eve,
    risk_days_between,
    swedish_risk_days,
)

D = dt.date


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (1818, D(1818, 3, 22)),  # earliest possible
        (1943, D(1943, 4, 25)),  # latest possible
        (2019, D(2019, 4, 21)),
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2027, D(2027, 3, 28)),
        (2038, D(2038, 4, 25)),
        (2285, D(2285, 3, 22)),
    ],
)
def test_easter(year: int, easter: dt.date) -> None:
    assert easter_sunday(year) == easter
    assert easter_sunday(year).weekday() == 6


def test_easter_always_sunday_in_window() -> None:
    for year in range(1900, 2200):
        easter = easter_sunday(year)
        assert easter.weekday() == 6
        assert D(year, 3, 22) <= easter <= D(year, 4, 25)


def test_midsummer_and_all_saints() -> None:
    assert midsummer_eve(2025) == D(2025, 6, 20)
    assert midsummer_eve(2026) == D(2026, 6, 19)
    assert midsummer_eve(2027) == D(2027, 6, 25)
    assert all_saints_day(2025) == D(2025, 11, 1)
    assert all_saints_day(2026) == D(2026, 10, 31)
    assert all_saints_day(2027) == D(2027, 11, 6)
    for year in range(2000, 2100):
        assert midsummer_eve(year).weekday() == 4
        assert D(year, 6, 19) <= midsummer_eve(year) <= D(year, 6, 25)
        assert all_saints_day(year).weekday() == 5


def test_defaults_of_2026() -> None:
    days = {d.key: d for d in swedish_risk_days(2026)}
    assert days["valborg"].first == D(2026, 4, 30)
    assert days["may_day"].first == D(2026, 5, 1)
    assert days["national_day"].first == D(2026, 6, 6)
    assert days["lucia"].first == D(2026, 12, 13)
    assert days["new_years_eve"].first == D(2026, 12, 31)
    assert days["epiphany"].first == D(2026, 1, 6)
    assert (days["easter"].first, days["easter"].last) == (D(2026, 4, 3), D(2026, 4, 6))
    assert (days["paasklov"].first, days["paasklov"].last) == (D(2026, 4, 6), D(2026, 4, 10))
    assert (days["sportlov"].first, days["sportlov"].last) == (D(2026, 2, 16), D(2026, 2, 20))
    assert days["school_end"].first == D(2026, 6, 12)  # Friday of week 24
    assert (days["hostlov"].first, days["hostlov"].last) == (D(2026, 10, 26), D(2026, 10, 30))
    assert (days["christmas"].first, days["christmas"].last) == (D(2026, 12, 24), D(2026, 12, 26))
    dates = [d.first for d in swedish_risk_days(2026)]
    assert dates == sorted(dates)


def test_configured_weeks() -> None:
    days = {d.key: d for d in swedish_risk_days(2026, sportlov_week=9, school_end_week=23)}
    assert days["sportlov"].first == D(2026, 2, 23)
    assert days["school_end"].first == D(2026, 6, 5)
    # a week past the year's last is clamped, never an error
    assert swedish_risk_days(2025, sportlov_week=53)[0].first.year == 2025


def test_between_crosses_the_year_and_adds_local_days() -> None:
    local = RiskDay("local", "Marknad", D(2027, 1, 2), D(2027, 1, 3), local=True)
    found = risk_days_between(D(2026, 12, 28), D(2027, 1, 10), local=[local])
    assert [d.key for d in found] == ["new_years_eve", "new_year", "local", "epiphany"]
    # a period that started before the window still touches it
    found = risk_days_between(D(2026, 2, 19), D(2026, 2, 19))
    assert [d.key for d in found] == ["sportlov"]
    assert risk_days_between(D(2026, 7, 1), D(2026, 7, 31)) == []
