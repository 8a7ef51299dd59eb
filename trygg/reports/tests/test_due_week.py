"""The week that is due (the review queue opens on it) and the unreviewed count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from trygg.core.weeks import STOCKHOLM, IsoWeek
from trygg.reports.selectors import due_week, reporting_deadline, unreviewed_count
from trygg.reports.services import report_review

pytestmark = pytest.mark.django_db

WEEK = IsoWeek(2026, 48)  # 23–29 Nov 2026; due Monday 30 Nov 12:00 by default
SECOND = dt.timedelta(seconds=1)


def test_previous_week_is_due_until_its_deadline_then_the_current_week(world: Any) -> None:
    municipality = world.flen.municipality  # the default deadline: Monday 12:00
    deadline = reporting_deadline(municipality, WEEK)
    assert deadline == dt.datetime(2026, 11, 30, 12, 0, tzinfo=STOCKHOLM)
    # Monday morning of the next week: the week just ended is still due
    assert due_week(municipality, now=deadline - SECOND) == WEEK
    assert due_week(municipality, now=deadline.replace(hour=0)) == WEEK
    # from the deadline on: the current week
    assert due_week(municipality, now=deadline) == WEEK.next()
    assert due_week(municipality, now=deadline + SECOND) == WEEK.next()
    # the rest of that week, up to Sunday night, the current week is due
    sunday_night = dt.datetime(2026, 12, 6, 23, 59, tzinfo=STOCKHOLM)
    assert due_week(municipality, now=sunday_night) == WEEK.next()


def test_the_municipalitys_own_deadline_is_used(world: Any) -> None:
    municipality = world.flen.municipality
    municipality.deadline_weekday = 2  # Tuesday
    municipality.deadline_time = dt.time(9, 30)
    municipality.save()
    deadline = dt.datetime(2026, 12, 1, 9, 30, tzinfo=STOCKHOLM)
    assert reporting_deadline(municipality, WEEK) == deadline
    monday_afternoon = dt.datetime(2026, 11, 30, 15, 0, tzinfo=STOCKHOLM)
    assert due_week(municipality, now=monday_afternoon) == WEEK
    assert due_week(municipality, now=deadline - SECOND) == WEEK
    assert due_week(municipality, now=deadline) == WEEK.next()
    # the deadline is Stockholm time whatever zone "now" is given in
    assert due_week(municipality, now=(deadline - SECOND).astimezone(dt.UTC)) == WEEK


def _queue_week(client: Any, tenant: Any, **params: str) -> IsoWeek:
    response = client.get(reverse("reports:review", args=[tenant.municipality.code]), params)
    assert response.status_code == 200
    week: IsoWeek = response.context["week"]
    return week


def test_review_queue_opens_on_the_previous_week_before_the_deadline(
    client: Any, world: Any
) -> None:
    flen = world.flen
    # a deadline on Sunday 23:59 of the week after: not passed (except in that last minute)
    flen.municipality.deadline_weekday = 7
    flen.municipality.deadline_time = dt.time(23, 59)
    flen.municipality.save()
    client.force_login(flen.coordinator)
    assert _queue_week(client, flen) == IsoWeek.current().previous()
    body = client.get(reverse("reports:review", args=[flen.municipality.code])).content
    assert "Det här är veckan som ska granskas nu" in body.decode()
    # a chosen week still wins, with a way back to the week that is due
    chosen = IsoWeek.current().shift(-5)
    assert _queue_week(client, flen, week=str(chosen)) == chosen
    page = client.get(
        reverse("reports:review", args=[flen.municipality.code]), {"week": str(chosen)}
    ).content.decode()
    due = IsoWeek.current().previous()
    assert f"Gå till veckan som ska granskas nu: vecka {due.week}, {due.year}" in page


def test_review_queue_opens_on_the_current_week_after_the_deadline(client: Any, world: Any) -> None:
    flen = world.flen
    # Monday 00:00 of the week after: passed (except in the first minute of the week)
    flen.municipality.deadline_weekday = 1
    flen.municipality.deadline_time = dt.time(0, 0)
    flen.municipality.save()
    client.force_login(flen.coordinator)
    assert _queue_week(client, flen) == IsoWeek.current()


def test_unreviewed_count_counts_the_weeks_submitted_reports_only(
    world: Any, make_report: Any
) -> None:
    flen = world.flen
    week = IsoWeek.current().previous()
    start = dt.datetime.combine(week.monday + dt.timedelta(days=2), dt.time(12), STOCKHOLM)
    reports = [make_report(occurred_start=start) for _ in range(3)]
    make_report(occurred_start=start - dt.timedelta(days=7))  # the week before
    make_report(world.degerfors, occurred_start=start)  # another municipality
    assert unreviewed_count(flen.municipality, week) == 3
    report_review(actor=flen.coordinator, report=reports[0], decision="include")
    report_review(
        actor=flen.coordinator, report=reports[1], decision="reject", rejection_reason="Fel kommun."
    )
    assert unreviewed_count(flen.municipality, week) == 1


def test_review_queue_pages_with_the_unreviewed_reports_first(
    client: Any, world: Any, make_report: Any, monkeypatch: Any
) -> None:
    from trygg.reports.views import review

    monkeypatch.setattr(review, "PAGE_SIZE", 3)
    flen = world.flen
    week = IsoWeek.current().previous()
    start = dt.datetime.combine(week.monday + dt.timedelta(days=1), dt.time(12), STOCKHOLM)
    reviewed = [make_report(occurred_start=start - dt.timedelta(hours=i + 1)) for i in range(3)]
    for report in reviewed:  # earlier in the week, but already reviewed
        report_review(actor=flen.coordinator, report=report, decision="include")
    waiting = [make_report(occurred_start=start + dt.timedelta(hours=i)) for i in range(4)]
    client.force_login(flen.coordinator)
    url = reverse("reports:review", args=[flen.municipality.code])
    first = client.get(url, {"week": str(week)})
    assert [r.pk for r in first.context["reports"]] == [r.pk for r in waiting[:3]]
    body = first.content.decode()
    assert "Sida 1 av 3 (7 rapporter)" in body
    assert f"week={week}" in body and "page=2" in body
    second = client.get(url, {"week": str(week), "page": "2"})
    assert [r.pk for r in second.context["reports"]] == [
        waiting[3].pk,
        reviewed[2].pk,
        reviewed[1].pk,
    ]
    # a page out of range or not a number shows the last or the first page, never an error
    assert client.get(url, {"week": str(week), "page": "99"}).status_code == 200
    assert (
        client.get(url, {"week": str(week), "page": "x"}).context["reports"][0].pk == waiting[0].pk
    )


def test_review_queue_points_at_the_week_before_while_it_has_reports_waiting(
    client: Any, world: Any, make_report: Any
) -> None:
    flen = world.flen
    week = IsoWeek.current()
    before = week.previous()
    start = dt.datetime.combine(before.monday + dt.timedelta(days=1), dt.time(12), STOCKHOLM)
    waiting = [make_report(occurred_start=start) for _ in range(2)]
    client.force_login(flen.coordinator)
    url = reverse("reports:review", args=[flen.municipality.code])
    body = client.get(url, {"week": str(week)}).content.decode()
    assert f"Vecka {before.week}, {before.year} har fortfarande 2 rapporter som väntar" in body
    assert f"week={before}" in body
    for report in waiting:
        report_review(actor=flen.coordinator, report=report, decision="include")
    body = client.get(url, {"week": str(week)}).content.decode()
    assert "väntar på granskning" not in body


def test_review_queue_lists_older_weeks_with_reports_entered_late(
    client: Any, world: Any, make_report: Any
) -> None:
    """A programme session recorded a week late puts its report in the week it happened: the
    queue names that week, and is silent once it is reviewed (and about reviewed weeks)."""
    flen = world.flen
    week = IsoWeek.current()
    old = week.shift(-3)
    start = dt.datetime.combine(old.monday + dt.timedelta(days=4), dt.time(21), STOCKHOLM)
    late = make_report(occurred_start=start)
    reviewed = make_report(occurred_start=start - dt.timedelta(weeks=2))
    report_review(actor=flen.coordinator, report=reviewed, decision="include")
    client.force_login(flen.coordinator)
    url = reverse("reports:review", args=[flen.municipality.code])
    body = client.get(url, {"week": str(week)}).content.decode()
    assert "Tidigare veckor med rapporter som väntar" in body
    assert f"vecka {old.week}, {old.year} (1 rapport)" in body
    assert f"week={old}" in body
    report_review(actor=flen.coordinator, report=late, decision="include")
    body = client.get(url, {"week": str(week)}).content.decode()
    assert "Tidigare veckor med rapporter som väntar" not in body
