"""Owners are reminded of interventions due soon and overdue: once per (intervention, due
date, kind), with retries, a second worker or a killed one; only while it is open."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail

from trygg.core.weeks import STOCKHOLM
from trygg.interventions.models import InterventionReminder
from trygg.interventions.services import intervention_set_status
from trygg.interventions.services.reminders import (
    STALE,
    deliver_intervention_reminders,
    queue_intervention_reminders,
)
from trygg.interventions.tests.helpers import make_intervention

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 30, 8, 0, tzinfo=STOCKHOLM)
TODAY = NOW.date()


@pytest.fixture
def owner(world: Any) -> Any:
    world.flen.reporter.email = "rapportor@bostader.example"  # the housing company owns them
    world.flen.reporter.save()
    return world.flen


def ids() -> list[int]:
    return list(InterventionReminder.objects.values_list("pk", flat=True))


def test_due_soon_and_overdue_once_each(owner: Any) -> None:
    soon = make_intervention(
        owner, status="decided", title="Belysning", due_date=TODAY + dt.timedelta(days=2)
    )
    late = make_intervention(
        owner, status="decided", title="Städning", due_date=TODAY - dt.timedelta(days=1)
    )
    make_intervention(
        owner, status="decided", title="Senare", due_date=TODAY + dt.timedelta(days=20)
    )
    for _ in range(3):
        queue_intervention_reminders(NOW)
    kinds = dict(InterventionReminder.objects.values_list("intervention__title", "kind"))
    assert kinds == {"Belysning": "due_soon", "Städning": "overdue"}
    assert deliver_intervention_reminders(ids())["sent"] == 2
    assert deliver_intervention_reminders(ids())["not_claimed"] == 2  # retried task: nothing
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == ["Försenad insats: Städning", "Insats som ska vara klar 2 dec: Belysning"]
    assert all(m.to == ["rapportor@bostader.example"] for m in mail.outbox)
    # the due date moves: the new date gets its own reminder
    soon.due_date = TODAY + dt.timedelta(days=1)
    soon.save()
    queue_intervention_reminders(NOW)
    assert InterventionReminder.objects.filter(intervention=soon).count() == 2
    assert late.reminders.count() == 1


def test_a_killed_worker_and_a_closed_intervention(owner: Any) -> None:
    late = make_intervention(owner, status="decided", due_date=TODAY - dt.timedelta(days=1))
    queue_intervention_reminders(NOW)
    [reminder] = InterventionReminder.objects.all()
    InterventionReminder.objects.filter(pk=reminder.pk).update(
        status="sending", attempts=1, updated_at=NOW
    )
    queue_intervention_reminders(NOW + STALE + dt.timedelta(minutes=1))
    reminder.refresh_from_db()
    assert reminder.status == "queued"
    intervention_set_status(actor=owner.coordinator, intervention=late, status="ongoing")
    intervention_set_status(actor=owner.coordinator, intervention=late, status="done")
    assert deliver_intervention_reminders([reminder.pk])["skipped"] == 1
    assert mail.outbox == []


def test_no_mail_to_who_turned_it_off(owner: Any) -> None:
    owner.reporter.mail_notices = False
    owner.reporter.save()
    make_intervention(owner, status="decided", due_date=TODAY)
    queue_intervention_reminders(NOW)
    assert deliver_intervention_reminders(ids())["skipped"] == 1
    assert mail.outbox == []
