"""Browsing reports: the filtered list, the map (+ its GeoJSON), one report and its photo."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from trygg.accounts.decorators import municipality_view
from trygg.accounts.permissions import can
from trygg.places.selectors import areas_feature_collection, outline_bounds
from trygg.places.tenancy import MunicipalityRequest
from trygg.reports.forms.review import ReportFilterForm
from trygg.reports.models import Report
from trygg.reports.selectors import (
    report_get_for,
    report_map_features,
    reports_filtered,
    reports_visible_to,
)

PAGE_SIZE = 50
MAP_LIMIT = 5000
DEFAULT_WEEKS = 12  # list and map show the last 12 weeks unless a range is chosen
LIST_RELATED = ("category", "organisation", "area", "place")


def _filtered(request: MunicipalityRequest) -> tuple[ReportFilterForm, QuerySet[Report]]:
    municipality = request.municipality
    form = ReportFilterForm(
        request.GET or None, municipality=municipality, default_weeks=DEFAULT_WEEKS
    )
    qs = reports_filtered(reports_visible_to(request.user, municipality), form.filters())
    return form, qs


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
@municipality_view("report.view_shared")
def report_list(request: MunicipalityRequest) -> HttpResponse:
    form, qs = _filtered(request)
    qs = qs.select_related(*LIST_RELATED).order_by("-occurred_start", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/list.html",
        {
            "form": form,
            "page": page,
            "reports": page.object_list,
            "query": _query_without_page(request),
        },
    )


def _area_counts(qs: QuerySet[Report]) -> list[dict[str, Any]]:
    rows = list(
        qs.order_by().values("area__name").annotate(n=Count("id")).order_by("-n", "area__name")
    )
    return [{"name": row["area__name"], "n": row["n"]} for row in rows]


@require_GET
@municipality_view("report.view_shared")
def report_map(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    form, qs = _filtered(request)
    area_counts = _area_counts(qs)
    total = sum(row["n"] for row in area_counts)
    query = _query_without_page(request)
    data_url = reverse("reports:map_data", args=[municipality.code])
    return render(
        request,
        "reports/map.html",
        {
            "form": form,
            "area_counts": area_counts,
            "total": total,
            "limit": MAP_LIMIT,
            "truncated": total > MAP_LIMIT,
            "data_url": f"{data_url}?{query}" if query else data_url,
            "areas_geojson": areas_feature_collection(municipality),
            "bounds": outline_bounds(municipality),
            "query": query,
        },
    )


@require_GET
@gzip_page
@municipality_view("report.view_shared")
def report_map_data(request: MunicipalityRequest) -> JsonResponse:
    """GeoJSON of the visible, filtered reports: no free text, no reporter."""
    municipality = request.municipality
    _form, qs = _filtered(request)
    features, truncated, without_point = report_map_features(qs, municipality, limit=MAP_LIMIT)
    response = JsonResponse(
        {
            "type": "FeatureCollection",
            "features": features,
            "truncated": truncated,
            "limit": MAP_LIMIT,
            "without_point": without_point,
        }
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@municipality_view("report.view_own")
def report_detail(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    report = report_get_for(user=request.user, municipality=municipality, public_id=public_id)
    return render_detail(request, report)


def render_detail(
    request: MunicipalityRequest, report: Report, *, comment_form: Any = None
) -> HttpResponse:
    """The report's page; with `comment_form` (bound, with errors) after a failed comment."""
    from trygg.reports.forms.comments import CommentForm

    municipality = request.municipality
    may_comment = can(request.user, "report.comment", municipality)
    comments = list(report.comments.select_related("author", "organisation"))
    for comment in comments:
        comment.may_delete = comment.author_id == request.user.pk or can(  # type: ignore[attr-defined]
            request.user, "report.review", municipality
        )
    return render(
        request,
        "reports/detail.html",
        {
            "comments": comments,
            "may_comment": may_comment,
            "comment_form": comment_form or (CommentForm() if may_comment else None),
            "report": report,
            "show_reporter": can(request.user, "report.review", municipality),
            "may_edit": can(request.user, "report.change_own", report),
            "may_review": can(request.user, "report.review", municipality),
            "duplicates": list(report.duplicates.select_related("category", "organisation"))
            if can(request.user, "report.view_restricted", municipality)
            else [],
        },
    )


@require_GET
@municipality_view("report.view_own")
def report_photo(request: MunicipalityRequest, public_id: Any) -> Any:
    """The photo of a report the user may see; 404 otherwise. Never cached publicly."""
    municipality = request.municipality
    report = report_get_for(user=request.user, municipality=municipality, public_id=public_id)
    if not report.photo:
        raise Http404
    try:
        handle = report.photo.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    content_type = mimetypes.guess_type(report.photo.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response
