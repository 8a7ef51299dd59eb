"""API tokens: expiry, revocation (by the user, and whenever the password changes).

A user has at most one token (DRF's ``authtoken``: the key is the primary key). It is valid for
``TRYGG_TOKEN_DAYS`` days from its creation; an expired token answers 401 and is deleted. Any
password change (the password-change form, the admin, a reset, ``manage.py changepassword``:
everything that calls ``set_password``) revokes it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from trygg.accounts.models import User
from trygg.core import audit


def token_lifetime() -> dt.timedelta:
    return dt.timedelta(days=settings.TRYGG_TOKEN_DAYS)


def token_expires_at(token: Token) -> dt.datetime:
    expires: dt.datetime = token.created + token_lifetime()
    return expires


def token_of(user: User) -> Token | None:
    return Token.objects.filter(user=user).first()


class ExpiringTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, refused once the token is older than its lifetime."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        if timezone.now() >= token_expires_at(token):
            token.delete()
            raise exceptions.AuthenticationFailed(
                _("The API token has expired. Create a new one on the page API tokens.")
            )
        return user, token


@transaction.atomic
def token_create(*, actor: User, user: User) -> Token:
    """A new token for `user` (the old one, if any, stops working). The caller has checked the
    password (``authenticate``: throttled by django-axes)."""
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    audit.record(
        actor=actor,
        action="api_token.create",
        target=user,
        target_repr=user.get_username(),
        changes={"expires": str(timezone.localdate(token_expires_at(token)))},
    )
    return token


def token_revoke(*, actor: User | str, user: User, reason: str) -> bool:
    """Delete the user's token; True when there was one. `reason`: "user" or "password"."""
    with transaction.atomic():
        deleted, _rows = Token.objects.filter(user=user).delete()
        if deleted:
            audit.record(
                actor=actor,
                action="api_token.revoke",
                target=user,
                target_repr=user.get_username(),
                changes={"reason": reason},
            )
    return bool(deleted)


@receiver(post_save, sender=User, dispatch_uid="trygg-revoke-token-on-password-change")
def _revoke_on_password_change(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    # set_password() keeps the new raw password in _password until save() has stored it
    if created or getattr(instance, "_password", None) is None:
        return
    if Token.objects.filter(user=instance).exists():
        token_revoke(actor="system", user=instance, reason="password")
