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

_JOINT = {
    "joint_body": Label("Råd eller polisområde", "Council or police area"),
    "municipality": Label("Kommun", "Municipality"),
    "by": Label("Inbjuden av", "Invited by"),
}

declare(
    AuditAction(
        "joint.create",
        Label("Gemensamt råd eller polisområde skapat", "Joint council or police area created"),
        extras=_JOINT,
    ),
    AuditAction(
        "joint.invite",
        Label("Kommun inbjuden till gemensam vy", "Municipality invited to a joint view"),
        extras=_JOINT,
    ),
    AuditAction(
        "joint.accept",
        Label("Inbjudan till gemensam vy godtagen", "Invitation to a joint view accepted"),
        extras=_JOINT,
    ),
    AuditAction(
        "joint.decline",
        Label("Inbjudan till gemensam vy avböjd", "Invitation to a joint view declined"),
        extras=_JOINT,
    ),
    AuditAction(
        "joint.leave",
        Label("Kommunen lämnade gemensam vy", "Municipality left a joint view"),
        extras=_JOINT,
    ),
)
