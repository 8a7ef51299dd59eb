"""The audit log: one catalogue of actions, one shape of ``changes``, and redaction.

Services call ``record()`` inside their transaction. Every action is declared once, by the app
that records it, in its ``audit_actions.py`` (found at start-up, see ``CoreConfig.ready``):
the code, a Swedish and an English label, the names of its extras and which values are free
text. ``record()`` refuses an undeclared action or a ``changes`` of another shape, so a new
action cannot reach the log without a label.

The shape of ``changes``: ``{"field": [before, after], ...}`` for the fields of the target
(``[None, value]`` when created, ``[value, None]`` when removed) plus named extras declared by
the action (``{"week": "2025-W07"}``). Values that are free text (a report's description, a
note) are kept apart in ``AuditEvent.free_text`` so ``redact()`` can blank them without
touching the rest of the row; the redaction is itself an audit event.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone, translation
from django.utils.translation import get_language

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
    """The current values of `fields`, JSON-ready, for a before/after diff. Related rows are
    named in the site's language (settings.LANGUAGE_CODE), whatever the request's language,
    so that a before/after pair never differs only by language."""
    out: dict[str, Any] = {}
    with translation.override(settings.LANGUAGE_CODE):
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


# ---------------------------------------------------------------------------------------------
# The catalogue


@dataclass(frozen=True)
class Label:
    """A label in Swedish and English, shown in the reader's language."""

    sv: str
    en: str

    def __str__(self) -> str:
        return self.sv if (get_language() or "sv").startswith("sv") else self.en


@dataclass(frozen=True)
class AuditAction:
    """One kind of audit event.

    ``extras`` names the keys of ``changes`` that are not ``[before, after]`` pairs, with their
    labels; ``text`` the keys (fields or extras) whose values are free text, stored apart so
    that a redaction can remove them; ``choices`` maps an extra to the Django choices its codes
    come from (values, or the keys of a dict value, are shown as their labels). ``render``
    (optional) replaces the standard lines.
    """

    code: str
    label: Label
    extras: Mapping[str, Label] = field(default_factory=dict)
    text: frozenset[str] = frozenset()
    choices: Mapping[str, Any] = field(default_factory=dict)
    render: Callable[[dict[str, Any]], list[str]] | None = None


class UnknownAuditAction(LookupError):
    """``record()`` was called with an action that no app declares."""


class AuditShapeError(ValueError):
    """``changes`` is not ``{"field": [before, after]}`` plus the action's declared extras."""


_catalogue: dict[str, AuditAction] = {}


def declare(*actions: AuditAction) -> None:
    """Add actions to the catalogue (from an app's ``audit_actions.py``)."""
    for action in actions:
        existing = _catalogue.get(action.code)
        if existing is not None and existing != action:
            raise ValueError(f"audit action {action.code!r} is declared twice")
        _catalogue[action.code] = action


def catalogue() -> Mapping[str, AuditAction]:
    return _catalogue


def action_label(code: str) -> str:
    entry = _catalogue.get(code)
    return str(entry.label) if entry is not None else code


def created(instance: models.Model, fields: list[str]) -> dict[str, list[Any]]:
    """``{"field": [None, value]}`` for a new row: the fields it was given a value (empty
    text and unset references are left out)."""
    return {
        name: [None, value]
        for name, value in snapshot(instance, fields).items()
        if value is not None and value != ""
    }


def removed(instance: models.Model, fields: list[str]) -> dict[str, list[Any]]:
    """``{"field": [value, None]}`` for a row that goes away."""
    return {name: [value, None] for name, value in snapshot(instance, fields).items()}


def _check_shape(entry: AuditAction, changes: Mapping[str, Any]) -> None:
    for key, value in changes.items():
        if key in entry.extras:
            continue
        if not (isinstance(value, list | tuple) and len(value) == 2):
            raise AuditShapeError(
                f"{entry.code}: {key!r} is neither a [before, after] pair nor a declared extra"
            )


REDACTED = Label("[borttaget]", "[removed]")


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

    Raises ``UnknownAuditAction`` for an undeclared action and ``AuditShapeError`` for a
    ``changes`` of another shape (programming errors: the tests catch both).

    `actor` is a user (stored as the foreign key, with the name frozen) or the name of an actor
    that is no person ("system", "manage.py create_api_token"), stored as the name only. Core
    names the user model only through ``AbstractBaseUser`` (it never imports accounts)."""
    entry = _catalogue.get(action)
    if entry is None:
        raise UnknownAuditAction(f"{action!r} is not in the audit catalogue (audit_actions.py)")
    values = dict(changes or {})
    _check_shape(entry, values)
    free_text = {key: values.pop(key) for key in list(values) if key in entry.text}
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
        changes=_jsonable(values),
        free_text=_jsonable(free_text),
        request_id=current_request_id() or "",
    )


@transaction.atomic
def redact(*, actor: Any, event: AuditEvent, reason: str, may_redact: bool) -> AuditEvent:
    """Blank the free text of one audit event (the rest of the row stays), and record who did
    it and why. `may_redact` is the caller's permission decision (the service of the app
    that owns the data checks it; core knows no roles)."""
    if not may_redact:
        raise PermissionDenied
    from trygg.core.validators import clean_text

    reason = clean_text(reason)
    if not reason:
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext as _

        raise ValidationError({"reason": [_("Give a reason for the redaction.")]})
    fields = sorted(event.free_text)
    if event.redacted_at is None or fields:
        # the one permitted change to a stored event: its free text goes, the fact stays
        models.QuerySet.update(
            AuditEvent.objects.filter(pk=event.pk), free_text={}, redacted_at=timezone.now()
        )
    event.refresh_from_db()
    record(
        actor=actor,
        action="audit.redact",
        target=event,
        municipality=event.municipality,
        organisation=event.organisation,
        changes={"event": event.pk, "action": event.action, "fields": fields, "reason": reason},
        target_repr=f"{action_label(event.action)} ({event.occurred_at:%Y-%m-%d %H:%M})",
    )
    return event


def strip_free_text(*, target: models.Model, fields: Iterable[str]) -> int:
    """Remove these free-text values (e.g. a report's description) from every audit event
    about `target`, leaving the rest of each row: the same permitted change as ``redact()``,
    for a removal that the owning app's service decided and records itself. Returns how many
    events changed. Call inside the service's transaction."""
    names = set(fields)
    target_type = f"{target._meta.app_label}.{target._meta.model_name}"
    target_id = str(getattr(target, "public_id", target.pk))
    now = timezone.now()
    changed = 0
    events = AuditEvent.objects.filter(target_type=target_type, target_id=target_id)
    for pk, free_text in events.values_list("pk", "free_text"):
        if not isinstance(free_text, dict) or not names & set(free_text):
            continue
        kept = {key: value for key, value in free_text.items() if key not in names}
        models.QuerySet.update(AuditEvent.objects.filter(pk=pk), free_text=kept, redacted_at=now)
        changed += 1
    return changed


# ---------------------------------------------------------------------------------------------
# Rendering for the audit page, in the reader's language


def _field_of(event: AuditEvent, name: str) -> models.Field[Any, Any] | None:
    if not event.target_type:
        return None
    try:
        model = apps.get_model(event.target_type)
        found = model._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None
    return found if isinstance(found, models.Field) else None


def _value(
    value: Any, model_field: models.Field[Any, Any] | None, labels: Mapping[str, str] | None = None
) -> str:
    from django.utils.translation import gettext as _

    if labels is not None:
        if isinstance(value, dict):
            return ", ".join(
                f"{labels.get(str(k), k)}: {_value(v, None)}" for k, v in value.items()
            )
        if isinstance(value, str) and value in labels:
            return labels[value]
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(_value(v, None) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value(v, None)}" for k, v in value.items())
    if model_field is not None and model_field.choices:
        for key, label in model_field.flatchoices:
            if str(key) == str(value):
                return str(label)
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def change_lines(event: AuditEvent) -> list[str]:
    """``changes`` (and free text, unless redacted) as short lines in the reader's language:
    "Label: before → after" for fields, "Label: value" for extras."""
    entry = _catalogue.get(event.action)
    values: dict[str, Any] = dict(event.changes) if isinstance(event.changes, dict) else {}
    values.update(event.free_text or {})
    if event.redacted_at is not None and entry is not None:
        for key in entry.text:
            values.setdefault(key, None)
    if entry is not None and entry.render is not None:
        return entry.render(values)
    lines = []
    kept = event.free_text if isinstance(event.free_text, dict) else {}
    for key, value in values.items():
        # removed text shows as removed; text a partial removal left in place still shows
        redacted = (
            event.redacted_at is not None
            and entry is not None
            and key in entry.text
            and key not in kept
        )
        if entry is not None and key in entry.extras:
            label = str(entry.extras[key])
            choices = entry.choices.get(key)
            labels = {str(k): str(v) for k, v in choices.choices} if choices is not None else None
            shown = str(REDACTED) if redacted else _value(value, None, labels)
            lines.append(f"{label}: {shown}")
            continue
        model_field = _field_of(event, key)
        label = key
        if model_field is not None:
            label = str(model_field.verbose_name)
            label = label[:1].upper() + label[1:]
        if redacted:
            lines.append(f"{label}: {REDACTED}")
        elif isinstance(value, list) and len(value) == 2:
            before, after = value
            if before is None:
                if after not in (None, "", []):  # a new row: only the values it was given
                    lines.append(f"{label}: {_value(after, model_field)}")
            else:
                lines.append(
                    f"{label}: {_value(before, model_field)} → {_value(after, model_field)}"
                )
        else:  # rows written before the catalogue: a plain value
            lines.append(f"{label}: {_value(value, model_field)}")
    return lines
