"""Background tasks of the meetings app (django-tasks; run by `manage.py db_worker`).

`deliver_minutes` e-mails the queued minutes deliveries and `deliver_digests` the queued
meeting digests (each row is claimed before sending, so a retried task or two workers never
mail twice)."""

from __future__ import annotations

from django_tasks import task

from trygg.meetings.services import digest, minutes_mail


@task()
def deliver_minutes(delivery_ids: list[int]) -> dict[str, int]:
    return minutes_mail.deliver_minutes(delivery_ids)


@task()
def deliver_digests(digest_ids: list[int]) -> dict[str, int]:
    return digest.deliver_digests(digest_ids)
