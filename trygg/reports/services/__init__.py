"""Every write to reports, categories and weekly returns goes through here.

One module per feature; import from the module (``from trygg.reports.services.review import
report_review``) or from this package, which names the public services.
"""

from trygg.reports.services.categories import (
    categories_install_defaults,
    category_create,
    category_update,
    install_defaults,
)
from trygg.reports.services.comments import report_comment_add, report_comment_delete
from trygg.reports.services.imports import ImportRejected, ImportResult, RowError, reports_import
from trygg.reports.services.redaction import report_redact
from trygg.reports.services.reports import REPORT_AUDIT_FIELDS, report_create, report_update
from trygg.reports.services.review import REVIEW_DECISIONS, report_review
from trygg.reports.services.weekly_returns import weekly_return_record, weekly_return_submit

__all__ = [
    "REPORT_AUDIT_FIELDS",
    "REVIEW_DECISIONS",
    "ImportRejected",
    "ImportResult",
    "RowError",
    "categories_install_defaults",
    "category_create",
    "category_update",
    "install_defaults",
    "report_comment_add",
    "report_comment_delete",
    "report_create",
    "report_redact",
    "report_review",
    "report_update",
    "reports_import",
    "weekly_return_record",
    "weekly_return_submit",
]
