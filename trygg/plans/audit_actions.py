"""Audit actions of the plans app: the crime statistics imports."""

from trygg.core.audit import AuditAction, Label, declare
from trygg.plans.choices import StatisticSource

declare(
    AuditAction(
        "statistics.import",
        Label("Brottsstatistik importerad", "Crime statistics imported"),
        extras={
            "source": Label("Källa", "Source"),
            "file_name": Label("Fil", "File"),
            "rows": Label("Rader", "Rows"),
            "created": Label("Nya värden", "New values"),
            "updated": Label("Ändrade värden", "Changed values"),
            "unchanged": Label("Oförändrade värden", "Unchanged values"),
            "note": Label("Anteckning", "Note"),
        },
        text=frozenset({"file_name", "note"}),
        choices={"source": StatisticSource},
    ),
)
