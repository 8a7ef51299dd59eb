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

# --- the lägesbild över brottsligheten (lag 2023:196 §4) ---------------------------------------

_PICTURE_TEXT = frozenset(
    {
        "title",
        "summary",
        "part_mapping",
        "part_other",
        "part_analysis",
        "position_on_measures",
        "change_note",
    }
)
_VERSION = {"version": Label("Version", "Version")}
_ROW = {**_VERSION, "removed": Label("Borttagen", "Removed")}

declare(
    AuditAction(
        "crime_picture.create",
        Label("Lägesbild över brottsligheten skapad", "Crime picture created"),
        text=_PICTURE_TEXT,
    ),
    AuditAction(
        "crime_picture.update",
        Label("Lägesbild över brottsligheten ändrad", "Crime picture changed"),
        extras=_VERSION,
        text=_PICTURE_TEXT,
    ),
    AuditAction(
        "crime_picture.source",
        Label("Lägesbildens källförteckning ändrad", "Source register of a crime picture changed"),
        extras={**_ROW, "moved": Label("Flyttad", "Moved")},
        text=frozenset({"name", "period", "why_chosen", "limitations"}),
    ),
    AuditAction(
        "crime_picture.figure",
        Label("Figur i lägesbilden ändrad", "Figure of a crime picture changed"),
        extras=_ROW,
        text=frozenset({"caption"}),
    ),
    AuditAction(
        "crime_picture.finding",
        Label("Iakttagelse i lägesbilden ändrad", "Finding of a crime picture changed"),
        extras={**_ROW, "moved": Label("Flyttad", "Moved"), "key": Label("Nyckel", "Key")},
        text=frozenset({"text"}),
    ),
    AuditAction(
        "crime_picture.decide",
        Label("Lägesbild över brottsligheten beslutad", "Crime picture decided"),
        extras={**_VERSION, "figures_frozen": Label("Frysta figurer", "Figures frozen")},
        text=frozenset({"deciding_body", "diary_number", "paragraph"}),
    ),
    AuditAction(
        "crime_picture.publish",
        Label("Lägesbildens publicering ändrad", "Publication of a crime picture changed"),
        extras=_VERSION,
    ),
    AuditAction(
        "crime_picture.new_version",
        Label("Ny version av lägesbilden", "New version of the crime picture"),
        extras={**_VERSION, "change_note": Label("Ändringsnotering", "Change note")},
        text=frozenset({"change_note"}),
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
