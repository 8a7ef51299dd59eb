"""Comments on a report: add one (partners, the police, coordinators), remove one (its author
or a coordinator). The report's page shows them (views/browse.report_detail)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.accounts.decorators import municipality_view
from trygg.core.forms import add_service_errors
from trygg.places.tenancy import MunicipalityRequest
from trygg.reports.forms.comments import CommentForm
from trygg.reports.models import ReportComment
from trygg.reports.selectors import report_get_for
from trygg.reports.services.comments import report_comment_add, report_comment_delete
from trygg.reports.views.browse import render_detail


@require_POST
@municipality_view("report.comment")
def comment_add(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    report = report_get_for(user=request.user, municipality=municipality, public_id=public_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            report_comment_add(actor=request.user, report=report, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your comment was added."))
            return redirect("reports:detail", municipality.code, report.public_id)
    return render_detail(request, report, comment_form=form)


@require_POST
@municipality_view("report.view_own")
def comment_delete(request: MunicipalityRequest, public_id: Any, comment_id: Any) -> HttpResponse:
    municipality = request.municipality
    report = report_get_for(user=request.user, municipality=municipality, public_id=public_id)
    comment = ReportComment.objects.filter(report=report, public_id=comment_id).first()
    if comment is None:
        raise Http404
    report_comment_delete(actor=request.user, comment=comment)
    messages.success(request, _("The comment was removed."))
    return redirect("reports:detail", municipality.code, report.public_id)
