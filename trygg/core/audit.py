"""Writing audit events. Services call `record()` inside their transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.db.models.fields.files import FieldFile

from trygg.core.middleware import current_request_id
from trygg.core.models import AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(getattr(value, "public_id", value.pk))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The current values of `fields`, JSON-ready, for a before/after diff."""
    out: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            related = getattr(instance, name)
            out[name] = str(related) if related is not None else None
        else:
            out[name] = _jsonable(getattr(instance, name))
    return out


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """{'field': [old, new]} for the fields that changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def record(
    *,
    actor: AbstractBaseUser | str,
    action: str,
    target: models.Model | None = None,
    municipality: Any = None,
    organisation: Any = None,
    changes: dict[str, Any] | None = None,
    target_repr: str | None = None,
) -> AuditEvent:
    """Append one audit event. Call inside the service's transaction.

    `actor` is a user (stored as the foreign key, with the name frozen) or the name of an actor
    that is no person ("system", "manage.py create_api_token"), stored as the name only. Core
    names the user model only through ``AbstractBaseUser`` (it never imports accounts)."""
    actor_obj = actor if isinstance(actor, AbstractBaseUser) and actor.pk else None
    actor_name = ""
    if actor_obj is not None:
        get_full_name = getattr(actor_obj, "get_full_name", None)
        full = get_full_name() if get_full_name is not None else ""
        actor_name = f"{full} ({actor_obj.get_username()})" if full else actor_obj.get_username()
    elif isinstance(actor, str):
        actor_name = actor
    target_type = ""
    target_id = ""
    if target is not None:
        target_type = f"{target._meta.app_label}.{target._meta.model_name}"
        target_id = str(getattr(target, "public_id", target.pk))
        if target_repr is None:
            target_repr = str(target)
    return AuditEvent.objects.create(
        actor_id=actor_obj.pk if actor_obj is not None else None,
        actor_name=actor_name[:200],
        municipality=municipality,
        organisation=organisation,
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_repr=(target_repr or "")[:300],
        changes=_jsonable(changes or {}),
        request_id=current_request_id() or "",
    )
