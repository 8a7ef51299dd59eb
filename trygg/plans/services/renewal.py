"""The renewal reminder of the åtgärdsplan: RENEWAL_REMINDER_DAYS before the plan's renewal
date (decision date + ``renewal_years``) the municipality's coordinators get one e-mail.

The scheduler (trygg.core.schedule, ``manage.py run_schedule``) runs `queue_renewal_reminders`
every EVERY; it hands the plans that are due to the worker (``plans.tasks.
send_renewal_reminders``), which claims each plan by one conditional UPDATE of
``reminder_sent_at`` before it sends, so however often the job runs and however many workers
there are, a plan's coordinators are reminded once per decision. Deciding a new version sets a
new renewal date and clears ``reminder_sent_at``. Only the plan's current decided version
counts: a plan whose versions are all superseded, or one replaced by a later decided plan of
the same municipality, is never reminded."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from trygg.accounts.choices import Role
from trygg.accounts.models import Membership, User
from trygg.core import audit
from trygg.core.weeks import STOCKHOLM
from trygg.plans.choices import DocumentState
from trygg.plans.limits import RENEWAL_REMINDER_DAYS
from trygg.plans.models import ActionPlan, ActionPlanVersion

logger = logging.getLogger(__name__)

EVERY = dt.timedelta(hours=1)


def due_plans(today: dt.date) -> list[ActionPlan]:
    """Plans whose renewal date is at most RENEWAL_REMINDER_DAYS ahead, not yet reminded."""
    current = ActionPlanVersion.objects.filter(plan=OuterRef("pk"), state=DocumentState.DECIDED)
    later = ActionPlanVersion.objects.filter(
        plan__municipality=OuterRef("municipality"),
        state=DocumentState.DECIDED,
        period_start__gt=OuterRef("latest_start"),
    )
    latest_start = (
        ActionPlanVersion.objects.filter(plan=OuterRef("pk"), state=DocumentState.DECIDED)
        .order_by("-number")
        .values("period_start")[:1]
    )
    plans = (
        ActionPlan.objects.filter(
            renewal_due__isnull=False,
            renewal_due__lte=today + dt.timedelta(days=RENEWAL_REMINDER_DAYS),
            reminder_sent_at__isnull=True,
        )
        .filter(Exists(current))
        .annotate(latest_start=latest_start)
        .filter(~Exists(later))
        .select_related("municipality")
        .order_by("pk")
    )
    return list(plans)


def queue_renewal_reminders(now: dt.datetime) -> str:
    """The scheduler's job: hand the plans that are due to the worker."""
    today = now.astimezone(STOCKHOLM).date()
    ids = [plan.pk for plan in due_plans(today)]
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))
    return f"{len(ids)} plans to remind"


def _enqueue(ids: list[int]) -> None:
    from trygg.plans.tasks import send_renewal_reminders

    send_renewal_reminders.enqueue(ids)


def coordinators_of(plan: ActionPlan) -> list[User]:
    user_ids = Membership.objects.filter(
        municipality_id=plan.municipality_id,
        role=Role.COORDINATOR,
        active=True,
        organisation__active=True,
    ).values("user_id")
    return list(
        User.objects.filter(pk__in=user_ids, is_active=True).exclude(email="").order_by("pk")
    )


def _message(plan: ActionPlan, version: ActionPlanVersion, user: User) -> EmailMessage:
    link = reverse("plans:action_detail", args=[plan.municipality.code, plan.public_id])
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "plan": plan,
            "version": version,
            "municipality": plan.municipality,
            "due": plan.renewal_due,
            "link": f"{settings.TRYGG_SITE_URL}{link}",
        }
        subject = render_to_string("plans/email/renewal_subject.txt", context)
        body = render_to_string("plans/email/renewal_body.txt", context)
    return EmailMessage(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email])


def send_renewal_reminders(plan_ids: list[int], *, today: dt.date | None = None) -> dict[str, int]:
    """Claim each plan that is still due and e-mail its municipality's coordinators once."""
    now = timezone.now()
    today = today or now.astimezone(STOCKHOLM).date()
    done = {"sent": 0, "skipped": 0, "not_claimed": 0, "failed": 0}
    still_due = {plan.pk for plan in due_plans(today)}
    for plan in ActionPlan.objects.filter(pk__in=plan_ids).select_related("municipality"):
        if plan.pk not in still_due:
            done["skipped"] += 1
            continue
        claimed = ActionPlan.objects.filter(pk=plan.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
        if not claimed:
            done["not_claimed"] += 1
            continue
        version = plan.versions.filter(state=DocumentState.DECIDED).order_by("-number").first()
        assert version is not None
        people = coordinators_of(plan)
        sent = 0
        if people and settings.TRYGG_EMAIL_ENABLED:
            try:
                get_connection().send_messages([_message(plan, version, u) for u in people])
                sent = len(people)
            except Exception as error:  # the claim is given back; the next run tries again
                logger.warning("renewal reminder of plan %s not sent: %s", plan.pk, error)
                ActionPlan.objects.filter(pk=plan.pk).update(reminder_sent_at=None)
                done["failed"] += 1
                continue
        assert plan.renewal_due is not None
        audit.record(
            actor="system",
            action="action_plan.reminder",
            target=plan,
            municipality=plan.municipality,
            changes={"renewal_due": plan.renewal_due.isoformat(), "recipients": sent},
            target_repr=version.title,
        )
        done["sent" if sent else "skipped"] += 1
    return done
