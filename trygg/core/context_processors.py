from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def trygg(request: HttpRequest) -> dict[str, Any]:
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "TILE_URL": settings.TRYGG_TILE_URL,
        "TILE_ATTRIBUTION": settings.TRYGG_TILE_ATTRIBUTION,
    }
