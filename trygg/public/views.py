"""The public (no login) pages of each municipality."""

from __future__ import annotations

from typing import Any

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language as django_set_language

from trygg.core.pdf import pdf_bytes
from trygg.places.models import Municipality
from trygg.plans.selectors.action_plan import public_plan
from trygg.plans.selectors.picture import public_pictures as public_pictures_of
from trygg.promises.models import Promise, PromiseVersion
from trygg.promises.selectors import (
    latest_published,
    public_agreement,
    public_agreement_coming,
    public_promise_get,
    public_promises,
    public_rounds,
    public_versions,
)
from trygg.public.decorators import public_view, rate_limited
from trygg.public.promises import current_of, page_context, promises_json
from trygg.public.selectors import municipality_public_get, participating_organisations_count


def _public_municipality(request: HttpRequest, code: str) -> Municipality:
    municipality = municipality_public_get(code=code)
    request.robots_noindex = not municipality.public_indexing  # type: ignore[attr-defined]
    return municipality


@public_view()
def municipality_start(request: HttpRequest, code: str) -> HttpResponse:
    municipality = _public_municipality(request, code)
    promises = public_promises(municipality)
    current = current_of(promises, timezone.localdate())
    this_year = timezone.localdate().year
    context: dict[str, Any] = {
        "municipality": municipality,
        "organisations": participating_organisations_count(municipality),
        "agreement": (agreement := public_agreement(municipality)),
        "coming_agreement": public_agreement_coming(municipality, agreement),
        "earlier": [
            p
            for p in promises
            if (current is None or p[0] != current[0]) and p[0].first_year <= this_year
        ],
        "coming": [
            p
            for p in promises
            if (current is None or p[0] != current[0]) and p[0].first_year > this_year
        ],
        "crime_picture": next(iter(public_pictures_of(municipality)), None),
        "action_plan": public_plan(municipality),
    }
    if current is not None:
        context.update(page_context(*current))
    return render(request, "public/municipality.html", context)


@public_view()
def promise_archive(request: HttpRequest, code: str) -> HttpResponse:
    municipality = _public_municipality(request, code)
    return render(
        request,
        "public/promise_archive.html",
        {"municipality": municipality, "promises": public_promises(municipality)},
    )


def _version_of(
    request: HttpRequest, promise: Promise
) -> tuple[PromiseVersion, list[PromiseVersion]]:
    versions = public_versions(promise)
    wanted = request.GET.get("version")
    if wanted is None:
        return versions[0], versions
    version = next((v for v in versions if str(v.number) == wanted), None)
    if version is None:
        raise Http404
    return version, versions


@public_view()
def promise_page(request: HttpRequest, code: str, public_id: str) -> HttpResponse:
    municipality = _public_municipality(request, code)
    promise = public_promise_get(municipality, public_id)
    version, versions = _version_of(request, promise)
    return render(
        request,
        "public/promise.html",
        {**page_context(promise, version), "versions": versions, "latest": versions[0]},
    )


@public_view()
def promise_pdf(request: HttpRequest, code: str, public_id: str) -> HttpResponse:
    municipality = _public_municipality(request, code)
    promise = public_promise_get(municipality, public_id)
    version, _versions = _version_of(request, promise)
    pdf = pdf_bytes(
        "promises/print.html",
        page_context(promise, version),
        base_url=request.build_absolute_uri("/"),
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="medborgarlofte-{municipality.code}-{promise.first_year}'
        f'-v{version.number}.pdf"'
    )
    return response


@public_view()
def agreement_page(request: HttpRequest, code: str) -> HttpResponse:
    municipality = _public_municipality(request, code)
    version = public_agreement(municipality)
    return render(
        request,
        "public/agreement.html",
        {
            "municipality": municipality,
            "version": version,
            "coming": public_agreement_coming(municipality, version),
            "parties": list(version.parties.all()) if version else [],
            "signatories": list(version.signatories.all()) if version else [],
        },
    )


@public_view()
def promises_json_view(request: HttpRequest, code: str) -> HttpResponse:
    municipality = _public_municipality(request, code)
    base = request.build_absolute_uri(f"/k/{municipality.code}/medborgarloften/")
    response = JsonResponse(
        promises_json(municipality, base), json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public_view()
def follow_up_feed(request: HttpRequest, code: str) -> HttpResponse:
    """An Atom feed of the published follow-ups (newest first)."""
    municipality = _public_municipality(request, code)
    link = request.build_absolute_uri(f"/k/{municipality.code}/")
    feed = Atom1Feed(
        title=_("Follow-ups of the citizen promises – %(name)s") % {"name": municipality.name},
        link=link,
        description=_("Published follow-ups of the citizen promises of %(name)s.")
        % {"name": municipality.name},
        language=translation.get_language() or "sv",
        feed_url=request.build_absolute_uri(),
        author_name=municipality.name,  # RFC 4287: a feed (or each entry) names its author
    )
    for follow_up in public_rounds(municipality):
        version = latest_published(follow_up.promise)
        url = request.build_absolute_uri(
            f"/k/{municipality.code}/medborgarloften/{follow_up.promise.public_id}/"
        )
        feed.add_item(
            title=f"{follow_up.title}: {version.title if version else ''} "
            f"({follow_up.promise.period_label})",
            link=url,
            description=_(
                "The municipality and the police report what they did for the citizen "
                "promise %(period)s."
            )
            % {"period": follow_up.promise.period_label},
            unique_id=f"urn:uuid:{follow_up.public_id}",
            pubdate=follow_up.published_at,
            updateddate=follow_up.published_at,
        )
    return HttpResponse(
        feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
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
