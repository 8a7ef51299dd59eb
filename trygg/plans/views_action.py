"""The staff pages of the åtgärdsplan: the list, one plan as Brå's six-column table (with the
latest completed follow-up's status per row, its colour and its word), the forms that change
a draft, the decision, new versions, publication, the PDF and the follow-up rounds."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trygg.accounts.decorators import municipality_view
from trygg.accounts.permissions import can
from trygg.core.forms import add_service_errors
from trygg.core.pdf import render_pdf
from trygg.places.tenancy import MunicipalityRequest
from trygg.plans.choices import PlanRoundStatus
from trygg.plans.forms_action import (
    ActionPlanForm,
    CompleteForm,
    DecideForm,
    NewVersionForm,
    RoundForm,
    RowForm,
    RowReportForm,
    picture_of,
)
from trygg.plans.models import ActionPlan, ActionPlanRound, ActionPlanVersion
from trygg.plans.printing_action import action_plan_print_context
from trygg.plans.selectors.action_plan import (
    decided_version,
    latest_round,
    plan_get,
    plans_of,
    renewal_banner_due,
    round_get,
    rounds_of,
    row_get,
    rows_with_status,
    version_get,
    working_version,
)
from trygg.plans.services import action_plan as services
from trygg.plans.services.action_plan import decided_picture_version, draft_of


def _detail(request: MunicipalityRequest, plan: ActionPlan) -> HttpResponse:
    return redirect("plans:action_detail", request.municipality.code, plan.public_id)


def _flash(request: MunicipalityRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _draft_or_detail(request: MunicipalityRequest, plan: ActionPlan) -> ActionPlanVersion | None:
    draft = draft_of(plan)
    if draft is None:
        messages.error(
            request,
            _(
                "This version of the action plan is decided and cannot be changed. "
                "Start a new version to change it."
            ),
        )
    return draft


@municipality_view("action_plan.view")
def action_list(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    return render(
        request,
        "plans/action_list.html",
        {
            "plans": plans_of(municipality),
            "may_manage": can(request.user, "action_plan.manage", municipality),
        },
    )


@municipality_view("action_plan.manage")
@require_http_methods(["GET", "POST"])
def action_create(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    year = timezone.localdate().year
    form = ActionPlanForm(
        request.POST or None,
        municipality=municipality,
        with_picture=True,
        initial={
            "renewal_years": services.renewal_years_default(),
            "title": _("Action plan %(a)d–%(b)d") % {"a": year, "b": year + 1},
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.action_plan_create(
                actor=request.user,
                municipality=municipality,
                values={k: data[k] for k in ("title", "period_start", "period_end", "summary")},
                crime_picture=picture_of(form),
                renewal_years=data["renewal_years"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action plan is created as a draft. Add its rows."))
            return _detail(request, plan)
    return render(request, "plans/action_form.html", {"form": form, "plan": None})


@municipality_view("action_plan.view")
def action_detail(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    plan = plan_get(municipality=municipality, public_id=public_id)
    if "version" in request.GET:
        version = version_get(plan, request.GET["version"])
    else:
        version = working_version(plan)
    follow_up = latest_round(plan)
    today = timezone.localdate()
    picture_version = decided_picture_version(plan.crime_picture)
    may_manage = can(request.user, "action_plan.manage", municipality)
    return render(
        request,
        "plans/action_detail.html",
        {
            "plan": plan,
            "version": version,
            "versions": list(plan.versions.order_by("-number")),
            "rows": rows_with_status(version, follow_up),
            "follow_up": follow_up,
            "open_round": plan.rounds.filter(status=PlanRoundStatus.OPEN).first(),
            "decided": decided_version(plan),
            "picture_version": picture_version,
            "may_manage": may_manage,
            "may_edit": may_manage and version.is_draft,
            "renewal_banner": renewal_banner_due(plan, today),
            "overdue": plan.renewal_due is not None and plan.renewal_due < today,
            "new_version_form": NewVersionForm(),
        },
    )


@municipality_view("action_plan.manage")
@require_http_methods(["GET", "POST"])
def action_edit(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    plan = plan_get(municipality=municipality, public_id=public_id)
    version = _draft_or_detail(request, plan)
    if version is None:
        return _detail(request, plan)
    initial = {
        "title": version.title,
        "period_start": version.period_start,
        "period_end": version.period_end,
        "summary": version.summary,
        "renewal_years": plan.renewal_years,
        "change_note": version.change_note,
    }
    form = ActionPlanForm(
        request.POST or None,
        municipality=municipality,
        with_note=version.number > 1,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {k: data[k] for k in ("title", "period_start", "period_end", "summary")}
        values["renewal_years"] = data["renewal_years"]
        if "change_note" in data:
            values["change_note"] = data["change_note"]
        try:
            services.action_plan_update(actor=request.user, version=version, values=values)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action plan is saved."))
            return _detail(request, plan)
    return render(
        request, "plans/action_form.html", {"form": form, "plan": plan, "version": version}
    )


ROW_NAMES = (
    "cause",
    "measure",
    "operational_goal",
    "when_text",
    "due_date",
    "who_text",
    "organisation",
    "follow_up",
)


def _row_page(request: MunicipalityRequest, public_id: Any, row_id: int | None) -> HttpResponse:
    municipality = request.municipality
    plan = plan_get(municipality=municipality, public_id=public_id)
    version = _draft_or_detail(request, plan)
    if version is None:
        return _detail(request, plan)
    row = row_get(version, row_id) if row_id is not None else None
    initial: dict[str, Any] = {}
    if row is not None:
        initial = {name: getattr(row, name) for name in ROW_NAMES}
        initial["findings"] = list(row.findings.all())
        initial["interventions"] = list(row.interventions.all())
    form = RowForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {name: data[name] for name in ROW_NAMES}
        for name in ("findings", "interventions"):
            if name in form.fields:
                values[name] = list(data[name])
        try:
            services.row_save(actor=request.user, version=version, row=row, values=values)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The row is saved."))
            return _detail(request, plan)
    return render(
        request,
        "plans/action_row_form.html",
        {"form": form, "plan": plan, "version": version, "row": row},
    )


@municipality_view("action_plan.manage")
@require_http_methods(["GET", "POST"])
def action_row_create(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    return _row_page(request, public_id, None)


@municipality_view("action_plan.manage")
@require_http_methods(["GET", "POST"])
def action_row_edit(request: MunicipalityRequest, public_id: Any, row_id: int) -> HttpResponse:
    return _row_page(request, public_id, row_id)


@municipality_view("action_plan.manage")
@require_POST
def action_row_remove(request: MunicipalityRequest, public_id: Any, row_id: int) -> HttpResponse:
    plan = plan_get(municipality=request.municipality, public_id=public_id)
    version = _draft_or_detail(request, plan)
    if version is not None:
        row = row_get(version, row_id)
        try:
            services.row_remove(actor=request.user, row=row)
        except ValidationError as error:
            _flash(request, error)
        else:
            messages.success(request, _("The row is removed."))
    return _detail(request, plan)


@municipality_view("action_plan.manage")
@require_POST
def action_row_move(request: MunicipalityRequest, public_id: Any, row_id: int) -> HttpResponse:
    plan = plan_get(municipality=request.municipality, public_id=public_id)
    version = _draft_or_detail(request, plan)
    if version is not None:
        row = row_get(version, row_id)
        try:
            services.row_move(actor=request.user, row=row, up=request.POST.get("up") == "1")
        except ValidationError as error:
            _flash(request, error)
    return _detail(request, plan)


@municipality_view("action_plan.manage")
@require_http_methods(["GET", "POST"])
def action_decide(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    plan = plan_get(municipality=request.municipality, public_id=public_id)
    version = _draft_or_detail(request, plan)
    if version is None:
        return _detail(request, plan)
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_plan_decide(actor=request.user, version=version, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The decision is recorded. The plan is to be renewed by %(date)s.")
                % {"date": plan.renewal_due},
            )
            return _detail(request, plan)
    return render(
        request,
        "plans/action_decide.html",
        {
            "form": form,
            "plan": plan,
            "version": version,
            "row_count": version.rows.count(),
            "earlier": decided_version(plan),
        },
    )


@municipality_view("action_plan.manage")
@require_http_methods(["GET", "POST"])
def action_new_version(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    plan = plan_get(municipality=request.municipality, public_id=public_id)
    form = NewVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_plan_new_version(
                actor=request.user, plan=plan, change_note=form.cleaned_data["change_note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("A new draft version is started from the decided one."))
            return _detail(request, plan)
    return render(
        request,
        "plans/action_new_version.html",
        {"form": form, "plan": plan, "decided": decided_version(plan)},
    )


@municipality_view("action_plan.manage")
@require_POST
def action_publish(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    plan = plan_get(municipality=request.municipality, public_id=public_id)
    version = decided_version(plan)
    public = request.POST.get("public") == "1"
    if version is None:
        messages.error(request, _("Only the decided version of the action plan can be published."))
        return _detail(request, plan)
    try:
        services.action_plan_publish(actor=request.user, version=version, public=public)
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(
            request,
            _("The action plan is published on the public pages.")
            if public
            else _("The action plan is no longer on the public pages."),
        )
    return _detail(request, plan)


@municipality_view("action_plan.view")
def action_pdf(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    plan = plan_get(municipality=request.municipality, public_id=public_id)
    if "version" in request.GET:
        version = version_get(plan, request.GET["version"])
    else:
        version = working_version(plan)
    context = action_plan_print_context(plan, version)
    return render_pdf(
        request,
        "plans/action_print.html",
        context,
        filename=f"atgardsplan-{request.municipality.code}-v{version.number}.pdf",
    )


# --- follow-up rounds ----------------------------------------------------------------------


@municipality_view("action_plan.view")
@require_http_methods(["GET", "POST"])
def action_rounds(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    plan = plan_get(municipality=municipality, public_id=public_id)
    may_manage = can(request.user, "action_plan.manage", municipality)
    today = timezone.localdate()
    form = RoundForm(
        request.POST or None,
        initial={"as_of": today, "title": _("Follow-up %(date)s") % {"date": today.isoformat()}},
    )
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                follow_up = services.round_open(actor=request.user, plan=plan, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The follow-up is open. Report each row."))
                return _round_page(request, follow_up)
    return render(
        request,
        "plans/action_rounds.html",
        {
            "plan": plan,
            "rounds": rounds_of(plan),
            "decided": decided_version(plan),
            "form": form if may_manage else None,
            "may_manage": may_manage,
        },
    )


def _round_page(request: MunicipalityRequest, follow_up: ActionPlanRound) -> HttpResponse:
    return redirect(
        "plans:action_round",
        request.municipality.code,
        follow_up.plan.public_id,
        follow_up.public_id,
    )


def _round_context(
    request: MunicipalityRequest,
    plan: ActionPlan,
    follow_up: ActionPlanRound,
    bound: tuple[int, RowReportForm] | None = None,
    complete_form: CompleteForm | None = None,
) -> dict[str, Any]:
    is_open = follow_up.status == PlanRoundStatus.OPEN
    entries = []
    for item in rows_with_status(follow_up.version, follow_up):
        form = None
        if is_open and can(request.user, "action_plan.report_row", item.row):
            if bound and bound[0] == item.row.pk:
                form = bound[1]
            else:
                initial = (
                    {"rating": item.status.rating, "note": item.status.note} if item.status else {}
                )
                form = RowReportForm(initial=initial, prefix=f"r{item.row.pk}")
        entries.append({"row": item.row, "status": item.status, "form": form})
    missing = sum(1 for e in entries if e["status"] is None)
    may_manage = can(request.user, "action_plan.manage", plan.municipality)
    return {
        "plan": plan,
        "follow_up": follow_up,
        "version": follow_up.version,
        "entries": entries,
        "missing": missing,
        "is_open": is_open,
        "may_complete": is_open and may_manage,
        "complete_form": complete_form or CompleteForm(),
    }


@municipality_view("action_plan.view")
def action_round(request: MunicipalityRequest, public_id: Any, round_id: Any) -> HttpResponse:
    plan = plan_get(municipality=request.municipality, public_id=public_id)
    follow_up = round_get(plan, round_id)
    return render(request, "plans/action_round.html", _round_context(request, plan, follow_up))


@municipality_view("action_plan.view")
@require_POST
def action_round_report(
    request: MunicipalityRequest, public_id: Any, round_id: Any, row_id: int
) -> HttpResponse:
    plan = plan_get(municipality=request.municipality, public_id=public_id)
    follow_up = round_get(plan, round_id)
    row = row_get(follow_up.version, row_id)
    if not can(request.user, "action_plan.report_row", row):
        raise PermissionDenied
    form = RowReportForm(request.POST, prefix=f"r{row.pk}")
    if form.is_valid():
        try:
            services.row_report(
                actor=request.user, follow_up=follow_up, row=row, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The row's status is saved."))
            return _round_page(request, follow_up)
    return render(
        request,
        "plans/action_round.html",
        _round_context(request, plan, follow_up, bound=(row.pk, form)),
        status=400,
    )


@municipality_view("action_plan.manage")
@require_POST
def action_round_complete(
    request: MunicipalityRequest, public_id: Any, round_id: Any
) -> HttpResponse:
    plan = plan_get(municipality=request.municipality, public_id=public_id)
    follow_up = round_get(plan, round_id)
    form = CompleteForm(request.POST)
    if form.is_valid():
        try:
            services.round_complete(
                actor=request.user, follow_up=follow_up, summary=form.cleaned_data["summary"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The follow-up is completed."))
            return _round_page(request, follow_up)
    return render(
        request,
        "plans/action_round.html",
        _round_context(request, plan, follow_up, complete_form=form),
        status=400,
    )
