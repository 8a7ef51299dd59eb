"""What partners receive holds nothing coordinators-only and no report text.

A coordinator pins a coordinators-only report next to a shared one and freezes the week: the
frozen picture (page, PDF and the e-mail with its PDF) lists only the shared pin; the stored
snapshot holds no report description, and of the pin notes (the coordinator's own, screened
words for the partners, which the weekly PDF keeps) only the shared pin's. The coordinator's own
weekly page still shows both pins."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from trygg.core.weeks import STOCKHOLM, IsoWeek
from trygg.situation.models import WeeklySnapshot
from trygg.situation.services.snapshots import freeze_week, send_snapshot
from trygg.situation.services.weekly import report_pin

pytestmark = pytest.mark.django_db

WEEK = IsoWeek.current().previous()
SHARED_TEXT = "Klotter på busskuren vid torget."
SECRET_TEXT = "Uppgift från polisen om en namngiven person."
PIN_NOTE = "Samordnarens anteckning om den hemliga pinnen."
SHARED_NOTE = "Samordnarens anteckning om den delade pinnen."


def pdf_text(content: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return done.stdout.decode()


def pinned_section(text: str) -> str:
    """The text from the "Notable reports" heading to the next heading (Swedish page/PDF)."""
    start = text.index("Uppmärksammade rapporter")
    end = text.index("Områden per kategori", start)
    return text[start:end]


@pytest.fixture
def pinned(world: Any, make_report: Any) -> Any:
    flen = world.flen
    day = dt.datetime.combine(WEEK.monday + dt.timedelta(days=1), dt.time(12), STOCKHOLM)
    flen.shared = make_report(
        occurred_start=day,
        category=flen.categories["klotter"],
        description=SHARED_TEXT,
        visibility="partners",
    )
    flen.secret = make_report(
        occurred_start=day + dt.timedelta(days=2),
        category=flen.categories["ovrigt"],
        description=SECRET_TEXT,
        visibility="coordinators",
    )
    report_pin(actor=flen.coordinator, report=flen.shared, week=WEEK, note=SHARED_NOTE)
    report_pin(actor=flen.coordinator, report=flen.secret, week=WEEK, note=PIN_NOTE)
    flen.snapshot = freeze_week(actor=flen.coordinator, municipality=flen.municipality, week=WEEK)
    return world


def test_stored_snapshot_lists_only_the_shared_pin_and_no_text(pinned: Any) -> None:
    flen = pinned.flen
    data = WeeklySnapshot.objects.get(pk=flen.snapshot.pk).data
    assert [pin["category"] for pin in data["pinned"]] == [flen.categories["klotter"].label]
    stored = json.dumps(data, ensure_ascii=False)
    for text in (SHARED_TEXT, SECRET_TEXT, PIN_NOTE):
        assert text not in stored
    assert SHARED_NOTE in stored


def test_partner_page_and_pdf_show_only_the_shared_pin(client: Any, pinned: Any) -> None:
    flen = pinned.flen
    code, public_id = flen.municipality.code, flen.snapshot.public_id
    shared_label = flen.categories["klotter"].label
    secret_label = flen.categories["ovrigt"].label
    client.force_login(flen.partner)
    page = client.get(reverse("situation:snapshot", args=[code, public_id])).content.decode()
    [pins] = re.findall(r'<ul class="pinned-list">(.*?)</ul>', page, flags=re.S)
    assert shared_label in pins and secret_label not in pins
    for text in (SHARED_TEXT, SECRET_TEXT, PIN_NOTE):
        assert text not in page
    response = client.get(reverse("situation:snapshot_pdf", args=[code, public_id]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = pdf_text(content)
    section = pinned_section(text)
    assert shared_label in section and secret_label not in section
    for secret in (SECRET_TEXT, PIN_NOTE):
        assert secret not in text


def test_the_email_and_its_pdf_hold_only_the_shared_pin(
    pinned: Any, run_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    flen = pinned.flen
    flen.org_police.contact_email = "lpo.flen@polisen.example.se"
    flen.org_police.save()
    with django_capture_on_commit_callbacks(execute=True):
        send_snapshot(
            actor=flen.coordinator, snapshot=flen.snapshot, organisations=[flen.org_police]
        )
    assert run_tasks() == 1
    [message] = mail.outbox
    body = message.body
    for text in (SECRET_TEXT, PIN_NOTE, flen.categories["ovrigt"].label):
        assert text not in body
    [(_name, content, _mimetype)] = message.attachments
    section = pinned_section(pdf_text(content))
    assert flen.categories["klotter"].label in section
    assert flen.categories["ovrigt"].label not in section


def test_the_coordinators_weekly_page_still_shows_both_pins(client: Any, pinned: Any) -> None:
    flen = pinned.flen
    client.force_login(flen.coordinator)
    page = client.get(
        reverse("situation:weekly", args=[flen.municipality.code]), {"week": str(WEEK)}
    ).content.decode()
    assert flen.categories["ovrigt"].label in page
    client.force_login(flen.partner)
    partner_page = client.get(
        reverse("situation:weekly", args=[flen.municipality.code]), {"week": str(WEEK)}
    ).content.decode()
    [pins] = re.findall(r'<ul class="pinned-list">(.*?)</ul>', partner_page, flags=re.S) or [""]
    assert flen.categories["ovrigt"].label not in pins
