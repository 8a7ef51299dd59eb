"""Template helpers of the promises pages: public counts, and the words of a progress."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat

from trygg.analysis.suppression import suppress_count

register = template.Library()


@register.filter
def public_count(value: int) -> str:
    """A count of events, reports or crimes as a public page may print it: 1 … threshold − 1
    as "< threshold" (ANALYTICS.md, "Publishing numbers")."""
    return suppress_count(int(value), threshold=settings.TRYGG_PUBLIC_MIN_COUNT).text


@register.filter
def is_small(value: int | None) -> bool:
    """The count would be suppressed on a public page."""
    return value is not None and 0 < int(value) < settings.TRYGG_PUBLIC_MIN_COUNT


@register.filter
def decimal_text(value: Any) -> str:
    """2.00 → "2", 2.50 → "2,5" (in Swedish): numbers as people write them."""
    if value is None or value == "":
        return ""
    return str(floatformat(value, -2))
