"""How final a week is (issue 8): the unreviewed count on the weekly picture, and the
confirmation before a running, not yet due or unreviewed week is frozen."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from trygg.core.weeks import STOCKHOLM, IsoWeek
from trygg.reports.services import report_review
from trygg.situation.models import WeeklySnapshot
from trygg.situation.selectors.snapshots import week_state

pytestmark = pytest.mark.django_db

WEEK = IsoWeek.current().previous()
OLD = IsoWeek.current().shift(-3)  # ended, deadline long passed


def at(week: IsoWeek, day: int = 2) -> dt.datetime:
    return dt.datetime.combine(week.monday + dt.timedelta(days=day), dt.time(12), STOCKHOLM)


def weekly(client: Any, tenant: Any, week: IsoWeek) -> str:
    url = reverse("situation:weekly", args=[tenant.municipality.code])
    response = client.get(url, {"week": str(week)})
    assert response.status_code == 200
    return str(response.content.decode())


def freeze(client: Any, tenant: Any, week: IsoWeek, **extra: str) -> Any:
    url = reverse("situation:freeze", args=[tenant.municipality.code])
    return client.post(url, {"week": str(week), **extra})


def test_week_state_either_side_of_the_deadline(world: Any) -> None:
    municipality = world.flen.municipality  # Monday 12:00
    week = IsoWeek(2026, 48)
    deadline = dt.datetime(2026, 11, 30, 12, 0, tzinfo=STOCKHOLM)
    sunday = dt.datetime(2026, 11, 29, 20, 0, tzinfo=STOCKHOLM)
    running = week_state(municipality, week, now=sunday)
    assert running.running and not running.deadline_passed and running.needs_confirmation
    before = week_state(municipality, week, now=deadline - dt.timedelta(seconds=1))
    assert not before.running and not before.deadline_passed and before.needs_confirmation
    after = week_state(municipality, week, now=deadline)
    assert after.deadline_passed and after.unreviewed == 0 and not after.needs_confirmation


def test_weekly_picture_says_how_many_reports_are_unreviewed(
    client: Any, world: Any, make_report: Any
) -> None:
    flen = world.flen
    reports = [make_report(occurred_start=at(OLD, day=i)) for i in range(3)]
    report_review(actor=flen.coordinator, report=reports[0], decision="include")
    review_link = f"{reverse('reports:review', args=[flen.municipality.code])}?week={OLD}"
    client.force_login(flen.coordinator)
    body = weekly(client, flen, OLD)
    assert "2 rapporter för veckan är ännu inte granskade" in body
    assert f'href="{review_link}"' in body
    assert f"Granska rapporterna för vecka {OLD.week}, {OLD.year}" in body
    # a partner is told the numbers may change, without a link they could not open
    client.force_login(flen.partner)
    body = weekly(client, flen, OLD)
    assert "2 rapporter för veckan är ännu inte granskade" in body
    assert review_link not in body
    # all reviewed: no notice
    for report in reports[1:]:
        report_review(actor=flen.coordinator, report=report, decision="include")
    client.force_login(flen.coordinator)
    assert "inte granskade" not in weekly(client, flen, OLD)


def test_weekly_picture_says_a_running_week_is_not_final(client: Any, world: Any) -> None:
    flen = world.flen
    client.force_login(flen.coordinator)
    current = IsoWeek.current()
    body = weekly(client, flen, current)
    assert f"Vecka {current.week}, {current.year} pågår fortfarande" in body
    assert "pågår fortfarande" not in weekly(client, flen, OLD)


def test_freezing_an_unreviewed_week_asks_first(client: Any, world: Any, make_report: Any) -> None:
    flen = world.flen
    make_report(occurred_start=at(OLD))
    make_report(occurred_start=at(OLD, day=3))
    client.force_login(flen.coordinator)
    response = freeze(client, flen, OLD)
    confirm_url = reverse("situation:freeze_confirm", args=[flen.municipality.code])
    assert response.status_code == 302 and response["Location"] == f"{confirm_url}?week={OLD}"
    assert not WeeklySnapshot.objects.exists()
    page = client.get(response["Location"])
    body = page.content.decode()
    assert "2 rapporter är ogranskade." in body
    assert "pågår fortfarande" not in body
    assert 'name="confirm" value="yes"' in body
    # only the explicit confirmation freezes
    response = freeze(client, flen, OLD, confirm="yes")
    snapshot = WeeklySnapshot.objects.get()
    assert response["Location"] == reverse(
        "situation:snapshot", args=[flen.municipality.code, snapshot.public_id]
    )


def test_freezing_the_running_week_warns_that_it_is_running(client: Any, world: Any) -> None:
    flen = world.flen
    current = IsoWeek.current()
    client.force_login(flen.coordinator)
    response = freeze(client, flen, current, note="Preliminär bild inför mötet.")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Veckan pågår fortfarande" in page
    # the note waits in the session, not in the URL, and is sent with the confirmation
    assert "Preliminär" not in response["Location"]
    assert 'name="note" value="Preliminär bild inför mötet."' in page
    assert not WeeklySnapshot.objects.exists()


def test_a_final_week_is_frozen_without_asking(client: Any, world: Any, make_report: Any) -> None:
    flen = world.flen
    report = make_report(occurred_start=at(OLD))
    report_review(actor=flen.coordinator, report=report, decision="include")
    client.force_login(flen.coordinator)
    response = freeze(client, flen, OLD)
    snapshot = WeeklySnapshot.objects.get()
    assert response["Location"] == reverse(
        "situation:snapshot", args=[flen.municipality.code, snapshot.public_id]
    )


def test_only_coordinators_see_the_confirmation(client: Any, world: Any) -> None:
    flen = world.flen
    url = reverse("situation:freeze_confirm", args=[flen.municipality.code])
    client.force_login(flen.partner)
    assert client.get(url, {"week": str(WEEK)}).status_code == 403
    client.force_login(world.degerfors.coordinator)
    assert client.get(url, {"week": str(WEEK)}).status_code == 404
