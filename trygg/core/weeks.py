"""ISO weeks in Europe/Stockholm: the unit of time of the EST cycle."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
_WEEK_RE = re.compile(r"^([0-9]{4})-?W([0-9]{1,2})$", re.IGNORECASE)
MIN_YEAR = 2000
"""The first year a week may be given for (no event before 2000 is accepted)."""
MAX_YEAR = 2100
"""The last: a week's neighbours and its baseline years must exist in the calendar
(``9999-W52`` has no next week, ``0001-W01`` no previous one)."""


class WeekOutOfRange(ValueError):
    """A well-formed ISO week outside MIN_YEAR..MAX_YEAR."""


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    def __post_init__(self) -> None:
        # raises ValueError for a week that does not exist (e.g. 2021-W53)
        dt.date.fromisocalendar(self.year, self.week, 1)

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        match = _WEEK_RE.match(text.strip())
        if not match:
            raise ValueError(f"Not an ISO week: {text!r}")
        year = int(match.group(1))
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise WeekOutOfRange(f"Week outside {MIN_YEAR}-{MAX_YEAR}: {text!r}")
        return cls(year, int(match.group(2)))

    @classmethod
    def of(cls, day: dt.date | dt.datetime) -> IsoWeek:
        if isinstance(day, dt.datetime):
            day = local_date(day)
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @classmethod
    def current(cls) -> IsoWeek:
        return cls.of(dt.datetime.now(tz=STOCKHOLM).date())

    @property
    def monday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.monday, dt.time.min, tzinfo=STOCKHOLM)

    def end(self) -> dt.datetime:
        """Exclusive end: Monday 00:00 of the next week."""
        next_monday = self.monday + dt.timedelta(days=7)
        return dt.datetime.combine(next_monday, dt.time.min, tzinfo=STOCKHOLM)

    def shift(self, weeks: int) -> IsoWeek:
        return IsoWeek.of(self.monday + dt.timedelta(weeks=weeks))

    def previous(self) -> IsoWeek:
        return self.shift(-1)

    def next(self) -> IsoWeek:
        return self.shift(1)

    def __str__(self) -> str:
        """The ISO form "2026-W48": for URLs, inputs and file names, not for prose."""
        return f"{self.year}-W{self.week:02d}"

    @property
    def number_and_year(self) -> str:
        """ "48, 2026": what follows the word "week" in a sentence ("vecka 48, 2026")."""
        return f"{self.week}, {self.year}"

    def label(self) -> str:
        """ "vecka 48, 2026" in the active language: the week in prose and headings."""
        from django.utils.translation import gettext

        return gettext("week %(week)s, %(year)s") % {"week": self.week, "year": self.year}


def local_date(value: dt.datetime) -> dt.date:
    if value.tzinfo is None:
        return value.date()
    return value.astimezone(STOCKHOLM).date()


def weeks_between(first: IsoWeek, last: IsoWeek) -> list[IsoWeek]:
    """Inclusive list of weeks from first to last."""
    out: list[IsoWeek] = []
    current = first
    while current <= last:
        out.append(current)
        current = current.next()
    return out
