from __future__ import annotations

from typing import Any

from django import template

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
