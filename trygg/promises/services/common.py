"""Pieces shared by the promises services: text cleaning with limits, and the draft rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trygg.accounts.permissions import can
from trygg.accounts.types import Actor
from trygg.core.validators import Screen
from trygg.places import public_cache

Errors = dict[str, list[str]]


def clean_texts(
    screen: Screen, values: dict[str, Any], limits: dict[str, int], errors: Errors
) -> dict[str, str]:
    """The given text fields, stripped, screened for personal data and within their limits."""
    cleaned: dict[str, str] = {}
    for name, limit in limits.items():
        if name not in values:
            continue
        try:
            text = screen.clean(name, values[name] or "")
        except ValidationError as error:
            errors.setdefault(name, []).extend(error.messages)
            continue
        if len(text) > limit:
            errors.setdefault(name, []).append(
                _("Write at most %(limit)d characters.") % {"limit": limit}
            )
            continue
        cleaned[name] = text
    return cleaned


def require(errors: Errors, cleaned: dict[str, Any], name: str, message: str) -> None:
    if name in cleaned and not cleaned[name] and name not in errors:
        errors.setdefault(name, []).append(message)


def raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def check(actor: Actor, perm: str, obj: Any) -> None:
    if not can(actor, perm, obj):
        raise PermissionDenied


def public_changed(municipality: Any) -> None:
    """After the transaction: the municipality's public pages show the change at once."""
    code = str(municipality.code)
    transaction.on_commit(lambda: public_cache.bump(code))


def must_be_draft(version: Any) -> None:
    """Published versions are immutable: a change is a new version."""
    if not version.is_draft:
        raise ValidationError(
            _("This version is published and cannot be changed. Start a new version to change it.")
        )


def check_date(value: Any, name: str, errors: Errors, *, required: bool = False) -> None:
    if value is None:
        if required:
            errors.setdefault(name, []).append(_("Give a date."))
        return
    if not isinstance(value, dt.date) or not dt.date(2000, 1, 1) <= value <= dt.date(2100, 12, 31):
        errors.setdefault(name, []).append(_("Give a date between 2000 and 2100."))


def NO_ID_NUMBER() -> str:
    """The error for a number shaped like a personnummer in a name or title."""
    return _(
        "A name or title cannot hold a number shaped like a personal identity number; "
        "it is shown on the public pages."
    )
