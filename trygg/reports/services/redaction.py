"""Removing a report's description or photo: personal data that slipped through the guard.

A coordinator removes the text or the photo with a reason. The text goes from the report and
from every audit event about the report (``core.audit.strip_free_text``); the photo file is
deleted from storage once the transaction has committed. The report keeps when and why, so its
reporter sees that the coordinator removed it; the audit log keeps who removed what, when and
why (``report.redact``). Frozen weekly pictures never held report text (they store counts and
pins as category, area and date), so nothing lingers there.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.permissions import can
from trygg.accounts.types import Actor
from trygg.core import audit
from trygg.core.validators import screened
from trygg.reports.choices import Redactable
from trygg.reports.models import Report

REDACTION_TEXT = screened(
    "reports.Report", "description_redaction_reason", "photo_redaction_reason"
)
MAX_REASON = 300


@transaction.atomic
def report_redact(*, actor: Actor, report: Report, what: str, reason: str) -> Report:
    """Remove the report's description or photo (``what``); ``reason`` is required.

    Coordinators only (``report.review`` in the report's municipality)."""
    municipality = report.municipality
    if not can(actor, "report.review", municipality):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if what not in Redactable.values:
        raise ValidationError({"what": [_("Choose the text or the photo.")]})
    try:
        reason = REDACTION_TEXT.clean(f"{what}_redaction_reason", reason)
    except ValidationError as error:
        errors["reason"] = error.messages
    else:
        if not reason:
            errors["reason"] = [_("Give a reason for the removal.")]
        elif len(reason) > MAX_REASON:
            errors["reason"] = [_("Write at most 300 characters.")]
    report = Report.objects.select_for_update().get(pk=report.pk)
    if what == Redactable.DESCRIPTION and not report.description:
        errors.setdefault("what", []).append(_("The report has no text to remove."))
    if what == Redactable.PHOTO and not report.photo:
        errors.setdefault("what", []).append(_("The report has no photo to remove."))
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    if what == Redactable.DESCRIPTION:
        report.description = ""
        report.description_redacted_at = now
        report.description_redaction_reason = reason
        fields = ["description", "description_redacted_at", "description_redaction_reason"]
    else:
        storage, name = report.photo.storage, report.photo.name
        report.photo = None
        report.photo_redacted_at = now
        report.photo_redaction_reason = reason
        fields = ["photo", "photo_redacted_at", "photo_redaction_reason"]
        # the file goes when the removal is certain (a rollback keeps report and file)
        transaction.on_commit(lambda: storage.delete(name))
    report.save(update_fields=[*fields, "updated_at"])
    cleared = 0
    if what == Redactable.DESCRIPTION:
        # the audit keeps the photo's file name only (a random name), never its content
        cleared = audit.strip_free_text(target=report, fields=["description"])
    audit.record(
        actor=actor,
        action="report.redact",
        target=report,
        municipality=municipality,
        organisation=report.organisation,
        changes={"what": what, "reason": reason, "audit_rows": cleared},
    )
    return report
