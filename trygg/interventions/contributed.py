"""What the interventions app shows on lower apps' pages (trygg.core.contributions)."""

from __future__ import annotations

import datetime as dt
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


def evaluated_in_year(request: HttpRequest | None, **context: Any) -> SafeString | str:
    """On the annual view: the interventions whose evaluation's after window ended in the
    year, each with its counts and verdict, and the verdicts counted per type and technique
    (counted, not pooled: the effects of different places are not added up)."""
    from collections import Counter

    from trygg.interventions.evaluation import evaluation_of
    from trygg.interventions.models import EvaluationDesign
    from trygg.interventions.selectors import interventions_visible_to

    municipality, year = context.get("municipality"), context.get("year")
    if request is None or municipality is None or not isinstance(year, int):
        return ""
    today = timezone.localdate()
    visible = interventions_visible_to(request.user, municipality)
    designs = [
        d
        for d in EvaluationDesign.objects.filter(intervention__in=visible).select_related(
            "intervention",
            "target_area",
            "comparison_area",
            "buffer_area",
            "comparison_buffer_area",
        )
        if d.after_end <= today and (d.after_end - dt.timedelta(days=1)).year == year
    ]
    rows = []
    by_type: Counter[tuple[str, str]] = Counter()
    by_technique: Counter[tuple[str, str]] = Counter()
    for design in sorted(designs, key=lambda d: d.intervention.title):
        evaluation = evaluation_of(design, today)
        if evaluation.result is None:
            continue
        intervention = design.intervention
        verdict = evaluation.result.verdict
        rows.append({"design": design, "evaluation": evaluation})
        by_type[(intervention.get_type_display(), verdict)] += 1
        if intervention.technique:
            by_technique[(intervention.get_technique_display(), verdict)] += 1
    html = render_to_string(
        "interventions/_annual_evaluated.html",
        {
            "year": year,
            "rows": rows,
            "by_type": _table(by_type),
            "by_technique": _table(by_technique),
            "code": municipality.code,
        },
        request=request,
    )
    return mark_safe(html)  # rendered by the template engine, escaped there


def _table(counts: Any) -> list[dict[str, Any]]:
    """Per label: how many evaluated, how many showed a reduction, how many "too few"."""
    labels = sorted({label for label, _verdict in counts})
    return [
        {
            "label": label,
            "total": sum(n for (lab, _v), n in counts.items() if lab == label),
            "reduction": counts[(label, "reduction relative to the comparison area")],
            "too_few": counts[(label, "too few events to detect an effect")],
        }
        for label in labels
    ]


def _sessions(request: HttpRequest, municipality: Any, start: dt.date, end: dt.date) -> str:
    from trygg.interventions.selectors_programmes import programmes_in_period

    rows = programmes_in_period(request.user, municipality, start, end)
    if not rows:
        return ""
    html = render_to_string(
        "interventions/_programmes_period.html",
        {
            "rows": rows,
            "start": start,
            "end": end,
            "complete": all(row.tally.complete for row in rows),
            "counted_until": min(row.tally.counted_until for row in rows),
            "code": municipality.code,
        },
        request=request,
    )
    return mark_safe(html)  # rendered by the template engine, escaped there


def sessions_in_period(request: HttpRequest | None, **context: Any) -> SafeString | str:
    """On the quarterly view: each programme's sessions held against planned in the period."""
    period, municipality = context.get("period"), context.get("municipality")
    if request is None or municipality is None or period is None:
        return ""
    return _sessions(request, municipality, period.start, period.end)


def sessions_in_year(request: HttpRequest | None, **context: Any) -> SafeString | str:
    """On the annual view: each programme's sessions held against planned in the year."""
    municipality, year = context.get("municipality"), context.get("year")
    if request is None or municipality is None or not isinstance(year, int):
        return ""
    return _sessions(request, municipality, dt.date(year, 1, 1), dt.date(year, 12, 31))
