"""Audit actions of the situation app: statuses, pins, ratings, priorities, snapshots."""

from trygg.core.audit import AuditAction, Label, declare

WEEK = Label("Vecka", "Week")
PERIOD = Label("Period", "Period")
VERSION = Label("Version", "Version")

declare(
    AuditAction(
        "situation.area_status",
        Label("Områdets status beslutad", "Area status decided"),
        extras={"week": WEEK},
        text=frozenset({"reason"}),
    ),
    AuditAction(
        "situation.pin",
        Label("Rapport lyft till veckobilden", "Report pinned to the weekly picture"),
        extras={"week": WEEK, "note": Label("Anteckning", "Note")},
        text=frozenset({"note"}),
    ),
    AuditAction(
        "situation.unpin",
        Label("Rapport borttagen från veckobilden", "Report unpinned from the weekly picture"),
        extras={"week": WEEK},
    ),
    AuditAction(
        "situation.area_rating",
        Label("Områdets påverkansmöjlighet bedömd", "Area's scope for influence rated"),
        extras={"period": PERIOD},
        text=frozenset({"reason"}),
    ),
    AuditAction(
        "situation.priority_decision",
        Label("Fokusområden beslutade", "Focus areas decided"),
        extras={
            "period": PERIOD,
            "focus_areas": Label("Fokusområden", "Focus areas"),
            "focus_count": Label("Antal fokusområden", "Number of focus areas"),
            "note": Label("Anteckning", "Note"),
        },
        text=frozenset({"note"}),
    ),
    AuditAction(
        "situation.freeze",
        Label("Veckobild fryst", "Weekly picture frozen"),
        extras={"week": WEEK, "version": VERSION},
    ),
    AuditAction(
        "situation.snapshot_send",
        Label("Fryst veckobild skickad", "Frozen weekly picture sent"),
        extras={
            "week": WEEK,
            "version": VERSION,
            "organisations": Label("Organisationer", "Organisations"),
        },
    ),
)
