"""What the public pages show of the medborgarlöften and the samverkansöverenskommelse: only
published versions and published follow-ups, never drafts, internal notes or reporters; counts
of reports through small-count suppression (`promises_tags.public_count`). The JSON and the
feed are built from the same reads as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone

from trygg.analysis.suppression import suppress_count
from trygg.places.models import Municipality
from trygg.promises.choices import Party
from trygg.promises.models import Promise, PromiseVersion
from trygg.promises.printing import promise_print_context
from trygg.promises.progress import Progress
from trygg.promises.selectors import public_promises


def current_of(
    promises: list[tuple[Promise, PromiseVersion]], today: dt.date
) -> tuple[Promise, PromiseVersion] | None:
    """The promise in force today, else the newest published one."""
    for promise, version in promises:
        if promise.first_year <= today.year <= promise.last_year:
            return promise, version
    return promises[0] if promises else None


def page_context(promise: Promise, version: PromiseVersion) -> dict[str, Any]:
    return promise_print_context(promise, version, published_only=True)


def _count(value: int | None) -> str | int | None:
    if value is None:
        return None
    cell = suppress_count(value, threshold=settings.TRYGG_PUBLIC_MIN_COUNT)
    return cell.value if cell.shown else cell.text


def progress_json(progress: Progress | None, *, publishable: bool) -> dict[str, Any] | None:
    if progress is None or not publishable:
        return None
    data: dict[str, Any] = {
        "measure": progress.measure,
        "first": progress.first.isoformat(),
        "last": progress.last.isoformat(),
        "complete": progress.complete,
        "target": progress.target,
    }
    if progress.measure == "category_count":
        data["count"] = _count(progress.value)
        years = []
        for y in progress.years:
            small = any(
                v is not None and 0 < v < settings.TRYGG_PUBLIC_MIN_COUNT
                for v in (y.value, y.reference)
            )
            years.append(
                {
                    "year": y.year,
                    "count": _count(y.value),
                    "count_year_before": _count(y.reference),
                    "change": None if small else y.change,
                    "rate_ratio": None if small or y.rate_ratio is None else round(y.rate_ratio, 3),
                    "ci95": None
                    if small or y.rate_ratio is None
                    else [round(y.lower or 0, 3), None if y.upper is None else round(y.upper, 3)],
                    "running": y.running,
                }
            )
        data["years"] = years
    else:
        data.update(
            held=progress.value,
            planned=progress.planned,
            cancelled=progress.cancelled,
            not_recorded=progress.not_recorded,
        )
    return data


def promise_json(promise: Promise, version: PromiseVersion, base_url: str) -> dict[str, Any]:
    context = page_context(promise, version)
    items = []
    for row, progress in context["rows"]:
        item = row.item
        follow_ups = {}
        for party, report in row.rows():
            if report is None:
                continue
            follow_ups[party] = {
                "round": report.round.title,
                "as_of": report.round.as_of.isoformat(),
                "rating": report.rating,
                "done": report.done,
                "outcome": report.outcome,
            }
        items.append(
            {
                "text": item.text,
                "responsible": item.responsible,
                "partner": item.partner.name
                if item.partner and item.responsible == Party.PARTNER
                else None,
                "indicator": item.indicator_type,
                "baseline": None if item.baseline is None else float(item.baseline),
                "target": {
                    "direction": item.target_direction or None,
                    "value": None if item.target_value is None else float(item.target_value),
                    "text": item.target_text,
                },
                "deadline": item.deadline.isoformat() if item.deadline else None,
                "progress": progress_json(
                    progress, publishable=not item.category or item.category.publishable
                ),
                "follow_up": follow_ups,
            }
        )
    return {
        "id": str(promise.public_id),
        "url": f"{base_url}{promise.public_id}/",
        "period": {"first_year": promise.first_year, "last_year": promise.last_year},
        "status": promise.status,
        "title": version.title,
        "scope": version.scope,
        "situation": version.situation,
        "goals": version.goals,
        "version": version.number,
        "published_at": version.published_at.isoformat() if version.published_at else None,
        "change_note": version.change_note,
        "basis": [{"kind": b.kind, "note": b.note} for b in context["basis"]],
        "items": items,
        "action_plan": [
            {
                "activity": a.text,
                "responsible": a.responsible,
                "partner": a.partner.name if a.partner and a.responsible == Party.PARTNER else None,
                "when": a.when,
            }
            for a in context["activities"]
        ],
        "follow_ups": [
            {
                "title": r.title,
                "as_of": r.as_of.isoformat(),
                "published_at": r.published_at.isoformat() if r.published_at else None,
                "signed_off_by": [
                    {"party": s.party, "name": s.name, "title": s.title} for s in signoffs
                ],
            }
            for r, signoffs in context["rounds"]
        ],
    }


def promises_json(municipality: Municipality, base_url: str) -> dict[str, Any]:
    return {
        "municipality": {"code": municipality.code, "name": municipality.name},
        "generated_at": timezone.now().isoformat(),
        "source": f"Trygg, {municipality.name}",
        "suppression": {
            "threshold": settings.TRYGG_PUBLIC_MIN_COUNT,
            "rule": "counts of reports from 1 to threshold - 1 are given as the text '< threshold'",
        },
        "promises": [
            promise_json(promise, version, base_url)
            for promise, version in public_promises(municipality)
        ],
    }
