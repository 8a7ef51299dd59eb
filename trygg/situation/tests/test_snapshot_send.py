"""Sending a frozen weekly picture to the participating organisations: one e-mail each with
the summary, the link and the PDF; delivery rows and an audit row; all-or-nothing validation;
access; one failing address does not stop the others."""

from __future__ import annotations

import datetime as dt
import smtplib
from typing import Any

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import translation

from trygg.core.models import AuditEvent
from trygg.core.weeks import STOCKHOLM, IsoWeek
from trygg.situation.models import SnapshotDelivery
from trygg.situation.services.snapshots import freeze_week, send_snapshot
from trygg.situation.services.weekly import area_status_set

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
    assert mail.outbox == []


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
        assert delivery.error == ""
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
    [note] = [str(m) for m in get_messages(response.wsgi_request)]
    assert note.startswith("The weekly picture was sent to 2 organisations")

    # the page lists the deliveries with their status in words
    body = client.get(page_url(flen)).content.decode()
    assert body.count("<td>" + HOUSING + "</td>") == 1
    assert body.count('<span class="badge badge--ok">Sent</span>') == 2


def test_reply_to_is_the_sender_when_they_have_an_address(
    frozen: Any, django_capture_on_commit_callbacks: Any
) -> None:
    flen = frozen.flen
    flen.coordinator.email = "samordnare@flen.example.se"
    flen.coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        send_snapshot(
            actor=flen.coordinator, snapshot=flen.snapshot, organisations=[flen.org_police]
        )
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


def test_the_page_says_when_messages_are_still_queued(
    client: Any, frozen: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Inside a test transaction the callbacks run only after the view: what a deployment
    with an outer transaction (or a queue) would show."""
    flen = frozen.flen
    client.force_login(flen.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_url(flen), {"organisations": [str(flen.org_police.public_id)]})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "1 meddelande väntar på att skickas."
    ]
    assert [m.to for m in mail.outbox] == [[POLICE]]
    assert SnapshotDelivery.objects.get().status == "sent"


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
    assert [m.to for m in mail.outbox] == [[POLICE]]
    housing = SnapshotDelivery.objects.get(email=HOUSING)
    police = SnapshotDelivery.objects.get(email=POLICE)
    assert housing.status == "failed" and housing.sent_at is None
    assert "User unknown" in housing.error
    assert police.status == "sent"
    body = response.content.decode()
    assert f"Utskicket misslyckades för {flen.org_housing.name}" in body
    assert "Lägesbilden skickades till 1 organisation" in body
    assert '<span class="badge badge--missing">Misslyckades</span>' in body  # in words


def test_an_unreachable_server_marks_every_delivery_failed(
    frozen: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any
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
    assert set(SnapshotDelivery.objects.values_list("status", flat=True)) == {"failed"}
    assert AuditEvent.objects.filter(action="situation.snapshot_send").count() == 1


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
    frozen: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any
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
    delivery = SnapshotDelivery.objects.get()
    assert delivery.status == "failed"
    assert delivery.error == "PDF:en kunde inte skapas."
    assert mail.outbox == []
