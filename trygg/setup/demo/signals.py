"""Planted signals of the demo world: changes the weekly picture should (or honestly cannot)
find. docs/statistics.md ("Demovärlden / The demo world") lists them and what the picture
shows; bench/demo_flags.py measures it; trygg/setup/tests/test_demo_signals.py checks that the
generated reports carry them.

A signal is declared relative to the end of the generated history (the last complete ISO
week), because the demo always ends "last week"; `resolve` turns the declarations into
concrete weeks for one history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from trygg.core.weeks import IsoWeek

SignalKind = Literal["rise", "spike", "new-category", "decrease"]


@dataclass(frozen=True)
class SignalSpec:
    """A planted change, relative to the end of the history."""

    key: str
    kind: SignalKind
    area: str
    #: None: every category of the area (a change of the area total)
    category: str | None
    #: multiplier on the cell's ordinary events (0.6: a fall to 60 %)
    factor: float = 1.0
    #: extra events a week on top (the rise, the spike, the new category)
    extra_per_week: float = 0.0
    #: first week: this many weeks before the last complete week (0 = the last complete week)
    weeks_before_end: int = 0
    #: number of complete weeks; None = until the end of the history (and the current week)
    weeks: int | None = None
    #: instead of a start: the week of this holiday, the last one in the history (one week)
    holiday: str | None = None
    description_sv: str = ""
    description_en: str = ""


@dataclass(frozen=True)
class PlantedSignal:
    """A planted change with concrete weeks (`start` Monday to `end` Sunday, inclusive)."""

    key: str
    kind: SignalKind
    area: str
    category: str | None
    start: dt.date
    end: dt.date
    factor: float
    extra_per_week: float
    #: the day extra events happen on (the holiday), or None for any day of the week
    day: dt.date | None
    description_sv: str
    description_en: str

    @property
    def first_week(self) -> IsoWeek:
        return IsoWeek.of(self.start)

    @property
    def last_week(self) -> IsoWeek:
        return IsoWeek.of(self.end)

    def active(self, week: IsoWeek) -> bool:
        return self.start <= week.monday <= self.end

    def weeks(self) -> list[IsoWeek]:
        result = []
        week = self.first_week
        while week.monday <= self.end:
            result.append(week)
            week = week.next()
        return result


def resolve(
    specs: tuple[SignalSpec, ...] | list[SignalSpec],
    end_week: IsoWeek,
    history_weeks: int,
    holidays: dict[int, dict[str, dt.date]],
) -> list[PlantedSignal]:
    """Concrete signals for a history of `history_weeks` complete weeks ending with
    `end_week` (the current, partial week counts as part of an open-ended signal).
    `holidays`: year → holiday name → date (history.holidays). Signals that would start
    before the history are left out."""
    first = end_week.shift(-(history_weeks - 1))
    current = end_week.next()
    result = []
    for spec in specs:
        day: dt.date | None = None
        if spec.holiday is not None:
            candidates = [
                dates[spec.holiday]
                for dates in holidays.values()
                if spec.holiday in dates and first.monday <= dates[spec.holiday] <= end_week.sunday
            ]
            if not candidates:
                continue
            day = max(candidates)
            start_week = end_of = IsoWeek.of(day)
        else:
            start_week = end_week.shift(-spec.weeks_before_end)
            if start_week.monday < first.monday:
                continue
            end_of = current if spec.weeks is None else start_week.shift(spec.weeks - 1)
        result.append(
            PlantedSignal(
                key=spec.key,
                kind=spec.kind,
                area=spec.area,
                category=spec.category,
                start=start_week.monday,
                end=end_of.sunday,
                factor=spec.factor,
                extra_per_week=spec.extra_per_week,
                day=day,
                description_sv=spec.description_sv,
                description_en=spec.description_en,
            )
        )
    return result


#: Flen's planted signals (Degerfors has none: its picture should stay quiet).
FLEN_SIGNALS: tuple[SignalSpec, ...] = (
    SignalSpec(
        key="rise-salsta-buskorning",
        kind="rise",
        area="Salsta",
        category="buskorning",
        extra_per_week=3.0,
        weeks_before_end=5,
        description_sv=(
            "Buskörning i Salsta ökar de sex senaste veckorna: ungefär tre händelser till per "
            "vecka (vanligtvis färre än en i veckan på vintern)."
        ),
        description_en=(
            "Reckless driving in Salsta rises over the last six weeks: about three more events "
            "a week (usually fewer than one a week in winter)."
        ),
    ),
    SignalSpec(
        key="spike-valborg-centrum",
        kind="spike",
        area="Flen centrum",
        category="skadegorelse",
        extra_per_week=10.0,
        holiday="valborg",
        description_sv=(
            "Valborgsmässoafton (den senaste i historiken): ungefär tio skadegörelser till i "
            "Flen centrum samma kväll, utöver den vanliga valborgstoppen i hela kommunen."
        ),
        description_en=(
            "Walpurgis Night (the last in the history): about ten more acts of vandalism in "
            "Flen centrum that evening, on top of the usual Valborg peak everywhere."
        ),
    ),
    SignalSpec(
        key="new-ran-resecentrum",
        kind="new-category",
        area="Stationsområdet/Resecentrum",
        category="ran",
        extra_per_week=2.5,
        weeks_before_end=15,
        description_sv=(
            "Rån är en ny företeelse: inga rån alls i kommunen före startveckan, sedan ungefär "
            "två till tre i veckan vid Stationsområdet/Resecentrum (ungdomsrån)."
        ),
        description_en=(
            "Robbery is new: no robberies in the kommun before the start week, then about two "
            "to three a week at Stationsområdet/Resecentrum (robberies of young people)."
        ),
    ),
    SignalSpec(
        key="decrease-sveaparken",
        kind="decrease",
        area="Sveaparken",
        category=None,
        factor=0.6,
        weeks_before_end=19,
        description_sv=(
            "Sveaparken: från startveckan (20 veckor före historikens slut) faller alla "
            "händelser till ungefär 60 % av det vanliga – effekten av en åtgärd, för "
            "utvärdering i kommande versioner."
        ),
        description_en=(
            "Sveaparken: from the start week (20 weeks before the end of the history) all "
            "events fall to about 60 % of the usual – the effect of an intervention, to be "
            "evaluated by later issues."
        ),
    ),
)
