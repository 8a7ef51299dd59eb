"""Audit actions of the setup app."""

from trygg.core.audit import AuditAction, Label, declare
from trygg.reports.choices import ReportStatus

declare(
    AuditAction(
        "demo.seed",
        Label("Demodata skapade", "Demo data created"),
        extras={
            name: Label(sv, en)
            for name, sv, en in (
                ("seed", "Slumpfrö", "Seed"),
                ("weeks", "Veckor", "Weeks"),
                ("end_week", "Sista vecka", "Last week"),
                ("reports", "Rapporter", "Reports"),
                ("counted_reports", "Räknade rapporter", "Counted reports"),
                ("by_status", "Per status", "By status"),
                ("weekly_returns", "Inget att rapportera", "Nothing to report"),
                ("areas", "Områden", "Areas"),
                ("places", "Platser", "Places"),
                ("organisations", "Organisationer", "Organisations"),
                ("users", "Användare", "Users"),
            )
        },
        choices={"by_status": ReportStatus},
    ),
)
