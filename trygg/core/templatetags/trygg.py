from __future__ import annotations

import re
from typing import Any

from django import template
from django.template import defaultfilters
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from trygg.core.weeks import IsoWeek

register = template.Library()


@register.filter
def isoweek(value: Any) -> str:
    """'2024-W05' for a date (the Monday of a reporting week)."""
    if value is None or value == "":
        return ""
    return str(IsoWeek.of(value))


def _as_week(value: Any) -> IsoWeek | None:
    if value is None or value == "":
        return None
    if isinstance(value, IsoWeek):
        return value
    if isinstance(value, str):
        try:
            return IsoWeek.parse(value)
        except ValueError:
            return None
    return IsoWeek.of(value)


@register.filter
def weeklabel(value: Any) -> str:
    """ "vecka 48, 2026" (an IsoWeek, "2026-W48" or a date in the week): weeks in prose and
    headings. URLs and inputs keep the ISO form (`{{ week }}`, `|isoweek`)."""
    week = _as_week(value)
    return week.label() if week is not None else ""


@register.filter
def weektext(value: Any) -> str:
    """ "48, 2026": after the word "week" inside a translated sentence ("week {{ w }}")."""
    week = _as_week(value)
    return week.number_and_year if week is not None else ""


_MONTH_ABBREVIATION = re.compile(r"(?<!\\)[MN]")


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    """Django's `date`, in Swedish style: month abbreviations in lower case ("23 nov", not
    "23 Nov"): in Swedish "M" and "N" are read as "b". Registered as a template builtin
    (config/settings.py), so it replaces Django's filter in every template, PDF and e-mail."""
    if arg and (get_language() or "").startswith("sv"):
        arg = _MONTH_ABBREVIATION.sub("b", arg)
    return defaultfilters.date(value, arg)


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


@register.simple_tag(takes_context=True)
def here(context: Any, *names: str) -> SafeString | str:
    """` aria-current="page"` on the navigation link of the section the page belongs to.

    `names` are URL names ("reports:mine"); a name ending in ":" stands for its whole
    namespace ("settings:")."""
    match = getattr(context.get("request"), "resolver_match", None)
    current = getattr(match, "view_name", "") or ""
    for name in names:
        if current == name or (name.endswith(":") and current.startswith(name)):
            return mark_safe(' aria-current="page"')
    return ""


@register.filter
def described(bound_field: Any) -> SafeString:
    """The field's input pointing at its hint and its errors (aria-describedby), marked
    aria-invalid when it has errors; ids as in templates/settings/_field.html."""
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}_errors")
    attrs: dict[str, str] = {}
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    html: str = bound_field.as_widget(attrs=attrs)
    return mark_safe(html)  # Django's own widget HTML
