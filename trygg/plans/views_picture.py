"""The staff pages of the lägesbild över brottsligheten (lag 2023:196 §4): the list, one
picture (a version with its parts, figures, sources and findings), the forms that change the
draft, the decision, new versions, publication and the PDF for the council's agenda."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trygg.accounts.decorators import municipality_view
from trygg.accounts.permissions import can
from trygg.core.forms import add_service_errors
from trygg.core.pdf import render_pdf
from trygg.places.tenancy import MunicipalityRequest
from trygg.plans.forms_picture import (
    ChangeNoteForm,
    DecideForm,
    FigureForm,
    FindingForm,
    PictureForm,
    SourceForm,
)
from trygg.plans.models import (
    CrimePicture,
    CrimePictureFigure,
    CrimePictureFinding,
    CrimePictureSource,
    CrimePictureVersion,
)
from trygg.plans.printing import picture_context
from trygg.plans.selectors.picture import (
    current_decided,
    findings_of,
    picture_get,
    pictures_of,
    sources_of,
    version_get,
    versions_of,
    working_version,
)
from trygg.plans.selectors.statistics import statistic_series
from trygg.plans.services import picture as services

PART_FIELDS = ("part_mapping", "part_other", "part_analysis", "position_on_measures")


def _flash(request: MunicipalityRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _detail(request: MunicipalityRequest, picture: CrimePicture) -> HttpResponse:
    return redirect("plans:picture", request.municipality.code, picture.public_id)


def _picture(request: MunicipalityRequest, public_id: Any) -> CrimePicture:
    return picture_get(municipality=request.municipality, public_id=public_id)


def _draft(
    request: MunicipalityRequest, picture: CrimePicture
) -> CrimePictureVersion | HttpResponse:
    """The draft, or a redirect to the picture saying a decided version does not change."""
    version = working_version(picture)
    if not version.is_draft:
        messages.error(
            request,
            _("This version is decided and cannot be changed. Start a new version to change it."),
        )
        return _detail(request, picture)
    return version


@municipality_view("crime_picture.view")
def picture_list(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    return render(
        request,
        "plans/picture_list.html",
        {
            "pictures": [(p, v, current_decided(p)) for p, v in pictures_of(municipality)],
            "may_manage": can(request.user, "crime_picture.manage", municipality),
        },
    )


@municipality_view("crime_picture.manage")
@require_http_methods(["GET", "POST"])
def picture_create(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    form = PictureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            picture = services.picture_create(
                actor=request.user, municipality=municipality, values=dict(form.cleaned_data)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The crime picture is created as a draft. Add its sources, figures and "
                    "findings."
                ),
            )
            return _detail(request, picture)
    return render(request, "plans/picture_form.html", {"form": form, "picture": None})


@municipality_view("crime_picture.view")
def picture_detail(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    picture = _picture(request, public_id)
    if "version" in request.GET:
        version = version_get(picture, request.GET["version"])
    else:
        version = working_version(picture)
    may_manage = can(request.user, "crime_picture.manage", municipality)
    context = picture_context(picture, version, public=False)
    latest = versions_of(picture)[0]
    context.update(
        {
            "versions": versions_of(picture),
            "in_force": current_decided(picture),
            "may_manage": may_manage,
            "may_edit": may_manage and version.is_draft,
            "may_start_version": may_manage and not latest.is_draft,
            "version_form": ChangeNoteForm(),
        }
    )
    return render(request, "plans/picture_detail.html", context)


@municipality_view("crime_picture.manage")
@require_http_methods(["GET", "POST"])
def picture_edit(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    picture = _picture(request, public_id)
    version = _draft(request, picture)
    if isinstance(version, HttpResponse):
        return version
    initial = {
        name: getattr(version, name)
        for name in ("title", "period_start", "period_end", "summary", *PART_FIELDS)
    }
    form = PictureForm(request.POST or None, initial=initial)
    note = (
        ChangeNoteForm(request.POST or None, initial={"change_note": version.change_note})
        if version.number > 1
        else None
    )
    if request.method == "POST" and form.is_valid() and (note is None or note.is_valid()):
        values = dict(form.cleaned_data)
        if note is not None:
            values["change_note"] = note.cleaned_data["change_note"]
        try:
            services.picture_update(actor=request.user, version=version, values=values)
        except ValidationError as error:
            notes = getattr(error, "error_dict", {}).get("change_note")
            if note is not None and notes:
                for message in ValidationError(notes).messages:
                    note.add_error("change_note", message)
                rest = {k: v for k, v in error.message_dict.items() if k != "change_note"}
                if rest:
                    add_service_errors(form, ValidationError(rest))
            else:
                add_service_errors(form, error)
        else:
            messages.success(request, _("The crime picture is saved."))
            return _detail(request, picture)
    return render(
        request,
        "plans/picture_form.html",
        {"form": form, "note_form": note, "picture": picture, "version": version},
    )


# --- sources ---------------------------------------------------------------------------------


@municipality_view("crime_picture.manage")
@require_http_methods(["GET", "POST"])
def picture_sources(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    picture = _picture(request, public_id)
    version = _draft(request, picture)
    if isinstance(version, HttpResponse):
        return version
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.source_add(actor=request.user, version=version, values=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The source is added to the register."))
            return redirect("plans:picture_sources", request.municipality.code, picture.public_id)
    return render(
        request,
        "plans/picture_sources.html",
        {"picture": picture, "version": version, "sources": sources_of(version), "form": form},
    )


def _source(version: CrimePictureVersion, source_id: int) -> CrimePictureSource:
    return get_object_or_404(CrimePictureSource, pk=source_id, version=version)


@municipality_view("crime_picture.manage")
@require_http_methods(["GET", "POST"])
def source_edit(request: MunicipalityRequest, public_id: Any, source_id: int) -> HttpResponse:
    picture = _picture(request, public_id)
    version = _draft(request, picture)
    if isinstance(version, HttpResponse):
        return version
    source = _source(version, source_id)
    initial = {
        n: getattr(source, n) for n in ("kind", "name", "period", "why_chosen", "limitations")
    }
    form = SourceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.source_update(actor=request.user, source=source, values=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The source is saved."))
            return redirect("plans:picture_sources", request.municipality.code, picture.public_id)
    return render(
        request,
        "plans/picture_source_form.html",
        {"picture": picture, "version": version, "source": source, "form": form},
    )


@municipality_view("crime_picture.manage")
@require_POST
def source_remove(request: MunicipalityRequest, public_id: Any, source_id: int) -> HttpResponse:
    picture = _picture(request, public_id)
    version = _draft(request, picture)
    if isinstance(version, HttpResponse):
        return version
    services.source_remove(actor=request.user, source=_source(version, source_id))
    messages.success(request, _("The source is removed from the register."))
    return redirect("plans:picture_sources", request.municipality.code, picture.public_id)


@municipality_view("crime_picture.manage")
@require_POST
def source_move(request: MunicipalityRequest, public_id: Any, source_id: int) -> HttpResponse:
    picture = _picture(request, public_id)
    version = _draft(request, picture)
    if isinstance(version, HttpResponse):
        return version
    services.source_move(
        actor=request.user,
        source=_source(version, source_id),
        up=request.POST.get("direction") != "down",
    )
    return redirect("plans:picture_sources", request.municipality.code, picture.public_id)


# --- figures ---------------------------------------------------------------------------------


def _series_choices(request: MunicipalityRequest) -> list[tuple[str, str]]:
    return [
        (s.code, f"{s.name} ({s.source_label})") for s in statistic_series(request.municipality)
    ]


@municipality_view("crime_picture.manage")
@require_http_methods(["GET", "POST"])
def picture_figures(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    picture = _picture(request, public_id)
    version = _draft(request, picture)
    if isinstance(version, HttpResponse):
        return version
    form = FigureForm(request.POST or None, version=version, series=_series_choices(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.figure_add(
                actor=request.user,
                version=version,
                kind=data["kind"],
                part=data["part"],
                year=data["year"],
                measure_code=data["measure_code"] or "",
                caption=data["caption"],
                source=data["source"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The figure is added."))
            return redirect("plans:picture_figures", request.municipality.code, picture.public_id)
    figures = list(version.figures.select_related("source").order_by("part", "position", "id"))
    return render(
        request,
        "plans/picture_figures.html",
        {"picture": picture, "version": version, "figures": figures, "form": form},
    )


@municipality_view("crime_picture.manage")
@require_POST
def figure_remove(request: MunicipalityRequest, public_id: Any, figure_id: int) -> HttpResponse:
    picture = _picture(request, public_id)
    version = _draft(request, picture)
    if isinstance(version, HttpResponse):
        return version
    figure = get_object_or_404(CrimePictureFigure, pk=figure_id, version=version)
    services.figure_remove(actor=request.user, figure=figure)
    messages.success(request, _("The figure is removed."))
    return redirect("plans:picture_figures", request.municipality.code, picture.public_id)


# --- findings --------------------------------------------------------------------------------


def _finding(version: CrimePictureVersion, finding_id: int) -> CrimePictureFinding:
    return get_object_or_404(CrimePictureFinding, pk=finding_id, version=version)


@municipality_view("crime_picture.manage")
@require_http_methods(["GET", "POST"])
def picture_findings(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    picture = _picture(request, public_id)
    version = _draft(request, picture)
    if isinstance(version, HttpResponse):
        return version
    form = FindingForm(request.POST or None, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_add(
                actor=request.user,
                version=version,
                text=form.cleaned_data["text"],
                area=form.cleaned_data["area"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The finding is added."))
            return redirect("plans:picture_findings", request.municipality.code, picture.public_id)
    return render(
        request,
        "plans/picture_findings.html",
        {"picture": picture, "version": version, "findings": findings_of(version), "form": form},
    )


@municipality_view("crime_picture.manage")
@require_http_methods(["GET", "POST"])
def finding_edit(request: MunicipalityRequest, public_id: Any, finding_id: int) -> HttpResponse:
    picture = _picture(request, public_id)
    version = _draft(request, picture)
    if isinstance(version, HttpResponse):
        return version
    finding = _finding(version, finding_id)
    form = FindingForm(
        request.POST or None,
        municipality=request.municipality,
        initial={"text": finding.text, "area": finding.area},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_update(
                actor=request.user,
                finding=finding,
                text=form.cleaned_data["text"],
                area=form.cleaned_data["area"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The finding is saved."))
            return redirect("plans:picture_findings", request.municipality.code, picture.public_id)
    return render(
        request,
        "plans/picture_finding_form.html",
        {"picture": picture, "version": version, "finding": finding, "form": form},
    )


@municipality_view("crime_picture.manage")
@require_POST
def finding_remove(request: MunicipalityRequest, public_id: Any, finding_id: int) -> HttpResponse:
    picture = _picture(request, public_id)
    version = _draft(request, picture)
    if isinstance(version, HttpResponse):
        return version
    services.finding_remove(actor=request.user, finding=_finding(version, finding_id))
    messages.success(request, _("The finding is removed."))
    return redirect("plans:picture_findings", request.municipality.code, picture.public_id)


@municipality_view("crime_picture.manage")
@require_POST
def finding_move(request: MunicipalityRequest, public_id: Any, finding_id: int) -> HttpResponse:
    picture = _picture(request, public_id)
    version = _draft(request, picture)
    if isinstance(version, HttpResponse):
        return version
    services.finding_move(
        actor=request.user,
        finding=_finding(version, finding_id),
        up=request.POST.get("direction") != "down",
    )
    return redirect("plans:picture_findings", request.municipality.code, picture.public_id)


# --- decision, versions, publication, PDF ----------------------------------------------------

#: what the decision's errors about the document (not the form) are called on the page
DOCUMENT_ERRORS = (*PART_FIELDS, "sources", "change_note")


@municipality_view("crime_picture.manage")
@require_http_methods(["GET", "POST"])
def picture_decide(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    """GET: what will be decided, and the decision's details; POST records the decision."""
    picture = _picture(request, public_id)
    version = _draft(request, picture)
    if isinstance(version, HttpResponse):
        return version
    form = DecideForm(request.POST or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.picture_decide(
                actor=request.user,
                version=version,
                deciding_body=data["deciding_body"],
                decision_date=data["decision_date"],
                diary_number=data["diary_number"],
                paragraph=data["paragraph"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name in DOCUMENT_ERRORS:
                    problems.extend(error.message_dict.get(name, []))
                rest = {k: v for k, v in error.message_dict.items() if k not in DOCUMENT_ERRORS}
                if rest:
                    add_service_errors(form, ValidationError(rest))
            else:
                add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The decision is recorded. The figures are frozen as they were decided."),
            )
            return _detail(request, picture)
    context = picture_context(picture, version, public=False)
    context.update({"form": form, "problems": problems})
    return render(request, "plans/picture_decide.html", context)


@municipality_view("crime_picture.manage")
@require_POST
def picture_new_version(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    picture = _picture(request, public_id)
    form = ChangeNoteForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return _detail(request, picture)
    try:
        services.picture_new_version(
            actor=request.user, picture=picture, change_note=form.cleaned_data["change_note"]
        )
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(
            request,
            _(
                "A new draft version is started. The decided version stays in force until this "
                "one is decided."
            ),
        )
    return _detail(request, picture)


@municipality_view("crime_picture.manage")
@require_POST
def picture_publish(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    """Publish (``public=1``) or unpublish (``public=0``) the numbered decided version."""
    picture = _picture(request, public_id)
    version = version_get(picture, request.POST.get("version"))
    public = request.POST.get("public") == "1"
    try:
        services.picture_publish(actor=request.user, version=version, public=public)
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(
            request,
            _("The crime picture is published on the public pages.")
            if public
            else _("The crime picture is taken off the public pages."),
        )
    url = reverse("plans:picture", args=[request.municipality.code, picture.public_id])
    return redirect(f"{url}?version={version.number}")


@municipality_view("crime_picture.view")
def picture_pdf(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    picture = _picture(request, public_id)
    if "version" in request.GET:
        version = version_get(picture, request.GET["version"])
    else:
        version = working_version(picture)
    context = picture_context(picture, version, public=False)
    year = version.period_end.year
    return render_pdf(
        request,
        "plans/picture_print.html",
        context,
        filename=f"lagesbild-{request.municipality.code}-{year}-v{version.number}.pdf",
    )
