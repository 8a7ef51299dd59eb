"""The municipality-scoped view decorator used by every tenant page."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from trygg.accounts.permissions import can
from trygg.accounts.selectors import municipality_get_for
from trygg.accounts.types import TenantRequest


def municipality_view(
    perm: str = "municipality.view",
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Log-in required; resolves `code` to request.municipality (404 outside the user's
    municipalities) and checks `perm` there (403 when visible but not allowed).

    The view receives a ``TenantRequest`` (``trygg.places.tenancy.MunicipalityRequest`` in the
    apps above places): the user is logged in and the municipality is set."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, code: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            municipality = municipality_get_for(user=request.user, code=code)
            if not can(request.user, perm, municipality):
                # the user belongs here: the 403 page keeps the municipality's navigation
                request.municipality = municipality  # type: ignore[attr-defined]
                raise PermissionDenied
            # From here on the request is what the view is annotated with: can() held for a
            # logged-in User, and the municipality is resolved.
            tenant_request = cast(TenantRequest, request)
            tenant_request.municipality = municipality
            return view(tenant_request, *args, **kwargs)

        return wrapper

    return decorator
