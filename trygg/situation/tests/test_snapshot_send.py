"""Sending a frozen weekly picture to the participating organisations: one e-mail each with
the summary, the link and the PDF; delivery rows and an audit row; all-or-nothing validation;
access; one failing address does not stop the others.

The page only queues the deliveries and one background task; the tests run the task the way
the worker does (`run_tasks`, or `manage.py db_worker --batch` with real commits) and check
queued → sent / failed, the retries with back-off and that no message goes out twice."""

from __future__ import annotations

import datetime as dt
import signal
import smtplib
from typing import Any

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from trygg.core.models import AuditEvent
from trygg.core.weeks import STOCKHOLM, IsoWeek
from trygg.situation.models import SnapshotDelivery
from trygg.situation.services.snapshots import DELIVERY_RETRY_DELAYS, freeze_week, send_snapshot
from trygg.situation.services.weekly import area_status_set
from trygg.situation.tasks import deliver_snapshot

pytestmark = pytest.mark.django_db

WEEK = IsoWeek.current().previous()
REPORT_TEXT = "Krossad ruta vid entrén."
REASON = "Fler skadegörelser än vanligt."
SITE = "https://trygg.example.se"
HOUSING = "trygg@bostader.example.se"
POLICE = "lpo.flen@polisen.example.se"


@pytest.fixture
def frozen(world: Any, make_report: Any, settings: Any) -> Any:
    """Flen's week frozen, with a decided status; two organisations have a contact e-mail."""
    settings.TRYGG_SITE_URL = SITE
    flen = world.flen
    at = dt.datetime.combine(WEEK.monday + dt.timedelta(days=2), dt.time(12), STOCKHOLM)
    make_report(occurred_start=at, description=REPORT_TEXT)
    area_status_set(
        actor=flen.coordinator, area=flen.centrum, week=WEEK, status="yellow", reason=REASON
    )
    for org, address in ((flen.org_housing, HOUSING), (flen.org_police, POLICE)):
        org.contact_email = address
        org.save()
    flen.snapshot = freeze_week(actor=flen.coordinator, municipality=flen.municipality, week=WEEK)
    return world


def send_url(tenant: Any, snapshot: Any = None) -> str:
    snapshot = snapshot or tenant.snapshot
    return reverse("situation:snapshot_send", args=[tenant.municipality.code, snapshot.public_id])


def page_url(tenant: Any) -> str:
    return reverse("situation:snapshot", args=[tenant.municipality.code, tenant.snapshot.public_id])


def nothing_saved() -> None:
    assert SnapshotDelivery.objects.count() == 0
    assert not AuditEvent.objects.filter(action="situation.snapshot_send").exists()
    assert not DBTaskResult.objects.exists()
    assert mail.outbox == []


def queued_tasks() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(status="READY").order_by("run_after"))


def time_passes() -> None:
    """The back-off is over: every deferred task and queued delivery is due now."""
    past = timezone.now() - dt.timedelta(seconds=1)
    DBTaskResult.objects.filter(status="READY").update(run_after=past)
    SnapshotDelivery.objects.filter(status="queued", next_attempt_at__isnull=False).update(
        next_attempt_at=past
    )


def run_worker() -> None:
    """`manage.py db_worker --batch`: runs what is due, then exits (real commits needed)."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


@pytest.mark.django_db(transaction=True)
def test_send_mails_each_organisation_the_summary_link_and_pdf(client: Any, frozen: Any) -> None:
    """Through the form with real commits: the messages go out when the service's transaction
    commits, so the page can already tell what happened."""
    flen = frozen.flen
    client.force_login(flen.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the sender reads English
    chosen = [str(flen.org_housing.public_id), str(flen.org_police.public_id)]
    response = client.post(send_url(flen), {"organisations": chosen})
    assert response.status_code == 302 and response["Location"] == page_url(flen)
    # the page returns at once: the deliveries are queued for the worker, nothing is sent yet
    assert mail.outbox == []
    assert set(SnapshotDelivery.objects.values_list("status", flat=True)) == {"queued"}
    [task] = queued_tasks()
    assert task.task_path == "trygg.situation.tasks.deliver_snapshot"
    [note] = [str(m) for m in get_messages(response.wsgi_request)]
    assert note == "2 messages are waiting to be sent."
    queued_page = client.get(page_url(flen)).content.decode()
    assert queued_page.count('<span class="badge badge--nothing">Queued</span>') == 2
    assert 'hx-trigger="every 5s"' in queued_page  # the list refreshes itself meanwhile

    run_worker()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([HOUSING, POLICE])
    link = f"{SITE}{page_url(flen)}"
    for message in mail.outbox:
        assert len(message.to) == 1  # one message per organisation, no shared recipient list
        # the organisations get the site language (Swedish), not the sender's English
        assert message.subject == (
            f"Veckolägesbild vecka {WEEK.week} {WEEK.year}, {flen.municipality.name} (version 1)"
        )
        assert link in message.body
        assert "Centrum: Gul – förhöjt" in message.body
        assert "Norr: Ingen status" in message.body
        assert REPORT_TEXT not in message.body and REASON not in message.body
        assert message.from_email == settings.DEFAULT_FROM_EMAIL
        [(filename, content, mimetype)] = message.attachments
        assert mimetype == "application/pdf"
        assert content.startswith(b"%PDF")
        assert filename == f"lagesbild-{flen.municipality.code}-{WEEK}-v1.pdf"

    deliveries = {d.email: d for d in SnapshotDelivery.objects.all()}
    assert set(deliveries) == {HOUSING, POLICE}
    for delivery in deliveries.values():
        assert delivery.status == "sent" and delivery.sent_at is not None
        assert delivery.error == "" and delivery.attempts == 1
        assert delivery.municipality == flen.municipality
        assert delivery.snapshot == flen.snapshot
        assert delivery.sent_by == flen.coordinator
    assert deliveries[HOUSING].organisation == flen.org_housing

    event = AuditEvent.objects.get(action="situation.snapshot_send")
    assert event.target_id == str(flen.snapshot.public_id)
    assert event.municipality == flen.municipality
    assert event.actor == flen.coordinator
    assert event.changes == {
        "week": str(WEEK),
        "version": 1,
        "organisations": sorted([flen.org_housing.name, flen.org_police.name]),
    }

    # the page lists the deliveries with their status in words, and stops refreshing
    body = client.get(page_url(flen)).content.decode()
    assert body.count("<td>" + HOUSING + "</td>") == 1
    assert body.count('<span class="badge badge--ok">Sent</span>') == 2
    assert "hx-trigger" not in body

    run_worker()  # the worker again: nothing left to send
    assert len(mail.outbox) == 2


def test_reply_to_is_the_sender_when_they_have_an_address(
    frozen: Any, django_capture_on_commit_callbacks: Any, run_tasks: Any
) -> None:
    flen = frozen.flen
    flen.coordinator.email = "samordnare@flen.example.se"
    flen.coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        send_snapshot(
            actor=flen.coordinator, snapshot=flen.snapshot, organisations=[flen.org_police]
        )
    assert run_tasks() == 1
    [message] = mail.outbox
    assert message.reply_to == ["samordnare@flen.example.se"]


def test_nothing_is_sent_before_the_transaction_commits(
    frozen: Any, django_capture_on_commit_callbacks: Any
) -> None:
    flen = frozen.flen
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_snapshot(
            actor=flen.coordinator, snapshot=flen.snapshot, organisations=[flen.org_police]
        )
    assert mail.outbox == []
    assert SnapshotDelivery.objects.get().status == "queued"
    assert len(callbacks) == 1
    assert not DBTaskResult.objects.exists()  # the task is queued only after the commit
    callbacks[0]()
    assert len(queued_tasks()) == 1


def test_the_page_enqueues_and_returns_then_the_task_sends_exactly_one_mail(
    client: Any, frozen: Any, django_capture_on_commit_callbacks: Any, run_tasks: Any
) -> None:
    flen = frozen.flen
    client.force_login(flen.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_url(flen), {"organisations": [str(flen.org_police.public_id)]})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "1 meddelande väntar på att skickas."
    ]
    assert mail.outbox == []
    delivery = SnapshotDelivery.objects.get()
    assert delivery.status == "queued" and delivery.attempts == 0 and delivery.sent_at is None
    [task] = queued_tasks()
    assert task.args_kwargs["args"][0] == [delivery.pk]
    body = client.get(page_url(flen)).content.decode()
    assert '<span class="badge badge--nothing">I kö</span>' in body

    assert run_tasks() == 1
    assert [m.to for m in mail.outbox] == [[POLICE]]
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.attempts == 1 and delivery.sent_at is not None
    assert DBTaskResult.objects.get().return_value == {
        "sent": 1,
        "failed": 0,
        "retry": 0,
        "skipped": 0,
    }
    assert (
        '<span class="badge badge--ok">Skickat</span>'
        in client.get(page_url(flen)).content.decode()
    )


def test_running_the_task_twice_sends_once(
    frozen: Any, django_capture_on_commit_callbacks: Any, run_tasks: Any
) -> None:
    flen = frozen.flen
    with django_capture_on_commit_callbacks(execute=True):
        send_snapshot(
            actor=flen.coordinator,
            snapshot=flen.snapshot,
            organisations=[flen.org_housing, flen.org_police],
        )
    [task] = queued_tasks()
    deliver_snapshot.enqueue(*task.args_kwargs["args"])  # the same task queued a second time
    assert run_tasks() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([HOUSING, POLICE])
    results = [r.return_value for r in DBTaskResult.objects.order_by("enqueued_at")]
    assert sorted(r["sent"] for r in results) == [0, 2]
    assert sorted(r["skipped"] for r in results) == [0, 2]
    assert set(SnapshotDelivery.objects.values_list("attempts", flat=True)) == {1}
    deliver_snapshot.call(*task.args_kwargs["args"])  # and once more, directly
    assert len(mail.outbox) == 2


def test_a_delivery_claimed_by_another_worker_is_not_sent_again(
    frozen: Any, django_capture_on_commit_callbacks: Any, run_tasks: Any
) -> None:
    """The claim (queued → sending) is one conditional UPDATE: a row another worker holds,
    or one whose worker died while sending, is left alone."""
    flen = frozen.flen
    with django_capture_on_commit_callbacks(execute=True):
        send_snapshot(
            actor=flen.coordinator,
            snapshot=flen.snapshot,
            organisations=[flen.org_housing, flen.org_police],
        )
    SnapshotDelivery.objects.filter(email=HOUSING).update(status="sending", attempts=1)
    assert run_tasks() == 1
    assert [m.to for m in mail.outbox] == [[POLICE]]
    housing = SnapshotDelivery.objects.get(email=HOUSING)
    assert housing.status == "sending" and housing.attempts == 1


@pytest.mark.parametrize("case", ["other-municipality", "no-email", "inactive", "empty"])
def test_invalid_choices_save_nothing(
    frozen: Any, django_capture_on_commit_callbacks: Any, case: str
) -> None:
    flen, deg = frozen.flen, frozen.degerfors
    deg.org_housing.contact_email = "trygg@degerfors.example.se"
    deg.org_housing.save()
    inactive = flen.org_police
    if case == "inactive":
        inactive.active = False
        inactive.save()
    chosen = {
        "other-municipality": [flen.org_housing, deg.org_housing],
        "no-email": [flen.org_housing, flen.org_municipal],
        "inactive": [flen.org_housing, inactive],
        "empty": [],
    }[case]
    expected = {
        "other-municipality": "does not take part in",
        "no-email": f"{flen.org_municipal.name} has no contact e-mail",
        "inactive": f"{inactive.name} is not active",
        "empty": "Choose at least one organisation",
    }[case]
    with (
        translation.override("en"),
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError) as error,
    ):
        send_snapshot(actor=flen.coordinator, snapshot=flen.snapshot, organisations=chosen)
    assert expected in " ".join(error.value.messages)
    nothing_saved()


def test_the_form_with_an_empty_choice_explains_and_saves_nothing(
    client: Any, frozen: Any, django_capture_on_commit_callbacks: Any
) -> None:
    flen = frozen.flen
    client.force_login(flen.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_url(flen), {}, follow=True)
    assert response.redirect_chain[-1][0] == page_url(flen)
    assert "Välj minst en organisation att skicka lägesbilden till." in response.content.decode()
    nothing_saved()


def test_another_municipalitys_organisation_in_the_form_is_not_found(
    client: Any, frozen: Any
) -> None:
    flen, deg = frozen.flen, frozen.degerfors
    client.force_login(flen.coordinator)
    for bogus in (str(deg.org_housing.public_id), "not-a-uuid"):
        response = client.post(
            send_url(flen), {"organisations": [str(flen.org_housing.public_id), bogus]}
        )
        assert response.status_code == 404
    nothing_saved()


def test_partner_and_reporter_get_403_other_tenant_404(client: Any, frozen: Any) -> None:
    flen, deg = frozen.flen, frozen.degerfors
    data = {"organisations": [str(flen.org_housing.public_id)]}
    for user in (flen.partner, flen.reporter, flen.police):
        client.force_login(user)
        assert client.post(send_url(flen), data).status_code == 403
    client.force_login(deg.coordinator)
    assert client.post(send_url(flen), data).status_code == 404
    # the snapshot through the coordinator's own municipality: not found there either
    own = reverse("situation:snapshot_send", args=[deg.municipality.code, flen.snapshot.public_id])
    assert client.post(own, data).status_code == 404
    client.force_login(flen.coordinator)
    assert client.get(send_url(flen)).status_code == 405
    with pytest.raises(PermissionDenied):
        send_snapshot(actor=flen.partner, snapshot=flen.snapshot, organisations=[flen.org_housing])
    nothing_saved()


@pytest.mark.django_db(transaction=True)
def test_one_failing_address_does_not_stop_the_others(
    client: Any, frozen: Any, monkeypatch: Any
) -> None:
    flen = frozen.flen
    deliver = EmailBackend.send_messages

    def refuse_housing(self: Any, messages: Any) -> int:
        if any(HOUSING in message.to for message in messages):
            raise smtplib.SMTPRecipientsRefused({HOUSING: (550, b"5.1.1 User unknown")})
        return deliver(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_housing)
    client.force_login(flen.coordinator)
    chosen = [str(flen.org_housing.public_id), str(flen.org_police.public_id)]
    response = client.post(send_url(flen), {"organisations": chosen}, follow=True)
    assert "2 meddelanden väntar på att skickas." in response.content.decode()
    run_worker()
    assert [m.to for m in mail.outbox] == [[POLICE]]
    housing = SnapshotDelivery.objects.get(email=HOUSING)
    police = SnapshotDelivery.objects.get(email=POLICE)
    # 550 is a permanent refusal: failed at once, not tried again
    assert housing.status == "failed" and housing.sent_at is None and housing.attempts == 1
    assert "User unknown" in housing.error
    assert police.status == "sent"
    assert queued_tasks() == []
    body = client.get(page_url(flen)).content.decode()
    assert '<span class="badge badge--missing">Misslyckades</span>' in body  # in words
    assert "550 5.1.1 User unknown" in body
    assert '<span class="badge badge--ok">Skickat</span>' in body


def test_an_unreachable_server_is_retried_with_back_off_then_marked_failed(
    client: Any,
    frozen: Any,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: Any,
    run_tasks: Any,
) -> None:
    flen = frozen.flen

    def unreachable(self: Any, messages: Any) -> int:
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(EmailBackend, "send_messages", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        send_snapshot(
            actor=flen.coordinator,
            snapshot=flen.snapshot,
            organisations=[flen.org_housing, flen.org_police],
        )
    client.force_login(flen.coordinator)
    for attempt, delay in enumerate(DELIVERY_RETRY_DELAYS, start=1):
        before = timezone.now()
        assert run_tasks() == 1
        deliveries = list(SnapshotDelivery.objects.all())
        for delivery in deliveries:
            assert delivery.status == "queued" and delivery.attempts == attempt
            assert "Connection refused" in delivery.error
            assert before + delay <= delivery.next_attempt_at <= timezone.now() + delay
        [retry] = queued_tasks()  # one task for both, due when they are
        assert retry.run_after == max(d.next_attempt_at for d in deliveries)
        assert run_tasks() == 0  # not before the back-off is over
        body = client.get(page_url(flen)).content.decode()
        assert body.count(f"försök {attempt} misslyckades, nytt försök") == 2
        time_passes()
    assert run_tasks() == 1  # the third and last attempt
    assert queued_tasks() == []
    for delivery in SnapshotDelivery.objects.all():
        assert delivery.status == "failed" and delivery.attempts == 3
        assert delivery.next_attempt_at is None and "Connection refused" in delivery.error
    assert mail.outbox == []
    assert AuditEvent.objects.filter(action="situation.snapshot_send").count() == 1
    body = client.get(page_url(flen)).content.decode()
    assert body.count('<span class="badge badge--missing">Misslyckades</span>') == 2
    assert body.count("efter 3 försök") == 2


def test_a_temporary_refusal_is_retried_and_then_sent_once(
    frozen: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any, run_tasks: Any
) -> None:
    flen = frozen.flen
    deliver = EmailBackend.send_messages
    calls: list[str] = []

    def greylist_once(self: Any, messages: Any) -> int:
        calls.append(messages[0].to[0])
        if len(calls) == 1:
            raise smtplib.SMTPRecipientsRefused({POLICE: (451, b"4.7.1 Try again later")})
        return deliver(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", greylist_once)
    with django_capture_on_commit_callbacks(execute=True):
        send_snapshot(
            actor=flen.coordinator, snapshot=flen.snapshot, organisations=[flen.org_police]
        )
    assert run_tasks() == 1
    delivery = SnapshotDelivery.objects.get()
    assert delivery.status == "queued" and delivery.error == "451 4.7.1 Try again later"
    time_passes()
    assert run_tasks() == 1
    assert [m.to for m in mail.outbox] == [[POLICE]]
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.attempts == 2
    assert delivery.error == "" and delivery.next_attempt_at is None
    time_passes()
    assert run_tasks() == 0 and len(mail.outbox) == 1


def test_a_connection_lost_while_sending_is_not_retried(
    frozen: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any, run_tasks: Any
) -> None:
    """The server may have taken the message before the line dropped: sending it again could
    deliver it twice, so the delivery is marked failed with that explanation."""
    flen = frozen.flen

    def dropped(self: Any, messages: Any) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(EmailBackend, "send_messages", dropped)
    with translation.override("en"):
        with django_capture_on_commit_callbacks(execute=True):
            send_snapshot(
                actor=flen.coordinator, snapshot=flen.snapshot, organisations=[flen.org_police]
            )
        assert run_tasks() == 1
    delivery = SnapshotDelivery.objects.get()
    assert delivery.status == "failed" and delivery.attempts == 1
    assert "Connection unexpectedly closed" in delivery.error
    assert "Det kan ha kommit fram" in delivery.error  # the site language, as the mail
    assert queued_tasks() == []


def test_the_form_on_the_page(client: Any, frozen: Any) -> None:
    flen = frozen.flen
    client.force_login(flen.coordinator)
    body = client.get(page_url(flen)).content.decode()
    assert f'action="{send_url(flen)}"' in body
    assert "<legend>Organisationer att skicka till</legend>" in body
    # checked when the organisation has an address, disabled with the reason otherwise
    assert f'value="{flen.org_housing.public_id}"' in body
    housing = body.split(f'value="{flen.org_housing.public_id}"')[1].split(">")[0]
    municipal = body.split(f'value="{flen.org_municipal.public_id}"')[1].split(">")[0]
    assert "checked" in housing and "disabled" not in housing
    assert "disabled" in municipal and "checked" not in municipal
    assert "ingen kontaktadress" in body
    assert "Den frysta lägesbilden har inte skickats ännu." in body
    assert "mailto:" in body  # the fallback stays
    client.force_login(flen.partner)
    body = client.get(page_url(flen)).content.decode()
    assert send_url(flen) not in body


def test_without_outgoing_mail_the_page_and_the_service_say_so(
    client: Any, frozen: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TRYGG_EMAIL_ENABLED = False  # production without TRYGG_EMAIL_HOST
    flen = frozen.flen
    client.force_login(flen.coordinator)
    body = client.get(page_url(flen)).content.decode()
    assert send_url(flen) not in body
    assert "Utgående e-post är inte inställd" in body
    assert "mailto:" in body
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        send_snapshot(
            actor=flen.coordinator, snapshot=flen.snapshot, organisations=[flen.org_police]
        )
    nothing_saved()


def test_a_pdf_that_cannot_be_made_marks_the_deliveries_failed(
    frozen: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any, run_tasks: Any
) -> None:
    from trygg.situation import render as render_snapshots

    def broken(*args: Any, **kwargs: Any) -> bytes:
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(render_snapshots, "snapshot_pdf", broken)
    flen = frozen.flen
    with django_capture_on_commit_callbacks(execute=True):
        send_snapshot(
            actor=flen.coordinator, snapshot=flen.snapshot, organisations=[flen.org_police]
        )
    assert run_tasks() == 1
    delivery = SnapshotDelivery.objects.get()
    assert delivery.status == "failed" and delivery.attempts == 1
    assert delivery.error == "PDF:en kunde inte skapas."
    assert mail.outbox == []
