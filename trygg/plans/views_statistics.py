"""The crime statistics pages: the series (Brottsstatistik), the import, its preview and the
downloadable templates."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from trygg.accounts.decorators import municipality_view
from trygg.accounts.permissions import can
from trygg.places.tenancy import MunicipalityRequest
from trygg.plans import kolada
from trygg.plans.choices import StatisticSource
from trygg.plans.forms_statistics import KoladaFetchForm, StatisticsConfirmForm, StatisticsFileForm
from trygg.plans.limits import PREVIEW_ROWS
from trygg.plans.selectors.statistics import (
    region_index,
    statistic_imports_of,
    statistic_series,
    statistics_draft_get,
)
from trygg.plans.services.statistics import (
    StatisticsImportRejected,
    statistics_draft_discard,
    statistics_draft_save,
    statistics_import,
)
from trygg.plans.statistics_files import (
    FORMAT_KOLADA,
    TEMPLATES,
    FileProblem,
    FileRejected,
    StatRow,
    keep_regions,
    parse_statistics_file,
)

MAX_PROBLEMS_SHOWN = 200


def kolada_client() -> kolada.KoladaClient:
    """The client the page uses (tests replace it with one serving recorded answers)."""
    return kolada.KoladaClient(site_url=settings.TRYGG_SITE_URL)


@municipality_view("statistics.view")
def statistics_index(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    return render(
        request,
        "plans/statistics.html",
        {
            "series": statistic_series(municipality),
            "imports": statistic_imports_of(municipality)[:50],
            "may_manage": can(request.user, "statistics.manage", municipality),
        },
    )


def _import_page(
    request: MunicipalityRequest,
    file_form: StatisticsFileForm,
    kolada_form: KoladaFetchForm,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "plans/statistics_import.html",
        {
            "file_form": file_form,
            "kolada_form": kolada_form,
            "suggestions": kolada.SUGGESTED_KPIS,
        },
        status=status,
    )


def _problems_page(
    request: MunicipalityRequest, file_name: str, problems: list[FileProblem]
) -> HttpResponse:
    return render(
        request,
        "plans/statistics_preview.html",
        {
            "file_name": file_name,
            "problems": problems[:MAX_PROBLEMS_SHOWN],
            "problem_count": len(problems),
            "more_problems": len(problems) > MAX_PROBLEMS_SHOWN,
        },
    )


@municipality_view("statistics.manage")
@require_http_methods(["GET", "POST"])
def statistics_import_start(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    action = request.POST.get("action", "")
    file_form = StatisticsFileForm(
        request.POST if action == "file" else None, request.FILES if action == "file" else None
    )
    kolada_form = KoladaFetchForm(request.POST if action == "kolada" else None)
    if request.method != "POST":
        return _import_page(request, file_form, kolada_form)
    rows: list[StatRow]
    if action == "file" and file_form.is_valid():
        upload = file_form.cleaned_data["file"]
        file_name = (upload.name or "fil")[-200:]
        try:
            parsed = parse_statistics_file(
                upload.read(),
                file_name,
                region_index(),
                source=file_form.cleaned_data["source"],
            )
        except FileRejected as error:
            file_form.add_error("file", error.message)
            return _import_page(request, file_form, kolada_form)
        if parsed.problems:
            return _problems_page(request, file_name, parsed.problems)
        rows, left_out = keep_regions(parsed.rows, municipality.code, region_index())
        if not rows:
            file_form.add_error(
                "file", _("The file has no figures for the municipality, its county or Sweden.")
            )
            return _import_page(request, file_form, kolada_form)
        if left_out:
            messages.info(
                request,
                ngettext(
                    "%(n)s row about another municipality or county was left out.",
                    "%(n)s rows about other municipalities or counties were left out.",
                    left_out,
                )
                % {"n": left_out},
            )
        source = (
            StatisticSource.KOLADA
            if parsed.format == FORMAT_KOLADA
            else file_form.cleaned_data["source"]
        )
    elif action == "kolada" and kolada_form.is_valid():
        data = kolada_form.cleaned_data
        file_name = "Kolada API"
        source = StatisticSource.KOLADA
        try:
            rows = kolada.fetch_rows(
                kolada_client(),
                kpis=data["kpis"],
                municipality_code=municipality.code,
                years=list(range(data["year_from"], data["year_to"] + 1)),
                regions=region_index(),
            )
        except kolada.KoladaError as error:
            kolada_form.add_error(None, error.message)
            return _import_page(request, file_form, kolada_form)
        if not rows:
            kolada_form.add_error(None, _("Kolada has no values for these KPIs and years."))
            return _import_page(request, file_form, kolada_form)
    else:
        return _import_page(request, file_form, kolada_form)
    try:
        draft = statistics_draft_save(
            actor=request.user,
            municipality=municipality,
            source=source,
            file_name=file_name,
            rows=rows,
        )
    except ValidationError as error:
        form = file_form if action == "file" else kolada_form
        for message in error.messages:
            form.add_error(None, message)
        return _import_page(request, file_form, kolada_form)
    return redirect("plans:statistics_preview", municipality.code, draft.public_id)


@municipality_view("statistics.manage")
@require_http_methods(["GET", "POST"])
def statistics_preview(request: MunicipalityRequest, public_id: uuid.UUID) -> HttpResponse:
    municipality = request.municipality
    draft = statistics_draft_get(municipality, request.user, public_id)
    rows = [StatRow.from_json(item) for item in draft.rows]
    form = StatisticsConfirmForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            statistics_draft_discard(actor=request.user, draft=draft)
            messages.info(request, _("The import was cancelled; nothing was saved."))
            return redirect("plans:statistics_import", municipality.code)
        if form.is_valid():
            try:
                result = statistics_import(
                    actor=request.user,
                    municipality=municipality,
                    rows=rows,
                    source=draft.source,
                    file_name=draft.file_name,
                    note=form.cleaned_data["note"],
                )
            except StatisticsImportRejected as error:
                return _problems_page(request, draft.file_name, error.result.problems)
            except ValidationError as error:
                for key, errors in getattr(error, "message_dict", {"": error.messages}).items():
                    for message in errors:
                        form.add_error("note" if key == "note" else None, message)
            else:
                statistics_draft_discard(actor=request.user, draft=draft)
                messages.success(
                    request,
                    _("Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
                    % {
                        "created": result.created,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                    },
                )
                return redirect("plans:statistics", municipality.code)
    try:
        counts = statistics_import(
            actor=request.user,
            municipality=municipality,
            rows=rows,
            source=draft.source,
            file_name=draft.file_name,
            dry_run=True,
        )
    except StatisticsImportRejected as error:
        return _problems_page(request, draft.file_name, error.result.problems)
    return render(
        request,
        "plans/statistics_preview.html",
        {
            "draft": draft,
            "file_name": draft.file_name,
            "counts": counts,
            "rows": rows[:PREVIEW_ROWS],
            "more_rows": max(0, len(rows) - PREVIEW_ROWS),
            "form": form,
        },
    )


@municipality_view("statistics.manage")
def statistics_template(request: MunicipalityRequest, fmt: str) -> HttpResponse:
    text = TEMPLATES.get(fmt)
    if text is None:
        raise Http404
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="trygg-mall-{fmt}.csv"'
    return response
