"""The digest to the participants when a meeting is closed: one per (minutes version, user),
only to users who keep notices on, internal decisions left out for those outside the core
group, and never sent twice by a retried task or a second worker."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from trygg.core.weeks import local_date
from trygg.meetings.models import MinutesDigest
from trygg.meetings.services.decisions import decision_record, meeting_close, meeting_reopen
from trygg.meetings.services.digest import STALE, deliver_digests, retry_digests
from trygg.meetings.services.meetings import attendance_set
from trygg.meetings.tests.helpers import last_weekly

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world: Any) -> Any:
    flen = world.flen
    for user, address in (
        (flen.coordinator, "samordnare@kommun.example"),
        (flen.police, "polis@polisen.example"),
        (flen.reporter, "rapportor@bostader.example"),
        (flen.partner, "partner@kommun.example"),
    ):
        user.email = address
        user.save()
    flen.partner.mail_notices = False  # turned non-essential mail off
    flen.partner.save()
    meeting = last_weekly(flen)
    attendance_set(actor=flen.coordinator, meeting=meeting, presence={flen.org_police: "present"})
    day = local_date(meeting.starts_at)
    coordinator = flen.coordinator
    decision_record(
        actor=coordinator,
        meeting=meeting,
        kind="intervention",
        text="Nedskräpning vid resecentrum",
        intervention_title="Extra städning vid resecentrum",
        organisation=flen.org_housing,
        due_date=day + dt.timedelta(days=21),
    )
    decision_record(
        actor=coordinator,
        meeting=meeting,
        kind="focus",
        text="Centrum nästa vecka",
        focus_areas=[flen.centrum],
    )
    decision_record(
        actor=coordinator,
        meeting=meeting,
        kind="tell",
        text="Informera skolorna",
        tell_whom="Rektorerna",
        tell_what="Mer vuxennärvaro vid stationen",
    )
    decision_record(
        actor=coordinator,
        meeting=meeting,
        kind="other",
        text="Hemlig kartläggning",
        internal=True,
    )
    return meeting


def _close(world: Any, meeting: Any, capture: Any) -> Any:
    with capture(execute=False) as callbacks:
        minutes = meeting_close(actor=world.flen.coordinator, meeting=meeting)
    assert len(callbacks) == 1  # the digests go to the worker after the commit
    return minutes


def test_closing_queues_one_digest_per_participant_with_notices_on(
    world: Any, meeting: Any, django_capture_on_commit_callbacks: Any
) -> None:
    flen = world.flen
    minutes = _close(world, meeting, django_capture_on_commit_callbacks)
    rows = {d.user: d for d in MinutesDigest.objects.filter(minutes=minutes)}
    # the partner turned notices off; the reporter of the housing company (a participating
    # organisation) gets the digest, but of the edition for outside the core group
    assert set(rows) == {flen.coordinator, flen.police, flen.reporter}
    assert [u for u, d in rows.items() if d.outside] == [flen.reporter]


def test_the_digest_is_sent_once_with_the_decisions_and_a_link(
    world: Any, meeting: Any, django_capture_on_commit_callbacks: Any
) -> None:
    minutes = _close(world, meeting, django_capture_on_commit_callbacks)
    ids = list(MinutesDigest.objects.values_list("pk", flat=True))
    assert deliver_digests(ids)["sent"] == 3
    # a retried task and a second worker find nothing to send
    assert deliver_digests(ids)["not_claimed"] == 3
    assert deliver_digests(ids)["not_claimed"] == 3
    assert len(mail.outbox) == 3
    by_address = {m.to[0]: m for m in mail.outbox}
    full = by_address["samordnare@kommun.example"]
    assert full.subject.startswith("Efter mötet: EST-möte, ")
    body = full.body
    assert "Besluten\n" in body and "Informera skolorna" in body
    assert "Nya insatser" in body
    assert "Extra städning vid resecentrum – ansvarig: Bostäder flen, klart senast" in body
    assert "Fokus nästa vecka" in body and "Fokusområden: Centrum" in body
    assert "Vad ska berättas för vem" in body or "Vem ska få veta vad" in body
    assert "Rektorerna: Mer vuxennärvaro vid stationen" in body
    assert "Hemlig kartläggning" in body  # the core group reads internal decisions
    assert f"/meetings/{meeting.public_id}/minutes/?version={minutes.version}" in body
    assert "/accounts/profile/" in body or "profil" in body
    outside = by_address["rapportor@bostader.example"].body
    assert "Hemlig kartläggning" not in outside  # like the edition for outside the core group
    assert "Informera skolorna" in outside
    assert "/minutes/" not in outside  # a reporter cannot open the minutes page


def test_a_correction_sends_a_digest_of_the_new_version(
    world: Any, meeting: Any, django_capture_on_commit_callbacks: Any
) -> None:
    flen = world.flen
    first = _close(world, meeting, django_capture_on_commit_callbacks)
    meeting_reopen(actor=flen.coordinator, meeting=meeting, reason="Fel datum i ett beslut")
    second = _close(world, meeting, django_capture_on_commit_callbacks)
    assert MinutesDigest.objects.filter(minutes=first).count() == 3
    assert MinutesDigest.objects.filter(minutes=second).count() == 3
    deliver_digests(list(MinutesDigest.objects.filter(minutes=second).values_list("pk", flat=True)))
    assert "version 2 av protokollet, en rättelse: Fel datum" in mail.outbox[0].body


def test_notices_turned_off_before_sending_skip_the_digest(
    world: Any, meeting: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _close(world, meeting, django_capture_on_commit_callbacks)
    world.flen.police.mail_notices = False
    world.flen.police.save()
    done = deliver_digests(list(MinutesDigest.objects.values_list("pk", flat=True)))
    assert done["sent"] == 2 and done["skipped"] == 1
    assert "polis@polisen.example" not in [m.to[0] for m in mail.outbox]


def test_a_failed_or_abandoned_digest_is_sent_on_a_later_run(
    world: Any, meeting: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _close(world, meeting, django_capture_on_commit_callbacks)
    first, second, third = MinutesDigest.objects.order_by("pk")

    def refuse(self: Any, *args: Any, **kwargs: Any) -> int:
        raise ConnectionRefusedError("no mail server")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.message.EmailMessage.send", refuse)
        assert deliver_digests([first.pk])["queued_again"] == 1
    # the second: a worker claimed it and died; the third was sent
    MinutesDigest.objects.filter(pk=second.pk).update(status="sending", attempts=1)
    assert deliver_digests([third.pk])["sent"] == 1
    later = timezone.now() + STALE + dt.timedelta(minutes=1)
    MinutesDigest.objects.update(updated_at=timezone.now() - dt.timedelta(minutes=10))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert retry_digests(later) == "1 queued again, 2 handed to the worker"
    assert len(callbacks) == 1
    assert deliver_digests([first.pk, second.pk, third.pk]) == {
        "sent": 2,
        "skipped": 0,
        "failed": 0,
        "queued_again": 0,
        "not_claimed": 1,
    }
    assert len(mail.outbox) == 3
