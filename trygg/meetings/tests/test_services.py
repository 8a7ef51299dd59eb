import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from trygg.core.models import AuditEvent
from trygg.core.weeks import STOCKHOLM, IsoWeek
from trygg.meetings.choices import AgendaSource, MeetingStatus
from trygg.meetings.models import AgendaItem, Meeting, Minutes
from trygg.meetings.selectors.agenda import SOURCES
from trygg.meetings.selectors.meetings import outside_edition
from trygg.meetings.services import decisions as svc_decisions
from trygg.meetings.services import meetings as svc
from trygg.meetings.services.riskdays import local_risk_day_save, risk_calendar_set
from trygg.meetings.tests.helpers import last_weekly, next_weekly
from trygg.situation.models import AreaStatus
from trygg.situation.services.weekly import area_status_set

pytestmark = pytest.mark.django_db
PNR = "811218\u20139876"


def test_series_schedule_is_idempotent_and_biweekly(world: Any) -> None:
    flen = world.flen
    series = svc.series_create(
        actor=flen.coordinator,
        municipality=flen.municipality,
        name="EST varannan vecka",
        cadence="biweekly",
        weekday=2,
        start_time=dt.time(9, 0),
        first_date=dt.date(2026, 1, 1),  # a Thursday: the first meeting is Tuesday 6 Jan
        organisations=[flen.org_police],
    )
    assert series.first_date == dt.date(2026, 1, 6)
    made = svc.series_schedule(
        actor=flen.coordinator, series=series, count=3, today=dt.date(2026, 1, 10)
    )
    days = [m.starts_at.astimezone(STOCKHOLM) for m in made]
    assert [d.date() for d in days] == [
        dt.date(2026, 1, 20),
        dt.date(2026, 2, 3),
        dt.date(2026, 2, 17),
    ]
    assert all(d.hour == 9 for d in days)
    assert made[0].review_week == IsoWeek(2026, 3).monday
    assert list(made[0].organisations.all()) == [flen.org_police]
    again = svc.series_schedule(
        actor=flen.coordinator, series=series, count=4, today=dt.date(2026, 1, 10)
    )
    assert len(again) == 1  # only the fourth is new
    assert Meeting.objects.filter(series=series).count() == 4
    with pytest.raises(PermissionDenied):
        svc.series_schedule(actor=flen.partner, series=series, count=1)
    with pytest.raises(PermissionDenied):
        svc.series_schedule(actor=world.degerfors.coordinator, series=series, count=1)


def test_single_meeting_and_errors(world: Any) -> None:
    flen = world.flen
    starts = dt.datetime(2026, 3, 10, 13, 0, tzinfo=STOCKHOLM)
    meeting = svc.meeting_create(
        actor=flen.coordinator,
        municipality=flen.municipality,
        kind="strategic",
        title="LokBrå vår",
        starts_at=starts,
    )
    assert meeting.kind == "strategic" and meeting.series is None
    with pytest.raises(ValidationError) as info:
        svc.meeting_create(
            actor=flen.coordinator,
            municipality=flen.municipality,
            kind="weekly",
            title=f"Möte {PNR}",
            starts_at=starts,
            organisations=[world.degerfors.org_police],
        )
    assert set(info.value.message_dict) == {"kind", "title", "organisations"}
    assert Meeting.objects.count() == 1


def test_agenda_from_the_data(world: Any, make_report: Any) -> None:
    flen = world.flen
    meeting = next_weekly(flen)
    week = IsoWeek.of(meeting.review_week)
    occurred = dt.datetime.combine(week.monday, dt.time(12), STOCKHOLM)
    make_report(occurred_start=occurred)
    area_status_set(
        actor=flen.coordinator, area=flen.centrum, week=week, status="yellow", reason="Oro"
    )
    svc.item_add(actor=flen.coordinator, meeting=meeting, title="Övrigt: sommarlovet")
    created = svc.agenda_generate(actor=flen.coordinator, meeting=meeting)
    sources = [i.source for i in created]
    assert AgendaSource.UNREVIEWED in sources
    assert AgendaSource.STATUS_CHANGE in sources
    missing = next(i for i in created if i.source == AgendaSource.MISSING)
    # the municipal and police organisations have not reported that week
    assert set(missing.data["organisations"]) == {flen.org_municipal.name, flen.org_police.name}
    items = list(meeting.items.order_by("order"))
    assert items[-1].source == AgendaSource.MANUAL  # hand items after the generated ones
    assert "väntar på granskning" in items[0].label or "waiting" in items[0].label
    # generating again adds nothing, but brings the generated wording up to date: two more
    # reports waiting read "3", not the 1 of when the item was added
    unreviewed = next(i for i in items if i.source == AgendaSource.UNREVIEWED)
    before = dict(unreviewed.data)
    make_report(occurred_start=occurred)
    make_report(occurred_start=occurred)
    assert svc.agenda_generate(actor=flen.coordinator, meeting=meeting) == []
    unreviewed.refresh_from_db()
    assert unreviewed.data != before
    assert meeting.items.filter(source=AgendaSource.UNREVIEWED).count() == 1
    assert next(iter(SOURCES)) == AgendaSource.CARRIED


def test_risk_days_and_carried_items(world: Any) -> None:
    flen = world.flen
    meeting = last_weekly(flen)
    day = meeting.starts_at.astimezone(STOCKHOLM).date()
    local_risk_day_save(
        actor=flen.coordinator,
        municipality=flen.municipality,
        name="Flens marknad",
        first_day=day + dt.timedelta(days=3),
        last_day=day + dt.timedelta(days=4),
    )
    local_risk_day_save(
        actor=flen.coordinator,
        municipality=flen.municipality,
        name="För långt fram",
        first_day=day + dt.timedelta(days=20),
    )
    first = svc.agenda_generate(actor=flen.coordinator, meeting=meeting)
    risk = [i for i in first if i.source == AgendaSource.RISK_DAY]
    assert any(i.data["name"] == "Flens marknad" for i in risk)
    assert not any(i.data.get("name") == "För långt fram" for i in risk)
    hand = svc.item_add(actor=flen.coordinator, meeting=meeting, title="Belysning Sveaparken")
    svc.item_update(actor=flen.coordinator, item=first[0], note="Klart", internal=False, done=True)
    svc.attendance_set(
        actor=flen.coordinator, meeting=meeting, presence={flen.org_police: "present"}
    )
    svc_decisions.meeting_close(actor=flen.coordinator, meeting=meeting)
    following = Meeting.objects.filter(series=meeting.series).exclude(pk=meeting.pk).get()
    created = svc.agenda_generate(actor=flen.coordinator, meeting=following)
    carried = [i for i in created if i.carried_from_id]
    assert hand.pk in {i.carried_from_id for i in carried}
    assert first[0].pk not in {i.carried_from_id for i in carried}  # dealt with: not carried
    # the carried hand item is not carried twice
    assert svc.agenda_generate(actor=flen.coordinator, meeting=following) == []


def test_risk_calendar_settings(world: Any) -> None:
    flen = world.flen
    with pytest.raises(ValidationError):
        risk_calendar_set(
            actor=flen.coordinator,
            municipality=flen.municipality,
            sportlov_week=0,
            school_end_week=24,
        )
    calendar = risk_calendar_set(
        actor=flen.coordinator, municipality=flen.municipality, sportlov_week=9, school_end_week=23
    )
    assert calendar.sportlov_week == 9
    with pytest.raises(PermissionDenied):
        risk_calendar_set(
            actor=flen.partner, municipality=flen.municipality, sportlov_week=9, school_end_week=23
        )
    with pytest.raises(ValidationError) as info:
        local_risk_day_save(
            actor=flen.coordinator,
            municipality=flen.municipality,
            name="X",
            first_day=dt.date(2026, 5, 2),
            last_day=dt.date(2026, 5, 1),
            note=PNR,
        )
    assert set(info.value.message_dict) == {"last_day", "note"}


def test_decisions_close_and_correct(world: Any) -> None:
    flen = world.flen
    meeting = last_weekly(flen)
    item = svc.item_add(
        actor=flen.coordinator, meeting=meeting, title="Intern fråga", internal=True
    )
    with pytest.raises(ValidationError) as info:
        svc_decisions.decision_record(
            actor=flen.coordinator, meeting=meeting, kind="intervention", text="Röj buskar"
        )
    assert set(info.value.message_dict) == {"intervention_title", "organisation", "due_date"}
    due = timezone.localdate() + dt.timedelta(days=30)
    proposed = svc_decisions.decision_record(
        actor=flen.coordinator,
        meeting=meeting,
        kind="intervention",
        text="Röj buskarna vid gångtunneln",
        intervention_title="Vegetationsröjning gångtunneln",
        organisation=flen.org_municipal,
        due_date=due,
    )
    # the intervention is created with the decision (tests/test_interventions_wiring.py)
    assert proposed.intervention_ref is not None
    status = svc_decisions.decision_record(
        actor=flen.coordinator,
        meeting=meeting,
        kind="area_status",
        text="Fortsatt oro kring stationen",
        area=flen.centrum,
        status="red",
    )
    coming = IsoWeek.of(meeting.review_week).next()
    stored = AreaStatus.objects.get(area=flen.centrum, week_start=coming.monday)
    assert status.area_status == stored and stored.status == "red"
    assert stored.reason == "Fortsatt oro kring stationen"
    svc_decisions.decision_record(
        actor=flen.coordinator,
        meeting=meeting,
        kind="tell",
        text="Informera skolorna",
        tell_whom="Rektorerna",
        tell_what="Ökad närvaro vid stationen kvällstid",
        item=item,
        internal=True,
    )
    with pytest.raises(ValidationError):
        svc_decisions.meeting_close(actor=flen.coordinator, meeting=meeting)  # no attendance
    svc.attendance_set(
        actor=flen.coordinator,
        meeting=meeting,
        presence={flen.org_municipal: "present", flen.org_police: "apologies"},
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    minutes = svc_decisions.meeting_close(actor=flen.coordinator, meeting=meeting)
    assert minutes.version == 1
    assert {a["presence"] for a in minutes.content["attendance"]} == {"present", "apologies"}
    outside = outside_edition(minutes.content)
    assert [i["title"] for i in outside["items"]] == []
    assert len(outside["decisions"]) == 2
    # closed: nothing changes
    meeting.refresh_from_db()
    with pytest.raises(ValidationError):
        svc.item_add(actor=flen.coordinator, meeting=meeting, title="Sent")
    with pytest.raises(PermissionError):
        minutes.save()
    with pytest.raises(PermissionError):
        Minutes.objects.filter(pk=minutes.pk).update(content={})
    with pytest.raises(PermissionError):
        minutes.delete()
    # a correction makes version 2; version 1 stays as it was
    with pytest.raises(ValidationError):
        svc_decisions.meeting_reopen(actor=flen.coordinator, meeting=meeting, reason="")
    svc_decisions.meeting_reopen(actor=flen.coordinator, meeting=meeting, reason="Fel datum")
    fixed = AgendaItem.objects.get(pk=item.pk)
    svc.item_update(actor=flen.coordinator, item=fixed, note="Rättad", internal=True, done=True)
    second = svc_decisions.meeting_close(actor=flen.coordinator, meeting=meeting)
    assert second.version == 2 and second.correction_reason == "Fel datum"
    first = Minutes.objects.get(pk=minutes.pk)
    assert first.content["items"][0]["note"] == ""
    assert second.content["items"][0]["note"] == "Rättad"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "meetings.decision",
        "meetings.close",
        "meetings.reopen",
        "meetings.attendance",
    } <= actions


def test_partner_and_other_tenant_cannot_write(world: Any) -> None:
    flen = world.flen
    meeting = next_weekly(flen)
    for actor in (flen.partner, flen.police, flen.reporter, world.degerfors.coordinator, "system"):
        with pytest.raises(PermissionDenied):
            svc.item_add(actor=actor, meeting=meeting, title="x")
        with pytest.raises(PermissionDenied):
            svc_decisions.decision_record(actor=actor, meeting=meeting, kind="other", text="x")


def test_sources_word_the_items_in_the_readers_language(world: Any) -> None:
    from django.utils import translation

    from trygg.meetings.selectors.agenda import (
        Flagged,
        Preparation,
        StatusChange,
        drafts_for,
    )
    from trygg.reports.selectors import Completeness

    flen = world.flen
    meeting = next_weekly(flen)
    week = IsoWeek.of(meeting.review_week)
    after = AreaStatus(area=flen.norr, week_start=week.monday, status="red", reason="x")
    prep = Preparation(
        meeting=meeting,
        week=week,
        unreviewed=0,
        completeness=Completeness(week=week),
        flagged=[Flagged(flen.centrum, week=False, four=True)],
        status_changes=[StatusChange(flen.norr, None, after)],
        risk_days=[],
        open_items=[],
    )
    drafts = drafts_for(prep)
    assert [d.source for d in drafts] == [AgendaSource.FLAGGED, AgendaSource.STATUS_CHANGE]
    items = [AgendaItem(source=d.source, data=d.data, title=d.title) for d in drafts]
    with translation.override("sv"):
        assert items[0].label == "Centrum: ovanligt många händelser de senaste fyra veckorna"
        assert items[1].label == "Norr: status ändrad från ingen status till Röd – allvarligt"
    with translation.override("en"):
        assert items[0].label == "Centrum: unusually many events over the last four weeks"
