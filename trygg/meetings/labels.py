"""How a generated agenda item is worded, in the language of whoever reads it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trygg.core.riskdays import swedish_risk_days
from trygg.meetings.choices import AgendaSource
from trygg.situation.choices import StatusLevel


def _day(text: str) -> str:
    try:
        return str(formats.date_format(dt.date.fromisoformat(text), "j F"))
    except (TypeError, ValueError):
        return str(text)


def _week(data: dict[str, Any]) -> str:
    return str(data.get("week_label") or data.get("week") or "")


def item_label(source: str, data: dict[str, Any], title: str) -> str:
    if source == AgendaSource.INTERVENTION_DUE:
        values = {
            "title": data.get("title", ""),
            "owner": data.get("owner", "") or "–",
            "due": _day(str(data.get("due", ""))),
        }
        if data.get("overdue"):
            return _("Overdue intervention: %(title)s (%(owner)s, due %(due)s)") % values
        return _("Intervention due: %(title)s (%(owner)s, due %(due)s)") % values
    if source == AgendaSource.UNREVIEWED:
        count = int(data.get("count", 0))
        return ngettext(
            "%(count)s report of week %(week)s is waiting for review",
            "%(count)s reports of week %(week)s are waiting for review",
            count,
        ) % {"count": count, "week": _week(data)}
    if source == AgendaSource.MISSING:
        names = ", ".join(str(n) for n in data.get("organisations", []))
        return _("Not reported for week %(week)s: %(names)s") % {
            "week": _week(data),
            "names": names,
        }
    if source == AgendaSource.FLAGGED:
        windows = data.get("windows", [])
        if windows == ["four"]:
            text = _("%(area)s: unusually many events over the last four weeks")
        elif windows == ["week"]:
            text = _("%(area)s: unusually many events this week")
        else:
            text = _("%(area)s: unusually many events this week and over four weeks")
        return text % {"area": data.get("area", "")}
    if source == AgendaSource.STATUS_CHANGE:
        return _("%(area)s: status changed from %(before)s to %(after)s") % {
            "area": data.get("area", ""),
            "before": _status(data.get("before")),
            "after": _status(data.get("after")),
        }
    if source == AgendaSource.RISK_DAY:
        first, last = data.get("first", ""), data.get("last", "")
        when = _day(first) if first == last else f"{_day(first)}–{_day(last)}"
        return _("Risk day ahead: %(name)s (%(when)s)") % {
            "name": _risk_name(data),
            "when": when,
        }
    return title


def _status(value: Any) -> str:
    if value in StatusLevel.values:
        return str(StatusLevel(value).label)
    return _("no status")


def _risk_name(data: dict[str, Any]) -> str:
    key = data.get("key", "")
    if key and key != "local":
        for day in swedish_risk_days(2000):
            if day.key == key:
                return str(day.name)
    return str(data.get("name", ""))
