"""``/accounts/tokens/``: the user's own API token — see it, create it (password again,
throttled by django-axes like the login), revoke it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.models import User
from trygg.accounts.tokens import token_create, token_expires_at, token_of, token_revoke


def tokens_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    user = request.user
    assert isinstance(user, User)
    token = token_of(user)
    rows = []
    if token is not None:
        expires = token_expires_at(token)
        rows.append(
            {
                "hint": f"{token.key[:6]}…",
                "created": token.created,
                "expires": expires,
                "expired": expires <= timezone.now(),
            }
        )
    return {"tokens": rows, "token_days": settings.TRYGG_TOKEN_DAYS, **extra}


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "revoke":
            if token_revoke(actor=user, user=user, reason="user"):
                messages.success(request, _("The API token was revoked; it no longer works."))
            return redirect("tokens")
        if action == "create":
            checked = authenticate(
                request, username=user.get_username(), password=request.POST.get("password", "")
            )
            if checked is None or checked.pk != user.pk:
                context = tokens_context(request, password_error=_("The password is not correct."))
                return render(request, "accounts/tokens.html", context, status=400)
            token = token_create(actor=user, user=user)
            context = tokens_context(request, new_key=token.key)
            return render(request, "accounts/tokens.html", context)
    return render(request, "accounts/tokens.html", tokens_context(request))
