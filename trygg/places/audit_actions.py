"""Audit actions of the places app: the municipality, its areas and places."""

from trygg.core.audit import AuditAction, Label, declare

declare(
    AuditAction(
        "municipality.onboard",
        Label("Kommun upplagd", "Municipality set up"),
        extras={"code": Label("Kommunkod", "Municipality code"), "name": Label("Namn", "Name")},
    ),
    AuditAction(
        "municipality.settings",
        Label("Rapporteringsinställningar ändrade", "Reporting settings changed"),
    ),
    AuditAction("area.create", Label("Område skapat", "Area created")),
    AuditAction("area.update", Label("Område ändrat", "Area changed")),
    AuditAction("place.create", Label("Plats skapad", "Place created")),
    AuditAction("place.update", Label("Plats ändrad", "Place changed")),
)
