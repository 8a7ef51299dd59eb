"""Reminders to organisations that have not reported before the deadline: once per
(organisation, week, kind) however often the scheduler runs, with a retried task, two
workers or a worker killed mid-run; only to reporters who want them."""

from __future__ import annotations

import datetime as dt
import signal
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from trygg.core import schedule
from trygg.core.models import ScheduledJob
from trygg.core.weeks import STOCKHOLM, IsoWeek
from trygg.reports.models import ReminderStatus, ReportingReminder
from trygg.reports.services import reminders
from trygg.reports.services.weekly_returns import weekly_return_submit

WEEK = IsoWeek(2026, 48)  # due Monday 30 Nov 2026 12:00 (the default deadline)
BEFORE = dt.datetime(2026, 11, 30, 8, 0, tzinfo=STOCKHOLM)  # four hours before


@pytest.fixture
def reachable(world: Any) -> Any:
    flen = world.flen
    for user, address in (
        (flen.reporter, "rapportor@bostader.example"),
        (flen.coordinator, "samordnare@kommun.example"),
        (flen.police, "polis@polisen.example"),
    ):
        user.email = address
        user.save()
    # Degerfors has reminders off: nothing may happen there
    world.degerfors.municipality.reminder_hours = 0
    world.degerfors.municipality.save()
    return world


def rows() -> list[tuple[str, str]]:
    return sorted(ReportingReminder.objects.values_list("organisation__name", "status").order_by())


def test_the_window_is_the_hours_before_the_deadline(world: Any) -> None:
    municipality = world.flen.municipality
    deadline = dt.datetime(2026, 11, 30, 12, 0, tzinfo=STOCKHOLM)
    assert reminders.reminder_week(municipality, deadline - dt.timedelta(hours=24)) == WEEK
    assert reminders.reminder_week(municipality, deadline - dt.timedelta(minutes=1)) == WEEK
    assert reminders.reminder_week(municipality, deadline) is None  # too late: it is due
    assert reminders.reminder_week(municipality, deadline - dt.timedelta(hours=25)) is None
    municipality.reminder_hours = 0
    assert reminders.reminder_week(municipality, BEFORE) is None


def test_one_reminder_per_missing_organisation_however_often_it_runs(reachable: Any) -> None:
    flen = reachable.flen
    # Bostäder and Polisen have not answered; the kommun said it has nothing to report
    weekly_return_submit(
        actor=flen.coordinator,
        municipality=flen.municipality,
        week=WEEK,
        organisation=flen.org_municipal,
    )
    for _ in range(3):
        reminders.queue_missing_reminders(BEFORE)
    assert rows() == [("Bostäder flen", "queued"), ("Polisen flen", "queued")]
    ids = list(ReportingReminder.objects.values_list("pk", flat=True))
    result = reminders.deliver_reminders(ids)
    assert result["sent"] == 2
    # the task retried, or run by a second worker: nothing goes out again
    assert reminders.deliver_reminders(ids)["not_claimed"] == 2
    reminders.queue_missing_reminders(BEFORE + dt.timedelta(hours=1))
    assert reminders.deliver_reminders(ids)["not_claimed"] == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "polis@polisen.example",
        "rapportor@bostader.example",
    ]
    message = next(m for m in mail.outbox if m.to == ["rapportor@bostader.example"])
    assert message.subject == "Påminnelse: rapport för vecka 48, 2026 – Flen"
    assert "Bostäder flen har ännu inte rapporterat för vecka 48, 2026" in message.body
    assert "måndag 30 nov 12:00" in message.body
    assert reverse("reports:create", args=["0482"]) in message.body
    assert reverse("profile") in message.body
    assert rows() == [("Bostäder flen", "sent"), ("Polisen flen", "sent")]


def test_a_worker_killed_while_sending_is_picked_up_again(reachable: Any) -> None:
    reminders.queue_missing_reminders(BEFORE)
    housing = ReportingReminder.objects.get(organisation=reachable.flen.org_housing)
    # the worker claimed it and died before it sent anything
    ReportingReminder.objects.filter(pk=housing.pk).update(
        status=ReminderStatus.SENDING, attempts=1
    )
    assert reminders.deliver_reminders([housing.pk])["not_claimed"] == 1  # held by the dead one
    later = BEFORE + reminders.STALE + dt.timedelta(minutes=1)
    ReportingReminder.objects.filter(pk=housing.pk).update(updated_at=BEFORE)
    reminders.queue_missing_reminders(later)
    assert reminders.deliver_reminders([housing.pk])["sent"] == 1
    assert [m.to for m in mail.outbox] == [["rapportor@bostader.example"]]
    housing.refresh_from_db()
    assert housing.attempts == 2 and housing.status == "sent"


def test_no_mail_to_who_turned_it_off_or_to_an_organisation_that_answered(
    reachable: Any, make_report: Any
) -> None:
    flen = reachable.flen
    flen.police.mail_notices = False
    flen.police.save()
    flen.coordinator.is_active = False  # the kommun's only reporter has left
    flen.coordinator.save()
    reminders.queue_missing_reminders(BEFORE)
    # Bostäder reports after the reminder was queued, before the worker runs
    make_report(occurred_start=dt.datetime.combine(WEEK.monday, dt.time(9), STOCKHOLM))
    result = reminders.deliver_reminders(
        list(ReportingReminder.objects.values_list("pk", flat=True))
    )
    assert result["skipped"] == 3 and result["sent"] == 0
    assert mail.outbox == []
    errors = dict(ReportingReminder.objects.values_list("organisation__name", "error"))
    assert errors["Bostäder flen"] == "answered before the reminder"
    assert errors["Polisen flen"] == "nobody to send to"
    assert errors["Kommunen flen"] == "nobody to send to"


def test_a_failing_server_is_retried_then_given_up(reachable: Any, monkeypatch: Any) -> None:
    reminders.queue_missing_reminders(BEFORE)
    housing = ReportingReminder.objects.get(organisation=reachable.flen.org_housing)

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    for attempt in range(1, reminders.MAX_ATTEMPTS + 1):
        reminders.deliver_reminders([housing.pk])
        housing.refresh_from_db()
        assert housing.attempts == attempt
    assert housing.status == "failed" and "no mail server" in housing.error


def test_the_scheduler_runs_a_job_once_per_period(reachable: Any) -> None:
    calls: list[dt.datetime] = []
    schedule.register(
        "test.tick", lambda now: calls.append(now) or "ok", every=dt.timedelta(minutes=5)
    )
    try:
        schedule.run_due(BEFORE)
        schedule.run_due(BEFORE + dt.timedelta(minutes=1))  # a second scheduler, or too early
        schedule.run_due(BEFORE + dt.timedelta(minutes=5))
        assert calls == [BEFORE, BEFORE + dt.timedelta(minutes=5)]
        job = ScheduledJob.objects.get(name="test.tick")
        assert job.last_result == "ok" and job.last_finished_at is not None
    finally:
        schedule._jobs.pop("test.tick")


def run_worker() -> None:
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


@pytest.mark.django_db(transaction=True)
def test_scheduler_and_worker_end_to_end(reachable: Any, monkeypatch: Any) -> None:
    """`run_schedule --once` queues the reminders and one task; the worker sends them."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: BEFORE.astimezone(dt.UTC))
    call_command("run_schedule", "--once", verbosity=0)
    [task] = DBTaskResult.objects.filter(status="READY")
    assert task.task_path == "trygg.reports.tasks.deliver_reminders"
    assert mail.outbox == []
    run_worker()
    # the three organisations of Flen had not answered; Degerfors has reminders off
    assert sorted(m.to[0] for m in mail.outbox) == [
        "polis@polisen.example",
        "rapportor@bostader.example",
        "samordnare@kommun.example",
    ]
    call_command("run_schedule", "--once", verbosity=0)  # not due again yet
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_the_coordinator_reminds_one_organisation_once_per_week(
    client: Any, reachable: Any, django_capture_on_commit_callbacks: Any
) -> None:
    flen = reachable.flen
    client.force_login(flen.coordinator)
    url = reverse("reports:remind", args=["0482"])
    data = {"organisation": str(flen.org_housing.public_id), "week": str(WEEK), "next": "/m/0482/"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="sv", follow=True)
    assert response.redirect_chain[0] == ("/m/0482/", 302)
    assert "En påminnelse till Bostäder flen är på väg." in response.content.decode()
    [reminder] = ReportingReminder.objects.all()
    assert reminder.kind == "coordinator" and reminder.week_start == WEEK.monday
    assert DBTaskResult.objects.filter(task_path="trygg.reports.tasks.deliver_reminders").exists()
    reminders.deliver_reminders([reminder.pk])
    assert [m.to for m in mail.outbox] == [["rapportor@bostader.example"]]
    # a second click: no second reminder
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="sv", follow=True)
    assert "har redan fått en påminnelse för veckan" in response.content.decode()
    assert ReportingReminder.objects.count() == 1


@pytest.mark.parametrize(
    ("organisation", "week", "message"),
    [
        (None, str(WEEK), "Välj en av kommunens organisationer."),
        ("not-a-uuid", str(WEEK), "Välj en av kommunens organisationer."),
        ("00000000-0000-0000-0000-000000000000", str(WEEK), "Välj en av kommunens"),
        ("housing", "2026-W99", "Välj en giltig vecka."),
        ("housing", "", "Välj en giltig vecka."),
    ],
)
def test_remind_with_bad_input_sends_nothing(
    client: Any, reachable: Any, organisation: str | None, week: str, message: str
) -> None:
    client.force_login(reachable.flen.coordinator)
    data = {"week": week}
    if organisation == "housing":
        data["organisation"] = str(reachable.flen.org_housing.public_id)
    elif organisation is not None:
        data["organisation"] = organisation
    response = client.post(
        reverse("reports:remind", args=["0482"]), data, HTTP_ACCEPT_LANGUAGE="sv", follow=True
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ReportingReminder.objects.exists()


def test_no_reminder_for_an_organisation_that_answered_or_of_another_municipality(
    client: Any, reachable: Any
) -> None:
    flen = reachable.flen
    weekly_return_submit(
        actor=flen.coordinator,
        municipality=flen.municipality,
        week=WEEK,
        organisation=flen.org_municipal,
    )
    client.force_login(flen.coordinator)
    url = reverse("reports:remind", args=["0482"])
    body = client.post(
        url,
        {"organisation": str(flen.org_municipal.public_id), "week": str(WEEK)},
        HTTP_ACCEPT_LANGUAGE="sv",
        follow=True,
    ).content.decode()
    assert "har redan svarat för vecka 48, 2026" in body
    other = reachable.degerfors.org_housing
    body = client.post(
        url,
        {"organisation": str(other.public_id), "week": str(WEEK)},
        HTTP_ACCEPT_LANGUAGE="sv",
        follow=True,
    ).content.decode()
    assert "Välj en av kommunens organisationer." in body
    assert not ReportingReminder.objects.exists()
