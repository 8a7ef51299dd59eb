"""Request id for log and audit correlation; the health check ahead of everything else."""

from __future__ import annotations

import contextvars
import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from trygg.core.views import healthz

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "trygg_request_id", default=None
)
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str | None:
    return _request_id.get()


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = rid
        return response


class HealthCheckMiddleware:
    """Answer GET/HEAD /healthz/ first: before host validation (a probe uses the container's
    address, not a name in TRYGG_ALLOWED_HOSTS), the HTTPS redirect and sessions."""

    PATH = "/healthz/"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == self.PATH and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` on every response (``settings.TRYGG_PERMISSIONS_POLICY``): every
    powerful browser feature off, except geolocation for this site's own pages (the report
    form's "use my position"). The photo is chosen with a file input, which needs no camera
    permission, so the camera stays off."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from django.conf import settings

        self.get_response = get_response
        self.value = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in settings.TRYGG_PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.value)
        return response
