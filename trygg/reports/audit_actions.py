"""Audit actions of the reports app: reports, review, weekly returns, categories, imports."""

from trygg.core.audit import AuditAction, Label, declare
from trygg.reports.choices import Channel, Redactable

WEEK = Label("Vecka", "Week")
DECISION = Label("Beslut", "Decision")
REPORT_TEXT = frozenset({"description", "police_reference", "rejection_reason"})


def _review(code: str, sv: str, en: str) -> AuditAction:
    return AuditAction(code, Label(sv, en), extras={"decision": DECISION}, text=REPORT_TEXT)


declare(
    AuditAction("report.create", Label("Rapport skapad", "Report created"), text=REPORT_TEXT),
    AuditAction("report.update", Label("Rapport ändrad", "Report changed"), text=REPORT_TEXT),
    _review("report.review.include", "Rapport granskad och medtagen", "Report included"),
    _review("report.review.merge", "Rapport markerad som dubblett", "Report marked as duplicate"),
    _review("report.review.reject", "Rapport avvisad", "Report rejected"),
    _review("report.review.reopen", "Rapport återöppnad", "Report reopened"),
    _review("report.review.edit", "Rapport ändrad vid granskning", "Report edited in review"),
    AuditAction(
        "report.import",
        Label("Rapporter importerade", "Reports imported"),
        extras={
            "count": Label("Antal", "Count"),
            "source": Label("Källa", "Source"),
            "channel": Label("Kanal", "Channel"),
            "first_week": Label("Första vecka", "First week"),
            "last_week": Label("Sista vecka", "Last week"),
        },
        text=frozenset({"source"}),
        choices={"channel": Channel},
    ),
    AuditAction(
        "weekly_return.create",
        Label("Inget att rapportera inskickat", "Nothing to report submitted"),
        extras={"week": WEEK},
    ),
    AuditAction(
        "weekly_return.withdraw",
        Label("Inget att rapportera återkallat", "Nothing to report withdrawn"),
        extras={"reason": Label("Orsak", "Reason")},
    ),
    AuditAction(
        "report.redact",
        Label("Text eller foto borttaget ur rapport", "Text or photo removed from a report"),
        extras={
            "what": Label("Borttaget", "Removed"),
            "reason": Label("Skäl", "Reason"),
            "audit_rows": Label("Rensade loggrader", "Log rows cleared"),
        },
        choices={"what": Redactable},
    ),
    AuditAction("category.create", Label("Kategori skapad", "Category created")),
    AuditAction("category.update", Label("Kategori ändrad", "Category changed")),
    AuditAction("category.retire", Label("Kategori tagen ur bruk", "Category retired")),
    AuditAction("category.restore", Label("Kategori återtagen i bruk", "Category restored")),
    AuditAction(
        "category.install_defaults",
        Label("Standardkategorier installerade", "Default categories installed"),
        extras={"created": Label("Skapade", "Created")},
    ),
)

declare(
    AuditAction(
        "report.comment.add",
        Label("Kommentar till rapport", "Comment on a report"),
        text=frozenset({"text"}),
    ),
    AuditAction(
        "report.comment.delete",
        Label("Kommentar borttagen", "Comment removed"),
        text=frozenset({"text"}),
    ),
)

declare(
    AuditAction(
        "report.reminder",
        Label("Påminnelse skickad", "Reminder sent"),
        extras={"week": WEEK},
    ),
)
