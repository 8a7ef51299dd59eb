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

# --- the åtgärdsplan (lag 2023:196) -----------------------------------------------------------
_PLAN_TEXT = frozenset({"title", "summary", "change_note"})
_ROW_TEXT = frozenset(
    {"cause", "measure", "operational_goal", "when_text", "who_text", "follow_up"}
)
_V = {"version": Label("Version", "Version")}

declare(
    AuditAction(
        "action_plan.create",
        Label("Åtgärdsplan skapad", "Action plan created"),
        extras={"crime_picture": Label("Lägesbild", "Crime picture")},
        text=_PLAN_TEXT,
    ),
    AuditAction(
        "action_plan.update",
        Label("Åtgärdsplan ändrad", "Action plan changed"),
        extras=_V,
        text=_PLAN_TEXT,
    ),
    AuditAction(
        "action_plan.row",
        Label("Rad i åtgärdsplanen ändrad", "Action plan row changed"),
        extras={
            **_V,
            "row": Label("Rad", "Row"),
            "removed": Label("Borttagen", "Removed"),
            "moved": Label("Flyttad", "Moved"),
            "findings": Label("Slutsatser", "Findings"),
            "interventions": Label("Insatser", "Interventions"),
        },
        text=_ROW_TEXT | {"row"},
    ),
    AuditAction(
        "action_plan.decide",
        Label("Åtgärdsplan beslutad", "Action plan decided"),
        extras={**_V, "renewal_due": Label("Förnyas senast", "Renew by")},
    ),
    AuditAction(
        "action_plan.publish",
        Label("Åtgärdsplanens publicering ändrad", "Action plan publication changed"),
        extras=_V,
    ),
    AuditAction(
        "action_plan.new_version",
        Label("Ny version av åtgärdsplanen", "New version of the action plan"),
        extras={**_V, "change_note": Label("Ändringsnotering", "Change note")},
        text=frozenset({"change_note"}),
    ),
    AuditAction(
        "action_plan.round",
        Label("Uppföljning av åtgärdsplanen", "Action plan follow-up"),
        extras={**_V, "completed": Label("Avslutad", "Completed")},
        text=frozenset({"title", "summary"}),
    ),
    AuditAction(
        "action_plan.report",
        Label("Rad i åtgärdsplanen följd upp", "Action plan row followed up"),
        extras={"row": Label("Rad", "Row")},
        text=frozenset({"note", "row"}),
    ),
    AuditAction(
        "action_plan.reminder",
        Label("Påminnelse om att förnya åtgärdsplanen", "Action plan renewal reminder"),
        extras={
            "renewal_due": Label("Förnyas senast", "Renew by"),
            "recipients": Label("Mottagare", "Recipients"),
        },
    ),
)
