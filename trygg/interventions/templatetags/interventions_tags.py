"""Template filters of the interventions pages: hours ("1,25 h") and signed numbers with a real
minus sign (U+2212), both in the active language's number format."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()

MINUS = "\u2212"
NBSP = "\u00a0"


def _trimmed(value: Decimal) -> Decimal:
    """2.50 -> 2.5, 10.00 -> 10 (not 1E+1)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


@register.filter
def hours(value: Any) -> str:
    """Hours as "1,25 h" (Swedish) or "1.25 h" (English), no trailing zeros; "–" for none."""
    if value is None or value == "":
        return "–"
    try:
        number = _trimmed(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)
    # "h" is the unit in Swedish and English alike; a no-break space keeps it with its number
    return f"{number_format(number, use_l10n=True)}{NBSP}h"


@register.filter
def minus(value: Any) -> str:
    """The value as text with a leading hyphen-minus replaced by the minus sign (−3, −0,52):
    screen readers and typography treat U+2212 as a minus, a hyphen as a dash."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith("-"):
        return MINUS + text[1:]
    return text
