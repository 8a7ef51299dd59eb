"""The Swedish risk-day calendar for the EST meeting: days and periods that change the picture
(Valborg, skolavslutning, lov, Halloween, nyår …), computed per year.

Pure: dates only, no database. The meetings app adds each municipality's own risk days and its
settings (sportlov week, skolavslutning week) on top.

Choices (docs/meetings.md):

- **påsklov**: the week after Easter, Easter Monday (annandag påsk) to the Friday. Most
  municipalities place it there; one that does not adds its own risk day.
- **skolavslutning**: the Friday of ISO week 24 unless the municipality sets another week.
- **sportlov**: ISO week 8 unless the municipality sets another (Södermanland, so Flen, and
  Örebro län, so Degerfors, have week 8).
- **höstlov**: ISO week 44 (Monday to Friday).
- **midsommarafton**: the Friday between 19 and 25 June; **Alla helgons dag**: the Saturday
  between 31 October and 6 November, with Halloween (31 October) listed on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DEFAULT_SPORTLOV_WEEK = 8
DEFAULT_SCHOOL_END_WEEK = 24
HOSTLOV_WEEK = 44


@dataclass(frozen=True)
class RiskDay:
    """One risk day or period (``first`` to ``last`` inclusive)."""

    key: str
    name: str | Promise
    first: dt.date
    last: dt.date
    note: str = ""
    local: bool = False

    @property
    def single(self) -> bool:
        return self.first == self.last

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        return self.first <= end and self.last >= start


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian computus)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _weekday_between(year: int, month: int, first_day: int, weekday: int) -> dt.date:
    """The first date from (year, month, first_day) that falls on `weekday` (Monday = 0)."""
    day = dt.date(year, month, first_day)
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def iso_week_day(year: int, week: int, weekday: int) -> dt.date:
    """The date of ISO `weekday` (1 = Monday) in ISO `week` of `year`; a week past the year's
    last one is clamped to it."""
    last_week = dt.date(year, 12, 28).isocalendar().week
    return dt.date.fromisocalendar(year, min(max(week, 1), last_week), weekday)


def midsummer_eve(year: int) -> dt.date:
    return _weekday_between(year, 6, 19, 4)


def all_saints_day(year: int) -> dt.date:
    return _weekday_between(year, 10, 31, 5)


def swedish_risk_days(
    year: int,
    *,
    sportlov_week: int = DEFAULT_SPORTLOV_WEEK,
    school_end_week: int = DEFAULT_SCHOOL_END_WEEK,
) -> list[RiskDay]:
    """The default risk days of `year`, in date order."""
    easter = easter_sunday(year)
    day = dt.date
    days = [
        RiskDay("new_year", _("New Year's Day"), day(year, 1, 1), day(year, 1, 1)),
        RiskDay("epiphany", _("Epiphany (trettondagen)"), day(year, 1, 6), day(year, 1, 6)),
        RiskDay(
            "sportlov",
            _("Winter sports holiday (sportlov)"),
            iso_week_day(year, sportlov_week, 1),
            iso_week_day(year, sportlov_week, 5),
        ),
        RiskDay(
            "easter",
            _("Easter (Good Friday to Easter Monday)"),
            easter - dt.timedelta(days=2),
            easter + dt.timedelta(days=1),
        ),
        RiskDay(
            "paasklov",
            _("Easter school holiday (påsklov)"),
            easter + dt.timedelta(days=1),
            easter + dt.timedelta(days=5),
        ),
        RiskDay("valborg", _("Walpurgis Night (Valborg)"), day(year, 4, 30), day(year, 4, 30)),
        RiskDay("may_day", _("May Day"), day(year, 5, 1), day(year, 5, 1)),
        RiskDay("national_day", _("National Day"), day(year, 6, 6), day(year, 6, 6)),
        RiskDay(
            "school_end",
            _("End of the school year (skolavslutning)"),
            iso_week_day(year, school_end_week, 5),
            iso_week_day(year, school_end_week, 5),
        ),
        RiskDay("midsummer", _("Midsummer Eve"), midsummer_eve(year), midsummer_eve(year)),
        RiskDay(
            "hostlov",
            _("Autumn school holiday (höstlov)"),
            iso_week_day(year, HOSTLOV_WEEK, 1),
            iso_week_day(year, HOSTLOV_WEEK, 5),
        ),
        RiskDay("halloween", _("Halloween"), day(year, 10, 31), day(year, 10, 31)),
        RiskDay("all_saints", _("All Saints' Day"), all_saints_day(year), all_saints_day(year)),
        RiskDay("lucia", _("Lucia"), day(year, 12, 13), day(year, 12, 13)),
        RiskDay(
            "christmas",
            _("Christmas (Christmas Eve to Boxing Day)"),
            day(year, 12, 24),
            day(year, 12, 26),
        ),
        RiskDay("new_years_eve", _("New Year's Eve"), day(year, 12, 31), day(year, 12, 31)),
    ]
    return sorted(days, key=lambda d: (d.first, d.last))


def risk_days_between(
    start: dt.date,
    end: dt.date,
    *,
    sportlov_week: int = DEFAULT_SPORTLOV_WEEK,
    school_end_week: int = DEFAULT_SCHOOL_END_WEEK,
    local: list[RiskDay] | None = None,
) -> list[RiskDay]:
    """Every default and local risk day that touches `start`..`end`, in date order."""
    found: list[RiskDay] = []
    for year in range(start.year, end.year + 1):
        found.extend(
            d
            for d in swedish_risk_days(
                year, sportlov_week=sportlov_week, school_end_week=school_end_week
            )
            if d.overlaps(start, end)
        )
    found.extend(d for d in local or [] if d.overlaps(start, end))
    return sorted(found, key=lambda d: (d.first, d.last, str(d.name)))
