"""Onboarding: a new municipality with everything each app installs by default."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from trygg.accounts.types import Actor
from trygg.places.models import Municipality
from trygg.places.services import municipality_create
from trygg.reports.services.categories import install_defaults as reports_install_defaults

INSTALLERS: tuple[Callable[..., None], ...] = (reports_install_defaults,)
"""Every app's ``install_defaults(*, actor, municipality)``, bottom layer first. A new app
with defaults (risk-day calendars, checklist templates, survey indicators) adds its own here."""


@transaction.atomic
def municipality_onboard(*, actor: Actor, code: str, is_demo: bool = False) -> Municipality:
    """Create a municipality from the bundled kommun outline and install every app's defaults
    (today: the default category checklist). All or nothing."""
    municipality = municipality_create(actor=actor, code=code, is_demo=is_demo)
    for install in INSTALLERS:
        install(actor=actor, municipality=municipality)
    return municipality
