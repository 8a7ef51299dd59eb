from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext, ngettext

from trygg.core.weeks import IsoWeek

register = template.Library()


@register.filter
def isoweek(value: Any) -> str:
    """'2024-W05' for a date (the Monday of a reporting week)."""
    if value is None or value == "":
        return ""
    return str(IsoWeek.of(value))


@register.filter
def weeknum(value: Any) -> str:
    if value is None or value == "":
        return ""
    return str(IsoWeek.of(value).week)


@register.simple_tag(takes_context=True)
def contributions(context: Any, slot: str, **kwargs: Any) -> str:
    """What higher apps contribute to this page's `slot` (trygg.core.contributions)."""
    from trygg.core import contributions as registry

    return registry.render(slot, context.get("request"), **kwargs)


@register.filter
def percent(value: Any) -> str:
    """A share (0–1) as a whole percentage in the active locale: 0.75 → "75 %"."""
    if value is None or value == "":
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    return f"{round(number * 100):d} %"


@register.filter
def weeks_text(value: Any) -> str:
    """ISO weeks (IsoWeek or "2026-W48") as text for people: "vecka 47, 48 och 50, 2026"."""
    weeks: list[IsoWeek] = []
    for item in value or []:
        try:
            weeks.append(item if isinstance(item, IsoWeek) else IsoWeek.parse(str(item)))
        except ValueError:
            continue
    if not weeks:
        return ""
    by_year: dict[int, list[int]] = {}
    for week in sorted(weeks):
        by_year.setdefault(week.year, []).append(week.week)
    parts = []
    for year, numbers in by_year.items():
        listed = [str(n) for n in numbers]
        joined = (
            listed[0]
            if len(listed) == 1
            else (", ".join(listed[:-1]) + " " + gettext("and") + " " + listed[-1])
        )
        parts.append(
            ngettext("week %(weeks)s, %(year)s", "weeks %(weeks)s, %(year)s", len(listed))
            % {"weeks": joined, "year": year}
        )
    return "; ".join(parts)
