"""Frozen weekly pictures: freeze, list, show, PDF — and share with the organisations.

A snapshot page renders the stored JSON (never recomputed), so later edits of reports do not
change what was frozen. There is no outgoing mail: sharing is a mailto: link per organisation.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from trygg.accounts.decorators import municipality_view
from trygg.accounts.permissions import can
from trygg.core.pdf import render_pdf
from trygg.core.views import parse_week
from trygg.core.weeks import IsoWeek
from trygg.situation import selectors_snapshots, services_snapshots
from trygg.situation.charts import sparkline
from trygg.situation.choices import StatusLevel
from trygg.situation.models import WeeklySnapshot
from trygg.situation.views_weekly import default_week

STATUS_LABELS = dict(StatusLevel.choices)

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
}


def _print_svg(svg: str) -> SafeString:
    for plain, painted in PRINT_SVG_PAINT.items():
        svg = svg.replace(plain, painted)
    return mark_safe(svg)  # our own chart markup, constant attributes added


def _weekly_url(code: str, week: IsoWeek) -> str:
    return f"{reverse('situation:weekly', args=[code])}?week={week}"


@require_POST
@municipality_view("situation.decide")
def freeze_week(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    week = parse_week(request.POST.get("week"), default_week())
    try:
        snapshot = services_snapshots.freeze_week(
            actor=request.user,
            municipality=municipality,
            week=week,
            note=request.POST.get("note", ""),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_weekly_url(municipality.code, week))
    messages.success(
        request,
        _("The weekly picture for week %(week)s was frozen as version %(version)s.")
        % {"week": week, "version": snapshot.version},
    )
    return redirect("situation:snapshot", municipality.code, snapshot.public_id)


@require_GET
@municipality_view("situation.view")
def snapshot_list(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    snapshots = [
        (snapshot, IsoWeek.of(snapshot.week_start))
        for snapshot in selectors_snapshots.snapshots_of(municipality)[:200]
    ]
    return render(
        request,
        "situation/snapshot_list.html",
        {
            "snapshots": snapshots,
            "may_decide": can(request.user, "situation.decide", municipality),
            "weekly_url": _weekly_url(municipality.code, default_week()),
        },
    )


def _trend_points(trend: list[dict[str, Any]]) -> list[SimpleNamespace]:
    return [
        SimpleNamespace(
            week=IsoWeek.parse(point["week"]),
            observed=point["observed"],
            expected=point["expected"],
            lower=point["lower"],
            upper=point["upper"],
        )
        for point in trend
    ]


def _snapshot_context(snapshot: WeeklySnapshot) -> dict[str, Any]:
    """The frozen data arranged for the templates (labels and charts added, nothing counted)."""
    data = snapshot.data
    week = IsoWeek.of(snapshot.week_start)
    areas: list[dict[str, Any]] = []
    for area in data.get("areas", []):
        status = area.get("status")
        trend = _trend_points(area.get("trend", []))
        areas.append(
            {
                **area,
                "status_label": STATUS_LABELS.get(status["level"], "") if status else "",
                "shown_rows": [r for r in area.get("rows", []) if r["observed"] or r["expected"]],
                "chart": sparkline(
                    trend,
                    ident=f"snap-spark-{area['id']}",
                    title=_("%(area)s: reports per week, last %(n)s weeks")
                    % {"area": area["name"], "n": len(trend)},
                ),
            }
        )
    return {
        "snapshot": snapshot,
        "week": week,
        "data": data,
        "areas": areas,
        "completeness": data.get("completeness", {}),
        "pinned": data.get("pinned", []),
    }


def _mailto(address: str, subject: str, body: str, *, bcc: str = "") -> str:
    query = f"subject={quote(subject)}&body={quote(body)}"
    if bcc:
        query = f"bcc={quote(bcc, safe='@,')}&{query}"
    return f"mailto:{quote(address, safe='@')}?{query}"


def _share(request: HttpRequest, snapshot: WeeklySnapshot, week: IsoWeek) -> dict[str, Any]:
    municipality = snapshot.municipality
    url = request.build_absolute_uri(
        reverse("situation:snapshot", args=[municipality.code, snapshot.public_id])
    )
    subject = _("Weekly picture week %(week)s, %(municipality)s (version %(version)s)") % {
        "week": week,
        "municipality": municipality.name,
        "version": snapshot.version,
    }
    body = _(
        "Hello,\n\nThe weekly picture for week %(week)s has been frozen. "
        "Read it or download it as PDF (log-in required):\n%(url)s\n"
    ) % {"week": week, "url": url}
    organisations = selectors_snapshots.participating_organisations(municipality)
    rows = [
        {
            "organisation": org,
            "mailto": _mailto(org.contact_email, subject, body) if org.contact_email else "",
        }
        for org in organisations
    ]
    addresses = ",".join(org.contact_email for org in organisations if org.contact_email)
    return {
        "rows": rows,
        "all_mailto": _mailto("", subject, body, bcc=addresses) if addresses else "",
        "url": url,
    }


@require_GET
@municipality_view("situation.view")
def snapshot_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    snapshot = selectors_snapshots.snapshot_get(municipality, public_id)
    context = _snapshot_context(snapshot)
    may_decide = can(request.user, "situation.decide", municipality)
    context["may_decide"] = may_decide
    context["share"] = _share(request, snapshot, context["week"]) if may_decide else None
    context["weekly_url"] = _weekly_url(municipality.code, context["week"])
    return render(request, "situation/snapshot.html", context)


@require_GET
@municipality_view("situation.view")
def snapshot_pdf(request: HttpRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    snapshot = selectors_snapshots.snapshot_get(municipality, public_id)
    context = _snapshot_context(snapshot)
    context["municipality"] = municipality
    for area in context["areas"]:
        area["chart"] = _print_svg(area["chart"])
    week = context["week"]
    filename = f"lagesbild-{municipality.code}-{week}-v{snapshot.version}.pdf"
    return render_pdf(request, "situation/pdf/snapshot.html", context, filename=filename)
