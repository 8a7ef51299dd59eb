"""Comments on reports: a partner (the police among them) or a coordinator adds what they know
or did; the author or a coordinator removes one, and its text leaves the audit log with it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trygg.accounts.models import Membership
from trygg.accounts.permissions import can
from trygg.accounts.types import Actor
from trygg.core import audit
from trygg.core.validators import screened
from trygg.reports.models import Report, ReportComment
from trygg.reports.selectors import reports_visible_to

COMMENT_TEXT = screened("reports.ReportComment", "text")
MAX_LENGTH = 1000


def _visible(actor: Actor, report: Report) -> bool:
    return reports_visible_to(actor, report.municipality).filter(pk=report.pk).exists()


@transaction.atomic
def report_comment_add(*, actor: Actor, report: Report, text: str) -> ReportComment:
    """Add a comment to a report the actor can see. All-or-nothing; audited."""
    municipality = report.municipality
    if not can(actor, "report.comment", municipality) or not _visible(actor, report):
        raise PermissionDenied
    try:
        text = COMMENT_TEXT.clean("text", text)
    except ValidationError as error:
        raise ValidationError({"text": error.messages}) from error
    if not text:
        raise ValidationError({"text": [_("Write a comment.")]})
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            {"text": [_("At most %(n)s characters, please.") % {"n": MAX_LENGTH}]}
        )
    membership = (
        Membership.objects.filter(user=actor, municipality=municipality, active=True)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    comment = ReportComment.objects.create(
        municipality=municipality,
        report=report,
        author=actor,
        organisation=membership.organisation if membership else None,
        text=text,
    )
    audit.record(
        actor=actor,
        action="report.comment.add",
        target=comment,
        municipality=municipality,
        organisation=comment.organisation,
        changes={"text": [None, text]},
        target_repr=f"{report.category.label}, {report.occurred_start:%Y-%m-%d}",
    )
    return comment


@transaction.atomic
def report_comment_delete(*, actor: Actor, comment: ReportComment) -> None:
    """Remove a comment (its author, or a coordinator). Its text is also removed from the audit
    row that recorded it; the removal itself is recorded without the text."""
    municipality = comment.municipality
    is_author = comment.author_id is not None and comment.author_id == getattr(actor, "pk", None)
    if not (is_author or can(actor, "report.review", municipality)):
        raise PermissionDenied
    audit.strip_free_text(target=comment, fields=["text"])
    audit.record(
        actor=actor,
        action="report.comment.delete",
        target=comment,
        municipality=municipality,
        organisation=comment.organisation,
        target_repr=str(comment.report.public_id),
    )
    comment.delete()
