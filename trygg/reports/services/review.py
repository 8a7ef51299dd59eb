"""The coordinator's review of a report: include, merge, reject, reopen, re-categorise."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.permissions import can
from trygg.accounts.types import Actor
from trygg.core import audit
from trygg.core.validators import screened
from trygg.reports.choices import (
    ReportStatus,
    Visibility,
)
from trygg.reports.models import Category, Report
from trygg.reports.services.reports import REPORT_AUDIT_FIELDS

REVIEW_DECISIONS = ("include", "merge", "reject", "reopen")
REVIEW_TEXT = screened("reports.Report", "rejection_reason")


@transaction.atomic
def report_review(
    *,
    actor: Actor,
    report: Report,
    decision: str | None = None,
    category: Category | None = None,
    visibility: str | None = None,
    duplicate_of: Report | None = None,
    rejection_reason: str = "",
) -> Report:
    """The coordinator's review: re-categorise, set visibility, include / merge / reject.

    ``category`` and ``duplicate_of`` are objects (``trygg.reports.inputs`` resolves ids)."""
    municipality = report.municipality
    if not can(actor, "report.review", municipality):
        raise PermissionDenied
    report = Report.objects.select_for_update().get(pk=report.pk)
    before = audit.snapshot(report, REPORT_AUDIT_FIELDS)
    errors: dict[str, list[str]] = {}
    if decision is not None and decision not in REVIEW_DECISIONS:
        errors["decision"] = [_("Unknown decision.")]
    if category is not None:
        if not isinstance(category, Category) or category.municipality_id != municipality.pk:
            errors["category"] = [_("Choose a category from the list.")]
        elif not category.active and category.pk != report.category_id:
            errors["category"] = [_("This category is no longer in use.")]
        else:
            report.category = category
    if visibility is not None:
        if visibility not in Visibility.values:
            errors["visibility"] = [_("Unknown visibility.")]
        else:
            report.visibility = visibility
    primary: Report | None = None
    if decision == "merge":
        if not isinstance(duplicate_of, Report) or duplicate_of.municipality_id != municipality.pk:
            errors["duplicate_of"] = [_("Choose the report this one duplicates.")]
        else:
            head = duplicate_of
            seen = {report.pk}
            while head.duplicate_of_id is not None:
                if head.pk in seen:
                    break
                seen.add(head.pk)
                parent = head.duplicate_of
                assert parent is not None  # duplicate_of_id is set (and the FK is PROTECT)
                head = parent
            primary = head
            if head.pk == report.pk:
                errors["duplicate_of"] = [_("A report cannot be a duplicate of itself.")]
            elif head.status == ReportStatus.REJECTED:
                errors["duplicate_of"] = [_("A report cannot be merged into a rejected report.")]
    if decision == "reject":
        try:
            rejection_reason = REVIEW_TEXT.clean("rejection_reason", rejection_reason)
        except ValidationError as error:
            errors["rejection_reason"] = error.messages
        else:
            if not rejection_reason:
                errors["rejection_reason"] = [_("Give a reason for the rejection.")]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    if decision == "include":
        report.status = ReportStatus.INCLUDED
        report.duplicate_of = None
        report.rejection_reason = ""
    elif decision == "merge" and primary is not None:
        report.status = ReportStatus.MERGED
        report.duplicate_of = primary
        report.rejection_reason = ""
        # reports that were merged into this one now point at the new primary
        Report.objects.filter(duplicate_of=report).update(duplicate_of=primary)
        if primary.status == ReportStatus.SUBMITTED:
            primary.status = ReportStatus.INCLUDED
            primary.reviewed_at, primary.reviewed_by = now, actor
            primary.save(update_fields=["status", "reviewed_at", "reviewed_by", "updated_at"])
    elif decision == "reject":
        if report.duplicates.exists():
            raise ValidationError(
                {
                    "decision": [
                        _("Other reports are merged into this one; include them separately first.")
                    ]
                }
            )
        report.status = ReportStatus.REJECTED
        report.duplicate_of = None
        report.rejection_reason = rejection_reason
    elif decision == "reopen":
        report.status = ReportStatus.SUBMITTED
        report.duplicate_of = None
        report.rejection_reason = ""
    report.reviewed_at, report.reviewed_by = now, actor
    report.save()
    changes = audit.diff(before, audit.snapshot(report, REPORT_AUDIT_FIELDS))
    if decision:
        changes["decision"] = decision
    audit.record(
        actor=actor,
        action=f"report.review.{decision}" if decision else "report.review.edit",
        target=report,
        municipality=municipality,
        organisation=report.organisation,
        changes=changes,
    )
    return report
