"""Removing a report's description or photo: the coordinator's confirmation page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trygg.accounts.decorators import municipality_view
from trygg.core.forms import add_service_errors
from trygg.places.tenancy import MunicipalityRequest
from trygg.reports.forms.redact import RedactForm
from trygg.reports.selectors import report_get_for
from trygg.reports.services import report_redact


@require_http_methods(["GET", "HEAD", "POST"])
@municipality_view("report.review")
def redact_report(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    report = report_get_for(user=request.user, municipality=municipality, public_id=public_id)
    if request.method == "POST":
        form = RedactForm(request.POST, report=report)
        if form.is_valid():
            what = form.cleaned_data["what"]
            try:
                report_redact(
                    actor=request.user, report=report, what=what, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if what == "photo":
                    messages.success(request, _("The photo was removed from the report."))
                else:
                    messages.success(request, _("The text was removed from the report."))
                return redirect("reports:detail", municipality.code, report.public_id)
    else:
        form = RedactForm(report=report)
    return render(
        request,
        "reports/redact.html",
        {"report": report, "form": form, "nothing_left": not (report.description or report.photo)},
    )
