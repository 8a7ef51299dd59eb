"""Audit actions of the meetings app: series, meetings, agenda, attendance, decisions, minutes,
and the risk-day calendar."""

from trygg.core.audit import AuditAction, Label, declare

MEETING = Label("Möte", "Meeting")
VERSION = Label("Version", "Version")
REASON = Label("Skäl till rättelsen", "Reason for the correction")

declare(
    AuditAction(
        "meetings.series_create",
        Label("Mötesserie skapad", "Meeting series created"),
        extras={"organisations": Label("Organisationer", "Organisations")},
        text=frozenset({"name", "place"}),
    ),
    AuditAction(
        "meetings.series_schedule",
        Label("Möten i serien planerade", "Meetings of the series scheduled"),
        extras={"count": Label("Antal nya möten", "New meetings"), "until": Label("Till", "Until")},
    ),
    AuditAction(
        "meetings.meeting_create",
        Label("Möte skapat", "Meeting created"),
        extras={"organisations": Label("Organisationer", "Organisations")},
        text=frozenset({"title", "place"}),
    ),
    AuditAction(
        "meetings.agenda_generate",
        Label("Dagordning hämtad från underlaget", "Agenda generated from the data"),
        extras={
            "meeting": MEETING,
            "added": Label("Nya punkter", "New items"),
            "refreshed": Label("Uppdaterade punkter", "Items brought up to date"),
            "sources": Label("Källor", "Sources"),
        },
    ),
    AuditAction(
        "meetings.item_add",
        Label("Punkt tillagd på dagordningen", "Agenda item added"),
        extras={"meeting": MEETING},
        text=frozenset({"title"}),
    ),
    AuditAction(
        "meetings.item_update",
        Label("Dagordningspunkt ändrad", "Agenda item changed"),
        extras={"meeting": MEETING},
        text=frozenset({"note"}),
    ),
    AuditAction(
        "meetings.attendance",
        Label("Närvaro antecknad", "Attendance recorded"),
        extras={"meeting": MEETING},
    ),
    AuditAction(
        "meetings.decision",
        Label("Beslut antecknat", "Decision recorded"),
        extras={"meeting": MEETING},
        text=frozenset({"text", "intervention_title", "tell_whom", "tell_what"}),
    ),
    AuditAction(
        "meetings.close",
        Label("Möte stängt och protokoll fryst", "Meeting closed and minutes frozen"),
        extras={"version": VERSION, "correction_reason": REASON},
        text=frozenset({"correction_reason"}),
    ),
    AuditAction(
        "meetings.reopen",
        Label("Protokoll öppnat för rättelse", "Minutes opened for a correction"),
        extras={"version": VERSION, "correction_reason": REASON},
        text=frozenset({"correction_reason"}),
    ),
    AuditAction(
        "meetings.minutes_view",
        Label("Protokoll visat eller hämtat", "Minutes viewed or downloaded"),
        extras={"version": VERSION, "edition": Label("Utgåva", "Edition")},
    ),
    AuditAction(
        "meetings.risk_calendar",
        Label("Riskdagarnas inställningar ändrade", "Risk-day settings changed"),
    ),
    AuditAction(
        "meetings.risk_day_save",
        Label("Lokal riskdag sparad", "Local risk day saved"),
        text=frozenset({"name", "note"}),
    ),
    AuditAction(
        "meetings.risk_day_delete",
        Label("Lokal riskdag borttagen", "Local risk day removed"),
        text=frozenset({"name", "note"}),
    ),
)

declare(
    AuditAction(
        "meetings.meeting_cancel",
        Label("Möte inställt", "Meeting cancelled"),
    ),
    AuditAction(
        "meetings.calendar_feed_create",
        Label("Kalenderadress skapad", "Calendar address created"),
        extras={"replaced": Label("Ersatte en tidigare", "Replaced an earlier one")},
    ),
    AuditAction(
        "meetings.calendar_feed_revoke",
        Label("Kalenderadress stängd", "Calendar address revoked"),
    ),
)

declare(
    AuditAction(
        "meetings.minutes_send",
        Label("Protokoll skickat", "Minutes sent"),
        extras={"version": VERSION, "recipients": Label("Mottagare", "Recipients")},
    ),
)
