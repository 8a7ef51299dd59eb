"""Background tasks of the plans app (django-tasks; run by `manage.py db_worker`): the
åtgärdsplan's renewal reminder (services.renewal claims each plan before sending)."""

from __future__ import annotations

from django_tasks import task

from trygg.plans.services import renewal


@task()
def send_renewal_reminders(plan_ids: list[int]) -> dict[str, int]:
    return renewal.send_renewal_reminders(plan_ids)
