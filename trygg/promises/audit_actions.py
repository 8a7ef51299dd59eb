"""Audit actions of the promises app: every change to an agreement or a promise, and every
publication (an explicit, audited act)."""

from trygg.core.audit import AuditAction, Label, declare

_VERSION_TEXT = frozenset({"title", "summary", "focus_areas", "situation", "goals", "scope"})
_NOTE = {"change_note": Label("Ändringsnotering", "Change note")}
_VERSION = {"version": Label("Version", "Version")}

declare(
    AuditAction(
        "agreement.create",
        Label("Samverkansöverenskommelse skapad", "Collaboration agreement created"),
        text=_VERSION_TEXT,
    ),
    AuditAction(
        "agreement.update",
        Label("Samverkansöverenskommelse ändrad", "Collaboration agreement changed"),
        extras={
            **_VERSION,
            "parties": Label("Parter", "Parties"),
            "signatories": Label("Undertecknare", "Signatories"),
        },
        text=_VERSION_TEXT | {"parties", "signatories"},
    ),
    AuditAction(
        "agreement.document",
        Label("Undertecknat dokument bifogat", "Signed document attached"),
        extras={**_VERSION, "file": Label("Fil", "File"), "bytes": Label("Storlek", "Size")},
    ),
    AuditAction(
        "agreement.sign",
        Label("Samverkansöverenskommelse undertecknad", "Collaboration agreement signed"),
        extras=_VERSION,
    ),
    AuditAction(
        "agreement.new_version",
        Label("Ny version av samverkansöverenskommelsen", "New version of the agreement"),
        extras={**_VERSION, **_NOTE},
        text=frozenset({"change_note"}),
    ),
    AuditAction(
        "promise.create",
        Label("Medborgarlöfte skapat", "Citizen promise created"),
        extras={
            "started_from": Label("Startat från", "Started from"),
            "items_copied": Label("Kopierade löften", "Items copied"),
        },
        text=_VERSION_TEXT,
    ),
    AuditAction(
        "promise.update",
        Label("Medborgarlöfte ändrat", "Citizen promise changed"),
        extras=_VERSION,
        text=_VERSION_TEXT | {"change_note"},
    ),
    AuditAction(
        "promise.item",
        Label("Löftespunkt ändrad", "Promise item changed"),
        extras={**_VERSION, "removed": Label("Borttagen", "Removed")},
        text=frozenset({"text", "target_text"}),
    ),
    AuditAction(
        "promise.basis",
        Label("Underlag för medborgarlöfte ändrat", "Basis of a citizen promise changed"),
        extras={**_VERSION, "removed": Label("Borttagen", "Removed")},
        text=frozenset({"note"}),
    ),
    AuditAction(
        "promise.activity",
        Label("Handlingsplanen ändrad", "Action plan of a promise changed"),
        extras={**_VERSION, "removed": Label("Borttagen", "Removed")},
        text=frozenset({"text", "when"}),
    ),
    AuditAction(
        "promise.status",
        Label("Medborgarlöftets status ändrad", "Citizen promise status changed"),
    ),
    AuditAction(
        "promise.agree",
        Label("Medborgarlöftets version överenskommen", "Citizen promise version agreed"),
        extras=_VERSION,
    ),
    AuditAction(
        "promise.reopen_draft",
        Label("Medborgarlöftets version åter utkast", "Citizen promise version back to draft"),
        extras=_VERSION,
    ),
    AuditAction(
        "promise.publish",
        Label("Medborgarlöfte publicerat", "Citizen promise published"),
        extras=_VERSION,
    ),
    AuditAction(
        "promise.new_version",
        Label("Ny version av medborgarlöftet", "New version of the citizen promise"),
        extras={**_VERSION, **_NOTE},
        text=frozenset({"change_note"}),
    ),
    AuditAction(
        "promise.round",
        Label("Uppföljning öppnad", "Follow-up round opened"),
        text=frozenset({"title"}),
    ),
    AuditAction(
        "promise.report",
        Label("Uppföljning av löftespunkt", "Promise item followed up"),
        extras={"party": Label("Part", "Party"), "item": Label("Löftespunkt", "Item")},
        text=frozenset({"done", "outcome"}),
    ),
    AuditAction(
        "promise.signoff",
        Label("Part har godkänt sin uppföljning", "Party signed off its follow-up"),
        extras={"party": Label("Part", "Party")},
    ),
    AuditAction(
        "promise.round_publish",
        Label("Uppföljning publicerad", "Follow-up published"),
    ),
)
