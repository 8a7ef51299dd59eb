"""Writes for organisations, users and memberships. Each checks permission and audits."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from trygg.accounts import tasks
from trygg.accounts.choices import OrganisationType, ReportingFrequency, Role
from trygg.accounts.models import Membership, Organisation, ReportingExpectation, User
from trygg.accounts.permissions import can
from trygg.accounts.types import Actor
from trygg.core import audit
from trygg.core.validators import clean_text, reject_nul, screened
from trygg.core.weeks import IsoWeek

ORGANISATION_FIELDS = [
    "name",
    "type",
    "contact_name",
    "contact_email",
    "contact_phone",
    "reporting_frequency",
    "active",
]

ORGANISATION_TEXT = screened("accounts.Organisation", "name")
"""The organisation's name is shown to every partner and in every snapshot: screened. Its
contact person's name, e-mail and phone are personal data by design (coordinators only)."""


def _clean_organisation_values(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in ORGANISATION_FIELDS:
            raise ValidationError(_("Unknown field %(name)s.") % {"name": key})
        if isinstance(value, str):
            # contact details of the organisation's key person are allowed here (not free text
            # about incidents), but NUL bytes never are
            reject_nul(value)
            value = value.strip()
        out[key] = value
    if "name" in out:
        try:
            out["name"] = ORGANISATION_TEXT.clean("name", out["name"])
        except ValidationError as error:
            raise ValidationError({"name": error.messages}) from error
        if not out["name"]:
            raise ValidationError({"name": [_("Give the organisation a name.")]})
    if "type" in out and out["type"] not in OrganisationType.values:
        raise ValidationError({"type": [_("Unknown organisation type.")]})
    if "reporting_frequency" in out and out["reporting_frequency"] not in (
        ReportingFrequency.values
    ):
        raise ValidationError({"reporting_frequency": [_("Unknown reporting frequency.")]})
    if out.get("contact_email"):
        try:
            validate_email(out["contact_email"])
        except ValidationError as error:
            raise ValidationError(
                {"contact_email": [_("Enter a valid e-mail address.")]}
            ) from error
    return out


def _expectation_start(expected_from: dt.date | None) -> dt.date:
    """Monday of the week an expectation starts: `expected_from`'s week, default this week."""
    return IsoWeek.of(expected_from).monday if expected_from else IsoWeek.current().monday


def _expectation_follow(organisation: Organisation, start: dt.date) -> None:
    """Make the expectation history follow the organisation's current settings from the week
    starting `start`: the open row is closed the Sunday before (or replaced when it starts that
    week itself), and a new open row starts when anything is expected. Old weeks keep what was
    expected then."""
    frequency = organisation.effective_frequency
    current = ReportingExpectation.objects.filter(
        organisation=organisation, valid_to__isnull=True
    ).first()
    if current is not None:
        if current.frequency == frequency:
            return
        if current.valid_from >= start:
            current.delete()
        else:
            current.valid_to = start - dt.timedelta(days=1)
            current.save(update_fields=["valid_to", "updated_at"])
    if frequency != ReportingFrequency.NONE:
        ReportingExpectation.objects.create(
            organisation=organisation, frequency=frequency, valid_from=start
        )


@transaction.atomic
def organisation_create(
    *, actor: Actor, municipality: Any, expected_from: dt.date | None = None, **values: Any
) -> Organisation:
    """Create an organisation; it is expected to report from the week of `expected_from`
    (default: this week — never earlier weeks unless the coordinator says so)."""
    if not can(actor, "municipality.manage", municipality):
        raise PermissionDenied
    values = _clean_organisation_values(values)
    if "name" not in values:
        raise ValidationError({"name": [_("Give the organisation a name.")]})
    if Organisation.objects.filter(municipality=municipality, name=values["name"]).exists():
        raise ValidationError({"name": [_("An organisation with this name already exists.")]})
    organisation = Organisation(municipality=municipality, **values)
    organisation.full_clean()
    organisation.save()
    start = _expectation_start(expected_from)
    _expectation_follow(organisation, start)
    audit.record(
        actor=actor,
        action="organisation.create",
        target=organisation,
        municipality=municipality,
        organisation=organisation,
        changes={
            **audit.created(organisation, ORGANISATION_FIELDS),
            "expected_from": start.isoformat(),
        },
    )
    return organisation


@transaction.atomic
def organisation_update(*, actor: Actor, organisation: Organisation, **values: Any) -> Organisation:
    municipality = organisation.municipality
    if not can(actor, "municipality.manage", municipality):
        raise PermissionDenied
    values = _clean_organisation_values(values)
    if (
        "name" in values
        and Organisation.objects.filter(municipality=municipality, name=values["name"])
        .exclude(pk=organisation.pk)
        .exists()
    ):
        raise ValidationError({"name": [_("An organisation with this name already exists.")]})
    before = audit.snapshot(organisation, ORGANISATION_FIELDS)
    for key, value in values.items():
        setattr(organisation, key, value)
    organisation.full_clean()
    organisation.save()
    # a changed frequency (or deactivation) counts from this week on, never backwards
    _expectation_follow(organisation, _expectation_start(None))
    audit.record(
        actor=actor,
        action="organisation.update",
        target=organisation,
        municipality=municipality,
        organisation=organisation,
        changes=audit.diff(before, audit.snapshot(organisation, ORGANISATION_FIELDS)),
    )
    return organisation


RESERVED_USERNAMES = frozenset(
    {"admin", "administrator", "root", "system", "trygg", "support", "api", "test", "anonymous"}
)
UNUSABLE_USERNAME = gettext_noop(
    "This username cannot be used. Choose another, for example with the municipality's or "
    "organisation's name added (anna.svensson.flen)."
)


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    organisation: Organisation,
    username: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    password: str | None = None,
) -> User:
    """Create a user with one membership in `organisation`.

    Without a password the account cannot log in until a password is set (by the user through
    password reset, or by staff).
    """
    municipality = organisation.municipality
    if not can(actor, "municipality.manage", municipality):
        raise PermissionDenied
    for value in (username, first_name, last_name, email):
        reject_nul(value)
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": [_("Enter a username.")]})
    taken = User.objects.filter(username__iexact=username).first()
    if taken is not None and taken.memberships.filter(municipality=municipality).exists():
        # one of this municipality's own users (listed on its Users page anyway)
        raise ValidationError({"username": [_("That username is taken.")]})
    if taken is not None or username.lower() in RESERVED_USERNAMES:
        # Usernames are unique across Trygg (one login for a person in several
        # municipalities), but whether one exists elsewhere is not this municipality's to
        # know: the same answer as for a reserved name.
        raise ValidationError({"username": [_(UNUSABLE_USERNAME)]})
    if role not in Role.values:
        raise ValidationError({"role": [_("Unknown role.")]})
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise ValidationError({"email": [_("Enter a valid e-mail address.")]}) from error
    user = User(
        username=username,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
    )
    if password:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from error
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    membership = Membership.objects.create(
        user=user, organisation=organisation, municipality=municipality, role=role
    )
    audit.record(
        actor=actor,
        action="user.create",
        target=user,
        municipality=municipality,
        organisation=organisation,
        changes={"username": username, "role": role, "organisation": str(organisation)},
    )
    audit.record(
        actor=actor,
        action="membership.create",
        target=membership,
        municipality=municipality,
        organisation=organisation,
        changes={"role": role},
        target_repr=str(membership),
    )
    return user


@transaction.atomic
def membership_add(
    *, actor: Actor, user: User, organisation: Organisation, role: str
) -> Membership:
    municipality = organisation.municipality
    if not can(actor, "municipality.manage", municipality):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError({"role": [_("Unknown role.")]})
    membership, created = Membership.objects.get_or_create(
        user=user,
        organisation=organisation,
        role=role,
        defaults={"municipality": municipality},
    )
    if not created and membership.active:
        raise ValidationError(_("The user already has this role in the organisation."))
    membership.active = True
    membership.save()
    audit.record(
        actor=actor,
        action="membership.create",
        target=membership,
        municipality=municipality,
        organisation=organisation,
        changes={"user": user.username, "role": role},
    )
    return membership


@transaction.atomic
def membership_set_active(*, actor: Actor, membership: Membership, active: bool) -> Membership:
    municipality = membership.municipality
    if not can(actor, "municipality.manage", municipality):
        raise PermissionDenied
    if (
        not active
        and membership.user_id == getattr(actor, "pk", None)
        and (membership.role == Role.COORDINATOR)
    ):
        raise ValidationError(_("You cannot remove your own coordinator role."))
    before = membership.active
    membership.active = active
    membership.save(update_fields=["active", "updated_at"])
    audit.record(
        actor=actor,
        action="membership.activate" if active else "membership.deactivate",
        target=membership,
        municipality=municipality,
        organisation=membership.organisation,
        changes={"active": [before, active]},
    )
    return membership


def display_name_clean(value: str) -> str:
    return clean_text(value, pii=False)


def audit_event_redact(*, actor: Any, event: Any, reason: str) -> Any:
    """Remove the free text (descriptions, notes) of one audit event of the actor's
    municipality, e.g. personal data that slipped through; who, when and why is itself
    logged. Coordinators (``municipality.manage``) only."""
    municipality = event.municipality
    allowed = municipality is not None and can(actor, "municipality.manage", municipality)
    return audit.redact(actor=actor, event=event, reason=reason, may_redact=allowed)


# ---------------------------------------------------------------------------------------------
# A user's name and e-mail, invitations and password-reset links

USER_PROFILE_FIELDS = ["first_name", "last_name", "email"]

#: What a link mail offers: an invitation (the account has no password yet) or a new password.
LINK_INVITE = "invite"
LINK_RESET = "reset"


def user_profile_editable_in(user: User, municipality: Any) -> bool:
    """May a coordinator of `municipality` change this user's name and e-mail?

    Only when every membership of the user is in that municipality and the user is no staff
    account: the e-mail address is where password links go, so a coordinator must not be able
    to take over an account that also acts in another municipality."""
    if user.is_staff or user.is_superuser:
        return False
    return not Membership.objects.filter(user=user).exclude(municipality=municipality).exists()


def _municipalities_of(user: User) -> list[Any]:
    """The municipalities the user has a membership in (for audit rows each can see)."""
    seen: dict[int, Any] = {}
    for membership in Membership.objects.filter(user=user).select_related("municipality"):
        seen.setdefault(membership.municipality_id, membership.municipality)
    return list(seen.values())


def _member_of(user: User, municipality: Any) -> bool:
    return Membership.objects.filter(user=user, municipality=municipality).exists()


@transaction.atomic
def user_update(
    *,
    actor: Actor,
    municipality: Any,
    user: User,
    first_name: str,
    last_name: str,
    email: str,
) -> User:
    """Change a user's name and e-mail address (a coordinator of the user's municipality)."""
    if not can(actor, "municipality.manage", municipality) or not _member_of(user, municipality):
        raise PermissionDenied
    if not user_profile_editable_in(user, municipality):
        raise ValidationError(
            _(
                "This account is also used in another municipality: only the user can change "
                "their name and e-mail address."
            )
        )
    values = {"first_name": first_name, "last_name": last_name, "email": email}
    errors: dict[str, list[str]] = {}
    for key, value in values.items():
        try:
            values[key] = display_name_clean(value or "") if key != "email" else value.strip()
        except ValidationError as error:
            errors.setdefault(key, []).extend(error.messages)
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors.setdefault("email", []).append(_("Enter a valid e-mail address."))
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(user, USER_PROFILE_FIELDS)
    for key, value in values.items():
        setattr(user, key, value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=[*USER_PROFILE_FIELDS])
    changes = audit.diff(before, audit.snapshot(user, USER_PROFILE_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="user.update",
            target=user,
            municipality=municipality,
            changes=changes,
        )
    return user


def _enqueue_link(user_id: int, kind: str) -> None:
    tasks.send_access_link.enqueue(user_id, kind)


def access_link_kind(user: User) -> str:
    """An invitation for an account that has never had a password, otherwise a reset link."""
    return LINK_RESET if user.has_usable_password() else LINK_INVITE


@transaction.atomic
def user_send_access_link(*, actor: Actor, municipality: Any, user: User) -> str:
    """Queue an e-mail to the user with a link to choose a (new) password. Returns the kind
    (LINK_INVITE or LINK_RESET). The link is made when the mail is sent (no token is stored)."""
    if not can(actor, "municipality.manage", municipality) or not _member_of(user, municipality):
        raise PermissionDenied
    if not user.is_active:
        raise ValidationError(_("The account is not active."))
    if not user.email:
        raise ValidationError(_("The user has no e-mail address. Add one first."))
    kind = access_link_kind(user)
    audit.record(
        actor=actor,
        action="user.invite" if kind == LINK_INVITE else "user.reset_link",
        target=user,
        municipality=municipality,
        changes={"email": user.email},
    )
    transaction.on_commit(functools.partial(_enqueue_link, user.pk, kind))
    return kind


def password_reset_request(*, email: str) -> int:
    """ "Forgot your password?": queue a reset mail to every active account with this e-mail
    address that has a password. Says nothing about whether one exists (the page is the same).
    Returns the number of mails queued."""
    email = (email or "").strip()
    if not email or "\x00" in email:
        return 0
    users = [
        user
        for user in User.objects.filter(email__iexact=email, is_active=True)
        if user.has_usable_password()
    ]
    for user in users:
        with transaction.atomic():
            for municipality in _municipalities_of(user) or [None]:
                audit.record(
                    actor="password reset form",
                    action="user.reset_requested",
                    target=user,
                    municipality=municipality,
                )
            transaction.on_commit(functools.partial(_enqueue_link, user.pk, LINK_RESET))
    return len(users)


@transaction.atomic
def password_set_by_link(*, user: User, password: str) -> User:
    """The user chose a password through an invitation or reset link (already validated by
    Django's SetPasswordForm and token check)."""
    invited = not user.has_usable_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    for municipality in _municipalities_of(user) or [None]:
        audit.record(
            actor=user,
            action="user.password_set",
            target=user,
            municipality=municipality,
            changes={"invitation": invited},
        )
    return user


@transaction.atomic
def user_notices_set(*, actor: Actor, user: User, mail_notices: bool) -> User:
    """Turn the user's e-mail reminders and notices on or off. Only the user themselves."""
    if getattr(actor, "pk", None) != user.pk:
        raise PermissionDenied
    before = user.mail_notices
    if before == bool(mail_notices):
        return user
    user.mail_notices = bool(mail_notices)
    user.save(update_fields=["mail_notices"])
    audit.record(
        actor=actor,
        action="user.notices",
        target=user,
        target_repr=user.get_username(),
        changes={"mail_notices": [before, user.mail_notices]},
    )
    return user
