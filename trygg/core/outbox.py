"""Rows that stand for one message to send (a reminder, a minutes e-mail): the shared steps
that make sending safe with retries, several workers and a worker killed mid-run.

A row has ``status`` (queued → sending → sent / skipped / failed), ``attempts``, ``error`` and
``updated_at``. `claim` takes a queued row for this run with ONE conditional UPDATE, so two
workers or a retried task never both send it; `settle` records the outcome only while the
claim is held; `failed_attempt` queues the row again until ``max_attempts``; `requeue_stale`
(run by the scheduler) gives a row a dead worker left "sending" another chance.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, Model
from django.utils import timezone

QUEUED = "queued"
SENDING = "sending"
SENT = "sent"
SKIPPED = "skipped"
FAILED = "failed"


def claim(model: type[Model], pk: int) -> bool:
    updated: int = model._default_manager.filter(pk=pk, status=QUEUED).update(
        status=SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    return updated == 1


def settle(model: type[Model], pk: int, status: str, **values: Any) -> None:
    model._default_manager.filter(pk=pk, status=SENDING).update(
        status=status, updated_at=timezone.now(), **values
    )


def failed_attempt(model: type[Model], pk: int, error: BaseException, *, max_attempts: int) -> bool:
    """Record a failed attempt: queued again (True) or failed for good (False)."""
    attempts = model._default_manager.filter(pk=pk).values_list("attempts", flat=True).first()
    again = (attempts or 0) < max_attempts
    settle(model, pk, QUEUED if again else FAILED, error=f"{type(error).__name__}: {error}"[:300])
    return again


def requeue_stale(
    model: type[Model], now: dt.datetime, *, stale: dt.timedelta, max_attempts: int
) -> int:
    """Rows left "sending" for `stale` (their worker died): queued again while attempts
    remain, else failed. Returns how many were queued again."""
    rows = model._default_manager.filter(status=SENDING, updated_at__lte=now - stale)
    requeued: int = rows.filter(attempts__lt=max_attempts).update(status=QUEUED, updated_at=now)
    rows.update(status=FAILED, error="abandoned while sending", updated_at=now)
    return requeued
