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
