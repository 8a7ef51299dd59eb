"""Audit actions of the core app."""

from trygg.core.audit import AuditAction, Label, declare

declare(
    AuditAction(
        "audit.redact",
        Label("Fritext i loggen borttagen", "Free text removed from the log"),
        extras={
            "event": Label("Händelse nr", "Event no."),
            "action": Label("Händelsens typ", "Kind of event"),
            "fields": Label("Borttagna fält", "Fields removed"),
            "reason": Label("Skäl", "Reason"),
        },
    ),
)
