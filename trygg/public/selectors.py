"""Reads for the public pages: no user, so no `visible_to`; only what may be published."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404

from trygg.accounts.models import Organisation
from trygg.places.models import Municipality


def municipality_public_get(*, code: str) -> Municipality:
    """The municipality with kommunkod `code` (four digits), or 404.

    Municipality has no "inactive" state: a kommun is either set up in Trygg or unknown. The
    one kind that exists but is not published is a demo municipality (generated data) on an
    instance that is not running in demo mode.
    """
    if len(code) != 4 or not code.isascii() or not code.isdigit():
        raise Http404
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None or (municipality.is_demo and not settings.DEMO_MODE):
        raise Http404
    return municipality


def participating_organisations_count(municipality: Municipality) -> int:
    """Organisations taking part in the municipality's collaboration: its active
    organisations (whether or not they are expected to report every week, and whether or
    not anyone of them has a Trygg account); organisations made inactive have left it."""
    return Organisation.objects.filter(municipality=municipality, active=True).count()
