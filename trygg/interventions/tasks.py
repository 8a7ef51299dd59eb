"""Background tasks of the interventions app (django-tasks; run by `manage.py db_worker`):
the owners' reminders (services.reminders claims each before sending)."""

from __future__ import annotations

from django_tasks import task

from trygg.interventions.services import reminders


@task()
def deliver_intervention_reminders(reminder_ids: list[int]) -> dict[str, int]:
    return reminders.deliver_intervention_reminders(reminder_ids)
