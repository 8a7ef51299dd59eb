"""Swedish style at the source: month abbreviations in lower case ("23 nov"), weeks in prose
as "vecka 48, 2026" (the ISO "2026-W48" only in URLs and inputs), "Tillförlitlighet", "Rang"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.template import engines
from django.utils import translation

from trygg.core.weeks import IsoWeek


def _render(text: str, **context: Any) -> str:
    return engines["django"].from_string(text).render(context)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("sv", "23 nov 2026 · mån 23 nov · 23 M"), ("en", "23 Nov 2026 · Mon 23 nov · 23 M")],
)
def test_month_abbreviations_are_lower_case_in_swedish(language: str, expected: str) -> None:
    # Django's "M" is "Nov" in every language; Trygg's date filter (a template builtin, no
    # {% load %} needed) reads it as "b" in Swedish; an escaped \M stays a letter
    with translation.override(language):
        out = _render(
            '{{ d|date:"j M Y" }} · {{ d|date:"D j b" }} · {{ d|date:"j \\M" }}',
            d=dt.date(2026, 11, 23),
        )
    assert out == expected


def test_weeks_in_prose_read_vecka_48_2026() -> None:
    week = IsoWeek(2026, 48)
    with translation.override("sv"):
        assert week.label() == "vecka 48, 2026"
        out = _render(
            "{% load trygg %}{{ w|weeklabel }} | {{ d|weeklabel }} | {{ s|weeklabel }} | "
            "{{ w|weektext }} | {{ w }}",
            w=week,
            d=dt.date(2026, 11, 25),
            s="2026-W48",
        )
    assert out == "vecka 48, 2026 | vecka 48, 2026 | vecka 48, 2026 | 48, 2026 | 2026-W48"
    with translation.override("en"):
        assert week.label() == "week 48, 2026"


@pytest.mark.django_db
def test_report_page_shows_week_and_certainty_in_swedish(
    client: Any, world: Any, make_report: Any
) -> None:
    report = make_report()
    client.force_login(world.flen.coordinator)
    body = client.get(f"/m/0482/reports/{report.public_id}/").content.decode()
    week = IsoWeek.of(report.week_start)
    assert f"vecka {week.week}, {week.year}" in body
    assert str(week) not in body.replace(f"week={week}", "")  # ISO only in links
    assert "Tillförlitlighet" in body and "Säkerhet" not in body


@pytest.mark.django_db
def test_quarterly_table_says_rang(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    body = client.get("/m/0482/situation/quarterly/").content.decode()
    assert ">Rang<" in body
