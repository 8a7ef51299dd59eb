"""The coordinator's weekly review: the queue with completeness, and the review of one report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trygg.accounts.decorators import municipality_view
from trygg.core.views import parse_week
from trygg.core.weeks import IsoWeek
from trygg.places.tenancy import MunicipalityRequest
from trygg.reports import selectors
from trygg.reports.choices import ReportStatus
from trygg.reports.forms.review import ReviewFilterForm, ReviewForm
from trygg.reports.models import Report
from trygg.reports.selectors import (
    completeness_for_week,
    due_week,
    duplicate_candidates,
    older_weeks_waiting,
    report_get_for,
    reporting_deadline,
    review_status_counts,
    unreviewed_count,
)
from trygg.reports.services import report_review

#: reports per page of the review queue
PAGE_SIZE = 100
FORM_FIELDS = ("decision", "category", "visibility", "duplicate_of", "rejection_reason")


def _queue_url(code: str, week: IsoWeek) -> str:
    return f"{reverse('reports:review', args=[code])}?{urlencode({'week': str(week)})}"


@require_http_methods(["GET", "HEAD"])
@municipality_view("report.review")
def review_queue(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    # without ?week= the queue opens on the week that is due: the previous week until its
    # reporting deadline has passed (the municipality's setting), then the current week
    due = due_week(municipality)
    week = parse_week(request.GET.get("week"), due)
    data = request.GET.copy()
    data["week"] = str(week)
    form = ReviewFilterForm(data, municipality=municipality)
    filters = form.filters()
    # unreviewed first (the queue is ordered by status, then time), a page at a time: a busy
    # week has several hundred reports
    paginator = Paginator(selectors.review_queue(municipality, week, filters=filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query["week"] = str(week)
    counts = review_status_counts(municipality, week)
    # the week before still has reports waiting (its deadline has passed, but the meeting
    # that reads it may not have met): say so, with the way there
    before = week.previous()
    waiting_before = unreviewed_count(municipality, before)
    older_waiting = [
        {"week": w, "n": n, "url": _queue_url(municipality.code, w)}
        for w, n in older_weeks_waiting(municipality, week)
    ]
    status_rows = [
        {"value": value, "label": label, "n": counts.get(value, 0)}
        for value, label in ReportStatus.choices
    ]
    return render(
        request,
        "reports/review_queue.html",
        {
            "week": week,
            "previous_url": _queue_url(municipality.code, week.previous()),
            "next_url": _queue_url(municipality.code, week.next()),
            "current_url": _queue_url(municipality.code, IsoWeek.current()),
            "is_current": week == IsoWeek.current(),
            "due_url": _queue_url(municipality.code, due),
            "due": due,
            "is_due": week == due,
            "due_deadline": reporting_deadline(municipality, due),
            "unreviewed": counts.get(ReportStatus.SUBMITTED, 0),
            "waiting_before": waiting_before,
            "older_waiting": older_waiting,
            "before": before,
            "before_url": _queue_url(municipality.code, before),
            "form": form,
            "filtered": any(
                getattr(filters, name) for name in ("area", "category", "organisation", "status")
            ),
            "reports": page.object_list,
            "page": page,
            "query": query.urlencode(),
            "status_rows": status_rows,
            "total": sum(counts.values()),
            "completeness": completeness_for_week(municipality, week),
        },
    )


def _next_unreviewed(report: Report) -> Report | None:
    week = IsoWeek.of(report.week_start)
    return (
        selectors.review_queue(report.municipality, week, status=ReportStatus.SUBMITTED)
        .exclude(pk=report.pk)
        .first()
    )


@require_http_methods(["GET", "HEAD", "POST"])
@municipality_view("report.review")
def review_report(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    report = report_get_for(user=request.user, municipality=municipality, public_id=public_id)
    week = IsoWeek.of(report.week_start)
    candidate_rows = duplicate_candidates(report)  # with their distances, for the page
    candidates = [row.report for row in candidate_rows]
    if request.method == "POST":
        form = ReviewForm(request.POST, report=report, candidates=candidates)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = report_review(
                    actor=request.user,
                    report=report,
                    decision=data["decision"] or None,
                    category=data["category"],
                    visibility=data["visibility"],
                    duplicate_of=data["duplicate_of"],
                    rejection_reason=data["rejection_reason"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, field_messages in error.message_dict.items():
                        target = field if field in FORM_FIELDS else None
                        for message in field_messages:
                            form.add_error(target, message)
                else:
                    for message in error.messages:
                        form.add_error(None, message)
            else:
                messages.success(request, _("The review of the report was saved."))
                if request.POST.get("then") == "next":
                    following = _next_unreviewed(report)
                    if following is not None:
                        return redirect(
                            "reports:review_report", municipality.code, following.public_id
                        )
                    messages.info(request, _("There are no more unreviewed reports this week."))
                return redirect(_queue_url(municipality.code, week))
    else:
        form = ReviewForm(report=report, candidates=candidates)
    following = _next_unreviewed(report)
    return render(
        request,
        "reports/review_report.html",
        {
            "report": report,
            "form": form,
            "week": week,
            "queue_url": _queue_url(municipality.code, week),
            "next_report": following,
            "candidates": candidates,
            "candidate_rows": candidate_rows,
            "selected_duplicate": form.selected_duplicate(),
        },
    )
