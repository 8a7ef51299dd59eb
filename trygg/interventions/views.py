"""The interventions pages: the list, our organisation's list, one intervention with its
history, the create/edit form, the progress update (made for a phone) and the review."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from trygg.accounts.decorators import municipality_view
from trygg.accounts.permissions import can
from trygg.analysis.evaluation import buffer_change_detectable
from trygg.interventions import services
from trygg.interventions.charts import evaluation_chart
from trygg.interventions.choices import OPEN_STATUSES, InterventionStatus
from trygg.interventions.evaluation import (
    SUGGESTION_WEEKS,
    comparison_suggestions,
    evaluation_design_set,
    evaluation_of,
)
from trygg.interventions.forms import (
    EvaluationDesignForm,
    FilterForm,
    InterventionForm,
    ProgressForm,
    ReviewForm,
    StatusForm,
)
from trygg.interventions.models import EvaluationDesign, Intervention
from trygg.interventions.selectors import (
    InterventionFilters,
    intervention_get_for,
    interventions_filtered,
    interventions_of_my_organisations,
    interventions_visible_to,
    may_create,
    member_organisations,
    organisations_for_owner,
    soonest_due_first,
)
from trygg.interventions.views_programmes import programme_context
from trygg.places.tenancy import MunicipalityRequest

PAGE_SIZE = 50
LIST_RELATED = ("area", "owner")
FORM_FIELDS = (
    "title", "type", "technique", "term", "area", "places", "categories", "scanning",
    "analysis", "response", "assessment", "owner", "responsible", "participants",
    "start_date", "due_date", "visibility",
)  # fmt: skip


def _add_service_errors(form: Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for key, errors in error.message_dict.items():
        for message in errors:
            form.add_error(key if key in form.fields else None, message)


def _filters(form: FilterForm) -> InterventionFilters:
    filters = InterventionFilters()
    if not form.is_bound:
        return filters
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    status = data.get("status") or ""
    if status == "open":
        filters.open_only = True
    elif status:
        filters.status = status
    filters.owner = data.get("owner")
    filters.area = data.get("area")
    filters.due_before = data.get("due_before")
    filters.overdue = bool(data.get("overdue"))
    return filters


def _listing(
    request: MunicipalityRequest, qs: QuerySet[Intervention], template: str, **extra: Any
) -> HttpResponse:
    municipality = request.municipality
    today = timezone.localdate()
    form = FilterForm(request.GET or None, municipality=municipality)
    qs = interventions_filtered(qs, _filters(form), today)
    qs = qs.select_related(*LIST_RELATED).order_by(*soonest_due_first())
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "interventions": page.object_list,
            "today": today,
            "query": query.urlencode(),
            "filtered": any(value for value in query.values()),
            "may_create": may_create(request.user, municipality),
            **extra,
        },
    )


@require_http_methods(["GET"])
@municipality_view("intervention.view")
def intervention_list(request: MunicipalityRequest) -> HttpResponse:
    qs = interventions_visible_to(request.user, request.municipality)
    return _listing(request, qs, "interventions/list.html", mine=False)


@require_http_methods(["GET"])
@municipality_view("intervention.view")
def intervention_mine(request: MunicipalityRequest) -> HttpResponse:
    qs = interventions_of_my_organisations(request.user, request.municipality)
    organisations = list(member_organisations(request.user, request.municipality))
    return _listing(request, qs, "interventions/list.html", mine=True, organisations=organisations)


@require_http_methods(["GET"])
@municipality_view("intervention.view")
def intervention_detail(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    intervention = intervention_get_for(
        user=request.user, municipality=municipality, public_id=public_id
    )
    may_change = can(request.user, "intervention.change", intervention)
    updates = list(intervention.updates.select_related("author", "organisation"))
    reviews = list(intervention.reviews.select_related("reviewed_by"))
    changes = list(intervention.status_changes.select_related("changed_by"))
    history: list[dict[str, Any]] = (
        [{"kind": "update", "at": u.created_at, "item": u} for u in updates]
        + [{"kind": "review", "at": r.created_at, "item": r} for r in reviews]
        + [{"kind": "status", "at": c.created_at, "item": c} for c in changes]
    )
    history.sort(key=lambda entry: entry["at"], reverse=True)
    statuses = services.allowed_statuses(request.user, intervention)
    return render(
        request,
        "interventions/detail.html",
        {
            "i": intervention,
            "today": timezone.localdate(),
            "history": history,
            "categories": list(intervention.categories.all()),
            "places": list(intervention.places.all()),
            "participants": list(intervention.participants.all()),
            "missing": services.missing_for_decision(intervention),
            "may_change": may_change,
            "may_progress": may_change and intervention.status != InterventionStatus.CANCELLED,
            "may_review": can(request.user, "intervention.manage", municipality)
            and intervention.status in (InterventionStatus.DECIDED, InterventionStatus.ONGOING),
            "statuses": [(s, InterventionStatus(s).label) for s in statuses],
            "programme": programme_context(request.user, intervention),
        },
    )


def _values(form: InterventionForm) -> dict[str, Any]:
    data = form.cleaned_data
    values = {name: data.get(name) for name in FORM_FIELDS if not form.fields[name].disabled}
    for name in ("title", "scanning", "analysis", "response", "assessment", "responsible"):
        if name in values:
            values[name] = values[name] or ""
    for name in ("places", "categories", "participants"):
        if name in values:
            values[name] = list(values[name] or [])
    return values


@require_http_methods(["GET", "POST"])
@municipality_view("intervention.view")
def intervention_create(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    owners = organisations_for_owner(request.user, municipality)
    if not owners:
        raise PermissionDenied
    initial: dict[str, Any] = {}
    if len(owners) == 1:
        initial["owner"] = owners[0]
    area_id = request.GET.get("area")
    if area_id:
        initial["area"] = area_id
    form = InterventionForm(
        request.POST if request.method == "POST" else None,
        municipality=municipality,
        owners=owners,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        values = _values(form)
        try:
            intervention = services.intervention_create(
                actor=request.user,
                municipality=municipality,
                **values,
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The intervention is saved as proposed."))
            return redirect("interventions:detail", municipality.code, intervention.public_id)
    return render(request, "interventions/form.html", {"form": form, "i": None})


def _initial_of(intervention: Intervention) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(intervention, name) for name in FORM_FIELDS}
    for name in ("places", "categories", "participants"):
        initial[name] = list(getattr(intervention, name).all())
    return initial


@require_http_methods(["GET", "POST"])
@municipality_view("intervention.view")
def intervention_edit(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    intervention = intervention_get_for(
        user=request.user, municipality=municipality, public_id=public_id
    )
    if not can(request.user, "intervention.change", intervention):
        raise PermissionDenied
    manager = can(request.user, "intervention.manage", municipality)
    owners = organisations_for_owner(request.user, municipality)
    if intervention.owner is not None and intervention.owner not in owners:
        owners.append(intervention.owner)
    form = InterventionForm(
        request.POST if request.method == "POST" else None,
        municipality=municipality,
        owners=owners,
        owner_fixed=not manager,
        initial=_initial_of(intervention),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.intervention_update(
                actor=request.user, intervention=intervention, **_values(form)
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The intervention is saved."))
            return redirect("interventions:detail", municipality.code, intervention.public_id)
    return render(
        request,
        "interventions/form.html",
        {"form": form, "i": intervention, "missing": services.missing_for_decision(intervention)},
    )


@require_POST
@municipality_view("intervention.view")
def intervention_status(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    intervention = intervention_get_for(
        user=request.user, municipality=municipality, public_id=public_id
    )
    if not can(request.user, "intervention.change", intervention):
        raise PermissionDenied
    form = StatusForm(request.POST)
    if form.is_valid():
        status = form.cleaned_data["status"]
        try:
            services.intervention_set_status(
                actor=request.user, intervention=intervention, status=status
            )
        except ValidationError as error:
            for errors in error.message_dict.values():
                for message in errors:
                    messages.error(request, message)
        else:
            messages.success(
                request,
                _("The status is now: %(status)s.") % {"status": InterventionStatus(status).label},
            )
    else:
        messages.error(request, _("Choose a status."))
    return redirect("interventions:detail", municipality.code, intervention.public_id)


@require_http_methods(["GET", "POST"])
@municipality_view("intervention.view")
def intervention_progress(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    intervention = intervention_get_for(
        user=request.user, municipality=municipality, public_id=public_id
    )
    if not can(request.user, "intervention.change", intervention):
        raise PermissionDenied
    form = ProgressForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.intervention_add_progress(
                actor=request.user,
                intervention=intervention,
                note=form.cleaned_data["note"],
                hours=form.cleaned_data["hours"],
                occurred_on=form.cleaned_data["occurred_on"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The progress update is saved."))
            return redirect("interventions:detail", municipality.code, intervention.public_id)
    return render(request, "interventions/progress.html", {"form": form, "i": intervention})


@require_http_methods(["GET", "POST"])
@municipality_view("intervention.manage")
def intervention_review(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    intervention = intervention_get_for(
        user=request.user, municipality=municipality, public_id=public_id
    )
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.intervention_review(
                actor=request.user,
                intervention=intervention,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                reviewed_on=form.cleaned_data["reviewed_on"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The follow-up is saved."))
            return redirect("interventions:detail", municipality.code, intervention.public_id)
    return render(
        request,
        "interventions/review.html",
        {"form": form, "i": intervention, "open": intervention.status in OPEN_STATUSES},
    )


WDQ_TEXTS = {
    "diffusion of benefits": gettext_lazy(
        "Diffusion of benefits: the buffer area also got better."
    ),
    "no displacement or diffusion": gettext_lazy("No displacement and no diffusion of benefits."),
    "displacement with net benefit": gettext_lazy(
        "Some displacement to the buffer area, but less than the gain: a net benefit."
    ),
    "displacement equal to the gain": gettext_lazy(
        "As much displacement to the buffer area as the gain in the target area."
    ),
    "gain erased": gettext_lazy("The displacement to the buffer area erased the gain."),
}


def _chart_rows(design: EvaluationDesign, result: Any) -> list[tuple[str, int, int]]:
    """(label, before, after) per area of the design, for the chart and its description."""
    rows = [
        (f"{_('Target area')}: {design.target_area.name}", result.T0, result.T1),
        (f"{_('Comparison area')}: {design.comparison_area.name}", result.C0, result.C1),
    ]
    if result.D0 is not None and design.buffer_area is not None:
        label = _("Buffer around the target")
        rows.append((f"{label}: {design.buffer_area.name}", result.D0, result.D1))
    if result.Cd0 is not None and design.comparison_buffer_area is not None:
        label = _("Buffer around the comparison area")
        rows.append((f"{label}: {design.comparison_buffer_area.name}", result.Cd0, result.Cd1))
    return rows


@require_http_methods(["GET", "POST"])
@municipality_view("intervention.view")
def intervention_evaluation(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    """The evaluation design (coordinators set it) and, once the after window has passed,
    the eight counts, the figures and the verdict in words."""
    municipality = request.municipality
    intervention = intervention_get_for(
        user=request.user, municipality=municipality, public_id=public_id
    )
    manager = can(request.user, "intervention.manage", municipality)
    if request.method == "POST" and not manager:
        raise PermissionDenied
    design = EvaluationDesign.objects.filter(intervention=intervention).first()
    initial: dict[str, Any] = {}
    if design is not None:
        initial = {
            "target_area": design.target_area,
            "comparison_area": design.comparison_area,
            "buffer_area": design.buffer_area,
            "comparison_buffer_area": design.comparison_buffer_area,
            "categories": list(design.categories.all()),
            "before_start": design.before_start,
            "after_start": design.after_start,
            "weeks": design.weeks,
        }
    elif intervention.area is not None:
        initial = {
            "target_area": intervention.area,
            "categories": list(intervention.categories.all()),
        }
    form = EvaluationDesignForm(
        request.POST if request.method == "POST" else None,
        municipality=municipality,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_design_set(
                actor=request.user, intervention=intervention, **form.cleaned_data
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The evaluation design is saved."))
            return redirect("interventions:evaluation", municipality.code, intervention.public_id)
    today = timezone.localdate()
    evaluation = evaluation_of(design, today) if design is not None else None
    result = evaluation.result if evaluation is not None else None
    buffer_change = cd_change = None
    if result is not None and result.D0 is not None and result.D1 is not None:
        buffer_change = result.D1 - result.D0
    if result is not None and result.Cd0 is not None and result.Cd1 is not None:
        cd_change = result.Cd1 - result.Cd0
    chart = chart_desc = None
    wdq_text = ""
    if result is not None and design is not None:
        rows = _chart_rows(design, result)
        chart = evaluation_chart(rows)
        chart_desc = "; ".join(
            _("%(label)s: %(before)s before, %(after)s after")
            % {"label": label, "before": before, "after": after}
            for label, before, after in rows
        )
        buffer_moved = buffer_change_detectable(result)
        if result.wdq is not None and buffer_moved is False and result.buffer_effect is not None:
            # the sign of WDQ on a buffer that did not change beyond chance is noise
            effect = result.buffer_effect
            wdq_text = _(
                "The buffer did not change detectably against the comparison area (ratio "
                "%(re)s, 95 %% CI %(low)s–%(high)s): neither displacement nor diffusion can be "
                "shown."
            ) % {
                "re": floatformat(effect.re, 2),
                "low": floatformat(effect.lower, 2),
                "high": floatformat(effect.upper, 2),
            }
        elif result.wdq is not None and result.wdq.interpretation is not None:
            wdq_text = str(WDQ_TEXTS.get(result.wdq.interpretation, ""))
        elif result.wdq is not None and result.wdq.wdq is not None:
            wdq_text = _("Not interpreted: the target area did not improve against the comparison.")
    suggestions: list[Any] = []
    suggestion_start = None
    target = design.target_area if design is not None else intervention.area
    if manager and target is not None:
        if design is not None:
            suggestion_start, weeks = design.before_start, design.weeks
            chosen = list(design.categories.all())
        else:
            start = intervention.start_date or today
            monday = start - dt.timedelta(days=start.weekday())
            suggestion_start, weeks = (
                monday - dt.timedelta(weeks=SUGGESTION_WEEKS),
                SUGGESTION_WEEKS,
            )
            chosen = list(intervention.categories.all())
        suggestions = comparison_suggestions(target, suggestion_start, weeks, chosen)
    return render(
        request,
        "interventions/evaluation.html",
        {
            "i": intervention,
            "target": target,
            "suggestions": suggestions,
            "suggestion_start": suggestion_start,
            "design": design,
            "evaluation": evaluation,
            "buffer_change": buffer_change,
            "cd_change": cd_change,
            "chart": chart,
            "chart_desc": chart_desc,
            "wdq_text": wdq_text,
            "form": form if manager else None,
            "today": today,
        },
    )
