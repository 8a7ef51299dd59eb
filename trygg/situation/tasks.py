"""Background tasks of the situation app (django-tasks; run by `manage.py db_worker`).

`deliver_snapshot` e-mails the queued deliveries of a frozen weekly picture
(`services.snapshots.deliver_queued` does the work and records each outcome). Deliveries that
failed for a temporary reason are queued again with back-off: this task enqueues itself for
them, to run when they are due. A delivery is claimed before its message is handed over, so
running the task twice (or two workers) never sends a message twice.
"""

from __future__ import annotations

from django_tasks import task

from trygg.situation.services import snapshots as services_snapshots


@task()
def deliver_snapshot(delivery_ids: list[int], sender: str, reply_to: list[str]) -> dict[str, int]:
    run = services_snapshots.deliver_queued(delivery_ids, sender=sender, reply_to=reply_to)
    for due, ids in sorted(run.retry.items()):
        deliver_snapshot.using(run_after=due).enqueue(ids, sender, reply_to)
    return {
        "sent": len(run.sent),
        "failed": len(run.failed),
        "retry": sum(len(ids) for ids in run.retry.values()),
        "skipped": len(run.skipped),
    }
