"""The read-only joint view of a council or police area (docs/joint.md): /j/<id>/.

Only a user with ``joint.view`` in a current member municipality sees it; everyone else gets
404, so its existence is never revealed. The page runs in the viewer's own municipality (the
navigation is theirs); the other members appear only as aggregate figures and published
promises."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from trygg.joint import selectors
from trygg.places import joint
from trygg.places.models import JointBody, Municipality
from trygg.situation.selectors import annual as sa
from trygg.situation.selectors import quarterly as sq

YEARS_BACK = 6


def _resolve(request: HttpRequest, public_id: Any) -> tuple[JointBody, list[Municipality]]:
    """The body and its current members; 404 for anyone who may not see it. Sets the
    viewer's own municipality on the request for the navigation."""
    body, members = joint.joint_body_for(user=request.user, public_id=public_id)
    viewer = joint.viewer_municipalities(request.user, body)
    request.municipality = viewer[0]  # type: ignore[attr-defined]
    return body, members


def _login_first(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def _years() -> list[int]:
    current = timezone.localdate().year
    return list(range(current, current - YEARS_BACK - 1, -1))


def _base(body: JointBody, members: list[Municipality], section: str) -> dict[str, Any]:
    return {"body": body, "members": members, "section": section}


@require_GET
def overview(request: HttpRequest, public_id: Any) -> HttpResponse:
    if (login := _login_first(request)) is not None:
        return login
    body, members = _resolve(request, public_id)
    return render(request, "joint/overview.html", _base(body, members, "overview"))


def _quarter_of(request: HttpRequest) -> sq.Period:
    fallback = sq.default_period()
    year_raw, quarter_raw = request.GET.get("year"), request.GET.get("quarter")
    if not year_raw and not quarter_raw:
        return fallback
    try:
        return sq.Period("quarter", int(year_raw or ""), int(quarter_raw or ""))
    except (TypeError, ValueError):
        messages.warning(request, _("That period does not exist; the last complete one is shown."))
        return fallback


@require_GET
def quarterly(request: HttpRequest, public_id: Any) -> HttpResponse:
    if (login := _login_first(request)) is not None:
        return login
    body, members = _resolve(request, public_id)
    period = _quarter_of(request)
    years = _years()
    if period.year not in years:
        years.append(period.year)
    current = sq.period_containing(timezone.localdate(), "quarter")
    return render(
        request,
        "joint/quarterly.html",
        {
            **_base(body, members, "quarterly"),
            "period": period,
            "years": years,
            "quarters": [1, 2, 3, 4],
            "previous_period": period.previous(),
            "next_period": period.next() if period < current else None,
            "running": not period < current,
            "figures": selectors.quarter_figures(members, period),
        },
    )


@require_GET
def annual(request: HttpRequest, public_id: Any) -> HttpResponse:
    if (login := _login_first(request)) is not None:
        return login
    body, members = _resolve(request, public_id)
    year, valid = sa.parse_year(request.GET.get("year"))
    if not valid:
        messages.warning(request, _("That year cannot be shown; the last complete year is shown."))
    years = _years()
    if year not in years:
        years.append(year)
    return render(
        request,
        "joint/annual.html",
        {
            **_base(body, members, "annual"),
            "year": year,
            "years": years,
            "running": year >= timezone.localdate().year,
            "figures": selectors.year_figures(members, year),
        },
    )


@require_GET
def promises(request: HttpRequest, public_id: Any) -> HttpResponse:
    if (login := _login_first(request)) is not None:
        return login
    body, members = _resolve(request, public_id)
    return render(
        request,
        "joint/promises.html",
        {**_base(body, members, "promises"), "entries": selectors.member_promises(members)},
    )
