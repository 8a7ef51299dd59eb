"""The demo world's planted signals (trygg.setup.demo.signals): declared as data, placed in the
right weeks, and present in the generated reports. What the weekly test makes of them is
measured by bench/demo_flags.py and recorded in docs/statistics.md."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.utils import timezone

from trygg.core.weeks import IsoWeek
from trygg.places.models import Municipality
from trygg.reports.models import Report
from trygg.setup.demo.data import CATEGORY_WEIGHTS
from trygg.setup.demo.history import holidays, last_complete_week
from trygg.setup.demo.municipalities import DEGERFORS, FLEN
from trygg.setup.demo.signals import FLEN_SIGNALS, resolve

NOW = (timezone.now() - dt.timedelta(minutes=2)).replace(second=0, microsecond=0)


def _holidays(first: int, last: int) -> dict[int, dict[str, dt.date]]:
    return {year: holidays(year) for year in range(first, last + 1)}


def test_flen_declares_the_four_signals_and_degerfors_none() -> None:
    assert FLEN.signals == FLEN_SIGNALS
    assert {s.kind for s in FLEN_SIGNALS} == {"rise", "spike", "new-category", "decrease"}
    areas = {a.name for a in FLEN.areas}
    for spec in FLEN_SIGNALS:
        assert spec.area in areas
        assert spec.category is None or spec.category in CATEGORY_WEIGHTS
        assert spec.description_sv and spec.description_en
    assert DEGERFORS.signals == ()


def test_signals_resolve_to_concrete_weeks() -> None:
    end = IsoWeek(2026, 49)
    signals = {s.key: s for s in resolve(FLEN_SIGNALS, end, 156, _holidays(2023, 2026))}
    rise = signals["rise-salsta-buskorning"]
    # the last six complete weeks, continuing into the current week
    assert rise.first_week == IsoWeek(2026, 44)
    assert rise.active(end) and rise.active(end.next()) and not rise.active(IsoWeek(2026, 43))
    spike = signals["spike-valborg-centrum"]
    assert spike.day == dt.date(2026, 4, 30)
    assert spike.weeks() == [IsoWeek(2026, 18)]
    new = signals["new-ran-resecentrum"]
    assert new.first_week == IsoWeek(2026, 34) and new.category == "ran"
    decrease = signals["decrease-sveaparken"]
    assert decrease.first_week == IsoWeek(2026, 30) and decrease.factor == 0.6
    assert decrease.category is None  # every category of the area
    # Before this year's Valborg the spike is last year's.
    early = {s.key: s for s in resolve(FLEN_SIGNALS, IsoWeek(2026, 17), 156, _holidays(2023, 2026))}
    assert early["spike-valborg-centrum"].day == dt.date(2025, 4, 30)
    # A short history keeps only the signals that start inside it.
    short = resolve(FLEN_SIGNALS, end, 8, _holidays(2026, 2026))
    assert [s.key for s in short] == ["rise-salsta-buskorning"]


def _counted(municipality: Municipality, **filters: Any) -> int:
    return Report.objects.counted().filter(municipality=municipality, **filters).count()


def test_generated_reports_carry_the_signals(db: Any) -> None:
    call_command(
        "seed_demo", "--force", "--weeks", "60", "--now", NOW.isoformat(), stdout=StringIO()
    )
    flen = Municipality.objects.get(code="0482")
    end = last_complete_week(timezone.localdate(NOW))
    years = _holidays(end.year - 2, end.year)
    signals = {s.key: s for s in resolve(FLEN_SIGNALS, end, 60, years)}
    assert set(signals) == {s.key for s in FLEN_SIGNALS}

    # the rise: about three more reckless-driving events a week in Salsta
    rise = signals["rise-salsta-buskorning"]
    during = _counted(
        flen,
        area__name="Salsta",
        category__code="buskorning",
        week_start__gte=rise.start,
        week_start__lte=end.monday,
    )
    assert during >= 10  # six weeks × 3 extra, fewer when a reporter missed a week

    # the spike: Valborg evening in Flen centrum
    spike = signals["spike-valborg-centrum"]
    assert spike.day is not None
    valborg = _counted(
        flen,
        area__name="Flen centrum",
        category__code="skadegorelse",
        week_start=IsoWeek.of(spike.day).monday,
    )
    assert valborg >= 6

    # the new category: no robbery anywhere in Flen before, then a few a week at the station
    new = signals["new-ran-resecentrum"]
    assert _counted(flen, category__code="ran", week_start__lt=new.start) == 0
    after = _counted(flen, category__code="ran", week_start__gte=new.start)
    at_station = _counted(
        flen,
        category__code="ran",
        area__name="Stationsområdet/Resecentrum",
        week_start__gte=new.start,
    )
    assert at_station == after
    weeks_after = len(new.weeks()) - 1  # the last one is the current, partial week
    assert 1.5 * weeks_after <= after <= 4.0 * weeks_after + 4

    # the decrease: Sveaparken's share of Flen's events falls to about 60 % of what it was
    decrease = signals["decrease-sveaparken"]
    span = (decrease.start, end.monday)
    before_start = decrease.start - dt.timedelta(weeks=20)
    before = (before_start, decrease.start - dt.timedelta(days=1))

    def share(period: tuple[dt.date, dt.date]) -> float:
        total = _counted(flen, week_start__range=period)
        return _counted(flen, area__name="Sveaparken", week_start__range=period) / total

    ratio = share(span) / share(before)
    assert 0.35 <= ratio <= 0.85, ratio
