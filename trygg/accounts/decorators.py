"""The municipality-scoped view decorator used by every tenant page."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from trygg.accounts.permissions import can
from trygg.accounts.selectors import municipality_get_for


def municipality_view(
    perm: str = "municipality.view",
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Log-in required; resolves `code` to request.municipality (404 outside the user's
    municipalities) and checks `perm` there (403 when visible but not allowed)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, code: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            municipality = municipality_get_for(user=request.user, code=code)
            if not can(request.user, perm, municipality):
                raise PermissionDenied
            request.municipality = municipality  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
