"""Wording of the frozen minutes (stored as codes and data) in the reader's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from trygg.meetings.choices import DecisionKind, MeetingKind, Presence
from trygg.meetings.labels import item_label
from trygg.situation.choices import StatusLevel

register = template.Library()


def _label(choices: Any, value: Any) -> str:
    return str(dict(choices).get(value, value or ""))


@register.filter
def minutes_item(item: dict[str, Any]) -> str:
    return item_label(item.get("source", ""), item.get("data") or {}, item.get("title", ""))


@register.filter
def isodate(value: str) -> dt.date | str:
    """A date stored as ISO text in the minutes, as a date (for the date filter)."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value


@register.filter
def presence_label(value: str) -> str:
    return _label(Presence.choices, value)


@register.filter
def decision_kind(value: str) -> str:
    return _label(DecisionKind.choices, value)


@register.filter
def meeting_kind(value: str) -> str:
    return _label(MeetingKind.choices, value)


@register.filter
def status_label(value: str) -> str:
    return _label(StatusLevel.choices, value)
