"""What the interventions app shows on lower apps' pages (trygg.core.contributions)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from trygg.interventions.selectors import open_in_area


def _render(request: HttpRequest | None, area: Any, heading_level: int) -> str:
    if request is None or area is None:
        return ""
    interventions = open_in_area(request.user, area)
    html = render_to_string(
        "interventions/_area_open.html",
        {
            "area": area,
            "interventions": interventions,
            "today": timezone.localdate(),
            "heading_level": heading_level,
            "code": area.municipality.code,
        },
        request=request,
    )
    return mark_safe(html)  # rendered by the template engine, escaped there


def open_for_weekly_area(request: HttpRequest | None, **context: Any) -> SafeString | str:
    """After each area's table on the weekly picture: the area's open interventions."""
    return _render(request, context.get("area"), 3)


def open_for_area_page(request: HttpRequest | None, **context: Any) -> SafeString | str:
    """On the area's status-history page: the area's open interventions."""
    return _render(request, context.get("area"), 2)
