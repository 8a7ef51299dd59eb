"""Builders shared by the promises tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from trygg.promises import services
from trygg.promises.models import Promise


def make_promise(
    tenant: Any, *, first_year: int = 2025, last_year: int = 2026, **values: Any
) -> Promise:
    return services.promise_create(
        actor=tenant.coordinator,
        municipality=tenant.municipality,
        first_year=first_year,
        last_year=last_year,
        values={"title": "Tryggare stationsområde", "scope": "Centrum", **values},
    )


def item_values(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "text": "Minst två trygghetsvandringar, varav en kvällstid.",
        "responsible": "both",
        "indicator_type": "count",
        "target_direction": "at_least",
        "target_value": 2,
        "deadline": dt.date(2026, 10, 31),
    }
    values.update(overrides)
    return values


def published_promise(tenant: Any, **kwargs: Any) -> Promise:
    """A promise with a kommun item, a police item and a joint item, agreed and published."""
    promise = make_promise(tenant, **kwargs)
    version = promise.versions.get()
    for responsible, text in (
        ("municipality", "Kommunen rustar belysningen i Sveaparken."),
        ("police", "Polisen patrullerar till fots vid stationen på fredagskvällar."),
        ("both", "Minst två trygghetsvandringar, varav en kvällstid."),
    ):
        services.item_save(
            actor=tenant.coordinator,
            version=version,
            values=item_values(
                text=text,
                responsible=responsible,
                deadline=dt.date(promise.last_year, 10, 31),
            ),
        )
    services.promise_set_status(actor=tenant.coordinator, promise=promise, status="agreed")
    services.promise_publish(actor=tenant.coordinator, promise=promise)
    promise.refresh_from_db()
    return promise
