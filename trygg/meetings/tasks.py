"""Background tasks of the meetings app (django-tasks; run by `manage.py db_worker`).

`deliver_minutes` e-mails the queued minutes deliveries (services.minutes_mail claims each
before sending, so a retried task or two workers never mail twice)."""

from __future__ import annotations

from django_tasks import task

from trygg.meetings.services import minutes_mail


@task()
def deliver_minutes(delivery_ids: list[int]) -> dict[str, int]:
    return minutes_mail.deliver_minutes(delivery_ids)
