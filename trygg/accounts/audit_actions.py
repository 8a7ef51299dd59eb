"""Audit actions of the accounts app: organisations, users, roles, API tokens."""

from trygg.core.audit import AuditAction, Label, declare

USER = Label("Användare", "User")
ROLE = Label("Roll", "Role")

declare(
    AuditAction(
        "organisation.create",
        Label("Organisation skapad", "Organisation created"),
        extras={
            "demo": Label("Demo", "Demo"),
            "expected_from": Label("Förväntas rapportera från", "Expected to report from"),
        },
    ),
    AuditAction("organisation.update", Label("Organisation ändrad", "Organisation changed")),
    AuditAction(
        "user.create",
        Label("Användare skapad", "User created"),
        extras={
            "username": Label("Användarnamn", "Username"),
            "role": ROLE,
            "organisation": Label("Organisation", "Organisation"),
            "demo": Label("Demo", "Demo"),
        },
    ),
    AuditAction(
        "membership.create",
        Label("Roll tillagd", "Role added"),
        extras={"user": USER, "role": ROLE, "demo": Label("Demo", "Demo")},
    ),
    AuditAction("membership.activate", Label("Roll återaktiverad", "Role reactivated")),
    AuditAction("membership.deactivate", Label("Roll avaktiverad", "Role deactivated")),
    AuditAction(
        "api_token.create",
        Label("API-nyckel skapad", "API token created"),
        extras={"expires": Label("Giltig till", "Valid until")},
    ),
    AuditAction(
        "api_token.revoke",
        Label("API-nyckel återkallad", "API token revoked"),
        extras={"reason": Label("Orsak", "Reason")},
    ),
)

declare(
    AuditAction("user.update", Label("Användare ändrad", "User changed")),
    AuditAction(
        "user.invite",
        Label("Inbjudan skickad", "Invitation sent"),
        extras={"email": Label("E-post", "E-mail")},
    ),
    AuditAction(
        "user.reset_link",
        Label("Länk för nytt lösenord skickad", "Password link sent"),
        extras={"email": Label("E-post", "E-mail")},
    ),
    AuditAction(
        "user.reset_requested",
        Label("Nytt lösenord begärt", "New password requested"),
    ),
    AuditAction(
        "user.password_set",
        Label("Lösenord valt via länk", "Password chosen through a link"),
        extras={"invitation": Label("Inbjudan", "Invitation")},
    ),
)

declare(
    AuditAction(
        "user.notices",
        Label("E-postpåminnelser ändrade", "E-mail reminders changed"),
    ),
)
