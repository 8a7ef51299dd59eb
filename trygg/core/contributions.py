"""Slots where a higher app shows its data on a lower app's page, without the lower app
importing it (docs/architecture.md, "Layers").

A page names a slot in its template — ``{% contributions "situation.weekly.area" area=area %}``
— and any app registers a provider for that slot in its ``AppConfig.ready()``::

    contributions.register("situation.weekly.area", open_interventions_for_area)

A provider gets the request and the slot's keyword context and returns HTML (``SafeString``,
rendered from the provider's own template so escaping stays with the template engine) or
``""`` when it has nothing to show. Providers run in registration order; one that raises is
not silenced. Every slot is listed in ``SLOTS`` with the context it passes, so the provider's
author knows what they get.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

Provider = Callable[..., str]

SLOTS: dict[str, str] = {
    "situation.weekly.area": "area, week, municipality: after each area's table in the weekly "
    "picture (the interventions app shows the area's open interventions here)",
    "situation.weekly.aside": "week, municipality: after the areas on the weekly picture",
    "situation.annual.aside": "year, municipality: after the tables of the annual view (the "
    "interventions app lists the interventions evaluated that year here)",
    "situation.quarterly.aside": "period (with start and end), municipality: after the decision "
    "on the quarterly view (the interventions app shows programme sessions held against "
    "planned here)",
    "accounts.profile": "(nothing): sections of the user's own page, Mitt konto (the meetings "
    "app shows the calendar address here)",
    "situation.area.page": "area, municipality: after the status history on the area's page "
    "(the interventions app shows the area's open interventions here)",
}
"""Known slots and the keyword context each passes to its providers."""

_providers: dict[str, list[Provider]] = {}


def register(slot: str, provider: Provider) -> None:
    """Add `provider` to `slot` (idempotent). Unknown slots are refused: a typo would
    otherwise silently show nothing."""
    if slot not in SLOTS:
        raise KeyError(f"unknown contribution slot {slot!r}; add it to SLOTS")
    providers = _providers.setdefault(slot, [])
    if provider not in providers:
        providers.append(provider)


def unregister(slot: str, provider: Provider) -> None:
    if provider in _providers.get(slot, []):
        _providers[slot].remove(provider)


def render(slot: str, request: HttpRequest | None, **context: Any) -> SafeString:
    """The joined HTML of every provider of `slot`."""
    if slot not in SLOTS:
        raise KeyError(f"unknown contribution slot {slot!r}")
    parts = [provider(request, **context) for provider in _providers.get(slot, [])]
    for part in parts:
        if part and not isinstance(part, SafeString):
            raise TypeError(f"a provider of {slot!r} returned unescaped text; render a template")
    return mark_safe("".join(parts))
