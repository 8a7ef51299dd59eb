"""The staff pages of medborgarlöften: the list, one promise (its working version with items,
progress, basis, handlingsplan, versions and follow-ups), the forms that change a draft, and
the lifecycle actions. Follow-up rounds are in `views_followup`, agreements in
`views_agreements`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trygg.accounts.decorators import municipality_view
from trygg.accounts.permissions import can
from trygg.core.forms import add_service_errors
from trygg.core.pdf import render_pdf
from trygg.interventions.selectors import interventions_visible_to
from trygg.places.tenancy import MunicipalityRequest
from trygg.promises import services
from trygg.promises.choices import PromiseStatus
from trygg.promises.forms import (
    ActivityForm,
    BasisForm,
    DraftNoteForm,
    ItemForm,
    NewVersionForm,
    NextPromiseForm,
    PromiseCreateForm,
    PromiseVersionForm,
    RoundForm,
)
from trygg.promises.models import Promise, PromiseItem, PromiseVersion
from trygg.promises.printing import promise_print_context
from trygg.promises.progress import item_progress
from trygg.promises.selectors import (
    agreements_of,
    item_get,
    items_of,
    latest_published,
    latest_reports,
    promise_get,
    promises_of,
    rounds_of,
    version_get,
    working_version,
)
from trygg.promises.services.promises import allowed_statuses, may_edit_item


def flash_error(request: MunicipalityRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def flash_form_errors(request: MunicipalityRequest, form: Form) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, str(message))


def _detail(request: MunicipalityRequest, promise: Promise) -> HttpResponse:
    return redirect("promises:detail", request.municipality.code, promise.public_id)


def _frozen(request: MunicipalityRequest, version: PromiseVersion) -> bool:
    """For someone who could edit: say why this version cannot be (published or agreed)."""
    if version.is_editable:
        return False
    may_edit = may_edit_item(request.user, version, "municipality") or may_edit_item(
        request.user, version, "police"
    )
    if not may_edit:
        return False
    messages.error(
        request,
        _("This version is published and cannot be changed. Start a new version to change it.")
        if not version.is_draft
        else _(
            "This version is recorded as agreed and cannot be changed. Set it back to draft "
            "to change it; it must then be agreed again."
        ),
    )
    return True


def _may_edit_any_item(request: MunicipalityRequest, version: PromiseVersion) -> bool:
    return version.is_editable and (
        may_edit_item(request.user, version, "municipality")
        or may_edit_item(request.user, version, "police")
    )


@municipality_view("promise.view")
def promise_list(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    return render(
        request,
        "promises/list.html",
        {
            "promises": promises_of(municipality),
            "agreements": agreements_of(municipality),
            "may_manage": can(request.user, "promise.manage", municipality),
        },
    )


@municipality_view("promise.manage")
@require_http_methods(["GET", "POST"])
def promise_create(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    year = timezone.localdate().year + 1
    form = PromiseCreateForm(
        request.POST or None,
        municipality=municipality,
        initial={"first_year": year, "last_year": year},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            promise = services.promise_create(
                actor=request.user,
                municipality=municipality,
                first_year=data["first_year"],
                last_year=data["last_year"],
                values={k: data[k] for k in ("title", "scope", "areas", "situation", "goals")},
                agreement=data["agreement"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The promise is created as a draft. Add its items."))
            return _detail(request, promise)
    return render(request, "promises/form.html", {"form": form, "promise": None})


@municipality_view("promise.view")
def promise_detail(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    promise = promise_get(municipality=request.municipality, public_id=public_id)
    return detail_page(request, promise)


def detail_page(
    request: MunicipalityRequest,
    promise: Promise,
    *,
    bound: dict[str, Form] | None = None,
    open_form: str = "",
) -> HttpResponse:
    """The promise page. ``bound`` replaces a fold-out form with the one just sent, so that
    its errors show at its fields, with what was typed, and ``open_form`` opens it."""
    municipality = request.municipality
    if "version" in request.GET:
        version = version_get(promise, request.GET["version"])
    else:
        version = working_version(promise)
    items = items_of(version)
    today = timezone.localdate()
    rows = latest_reports(promise, items, published_only=False)
    # an item names only the interventions the reader may see (coordinators-only ones stay
    # hidden from partners, as on the interventions pages)
    visible = set(interventions_visible_to(request.user, municipality).values_list("pk", flat=True))
    for row in rows:
        row.visible_interventions = [i for i in row.item.interventions.all() if i.pk in visible]
    progress = {item.pk: item_progress(item, today) for item in items}
    may_manage = can(request.user, "promise.manage", municipality)
    rounds = rounds_of(promise)
    # a follow-up is of a year of the promise: this year, clamped to the period
    round_year = min(max(today.year, promise.first_year), promise.last_year)
    return render(
        request,
        "promises/detail.html",
        {
            "promise": promise,
            "version": version,
            "versions": list(promise.versions.order_by("-number")),
            "published": latest_published(promise),
            "rows": [(row, progress[row.item.pk]) for row in rows],
            "basis": list(version.basis.all()),
            "activities": list(version.activities.select_related("partner")),
            "item_numbers": {item.key: n for n, item in enumerate(items, 1)},
            "rounds": rounds,
            "may_manage": may_manage,
            "may_edit_items": _may_edit_any_item(request, version),
            "editable_items": {
                item.pk
                for item in items
                if version.is_editable and can(request.user, "promise.edit_item", item)
            },
            "statuses": _statuses(promise, version) if may_manage else [],
            "basis_form": BasisForm(),
            "activity_form": ActivityForm(municipality=municipality, items=items),
            "round_form": RoundForm(  # defaults inside the promise's period
                initial={
                    "title": _("Follow-up %(year)s") % {"year": round_year},
                    "as_of": min(today, dt.date(round_year, 12, 31)),
                }
            ),
            "version_form": NewVersionForm(),
            "next_form": NextPromiseForm(
                initial={"first_year": promise.last_year + 1, "last_year": promise.last_year + 1}
            ),
            "today": today,
            "open_form": open_form,
            "period_started": today >= dt.date(promise.first_year, 1, 1),
            "round_open": any(r.status == "open" for r in rounds),
            **(bound or {}),
        },
    )


@municipality_view("promise.manage")
@require_http_methods(["GET", "POST"])
def promise_edit(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    promise = promise_get(municipality=municipality, public_id=public_id)
    version = working_version(promise)
    if not version.is_editable:
        messages.error(
            request,
            _("This version is published and cannot be changed. Start a new version to change it.")
            if not version.is_draft
            else _(
                "This version is recorded as agreed and cannot be changed. Set it back to draft "
                "to change it; it must then be agreed again."
            ),
        )
        return _detail(request, promise)
    initial = {
        "title": version.title,
        "scope": version.scope,
        "situation": version.situation,
        "goals": version.goals,
        "areas": list(version.areas.all()),
        "agreement": promise.agreement,
        "change_note": version.change_note,
    }
    form = PromiseVersionForm(request.POST or None, municipality=municipality, initial=initial)
    note = DraftNoteForm(request.POST or None, initial=initial) if version.number > 1 else None
    if request.method == "POST" and form.is_valid() and (note is None or note.is_valid()):
        data = form.cleaned_data
        values = {k: data[k] for k in ("title", "scope", "areas", "situation", "goals")}
        if note is not None:
            values["change_note"] = note.cleaned_data["change_note"]
        try:
            services.promise_update(
                actor=request.user, version=version, values=values, agreement=data["agreement"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return _detail(request, promise)
    return render(
        request,
        "promises/form.html",
        {"form": form, "note_form": note, "promise": promise, "version": version},
    )


def _item_form(
    request: MunicipalityRequest,
    promise: Promise,
    version: PromiseVersion,
    item: PromiseItem | None,
) -> HttpResponse:
    municipality = request.municipality
    police_only = not can(request.user, "promise.manage", municipality)
    initial: dict[str, Any] = {}
    if item is not None:
        initial = {
            "text": item.text,
            "responsible": item.responsible,
            "partner": item.partner,
            "indicator_type": item.indicator_type,
            "measure": item.measure,
            "category": item.category,
            "area": item.area,
            "programme": item.programme,
            "baseline": item.baseline if item.baseline is not None else "",
            "target_direction": item.target_direction,
            "target_value": item.target_value if item.target_value is not None else "",
            "target_text": item.target_text,
            "deadline": item.deadline,
            "interventions": list(item.interventions.all()),
        }
    elif police_only:
        initial = {"responsible": "police"}
    form = ItemForm(
        request.POST or None, municipality=municipality, police_only=police_only, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.item_save(
                actor=request.user, version=version, item=item, values=dict(form.cleaned_data)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The promise item is saved."))
            return _detail(request, promise)
    return render(
        request,
        "promises/item_form.html",
        {"form": form, "promise": promise, "version": version, "item": item},
    )


@municipality_view("promise.view")
@require_http_methods(["GET", "POST"])
def item_create(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    promise = promise_get(municipality=request.municipality, public_id=public_id)
    version = working_version(promise)
    if _frozen(request, version):
        return _detail(request, promise)
    if not _may_edit_any_item(request, version):
        raise PermissionDenied
    return _item_form(request, promise, version, None)


@municipality_view("promise.view")
@require_http_methods(["GET", "POST"])
def item_edit(request: MunicipalityRequest, public_id: Any, item_id: int) -> HttpResponse:
    promise = promise_get(municipality=request.municipality, public_id=public_id)
    version = working_version(promise)
    item = item_get(version, item_id)
    if can(request.user, "promise.edit_item", item) and _frozen(request, version):
        return _detail(request, promise)
    if not version.is_editable or not can(request.user, "promise.edit_item", item):
        raise PermissionDenied
    return _item_form(request, promise, version, item)


@municipality_view("promise.view")
@require_POST
def item_remove(request: MunicipalityRequest, public_id: Any, item_id: int) -> HttpResponse:
    promise = promise_get(municipality=request.municipality, public_id=public_id)
    item = item_get(working_version(promise), item_id)
    try:
        services.item_remove(actor=request.user, item=item)
    except ValidationError as error:
        flash_error(request, error)
    else:
        messages.success(request, _("The promise item is removed."))
    return _detail(request, promise)


@municipality_view("promise.manage")
@require_POST
def item_move(request: MunicipalityRequest, public_id: Any, item_id: int) -> HttpResponse:
    promise = promise_get(municipality=request.municipality, public_id=public_id)
    item = item_get(working_version(promise), item_id)
    try:
        services.item_move(actor=request.user, item=item, up=request.POST.get("direction") == "up")
    except ValidationError as error:
        flash_error(request, error)
    return _detail(request, promise)


@municipality_view("promise.manage")
@require_POST
def basis_add(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    promise = promise_get(municipality=request.municipality, public_id=public_id)
    form = BasisForm(request.POST)
    if form.is_valid():
        try:
            services.basis_add(
                actor=request.user, version=working_version(promise), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        return detail_page(request, promise, bound={"basis_form": form}, open_form="basis")
    messages.success(request, _("The basis is added."))
    return _detail(request, promise)


@municipality_view("promise.manage")
@require_POST
def basis_remove(request: MunicipalityRequest, public_id: Any, basis_id: int) -> HttpResponse:
    promise = promise_get(municipality=request.municipality, public_id=public_id)
    basis = working_version(promise).basis.filter(pk=basis_id).first()
    if basis is None:
        raise Http404
    try:
        services.basis_remove(actor=request.user, basis=basis)
    except ValidationError as error:
        flash_error(request, error)
    return _detail(request, promise)


@municipality_view("promise.manage")
@require_POST
def activity_add(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    promise = promise_get(municipality=municipality, public_id=public_id)
    version = working_version(promise)
    items = items_of(version)
    form = ActivityForm(request.POST, municipality=municipality, items=items)
    if form.is_valid():
        data = form.cleaned_data
        item = next((i for i in items if i.pk == data["item"]), None)
        try:
            services.activity_add(
                actor=request.user,
                version=version,
                text=data["text"],
                responsible=data["responsible"],
                when=data["when"],
                partner=data["partner"],
                item=item,
            )
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        return detail_page(request, promise, bound={"activity_form": form}, open_form="activity")
    messages.success(request, _("The activity is added to the action plan."))
    return _detail(request, promise)


@municipality_view("promise.manage")
@require_POST
def activity_remove(request: MunicipalityRequest, public_id: Any, activity_id: int) -> HttpResponse:
    promise = promise_get(municipality=request.municipality, public_id=public_id)
    activity = working_version(promise).activities.filter(pk=activity_id).first()
    if activity is None:
        raise Http404
    try:
        services.activity_remove(actor=request.user, activity=activity)
    except ValidationError as error:
        flash_error(request, error)
    return _detail(request, promise)


def _statuses(promise: Any, version: Any) -> list[tuple[str, str]]:
    """The changes a coordinator may make now; a later draft version is agreed (or set back to
    draft) on its own, the promise staying published meanwhile."""
    choices = [(s, str(PromiseStatus(s).label)) for s in allowed_statuses(promise)]
    if version.is_draft and promise.status not in (PromiseStatus.DRAFT, PromiseStatus.AGREED):
        if version.agreed_at is None:
            choices.insert(0, (PromiseStatus.AGREED, str(_("This version is agreed"))))
        else:
            choices.insert(0, (PromiseStatus.DRAFT, str(_("This version back to draft"))))
    return choices


@municipality_view("promise.manage")
@require_POST
def promise_status(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    promise = promise_get(municipality=request.municipality, public_id=public_id)
    try:
        status = request.POST.get("status", "")
        if status in (PromiseStatus.AGREED, PromiseStatus.DRAFT):
            services.promise_agree_version(
                actor=request.user, promise=promise, agreed=status == PromiseStatus.AGREED
            )
        else:
            services.promise_set_status(actor=request.user, promise=promise, status=status)
    except ValidationError as error:
        flash_error(request, error)
    else:
        messages.success(request, _("The status is changed."))
    return _detail(request, promise)


@municipality_view("promise.manage")
@require_http_methods(["GET", "POST"])
def promise_publish(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    """GET asks for confirmation (what will be public), POST publishes."""
    promise = promise_get(municipality=request.municipality, public_id=public_id)
    version = working_version(promise)
    if request.method == "POST":
        try:
            services.promise_publish(actor=request.user, promise=promise)
        except ValidationError as error:
            flash_error(request, error)
        else:
            messages.success(request, _("The promise is published on the public pages."))
        return _detail(request, promise)
    if not version.is_draft or version.agreed_at is None:
        # nothing to confirm: say why instead of a confirmation the service would refuse
        messages.error(
            request,
            _("This version is already published.")
            if not version.is_draft
            else _("Record the promise as agreed with the police before publishing it."),
        )
        return redirect("promises:detail", request.municipality.code, promise.public_id)
    return render(
        request,
        "promises/publish.html",
        {
            "promise": promise,
            "version": version,
            "items": items_of(version),
            "basis": list(version.basis.all()),
            "activities": list(version.activities.select_related("partner")),
            "areas": list(version.areas.all()),
        },
    )


@municipality_view("promise.manage")
@require_POST
def promise_new_version(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    promise = promise_get(municipality=request.municipality, public_id=public_id)
    form = NewVersionForm(request.POST)
    if form.is_valid():
        try:
            services.promise_new_version(
                actor=request.user, promise=promise, change_note=form.cleaned_data["change_note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        return detail_page(request, promise, bound={"version_form": form}, open_form="version")
    else:
        messages.success(
            request,
            _(
                "A new draft version is started. The published version stays public until "
                "you publish this one."
            ),
        )
    return _detail(request, promise)


@municipality_view("promise.manage")
@require_POST
def promise_next(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    promise = promise_get(municipality=request.municipality, public_id=public_id)
    form = NextPromiseForm(request.POST)
    if form.is_valid():
        try:
            new = services.promise_start_next(
                actor=request.user, promise=promise, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The next period's promise is started with the open items.")
            )
            return _detail(request, new)
    return detail_page(request, promise, bound={"next_form": form}, open_form="next")


@municipality_view("promise.view")
def promise_pdf(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    promise = promise_get(municipality=request.municipality, public_id=public_id)
    if "version" in request.GET:
        version = version_get(promise, request.GET["version"])
    else:
        version = working_version(promise)
    context = promise_print_context(promise, version, published_only=False)
    return render_pdf(
        request,
        "promises/print.html",
        context,
        filename=f"medborgarlofte-{request.municipality.code}-{promise.period_label}-v{version.number}.pdf",
    )
