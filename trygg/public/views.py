"""The public (no login) pages of each municipality."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseNotAllowed
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language as django_set_language

from trygg.public.decorators import public_view, rate_limited
from trygg.public.selectors import municipality_public_get, participating_organisations_count


@public_view(noindex=True)  # noindex until the page has content of its own
def municipality_start(request: HttpRequest, code: str) -> HttpResponse:
    municipality = municipality_public_get(code=code)
    return render(
        request,
        "public/municipality.html",
        {
            "municipality": municipality,
            "organisations": participating_organisations_count(municipality),
        },
    )


def _same_origin(request: HttpRequest) -> bool:
    """A browser says where a form was posted from: Sec-Fetch-Site, or else Origin."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None:
        return True  # not sent by a browser's cross-site form
    return origin == f"{request.scheme}://{request.get_host()}"


@csrf_exempt
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switch of the public pages: Django's `set_language` (the same cookie as
    the rest of the site), without a CSRF token because a cached page cannot carry a
    per-visitor token; a cross-site post is refused by its Origin instead."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    limited = rate_limited(request)
    if limited is not None:
        return limited
    if not _same_origin(request):
        return HttpResponseForbidden()
    return django_set_language(request)
