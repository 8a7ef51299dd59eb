"""What the promise document shows (the staff PDF, the public page and its PDF): the version's
text, its items with progress and each party's latest follow-up, the basis, the handlingsplan
and the signatures of the published follow-ups."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from trygg.promises.models import Promise, PromiseVersion
from trygg.promises.progress import item_progress
from trygg.promises.selectors import items_of, latest_reports, rounds_of, signoffs_of


def promise_print_context(
    promise: Promise, version: PromiseVersion, *, published_only: bool
) -> dict[str, Any]:
    today = timezone.localdate()
    items = items_of(version)
    rows = latest_reports(promise, items, published_only=published_only)
    rounds = rounds_of(promise, published_only=published_only)
    return {
        "promise": promise,
        "version": version,
        "municipality": promise.municipality,
        "rows": [(row, item_progress(row.item, today)) for row in rows],
        "basis": list(version.basis.all()),
        "activities": list(version.activities.select_related("partner")),
        "item_numbers": {item.key: n for n, item in enumerate(items, 1)},
        "rounds": [(r, signoffs_of(r)) for r in rounds],
        "public": published_only,
        "today": today,
    }
