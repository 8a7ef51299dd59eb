"""The staff pages of samverkansöverenskommelser: create, read, edit a draft version with its
parties and signatories, attach the signed PDF, record it as signed, start a new version."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trygg.accounts.decorators import municipality_view
from trygg.accounts.permissions import can
from trygg.core.forms import add_service_errors
from trygg.places.tenancy import MunicipalityRequest
from trygg.promises import services
from trygg.promises.forms import (
    AgreementForm,
    DocumentForm,
    NewVersionForm,
    PartyFormSet,
    SignatoryFormSet,
)
from trygg.promises.models import Agreement, AgreementVersion
from trygg.promises.selectors import (
    agreement_get,
    agreement_working_version,
)
from trygg.promises.views import flash_error, flash_form_errors


def _detail(request: MunicipalityRequest, agreement: Agreement) -> HttpResponse:
    return redirect("promises:agreement", request.municipality.code, agreement.public_id)


def _formsets(request: MunicipalityRequest, version: AgreementVersion | None) -> tuple[Any, Any]:
    municipality = request.municipality
    data = request.POST if request.method == "POST" else None
    parties_initial: list[dict[str, Any]] = []
    signatories_initial: list[dict[str, Any]] = []
    if version is not None:
        parties_initial = [
            {"name": p.name, "organisation": p.organisation, "resources": p.resources}
            for p in version.parties.all()
        ]
        signatories_initial = [
            {"name": s.name, "title": s.title, "party": s.party, "signed_on": s.signed_on}
            for s in version.signatories.all()
        ]
    # room for one more party and two more signatories on every page
    parties = PartyFormSet(
        data,
        prefix="party",
        initial=parties_initial or [{}, {}],
        form_kwargs={"municipality": municipality},
    )
    parties.extra = 1 if parties_initial else 0
    signatories = SignatoryFormSet(data, prefix="signatory", initial=signatories_initial)
    signatories.extra = 2
    return parties, signatories


def _inputs(parties: Any, signatories: Any) -> tuple[list[Any], list[Any]]:
    party_rows = [
        services.PartyInput(
            f.cleaned_data.get("name", ""),
            f.cleaned_data.get("resources", ""),
            f.cleaned_data.get("organisation"),
        )
        for f in parties.forms
        if f.cleaned_data.get("name")
        or f.cleaned_data.get("organisation")
        or f.cleaned_data.get("resources")
    ]
    signatory_rows = [
        services.SignatoryInput(
            f.cleaned_data.get("name", ""),
            f.cleaned_data.get("title", ""),
            f.cleaned_data.get("party", ""),
            f.cleaned_data.get("signed_on"),
        )
        for f in signatories.forms
        if any(f.cleaned_data.get(k) for k in ("name", "title", "party", "signed_on"))
    ]
    return party_rows, signatory_rows


def _form_page(
    request: MunicipalityRequest, agreement: Agreement | None, version: AgreementVersion | None
) -> HttpResponse:
    initial: dict[str, Any] = {}
    if version is not None:
        initial = {
            "title": version.title,
            "period_start": version.period_start,
            "period_end": version.period_end,
            "focus_areas": version.focus_areas,
            "summary": version.summary,
        }
    form = AgreementForm(request.POST or None, initial=initial)
    parties, signatories = _formsets(request, version)
    if request.method == "POST" and all(
        [form.is_valid(), parties.is_valid(), signatories.is_valid()]
    ):
        party_rows, signatory_rows = _inputs(parties, signatories)
        try:
            if version is None:
                agreement = services.agreement_create(
                    actor=request.user,
                    municipality=request.municipality,
                    values=form.cleaned_data,
                    parties=party_rows,
                    signatories=signatory_rows,
                )
            else:
                services.agreement_update(
                    actor=request.user,
                    version=version,
                    values=form.cleaned_data,
                    parties=party_rows,
                    signatories=signatory_rows,
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            assert agreement is not None
            messages.success(request, _("Saved."))
            return _detail(request, agreement)
    return render(
        request,
        "promises/agreement_form.html",
        {
            "form": form,
            "parties": parties,
            "signatories": signatories,
            "agreement": agreement,
            "version": version,
        },
    )


@municipality_view("promise.manage")
@require_http_methods(["GET", "POST"])
def agreement_create(request: MunicipalityRequest) -> HttpResponse:
    return _form_page(request, None, None)


@municipality_view("promise.manage")
@require_http_methods(["GET", "POST"])
def agreement_edit(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    agreement = agreement_get(municipality=request.municipality, public_id=public_id)
    version = agreement_working_version(agreement)
    if not version.is_draft:
        messages.error(
            request,
            _("This version is signed and cannot be changed. Start a new version to change it."),
        )
        return _detail(request, agreement)
    return _form_page(request, agreement, version)


@municipality_view("promise.view")
def agreement_detail(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    agreement = agreement_get(municipality=request.municipality, public_id=public_id)
    versions = list(agreement.versions.order_by("-number"))
    version = versions[0]
    if "version" in request.GET:
        version = next((v for v in versions if str(v.number) == request.GET["version"]), None)  # type: ignore[assignment]
        if version is None:
            raise Http404
    return render(
        request,
        "promises/agreement_detail.html",
        {
            "agreement": agreement,
            "version": version,
            "versions": versions,
            "parties": list(version.parties.select_related("organisation")),
            "signatories": list(version.signatories.all()),
            "promises": list(agreement.promises.order_by("-first_year")),
            "may_manage": can(request.user, "promise.manage", request.municipality),
            "document_form": DocumentForm(),
            "version_form": NewVersionForm(),
        },
    )


@municipality_view("promise.manage")
@require_POST
def agreement_document_upload(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    agreement = agreement_get(municipality=request.municipality, public_id=public_id)
    version = agreement_working_version(agreement)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        flash_form_errors(request, form)
        return _detail(request, agreement)
    try:
        services.agreement_attach_document(
            actor=request.user, version=version, upload=form.cleaned_data["document"]
        )
    except ValidationError as error:
        flash_error(request, error)
    else:
        messages.success(request, _("The signed agreement is attached."))
    return _detail(request, agreement)


@municipality_view("promise.view")
def agreement_document(request: MunicipalityRequest, public_id: Any, number: int) -> HttpResponse:
    """The signed PDF of one version, for members (its viewing is audited like a record's)."""
    agreement = agreement_get(municipality=request.municipality, public_id=public_id)
    version = agreement.versions.filter(number=number).first()
    if version is None or not version.document:
        raise Http404
    try:
        handle = version.document.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response: HttpResponse = FileResponse(  # type: ignore[assignment]
        handle, content_type="application/pdf", filename=version.document_name or "avtal.pdf"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@municipality_view("promise.manage")
@require_http_methods(["GET", "POST"])
def agreement_sign(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    """GET asks for confirmation (what becomes frozen and public), POST records the signing."""
    agreement = agreement_get(municipality=request.municipality, public_id=public_id)
    version = agreement_working_version(agreement)
    if request.method == "POST":
        try:
            services.agreement_sign(actor=request.user, version=version)
        except ValidationError as error:
            flash_error(request, error)
        else:
            messages.success(
                request,
                _("The agreement is recorded as signed; its summary is public.")
                if version.summary.strip()
                else _(
                    "The agreement is recorded as signed and shown on the public pages "
                    "without a summary."
                ),
            )
        return _detail(request, agreement)
    if not version.is_draft:
        messages.error(request, _("This version is already signed."))
        return _detail(request, agreement)
    return render(
        request,
        "promises/agreement_sign.html",
        {
            "agreement": agreement,
            "version": version,
            "parties": list(version.parties.all()),
            "signatories": list(version.signatories.all()),
        },
    )


@municipality_view("promise.manage")
@require_POST
def agreement_new_version(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    agreement = agreement_get(municipality=request.municipality, public_id=public_id)
    form = NewVersionForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return _detail(request, agreement)
    try:
        services.agreement_new_version(
            actor=request.user, agreement=agreement, change_note=form.cleaned_data["change_note"]
        )
    except ValidationError as error:
        flash_error(request, error)
    else:
        messages.success(request, _("A new draft version is started."))
    return _detail(request, agreement)
