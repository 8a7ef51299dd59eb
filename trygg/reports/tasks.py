"""Background tasks of the reports app (django-tasks; run by `manage.py db_worker`).

`deliver_reminders` e-mails the queued reminders to organisations that have not reported
(`services.reminders.deliver_reminders` claims each row before sending, so a retried task or
two workers never mail twice)."""

from __future__ import annotations

from django_tasks import task

from trygg.reports.services import reminders


@task()
def deliver_reminders(reminder_ids: list[int]) -> dict[str, int]:
    return reminders.deliver_reminders(reminder_ids)
