"""The åtgärdsplan's services: create, rows, decide, immutability, versions, follow-up rounds,
permissions (the row object rule) and the renewal reminder through the task queue."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from trygg.accounts.models import Membership, User
from trygg.accounts.permissions import can
from trygg.core import audit
from trygg.core.models import AuditEvent
from trygg.plans.models import ActionPlan, ActionPlanRow
from trygg.plans.services import action_plan as s
from trygg.plans.services import renewal
from trygg.plans.tests.action_helpers import (
    ROW,
    add_row,
    decide,
    decided_picture,
    decided_plan,
    findings_of,
    make_plan,
)

pytestmark = pytest.mark.django_db
PNR = "Ring 811218\u20139876"


def test_create_on_a_decided_picture_of_the_same_municipality(world: Any) -> None:
    picture = decided_picture(world.flen)
    plan = make_plan(world.flen, picture=picture)
    assert plan.crime_picture == picture
    assert plan.renewal_years == 2
    version = plan.versions.get()
    assert version.is_draft and version.number == 1
    assert AuditEvent.objects.filter(action="action_plan.create").count() == 1


def test_create_refuses_another_municipalitys_or_a_draft_picture(world: Any) -> None:
    other = decided_picture(world.degerfors)
    with pytest.raises(ValidationError) as error:
        make_plan(world.flen, picture=other)
    assert "crime_picture" in error.value.message_dict
    draft = decided_picture(world.flen, state="draft")
    with pytest.raises(ValidationError) as error:
        make_plan(world.flen, picture=draft)
    assert "crime_picture" in error.value.message_dict


def test_only_coordinators_create(world: Any) -> None:
    for user in (
        world.flen.partner,
        world.flen.police,
        world.flen.reporter,
        world.degerfors.coordinator,
    ):
        with pytest.raises(PermissionDenied):
            s.action_plan_create(
                actor=user,
                municipality=world.flen.municipality,
                values={
                    "title": "x",
                    "period_start": dt.date(2025, 1, 1),
                    "period_end": dt.date(2025, 12, 31),
                },
            )


def test_create_validates_period_and_renewal_years(world: Any) -> None:
    with pytest.raises(ValidationError) as error:
        s.action_plan_create(
            actor=world.flen.coordinator,
            municipality=world.flen.municipality,
            values={
                "title": "",
                "period_start": dt.date(2025, 1, 1),
                "period_end": dt.date(2024, 1, 1),
            },
            renewal_years=11,
        )
    assert set(error.value.message_dict) >= {"title", "period_end", "renewal_years"}


def test_renewal_years_default_follows_the_setting(world: Any, settings: Any) -> None:
    settings.TRYGG_ACTION_PLAN_RENEWAL_YEARS = 3
    assert make_plan(world.flen).renewal_years == 3


def test_update_draft(world: Any) -> None:
    plan = make_plan(world.flen)
    version = plan.versions.get()
    s.action_plan_update(
        actor=world.flen.coordinator,
        version=version,
        values={"title": "Ny titel", "summary": "Kort", "renewal_years": 4},
    )
    version.refresh_from_db()
    plan.refresh_from_db()
    assert version.title == "Ny titel" and plan.renewal_years == 4
    with pytest.raises(ValidationError) as error:
        s.action_plan_update(
            actor=world.flen.coordinator, version=version, values={"renewal_years": 0}
        )
    assert "renewal_years" in error.value.message_dict


def test_rows_link_findings_only_of_the_decided_picture_and_interventions_of_the_municipality(
    world: Any,
) -> None:
    from trygg.interventions.tests.helpers import make_intervention

    picture = decided_picture(world.flen)
    plan = make_plan(world.flen, picture=picture)
    version = plan.versions.get()
    findings = findings_of(picture)
    intervention = make_intervention(world.flen)
    row = add_row(world.flen, version, findings=findings[:2], interventions=[intervention])
    assert set(row.findings.all()) == set(findings[:2])
    assert list(row.interventions.all()) == [intervention]
    # another municipality's finding and intervention are refused
    foreign = findings_of(decided_picture(world.degerfors))
    with pytest.raises(ValidationError) as error:
        add_row(world.flen, version, findings=foreign[:1])
    assert "findings" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        add_row(world.flen, version, interventions=[make_intervention(world.degerfors)])
    assert "interventions" in error.value.message_dict
    # findings of a draft lägesbild are refused too
    draft_plan = make_plan(world.flen)
    draft_findings = findings_of(decided_picture(world.flen, state="draft"))
    with pytest.raises(ValidationError):
        add_row(world.flen, draft_plan.versions.get(), findings=draft_findings[:1])


def test_row_required_columns_and_organisation_of_the_municipality(world: Any) -> None:
    version = make_plan(world.flen).versions.get()
    with pytest.raises(ValidationError) as error:
        s.row_save(
            actor=world.flen.coordinator,
            version=version,
            values={"organisation": world.degerfors.org_municipal},
        )
    assert set(error.value.message_dict) >= {
        "cause",
        "measure",
        "operational_goal",
        "when_text",
        "who_text",
        "organisation",
    }


def test_row_edit_remove_and_reorder(world: Any) -> None:
    version = make_plan(world.flen).versions.get()
    a = add_row(world.flen, version, measure="A")
    b = add_row(world.flen, version, measure="B")
    c = add_row(world.flen, version, measure="C")
    s.row_save(actor=world.flen.coordinator, version=version, row=b, values={"measure": "B2"})
    s.row_move(actor=world.flen.coordinator, row=c, up=True)
    assert [r.measure for r in version.rows.order_by("position")] == ["A", "C", "B2"]
    s.row_remove(actor=world.flen.coordinator, row=a)
    assert [(r.position, r.measure) for r in version.rows.order_by("position")] == [
        (1, "C"),
        (2, "B2"),
    ]


def test_decide_requires_body_date_diary_paragraph_and_a_row(world: Any) -> None:
    version = make_plan(world.flen).versions.get()
    with pytest.raises(ValidationError) as error:
        s.action_plan_decide(
            actor=world.flen.coordinator,
            version=version,
            deciding_body="",
            decision_date=None,
            diary_number="",
            paragraph="",
        )
    assert set(error.value.message_dict) >= {
        "deciding_body",
        "decision_date",
        "diary_number",
        "paragraph",
        "__all__",
    }
    version.refresh_from_db()
    assert version.is_draft


def test_decide_sets_renewal_and_supersedes_the_earlier_version(world: Any) -> None:
    plan = decided_plan(world.flen)
    plan.refresh_from_db()
    first = plan.versions.get()
    assert first.state == "decided"
    assert plan.renewal_due == dt.date(2027, 4, 14)
    second = s.action_plan_new_version(
        actor=world.flen.coordinator, plan=plan, change_note="Ny rad om inbrott"
    )
    assert [r.key for r in second.rows.order_by("position")] == [
        r.key for r in first.rows.order_by("position")
    ]
    decide(world.flen, second, day=dt.date(2026, 3, 1))
    first.refresh_from_db()
    plan.refresh_from_db()
    assert first.state == "superseded"
    assert plan.renewal_due == dt.date(2028, 3, 1)


def test_new_version_needs_a_change_note_and_a_decided_plan(world: Any) -> None:
    plan = decided_plan(world.flen)
    with pytest.raises(ValidationError) as error:
        s.action_plan_new_version(actor=world.flen.coordinator, plan=plan, change_note=" ")
    assert "change_note" in error.value.message_dict
    draft = make_plan(world.flen)
    with pytest.raises(ValidationError):
        s.action_plan_new_version(actor=world.flen.coordinator, plan=draft, change_note="x")


def test_decided_version_is_immutable(world: Any) -> None:
    plan = decided_plan(world.flen)
    version = plan.versions.get()
    row = version.rows.first()
    assert row is not None
    coordinator = world.flen.coordinator
    for call in (
        lambda: s.action_plan_update(actor=coordinator, version=version, values={"title": "x"}),
        lambda: add_row(world.flen, version),
        lambda: s.row_save(actor=coordinator, version=version, row=row, values={"measure": "x"}),
        lambda: s.row_remove(actor=coordinator, row=row),
        lambda: s.row_move(actor=coordinator, row=row, up=False),
        lambda: decide(world.flen, version),
    ):
        with pytest.raises(ValidationError):
            call()
    version.refresh_from_db()
    assert version.title == "Åtgärdsplan" and version.rows.count() == 2


def test_publish_only_decided(world: Any) -> None:
    draft = make_plan(world.flen).versions.get()
    with pytest.raises(ValidationError):
        s.action_plan_publish(actor=world.flen.coordinator, version=draft, public=True)
    plan = decided_plan(world.flen, public=False)
    version = plan.versions.get()
    s.action_plan_publish(actor=world.flen.coordinator, version=version, public=True)
    version.refresh_from_db()
    assert version.is_public
    s.action_plan_publish(actor=world.flen.coordinator, version=version, public=False)
    version.refresh_from_db()
    assert not version.is_public
    assert AuditEvent.objects.filter(action="action_plan.publish").count() == 2


def test_report_row_rule(world: Any) -> None:
    flen = world.flen
    plan = decided_plan(flen)
    version = plan.versions.get()
    municipal_row = version.rows.order_by("position").first()
    assert municipal_row is not None
    # org_municipal: the coordinator and partner.flen are its members; the police are not
    assert can(flen.coordinator, "action_plan.report_row", municipal_row)
    assert can(flen.partner, "action_plan.report_row", municipal_row)
    assert not can(flen.police, "action_plan.report_row", municipal_row)
    assert not can(flen.reporter, "action_plan.report_row", municipal_row)
    assert not can(world.degerfors.coordinator, "action_plan.report_row", municipal_row)
    police_row = ActionPlanRow.objects.create(
        version=version,
        position=9,
        cause="c",
        measure="m",
        operational_goal="g",
        when_text="w",
        who_text="Polisen",
        organisation=flen.org_police,
    )
    assert can(flen.police, "action_plan.report_row", police_row)
    assert not can(flen.partner, "action_plan.report_row", police_row)
    # a reporter of the organisation does not read the plan, so does not report either
    reporter = User.objects.create_user(username="r2", password="pw-trygg-test-1")
    Membership.objects.create(
        user=reporter, organisation=flen.org_police, municipality=flen.municipality, role="reporter"
    )
    assert not can(reporter, "action_plan.report_row", police_row)


def test_round_report_and_complete(world: Any) -> None:
    flen = world.flen
    plan = decided_plan(flen)
    with pytest.raises(ValidationError):
        s.round_open(
            actor=flen.coordinator, plan=make_plan(flen), title="x", as_of=dt.date(2025, 9, 1)
        )
    follow_up = s.round_open(
        actor=flen.coordinator,
        plan=plan,
        title="Uppföljning hösten 2025",
        as_of=dt.date(2025, 9, 30),
    )
    with pytest.raises(ValidationError):  # one open at a time
        s.round_open(actor=flen.coordinator, plan=plan, title="Till", as_of=dt.date(2025, 10, 1))
    first, second = list(follow_up.version.rows.order_by("position"))
    s.row_report(actor=flen.partner, follow_up=follow_up, row=first, rating="green")
    with pytest.raises(PermissionDenied):
        s.row_report(actor=flen.police, follow_up=follow_up, row=second, rating="green")
    with pytest.raises(ValidationError) as error:
        s.row_report(actor=flen.coordinator, follow_up=follow_up, row=second, rating="blue")
    assert "rating" in error.value.message_dict
    with pytest.raises(ValidationError) as error:  # red without saying why
        s.row_report(actor=flen.coordinator, follow_up=follow_up, row=second, rating="red")
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError):  # a row is missing
        s.round_complete(actor=flen.coordinator, follow_up=follow_up)
    with pytest.raises(PermissionDenied):
        s.round_complete(actor=flen.partner, follow_up=follow_up)
    s.row_report(
        actor=flen.coordinator, follow_up=follow_up, row=second, rating="red", note="Ej påbörjad"
    )
    s.round_complete(actor=flen.coordinator, follow_up=follow_up, summary="Hälften klart")
    follow_up.refresh_from_db()
    assert follow_up.status == "done" and follow_up.completed_at is not None
    # a completed round is frozen
    with pytest.raises(ValidationError):
        s.row_report(actor=flen.coordinator, follow_up=follow_up, row=first, rating="red", note="x")
    with pytest.raises(ValidationError):
        s.round_complete(actor=flen.coordinator, follow_up=follow_up)
    assert follow_up.statuses.get(row=first).rating == "green"


def test_every_text_field_refuses_a_personnummer(world: Any) -> None:
    flen = world.flen
    plan = decided_plan(flen)
    follow_up = s.round_open(
        actor=flen.coordinator, plan=plan, title="R", as_of=dt.date(2025, 9, 1)
    )
    row = follow_up.version.rows.first()
    draft = make_plan(flen).versions.get()
    draft_row = add_row(flen, draft)
    calls: dict[str, Any] = {
        "title": lambda: s.action_plan_update(
            actor=flen.coordinator, version=draft, values={"title": PNR}
        ),
        "summary": lambda: s.action_plan_update(
            actor=flen.coordinator, version=draft, values={"title": "T", "summary": PNR}
        ),
        "change_note": lambda: s.action_plan_new_version(
            actor=flen.coordinator, plan=plan, change_note=PNR
        ),
        "deciding_body": lambda: s.action_plan_decide(
            actor=flen.coordinator,
            version=draft,
            deciding_body=PNR,
            decision_date=dt.date(2025, 1, 1),
            diary_number="a",
            paragraph="b",
        ),
        "diary_number": lambda: s.action_plan_decide(
            actor=flen.coordinator,
            version=draft,
            deciding_body="KS",
            decision_date=dt.date(2025, 1, 1),
            diary_number=PNR,
            paragraph="b",
        ),
        "paragraph": lambda: s.action_plan_decide(
            actor=flen.coordinator,
            version=draft,
            deciding_body="KS",
            decision_date=dt.date(2025, 1, 1),
            diary_number="a",
            paragraph=PNR,
        ),
        "note": lambda: s.row_report(
            actor=flen.coordinator, follow_up=follow_up, row=row, rating="green", note=PNR
        ),
        "round_title": lambda: s.round_open(
            actor=flen.coordinator, plan=decided_plan(flen), title=PNR, as_of=dt.date(2025, 9, 1)
        ),
        "round_summary": lambda: s.round_complete(
            actor=flen.coordinator, follow_up=follow_up, summary=PNR
        ),
    }
    for name in ROW:
        calls[name] = lambda name=name: s.row_save(
            actor=flen.coordinator, version=draft, row=draft_row, values={name: PNR}
        )
    for name, call in calls.items():
        with pytest.raises(ValidationError) as error:
            call()
        key = name.removeprefix("round_")
        assert key in error.value.message_dict, name
        assert "personnummer" in " ".join(error.value.message_dict[key]), name


# --- the renewal reminder ------------------------------------------------------------------


def _address(world: Any) -> None:
    User.objects.filter(pk=world.flen.coordinator.pk).update(email="samordnare@example.org")


def test_reminder_is_sent_once_through_the_task_queue(
    world: Any, run_tasks: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TRYGG_EMAIL_ENABLED = True
    _address(world)
    plan = decided_plan(world.flen)  # renewal due 2027-04-14
    now = dt.datetime(2027, 2, 20, 9, tzinfo=dt.UTC)  # 53 days before
    with django_capture_on_commit_callbacks(execute=True):
        assert renewal.queue_renewal_reminders(now) == "1 plans to remind"
    # the worker runs "today", after the due window opened
    assert renewal.send_renewal_reminders([plan.pk], today=now.date()) == {
        "sent": 1,
        "skipped": 0,
        "not_claimed": 0,
        "failed": 0,
    }
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["samordnare@example.org"]
    assert "förnyas" in message.subject and "14 april 2027" in message.subject
    plan.refresh_from_db()
    assert plan.reminder_sent_at is not None
    # a second run sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        assert renewal.queue_renewal_reminders(now) == "0 plans to remind"
    assert renewal.send_renewal_reminders([plan.pk], today=now.date())["sent"] == 0
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(action="action_plan.reminder").count() == 1
    assert audit.action_label("action_plan.reminder")


def test_the_queued_task_runs(
    world: Any,
    run_tasks: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: Any,
) -> None:
    settings.TRYGG_EMAIL_ENABLED = True
    _address(world)
    plan = decided_plan(world.flen)
    ActionPlan.objects.filter(pk=plan.pk).update(
        renewal_due=timezone.localdate() + dt.timedelta(days=10)
    )
    with django_capture_on_commit_callbacks(execute=True):
        renewal.queue_renewal_reminders(dt.datetime.now(dt.UTC))
    assert run_tasks() == 1
    assert len(mail.outbox) == 1
    plan.refresh_from_db()
    assert plan.reminder_sent_at is not None


def test_no_reminder_before_due_nor_for_superseded_plans(world: Any) -> None:
    flen = world.flen
    plan = decided_plan(flen)
    early = dt.date(2027, 4, 14) - dt.timedelta(days=61)
    assert renewal.due_plans(early) == []
    assert renewal.due_plans(early + dt.timedelta(days=1)) == [plan]
    # all versions superseded: no reminder
    plan.versions.update(state="superseded")
    assert renewal.due_plans(dt.date(2027, 4, 1)) == []
    plan.versions.update(state="decided")
    # a later decided plan of the same municipality replaces it
    later = make_plan(flen, title="Åtgärdsplan 2027")
    later.versions.update(period_start=dt.date(2027, 1, 1), period_end=dt.date(2028, 12, 31))
    add_row(flen, later.versions.get())
    decide(flen, later.versions.get(), day=dt.date(2026, 3, 1))
    assert plan not in renewal.due_plans(dt.date(2027, 4, 1))
    # a draft plan is never reminded
    assert make_plan(flen) not in renewal.due_plans(dt.date(2040, 1, 1))


def test_the_job_is_registered() -> None:
    from trygg.core import schedule

    assert "plans.renewal_reminders" in {r.name for r in schedule.registered()}


def test_roles_of_view_and_manage(world: Any) -> None:
    flen = world.flen
    analyst = User.objects.create_user(username="analytiker", password="pw-trygg-test-1")
    Membership.objects.create(
        user=analyst,
        organisation=flen.org_municipal,
        municipality=flen.municipality,
        role="analyst",
    )
    municipality = flen.municipality
    for user in (flen.coordinator, flen.partner, flen.police, analyst):
        assert can(user, "action_plan.view", municipality)
    assert not can(flen.reporter, "action_plan.view", municipality)
    assert not can(world.degerfors.coordinator, "action_plan.view", municipality)
    assert can(flen.coordinator, "action_plan.manage", municipality)
    for user in (flen.partner, flen.police, flen.reporter, analyst):
        assert not can(user, "action_plan.manage", municipality)
    # the analyst belongs to the row's organisation: may report the row, not run the round
    row = decided_plan(flen).versions.get().rows.first()
    assert can(analyst, "action_plan.report_row", row)


def test_a_decision_is_recorded_once_made_and_followed_up_after_it(world: Any) -> None:
    """The walkthrough recorded a plan "decided" next month and followed it up before that
    day; both are refused, in Swedish, at their fields."""
    flen = world.flen
    plan = make_plan(flen)
    version = plan.versions.get()
    add_row(flen, version)
    with pytest.raises(ValidationError) as error:
        decide(flen, version, day=timezone.localdate() + dt.timedelta(days=30))
    assert "decision_date" in error.value.message_dict
    decide(flen, version, day=dt.date(2025, 4, 14))
    for as_of in (dt.date(2025, 4, 13), timezone.localdate() + dt.timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            s.round_open(actor=flen.coordinator, plan=plan, title="Uppföljning", as_of=as_of)
        assert "as_of" in error.value.message_dict
    assert not plan.rounds.exists()
