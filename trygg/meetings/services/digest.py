"""The digest e-mailed to the participants when a meeting is closed: the decisions, the new
interventions with their owner and due date, next week's focus and what to tell whom.

Non-essential mail: it goes only to users who keep ``User.mail_notices`` on (unlike the minutes
e-mail, which the coordinator sends on purpose as the meeting's record, see minutes_mail.py).
Written from the frozen minutes; a user outside the core group gets the digest of the edition
for outside the core group (internal decisions left out), exactly like the minutes page.

One `MinutesDigest` per (minutes version, user), created when the version is frozen; sent by
the task `meetings.tasks.deliver_digests` through the shared outbox (claimed before sending, so
a retried task or two workers never mail twice; failed ones are retried by the scheduler).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from trygg.accounts.models import Membership, User
from trygg.accounts.permissions import can
from trygg.core import outbox
from trygg.meetings.choices import DecisionKind
from trygg.meetings.models import Minutes, MinutesDigest
from trygg.meetings.selectors.meetings import in_core_group, outside_edition, participants

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
#: a digest left "sending" this long was abandoned by a worker that died
STALE = dt.timedelta(minutes=15)
EVERY = dt.timedelta(minutes=15)


def digest_recipients(minutes: Minutes) -> list[User]:
    """Active users of the participating organisations (and the municipality's coordinators)
    with an e-mail address who have not turned notices off."""
    meeting = minutes.meeting
    municipality = meeting.municipality
    org_ids = [o.pk for o in participants(meeting)]
    members = Membership.objects.filter(municipality=municipality, active=True)
    user_ids = members.filter(organisation_id__in=org_ids).values_list("user_id", flat=True)
    coordinator_ids = members.filter(role="coordinator").values_list("user_id", flat=True)
    return list(
        User.objects.filter(pk__in={*user_ids, *coordinator_ids}, is_active=True, mail_notices=True)
        .exclude(email="")
        .order_by("pk")
    )


def digest_queue(minutes: Minutes) -> list[MinutesDigest]:
    """Queue the digest of a frozen version for every recipient who has not had it (called
    when the meeting is closed, inside its transaction); the worker gets them on commit."""
    if not settings.TRYGG_EMAIL_ENABLED:
        return []
    meeting = minutes.meeting
    people = digest_recipients(minutes)
    existing = set(MinutesDigest.objects.filter(minutes=minutes).values_list("user_id", flat=True))
    new = [
        MinutesDigest(minutes=minutes, user=u, outside=not in_core_group(u, meeting))
        for u in people
        if u.pk not in existing
    ]
    MinutesDigest.objects.bulk_create(new, ignore_conflicts=True)
    created = list(
        MinutesDigest.objects.filter(
            minutes=minutes, user_id__in=[d.user_id for d in new], status=outbox.QUEUED
        )
    )
    if created:
        ids = [d.pk for d in created]
        transaction.on_commit(lambda: _enqueue(ids))
    return created


def _enqueue(ids: list[int]) -> None:
    from trygg.meetings.tasks import deliver_digests

    deliver_digests.enqueue(ids)


@dataclass
class Digest:
    """What the digest says, from one edition of the frozen minutes."""

    decisions: list[dict[str, Any]] = field(default_factory=list)
    interventions: list[dict[str, Any]] = field(default_factory=list)
    focus_areas: list[str] = field(default_factory=list)
    hot_spots: list[str] = field(default_factory=list)
    tell: list[dict[str, Any]] = field(default_factory=list)


def digest_of(content: dict[str, Any], *, outside: bool) -> Digest:
    if outside:
        content = outside_edition(content)
    digest = Digest()
    for decision in content.get("decisions", []):
        digest.decisions.append(decision)
        kind = decision.get("kind")
        if kind == DecisionKind.INTERVENTION:
            digest.interventions.append(decision)
        elif kind == DecisionKind.FOCUS:
            for name in decision.get("focus_areas", []):
                if name not in digest.focus_areas:
                    digest.focus_areas.append(name)
            for name in decision.get("hot_spots", []):
                if name not in digest.hot_spots:
                    digest.hot_spots.append(name)
        elif kind == DecisionKind.TELL:
            digest.tell.append(decision)
    return digest


def _message(row: MinutesDigest) -> EmailMessage:
    minutes = row.minutes
    meeting = minutes.meeting
    user = row.user
    link = reverse("meetings:minutes", args=[meeting.municipality.code, meeting.public_id])
    may_read = can(user, "meeting.view", meeting.municipality)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "meeting": meeting,
            "minutes": minutes,
            "title": minutes.content.get("title", meeting.title),
            "starts_at": dt.datetime.fromisoformat(minutes.content["starts_at"]),
            "digest": digest_of(minutes.content, outside=row.outside),
            "outside": row.outside,
            "link": f"{settings.TRYGG_SITE_URL}{link}?version={minutes.version}"
            if may_read
            else "",
            "profile_url": f"{settings.TRYGG_SITE_URL}{reverse('profile')}",
        }
        subject = render_to_string("meetings/email/digest_subject.txt", context)
        body = render_to_string("meetings/email/digest_body.txt", context)
    return EmailMessage(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email])


def deliver_digests(ids: list[int]) -> dict[str, int]:
    """Send the queued digests among `ids` (the worker's task). Each is claimed first."""
    done = {"sent": 0, "skipped": 0, "failed": 0, "queued_again": 0, "not_claimed": 0}
    rows = MinutesDigest.objects.filter(pk__in=ids).select_related(
        "user", "minutes__meeting__municipality"
    )
    for row in rows:
        if not outbox.claim(MinutesDigest, row.pk):
            done["not_claimed"] += 1
            continue
        user = row.user
        if not (user.is_active and user.mail_notices and user.email):
            # turned notices off (or lost the address) after the meeting was closed
            outbox.settle(MinutesDigest, row.pk, outbox.SKIPPED, error="notices turned off")
            done["skipped"] += 1
            continue
        try:
            _message(row).send()
        except Exception as error:  # recorded on the row; retried or failed
            logger.warning("meeting digest %s not sent: %s", row.pk, error)
            again = outbox.failed_attempt(MinutesDigest, row.pk, error, max_attempts=MAX_ATTEMPTS)
            done["queued_again" if again else "failed"] += 1
            continue
        outbox.settle(MinutesDigest, row.pk, outbox.SENT, sent_at=timezone.now())
        done["sent"] += 1
    return done


def retry_digests(now: dt.datetime) -> str:
    """The scheduler's job: digests a dead worker left "sending", and digests queued again
    after a failed attempt, go to the worker again (claimed before sending, so harmless)."""
    requeued = outbox.requeue_stale(MinutesDigest, now, stale=STALE, max_attempts=MAX_ATTEMPTS)
    waiting = list(
        MinutesDigest.objects.filter(
            # queued a while ago (its hand-over was lost), or queued again just now
            Q(updated_at__lte=now - dt.timedelta(minutes=5)) | Q(updated_at=now),
            status=outbox.QUEUED,
        ).values_list("pk", flat=True)
    )
    if waiting:
        transaction.on_commit(lambda: _enqueue(waiting))
    return f"{requeued} queued again, {len(waiting)} handed to the worker"
