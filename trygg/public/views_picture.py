"""The public lägesbild över brottsligheten: the decided, published version of the newest
picture (or of one named with ``?id=``) and its PDF. Drafts never appear; small counts are
suppressed (trygg.plans.figures)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from trygg.core.pdf import pdf_bytes
from trygg.plans.models import CrimePicture, CrimePictureVersion
from trygg.plans.printing import picture_context
from trygg.plans.selectors.picture import public_picture_get, public_pictures, public_versions
from trygg.public.decorators import public_view
from trygg.public.views import _public_municipality


def _chosen(
    request: HttpRequest, code: str
) -> tuple[Any, CrimePicture, CrimePictureVersion, list[Any]]:
    municipality = _public_municipality(request, code)
    wanted = request.GET.get("id")
    if wanted:
        picture = public_picture_get(municipality, wanted)
    else:
        pictures = public_pictures(municipality)
        if not pictures:
            raise Http404
        picture = pictures[0][0]
    versions = public_versions(picture)
    number = request.GET.get("version")
    version = (
        versions[0]
        if number is None
        else next((v for v in versions if str(v.number) == number), None)
    )
    if version is None:
        raise Http404
    return municipality, picture, version, versions


@public_view()
def picture_page(request: HttpRequest, code: str) -> HttpResponse:
    municipality, picture, version, versions = _chosen(request, code)
    context = picture_context(picture, version, public=True)
    context.update(
        {
            "versions": versions,
            "others": [p for p in public_pictures(municipality) if p[0].pk != picture.pk],
        }
    )
    return render(request, "public/picture.html", context)


@public_view()
def picture_pdf(request: HttpRequest, code: str) -> HttpResponse:
    municipality, picture, version, _versions = _chosen(request, code)
    pdf = pdf_bytes(
        "plans/picture_print.html",
        picture_context(picture, version, public=True),
        base_url=request.build_absolute_uri("/"),
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="lagesbild-{municipality.code}-{version.period_end.year}'
        f'-v{version.number}.pdf"'
    )
    return response
