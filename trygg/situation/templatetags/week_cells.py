"""The cells of the weekly picture's tables, rendered in Python.

A week's page has one row per area × category with events: several hundred rows, each with
two readings and a verdict. As ``{% include %}``s they were the largest part of the page's
rendering time (docs/performance.md, issue 8); as tags they produce the same markup for the
live page, the frozen snapshot and its PDF. Everything reads ``picture_data()``'s shape (dicts,
or None where an old snapshot has no four-week reading); every value is escaped by
``format_html``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils.formats import get_format, localize
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()

_EMPTY = mark_safe('<td class="num">–</td><td class="num">–</td>')


_TENTH = Decimal("0.1")


def one_decimal(value: Any) -> str:
    """``value|floatformat:1`` for a number ("2,3" in Swedish, "2.3" in English), at a
    fraction of its cost: the same rounding (the decimal of ``repr``, half up), the active
    language's decimal separator. Anything but an int or float goes through floatformat."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or settings.USE_THOUSAND_SEPARATOR
    ):
        return str(floatformat(value, 1))
    rounded = Decimal(repr(float(value))).quantize(_TENTH, rounding=ROUND_HALF_UP)
    if not rounded.is_finite():
        return str(floatformat(value, 1))
    text = f"{abs(rounded):f}" if rounded == 0 else f"{rounded:f}"
    return text.replace(".", str(get_format("DECIMAL_SEPARATOR")))


def whole(value: Any) -> str:
    """``{{ value }}`` for a count: localize() of an int is its digits without grouping."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return str(localize(value))


def _get(reading: Any, key: str) -> Any:
    if isinstance(reading, Mapping):
        return reading.get(key)
    return getattr(reading, key, None)


@register.simple_tag
def reading_cells(reading: Any) -> SafeString:
    """Two cells: the count, and the expected value with its range ("2,3 (0–6)")."""
    if not reading:
        return _EMPTY
    expected = _get(reading, "expected")
    if expected is None:
        band: SafeString = mark_safe("–")
    else:
        band = format_html(
            '{} <span class="muted nowrap">({}–{})</span>',
            one_decimal(expected),
            whole(_get(reading, "lower")),
            whole(_get(reading, "upper")),
        )
    return format_html(
        '<td class="num">{}</td><td class="num">{}</td>', whole(_get(reading, "observed")), band
    )


@register.simple_tag
def unusual(reading: Any) -> SafeString:
    """The verdict of a cell in words: the week's reading and the four weeks' (``four_weeks``)."""
    week = bool(_get(reading, "flagged"))
    four = bool(_get(_get(reading, "four_weeks") or {}, "flagged"))
    if week and four:
        return _flag(_("↑ unusually high this week and over four weeks"))
    if week:
        return _flag(_("↑ unusually high this week"))
    if four:
        return _flag(_("↑ unusually high over four weeks"))
    if _get(reading, "above_band"):
        return _muted(_("above the range, not significant"))
    if _get(reading, "expected") is None:
        return _muted(_("no test (too short a history)"))
    return _muted(_("no"))


def _flag(text: str) -> SafeString:
    return format_html('<span class="badge badge--flag">{}</span>', text)


def _muted(text: str) -> SafeString:
    return format_html('<span class="muted">{}</span>', text)


@register.simple_tag
def category_row(row: Any) -> SafeString:
    """One category's row of an area's table: label, both readings, verdict, harm-weighted."""
    four = _get(row, "four_weeks")
    flagged = bool(_get(row, "flagged")) or bool(four and _get(four, "flagged"))
    return format_html(
        '<tr{}><th scope="row">{}</th>{}{}<td>{}</td><td class="num">{}</td></tr>',
        mark_safe(' class="week-table__flagged"') if flagged else "",
        _get(row, "label"),
        reading_cells(row),
        reading_cells(four),
        unusual(row),
        one_decimal(_get(row, "harm")),
    )
