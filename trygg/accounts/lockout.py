"""What a locked-out login attempt sees (django-axes, ``AXES_LOCKOUT_CALLABLE``): the same
form it came from, with a message saying why and for how long, status 429."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many failed attempts: the account is locked for %(minutes)s minutes. Try again "
        "later, or ask your coordinator for help."
    ) % {"minutes": minutes}


def _form_with_error(form_class: type[AuthenticationForm], request: HttpRequest) -> Any:
    form = form_class(request, data=request.POST)
    form._errors = ErrorDict()  # type: ignore[attr-defined]
    form.cleaned_data = {}
    form.add_error(None, lockout_message())
    return form


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    message = lockout_message()
    path = request.path
    if path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    if path.startswith("/admin/"):
        context = {
            **admin.site.each_context(request),
            "title": _("Log in"),
            "app_path": request.get_full_path(),
            "form": _form_with_error(AdminAuthenticationForm, request),
            "username": request.POST.get("username", ""),
        }
        return render(request, "admin/login.html", context, status=429)
    if path.startswith("/accounts/tokens/"):
        from trygg.accounts.views_tokens import tokens_context

        return render(
            request,
            "accounts/tokens.html",
            tokens_context(request, locked_error=message),
            status=429,
        )
    form = _form_with_error(AuthenticationForm, request)
    return render(request, "registration/login.html", {"form": form}, status=429)
