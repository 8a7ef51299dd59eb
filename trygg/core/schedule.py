"""Periodic jobs: reminders and notices that must go out at a time, not on a request.

An app registers a job in its ``AppConfig.ready()``::

    schedule.register("reports.missing_reminders", queue_missing_reminders, every=QUARTER_HOUR)

``manage.py run_schedule`` (a process beside the web server and the task worker: `make run`,
`make serve`, compose, docs/operations.md) calls `run_due` every 30 seconds. A job runs when
it never ran or its last start is `every` ago; the claim is one conditional UPDATE of its
`ScheduledJob` row, so two schedulers (or a restarted one) never run a job twice at once. A
job that was started but never finished (the process was killed) is claimable again after
`every`. Jobs must be idempotent anyway: the work they create (reminder rows, mail) carries
its own unique keys.

A job gets the current time and returns a short text for the log and the row.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger(__name__)

Job = Callable[[dt.datetime], str]


@dataclass(frozen=True)
class Registered:
    name: str
    job: Job
    every: dt.timedelta


_jobs: dict[str, Registered] = {}


def register(name: str, job: Job, *, every: dt.timedelta) -> None:
    """Add (or replace) the periodic job `name`."""
    if every <= dt.timedelta(0):
        raise ValueError("every must be positive")
    _jobs[name] = Registered(name, job, every)


def registered() -> list[Registered]:
    return sorted(_jobs.values(), key=lambda r: r.name)


def _claim(entry: Registered, now: dt.datetime) -> bool:
    from trygg.core.models import ScheduledJob

    try:
        with transaction.atomic():
            ScheduledJob.objects.get_or_create(name=entry.name)
    except IntegrityError:  # created by another scheduler at the same moment
        pass
    due = Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - entry.every)
    return ScheduledJob.objects.filter(due, name=entry.name).update(last_started_at=now) == 1


def run_due(now: dt.datetime | None = None) -> dict[str, str]:
    """Run every registered job that is due; returns {name: result} of the jobs run. A job
    that raises is logged with its traceback and recorded; the others still run."""
    from trygg.core.models import ScheduledJob

    now = now or timezone.now()
    results: dict[str, str] = {}
    for entry in registered():
        if not _claim(entry, now):
            continue
        try:
            result = entry.job(now)
        except Exception as error:
            logger.exception("scheduled job %s failed", entry.name)
            result = f"failed: {type(error).__name__}: {error}"[:300]
        ScheduledJob.objects.filter(name=entry.name).update(
            last_finished_at=timezone.now(), last_result=result[:300]
        )
        results[entry.name] = result
    return results
