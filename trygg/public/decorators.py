"""`public_view`: the one door through which the public (no login) pages are served.

A public page is:

- **open**: no login; the view runs with an anonymous user whoever asks, so its content can
  never depend on who is logged in, and the session is never touched (no session cookie, no
  ``Vary: Cookie`` from the session);
- **read-only**: GET and HEAD only, anything else is 405 (exempt from the CSRF check, which
  would otherwise answer a POST with 403 before the view could say that it takes none);
- **cached**: a 200 response is kept in Django's cache per host, full path and language for
  ``TRYGG_PUBLIC_CACHE_SECONDS`` (default 300); a hit runs no view and no query. Responses that
  set a cookie are never cached. The key includes the municipality's public generation
  (``trygg.places.public_cache``): a publication bumps it, and every page of that municipality is
  rendered afresh at the next request;
- **rate-limited per client address**: at most ``TRYGG_PUBLIC_RATE_LIMIT`` requests (default
  120) per ``TRYGG_PUBLIC_RATE_WINDOW`` seconds (default 60) per address, cache hits included;
  then 429 with ``Retry-After`` and a Swedish and English message. The address is
  ``REMOTE_ADDR`` (the project trusts no forwarding header; behind a reverse proxy, have the
  proxy pass the client address to the application server as its peer address, see
  docs/operations.md). IPv6 addresses count per /64, the block one subscriber usually holds;
- **optionally not indexed**: ``noindex=True`` sends ``X-Robots-Tag: noindex`` and sets
  ``request.robots_noindex`` for ``<meta name="robots" content="noindex">`` in
  ``public/base.html``. A view may decide per municipality instead (``Municipality.
  public_indexing``): it sets ``request.robots_noindex`` itself; the header follows it and is
  kept with the cached page.

The cache and the counters live in Django's default cache. With the default local-memory
cache each server process keeps its own (with two workers a client may make up to twice the
limit); a shared cache backend makes them common to all processes.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import math
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.csrf import csrf_exempt

from trygg.places.public_cache import generation

View = Callable[..., HttpResponse]

SAFE_METHODS = ("GET", "HEAD")
_PAGE_PREFIX = "trygg:public:page:"
_RATE_PREFIX = "trygg:public:rate:"


def _now() -> float:
    """The clock of the rate limiter (a function so that tests can hold it still)."""
    return time.time()


def client_address(request: HttpRequest) -> str:
    """The rate-limit key of the client: its address, IPv6 as its /64 network."""
    raw = str(request.META.get("REMOTE_ADDR", "")).strip()
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def rate_limited(request: HttpRequest) -> HttpResponse | None:
    """Count the request against its client's window; a 429 response when over the limit."""
    limit = settings.TRYGG_PUBLIC_RATE_LIMIT
    window = settings.TRYGG_PUBLIC_RATE_WINDOW
    now = _now()
    slot = int(now // window)
    key = f"{_RATE_PREFIX}{client_address(request)}:{slot}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count <= limit:
        return None
    retry_after = max(1, math.ceil((slot + 1) * window - now))
    response = HttpResponse(
        render_to_string("public/429.html", {"retry_after": retry_after}),
        status=429,
        content_type="text/html; charset=utf-8",
    )
    response["Retry-After"] = str(retry_after)
    response["Content-Language"] = "sv, en"
    patch_cache_control(response, no_store=True)
    return response


def _page_key(request: HttpRequest, code: str) -> str:
    url = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"{_PAGE_PREFIX}{translation.get_language()}:{code}:{generation(code)}:{digest}"


def _finish(response: HttpResponse, *, noindex: bool, seconds: int) -> HttpResponse:
    if noindex:
        response["X-Robots-Tag"] = "noindex"
    patch_cache_control(response, public=True, max_age=seconds)
    # the language comes from the language cookie or Accept-Language (LocaleMiddleware adds
    # the latter); no part of the page depends on the user
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def public_view(*, noindex: bool = False) -> Callable[[View], View]:
    """Serve `view` as a public page (see the module docstring)."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in SAFE_METHODS:
                return HttpResponseNotAllowed(SAFE_METHODS)
            limited = rate_limited(request)
            if limited is not None:
                return limited
            seconds = settings.TRYGG_PUBLIC_CACHE_SECONDS
            key = _page_key(request, str(kwargs.get("code", "")))
            cached = cache.get(key) if seconds > 0 else None
            if cached is not None:
                content, content_type, cached_noindex = cached
                return _finish(
                    HttpResponse(content, content_type=content_type),
                    noindex=cached_noindex,
                    seconds=seconds,
                )
            request.user = AnonymousUser()
            request.robots_noindex = noindex  # type: ignore[attr-defined]
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            page_noindex = bool(getattr(request, "robots_noindex", noindex))
            if seconds > 0 and not response.cookies and not response.streaming:
                cache.set(
                    key,
                    (response.content, response["Content-Type"], page_noindex),
                    timeout=seconds,
                )
            return _finish(response, noindex=page_noindex, seconds=seconds)

        return csrf_exempt(wrapper)

    return decorator
