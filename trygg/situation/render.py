"""How the weekly picture is presented: the areas' template context (the live page and the
frozen snapshot alike), and for a snapshot the PDF and the e-mail subject. Shared by the pages
(views/weekly.py, views/snapshots.py) and the e-mail to the organisations
(services/snapshots.send_snapshot), so the attachment is the same PDF as the download.

Everything here reads ``picture_data()``'s shape only (for a snapshot: the stored JSON, never
recomputed) and adds labels and charts in the active language.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from trygg.core.pdf import pdf_bytes, pdf_filename
from trygg.core.weeks import IsoWeek
from trygg.situation.charts import sparkline
from trygg.situation.choices import StatusLevel
from trygg.situation.models import WeeklySnapshot

PDF_TEMPLATE = "situation/pdf/snapshot.html"

#: WeasyPrint does not apply the page's stylesheet inside inline SVG: the PDF's sparklines get
#: the colours of print.css's .spark__* rules as presentation attributes instead.
PRINT_SVG_PAINT = {
    'class="spark__band"': 'class="spark__band" fill="#c9dcec" stroke="none"',
    'class="spark__expected"': (
        'class="spark__expected" fill="none" stroke="#4a5561" stroke-width="1" '
        'stroke-dasharray="3 2"'
    ),
    'class="spark__observed"': 'class="spark__observed" fill="none" stroke="#0b4f7c" '
    'stroke-width="2"',
    'class="spark__last"': 'class="spark__last" fill="#0b4f7c"',
    'class="spark__low"': 'class="spark__low" fill="#ececec" stroke="#9aa3ad" stroke-width="0.5" '
    'stroke-dasharray="2 2"',
}


def status_label(level: str | None) -> str:
    """The status level in words in the active language ('' for no status)."""
    return str(dict(StatusLevel.choices).get(level, "")) if level else ""


def print_svg(svg: str) -> SafeString:
    for plain, painted in PRINT_SVG_PAINT.items():
        svg = svg.replace(plain, painted)
    return mark_safe(svg)  # our own chart markup, constant attributes added


def _trend_points(trend: list[dict[str, Any]]) -> list[SimpleNamespace]:
    return [
        SimpleNamespace(
            week=IsoWeek.parse(point["week"]),
            observed=point["observed"],
            expected=point["expected"],
            lower=point["lower"],
            upper=point["upper"],
            covered=point.get("covered", True),
        )
        for point in trend
    ]


def _worth_a_row(row: dict[str, Any]) -> bool:
    """A category gets a row when it had reports this week or over the last four weeks, is
    flagged, or at least half a report was expected this week (the Jeffreys prior makes every
    expected value a little above 0, so "expected any" would list every category)."""
    four = row.get("four_weeks") or {}
    return bool(
        row["observed"]
        or (row["expected"] or 0) >= 0.5
        or row.get("flagged")
        or four.get("observed")
        or four.get("flagged")
    )


def _has_events_or_flag(row: dict[str, Any]) -> bool:
    four = row.get("four_weeks") or {}
    return bool(
        row["observed"] or row.get("flagged") or four.get("observed") or four.get("flagged")
    )


def areas_context(data: dict[str, Any], *, chart_prefix: str) -> list[dict[str, Any]]:
    """The areas of ``picture_data()`` arranged for ``situation/_overview.html`` and
    ``situation/_area_table.html``: labels and charts added, nothing counted."""
    areas: list[dict[str, Any]] = []
    for area in data.get("areas", []):
        status = area.get("status")
        trend = _trend_points(area.get("trend", []))
        areas.append(
            {
                **area,
                "status_label": status_label(status["level"]) if status else "",
                "shown_rows": [r for r in area.get("rows", []) if _worth_a_row(r)],
                "chart": sparkline(
                    trend,
                    ident=f"{chart_prefix}-{area['id']}",
                    title=_("%(area)s: reports per week, last %(n)s weeks")
                    % {"area": area["name"], "n": len(trend)},
                ),
            }
        )
    return areas


def snapshot_context(snapshot: WeeklySnapshot) -> dict[str, Any]:
    """The frozen data arranged for the templates (labels and charts added, nothing counted)."""
    data = snapshot.data
    week = IsoWeek.of(snapshot.week_start)
    return {
        "snapshot": snapshot,
        "week": week,
        "data": data,
        "areas": areas_context(data, chart_prefix="snap-spark"),
        "completeness": data.get("completeness", {}),
        "pinned": data.get("pinned", []),
    }


def snapshot_subject(snapshot: WeeklySnapshot) -> str:
    """'Veckolägesbild vecka 47 2026, Flens kommun (version 2)' in the active language."""
    week = IsoWeek.of(snapshot.week_start)
    return _(
        "Weekly situation picture week %(week)s %(year)s, %(municipality)s (version %(version)s)"
    ) % {
        "week": week.week,
        "year": week.year,
        "municipality": snapshot.municipality.name,
        "version": snapshot.version,
    }


def snapshot_pdf_filename(snapshot: WeeklySnapshot) -> str:
    week = IsoWeek.of(snapshot.week_start)
    return pdf_filename(f"lagesbild-{snapshot.municipality.code}-{week}-v{snapshot.version}.pdf")


def snapshot_pdf(
    snapshot: WeeklySnapshot, *, base_url: str, request: HttpRequest | None = None
) -> bytes:
    """The frozen picture as PDF bytes: the download and the e-mail attachment."""
    context = snapshot_context(snapshot)
    context["municipality"] = snapshot.municipality
    context["pdf"] = True
    for area in context["areas"]:
        area["chart"] = print_svg(area["chart"])
        # on paper only the categories with reports or a flag (this week or the last four);
        # the rest in one line
        rows = area.get("rows", [])
        area["shown_rows"] = [row for row in rows if _has_events_or_flag(row)]
        area["omitted_categories"] = len(rows) - len(area["shown_rows"])
    return pdf_bytes(PDF_TEMPLATE, context, base_url=base_url, request=request)
