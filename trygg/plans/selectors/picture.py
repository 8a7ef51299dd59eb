"""Reads of the lägesbild över brottsligheten: a municipality's pictures, one picture, its
versions, and what the public pages may show (decided and published versions only)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from trygg.places.models import Municipality
from trygg.plans.choices import DocumentState
from trygg.plans.models import (
    CrimePicture,
    CrimePictureFigure,
    CrimePictureFinding,
    CrimePictureSource,
    CrimePictureVersion,
)

DECIDED_STATES = (DocumentState.DECIDED, DocumentState.SUPERSEDED)


def _uuid(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError) as error:
        raise Http404 from error


def pictures_of(municipality: Municipality) -> list[tuple[CrimePicture, CrimePictureVersion]]:
    """Every picture of the municipality with its working version, the newest period first."""
    pictures = CrimePicture.objects.filter(municipality=municipality).prefetch_related("versions")
    rows = [(p, working_version(p)) for p in pictures]
    return sorted(rows, key=lambda row: (row[1].period_end, row[0].pk), reverse=True)


def picture_get(*, municipality: Municipality, public_id: Any) -> CrimePicture:
    """One picture of this municipality; 404 otherwise (another municipality's too)."""
    picture = (
        CrimePicture.objects.filter(municipality=municipality, public_id=_uuid(public_id))
        .select_related("municipality")
        .first()
    )
    if picture is None:
        raise Http404
    return picture


def versions_of(picture: CrimePicture) -> list[CrimePictureVersion]:
    return sorted(picture.versions.all(), key=lambda v: -v.number)


def working_version(picture: CrimePicture) -> CrimePictureVersion:
    """The version staff work on: the draft if there is one, else the newest."""
    versions = versions_of(picture)
    assert versions  # a picture is created with its first version
    return versions[0]


def current_decided(picture: CrimePicture) -> CrimePictureVersion | None:
    """The version in force: the decided one (an earlier decided one is superseded)."""
    return next((v for v in versions_of(picture) if v.state == DocumentState.DECIDED), None)


def version_get(picture: CrimePicture, number: Any) -> CrimePictureVersion:
    try:
        value = int(number)
    except (TypeError, ValueError) as error:
        raise Http404 from error
    version = picture.versions.filter(number=value).first()
    if version is None:
        raise Http404
    return version


def sources_of(version: CrimePictureVersion) -> list[CrimePictureSource]:
    return list(version.sources.order_by("position", "id"))


def figures_of(version: CrimePictureVersion) -> list[CrimePictureFigure]:
    return list(version.figures.select_related("source").order_by("part", "position", "id"))


def findings_of(version: CrimePictureVersion) -> list[CrimePictureFinding]:
    return list(version.findings.select_related("area").order_by("position", "id"))


# --- the public pages ------------------------------------------------------------------------


def public_versions(picture: CrimePicture) -> list[CrimePictureVersion]:
    """The versions of a picture on the public pages: decided (or since superseded) and
    published, the newest first. Drafts never."""
    return list(
        picture.versions.filter(state__in=DECIDED_STATES, is_public=True).order_by("-number")
    )


def public_pictures(
    municipality: Municipality,
) -> list[tuple[CrimePicture, CrimePictureVersion]]:
    """Pictures with a published version, each with its newest published version, the newest
    period first."""
    versions = (
        CrimePictureVersion.objects.filter(
            picture__municipality=municipality, state__in=DECIDED_STATES, is_public=True
        )
        .select_related("picture")
        .order_by("picture_id", "-number")
    )
    newest: dict[int, CrimePictureVersion] = {}
    for version in versions:
        newest.setdefault(version.picture_id, version)
    rows = [(v.picture, v) for v in newest.values()]
    return sorted(rows, key=lambda row: (row[1].period_end, row[0].pk), reverse=True)


def public_picture_get(municipality: Municipality, public_id: Any) -> CrimePicture:
    picture = picture_get(municipality=municipality, public_id=public_id)
    if not public_versions(picture):
        raise Http404
    return picture


def pictures_queryset(municipality: Municipality) -> QuerySet[CrimePicture]:
    return CrimePicture.objects.filter(municipality=municipality)
