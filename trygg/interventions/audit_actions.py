"""Audit actions of the interventions app: the whole history of an intervention."""

from trygg.core.audit import AuditAction, Label, declare
from trygg.interventions.choices import ReviewOutcome

declare(
    AuditAction(
        "intervention.create",
        Label("Insats skapad", "Intervention created"),
        text=frozenset({"title", "scanning", "analysis", "response", "assessment", "responsible"}),
    ),
    AuditAction(
        "intervention.update",
        Label("Insats ändrad", "Intervention changed"),
        text=frozenset({"title", "scanning", "analysis", "response", "assessment", "responsible"}),
    ),
    AuditAction(
        "intervention.status",
        Label("Insatsens status ändrad", "Intervention status changed"),
    ),
    AuditAction(
        "intervention.progress",
        Label("Lägesrapport för insats", "Intervention progress update"),
        extras={
            "note": Label("Läge", "Progress"),
            "hours": Label("Timmar", "Hours"),
            "date": Label("Datum", "Date"),
        },
        text=frozenset({"note"}),
    ),
    AuditAction(
        "intervention.review",
        Label("Insats följd upp", "Intervention reviewed"),
        extras={
            "outcome": Label("Utfall", "Outcome"),
            "note": Label("Anteckning", "Note"),
            "date": Label("Datum", "Date"),
        },
        text=frozenset({"note"}),
        choices={"outcome": ReviewOutcome},
    ),
)

declare(
    AuditAction(
        "intervention.evaluation_design",
        Label("Utvärderingsupplägg för insats", "Intervention evaluation design"),
    ),
)

declare(
    AuditAction("intervention.slot_add", Label("Tid lagd till i schemat", "Schedule time added")),
    AuditAction("intervention.slot_end", Label("Tid i schemat avslutad", "Schedule time ended")),
    AuditAction(
        "intervention.session",
        Label("Pass registrerat", "Session recorded"),
        text=frozenset({"note"}),
    ),
    AuditAction(
        "intervention.session_update",
        Label("Pass ändrat", "Session changed"),
        text=frozenset({"note"}),
    ),
)
