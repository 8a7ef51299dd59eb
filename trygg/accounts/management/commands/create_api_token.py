"""``manage.py create_api_token <username>``: print the user's API token (created if missing
or expired; valid for ``TRYGG_TOKEN_DAYS`` days)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from trygg.accounts.tokens import token_expires_at
from trygg.core import audit


class Command(BaseCommand):
    help = "Print the REST API token of a user, creating it the first time (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        try:
            user = user_model.objects.get(username=options["username"])
        except user_model.DoesNotExist as error:
            raise CommandError(f"No user named {options['username']!r}.") from error
        if not user.is_active:
            raise CommandError(f"The user {user.get_username()!r} is not active.")
        with transaction.atomic():
            token = Token.objects.filter(user=user).first()
            if token is not None and timezone.now() >= token_expires_at(token):
                token.delete()  # expired: a new one
                token = None
            if token is None:
                token = Token.objects.create(user=user)
                audit.record(
                    actor="manage.py create_api_token",
                    action="api_token.create",
                    target=user,
                    target_repr=user.get_username(),
                )
        self.stdout.write(token.key)
