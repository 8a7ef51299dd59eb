"""The meeting pages driven as the coordinator runs a meeting: prepare, generate the agenda,
attendance, notes, decisions, close, minutes and PDF; and what others may see."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from trygg.core.weeks import STOCKHOLM, IsoWeek
from trygg.meetings.models import AgendaItem, Decision, LocalRiskDay, Meeting, Minutes
from trygg.meetings.tests.helpers import last_weekly
from trygg.situation.models import AreaStatus

pytestmark = pytest.mark.django_db
PNR = "811218\u20139876"


def _url(meeting: Meeting, suffix: str = "") -> str:
    return f"/m/{meeting.municipality.code}/meetings/{meeting.public_id}/{suffix}"


def test_a_whole_meeting(client: Any, world: Any, make_report: Any) -> None:
    flen = world.flen
    code = flen.municipality.code
    client.force_login(flen.coordinator)
    # a series from the form
    today = timezone.localdate()
    response = client.post(
        f"/m/{code}/meetings/series/new/",
        {
            "name": "EST-möte",
            "cadence": "weekly",
            # tomorrow's weekday: the first meeting is ahead whatever day the test runs (on
            # a Tuesday a Tuesday series met today, and the test failed every Tuesday)
            "weekday": str((today + dt.timedelta(days=1)).isoweekday()),
            "start_time": "09:00",
            "duration_minutes": "30",
            "first_date": today.isoformat(),
            "place": "Stadshuset",
            "organisations": [flen.org_municipal.pk, flen.org_police.pk],
            "count": "3",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.filter(municipality=flen.municipality).order_by("starts_at")[0]
    week = IsoWeek.of(meeting.review_week)
    make_report(occurred_start=dt.datetime.combine(week.monday, dt.time(12), STOCKHOLM))
    # the preparation page
    page = client.get(f"/m/{code}/meetings/prepare/").content.decode()
    assert "väntar på granskning" in page
    assert f"?week={week}" in page  # the link to review the week
    assert flen.org_municipal.name in page  # missing for the week
    # generate the agenda, record attendance, a note, an internal item and decisions
    assert client.post(_url(meeting, "agenda/")).status_code == 302
    assert meeting.items.count() >= 2
    data = {f"attendance-{flen.org_municipal.public_id}": "present"}
    data[f"attendance-{flen.org_police.public_id}"] = "apologies"
    # the meeting is ahead (tomorrow at the earliest): it cannot be held yet
    response = client.post(_url(meeting, "attendance/"), data, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 400
    assert "har inte hållits än" in response.content.decode()
    response = client.post(_url(meeting, "close/"), HTTP_ACCEPT_LANGUAGE="sv", follow=True)
    assert "har inte hållits än" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "planned" and not meeting.attendance.exists()
    page = client.get(_url(meeting), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Närvaron antecknas på mötet, från och med den" in page
    assert "Mötet har inte hållits än." in page and "attendance-form" not in page
    assert "Avsluta mötet och frys protokollet" not in page
    # ... so the test moves the day of the meeting to today
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=dt.datetime.combine(today, dt.time(9), STOCKHOLM)
    )
    assert client.post(_url(meeting, "attendance/"), data).status_code == 302
    first = meeting.items.order_by("order")[0]
    response = client.post(
        _url(meeting, f"items/{first.public_id}/"),
        {
            f"item-{first.public_id}-note": "Granskas i eftermiddag",
            f"item-{first.public_id}-done": "on",
        },
    )
    assert response.status_code == 302
    client.post(_url(meeting, "items/"), {"add-title": "Personalfråga", "add-internal": "on"})
    internal = AgendaItem.objects.get(meeting=meeting, title="Personalfråga")
    assert internal.internal
    response = client.post(
        _url(meeting, "decisions/"),
        {
            "decision-kind": "area_status",
            "decision-text": "Oro kring resecentrum",
            "decision-area": flen.centrum.pk,
            "decision-status": "yellow",
        },
    )
    assert response.status_code == 302
    assert (
        AreaStatus.objects.get(area=flen.centrum, week_start=week.next().monday).status == "yellow"
    )
    response = client.post(
        _url(meeting, "decisions/"),
        {
            "decision-kind": "intervention",
            "decision-text": "Röj buskarna",
            "decision-intervention_title": "Röjning Sveaparken",
            "decision-organisation": flen.org_municipal.pk,
            "decision-due_date": (today + dt.timedelta(days=21)).isoformat(),
        },
    )
    assert response.status_code == 302
    # the page during the meeting shows it all
    page = client.get(_url(meeting)).content.decode()
    assert "Röjning Sveaparken" in page and "Personalfråga" in page
    # close: the minutes
    response = client.post(_url(meeting, "close/"))
    assert response.status_code == 302 and response["Location"].endswith("/minutes/")
    minutes = client.get(_url(meeting, "minutes/")).content.decode()
    assert "Granskas i eftermiddag" in minutes and "Personalfråga" in minutes
    assert "Anmält förhinder" in minutes
    outside = client.get(_url(meeting, "minutes/") + "?edition=outside").content.decode()
    assert "Personalfråga" not in outside and "Röjning Sveaparken" in outside
    pdf = client.get(_url(meeting, "minutes/pdf/"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    # closed: the page is read-only and posting changes nothing
    assert "add-title" not in client.get(_url(meeting)).content.decode()
    client.post(_url(meeting, "items/"), {"add-title": "För sent"})
    assert not AgendaItem.objects.filter(title="För sent").exists()
    # a partner of an organisation outside the meeting reads the outside edition only
    client.force_login(flen.reporter)
    assert client.get(_url(meeting, "minutes/")).status_code == 403
    flen.reporter.memberships.update(role="partner")  # housing: not a participant
    del flen.reporter.__dict__["_trygg_roles"]
    client.force_login(flen.reporter)
    page = client.get(_url(meeting, "minutes/")).content.decode()
    assert "Personalfråga" not in page and "Oro kring resecentrum" in page
    page = client.get(_url(meeting)).content.decode()
    assert "Personalfråga" not in page
    # a member of a participating organisation reads it all
    client.force_login(flen.police)
    assert "Personalfråga" in client.get(_url(meeting, "minutes/")).content.decode()
    # a correction makes version 2, version 1 stays readable
    client.force_login(flen.coordinator)
    response = client.post(_url(meeting, "reopen/"), {"reopen-correction_reason": "Fel status"})
    assert response.status_code == 302
    client.post(_url(meeting, "close/"))
    assert list(Minutes.objects.filter(meeting=meeting).values_list("version", flat=True)) == [2, 1]
    assert "Fel status" in client.get(_url(meeting, "minutes/")).content.decode()
    assert client.get(_url(meeting, "minutes/") + "?version=1").status_code == 200
    assert client.get(_url(meeting, "minutes/") + "?version=9").status_code == 404


def test_bad_input_says_why_in_swedish_and_saves_nothing(client: Any, world: Any) -> None:
    flen = world.flen
    meeting = last_weekly(flen)
    client.force_login(flen.coordinator)
    response = client.post(
        _url(meeting, "decisions/"),
        {"decision-kind": "intervention", "decision-text": "Röj"},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Välj organisationen som äger insatsen." in body
    assert "Ange när insatsen ska vara klar." in body
    assert 'id="error-summary"' in body
    assert not Decision.objects.exists()
    response = client.post(_url(meeting, "items/"), {"add-title": f"Om {PNR}"})
    assert response.status_code == 400 and "personnummer" in response.content.decode()
    assert not meeting.items.exists()
    response = client.post(_url(meeting, "attendance/"), {})
    assert response.status_code == 400
    response = client.post(_url(meeting, "close/"), follow=True)
    assert "Anteckna närvaron innan du avslutar mötet." in response.content.decode()
    assert not Minutes.objects.exists()
    # a malformed meeting in the preparation link falls back to the next meeting
    assert client.get(f"/m/{flen.municipality.code}/meetings/prepare/?meeting=x").status_code == 200


def test_risk_day_pages(client: Any, world: Any) -> None:
    flen = world.flen
    code = flen.municipality.code
    client.force_login(flen.coordinator)
    page = client.get(f"/m/{code}/meetings/risk-days/?year=2026").content.decode()
    assert "Midsommarafton" in page and "19 juni" in page
    response = client.post(
        f"/m/{code}/meetings/risk-days/",
        {"name": "Flens marknad", "first_day": "2026-08-20", "last_day": "2026-08-19"},
    )
    assert response.status_code == 400
    assert "Sista dagen kan inte ligga före första dagen." in response.content.decode()
    response = client.post(
        f"/m/{code}/meetings/risk-days/", {"name": "Flens marknad", "first_day": "2026-08-20"}
    )
    assert response.status_code == 302
    day = LocalRiskDay.objects.get()
    assert day.last_day == day.first_day
    response = client.post(
        f"/m/{code}/meetings/risk-days/settings/", {"sportlov_week": "9", "school_end_week": "24"}
    )
    assert response.status_code == 302
    page = client.get(f"/m/{code}/meetings/risk-days/?year=2026").content.decode()
    assert "23 februari" in page  # sportlov week 9
    client.post(f"/m/{code}/meetings/risk-days/{day.public_id}/delete/")
    assert not LocalRiskDay.objects.exists()


def test_navigation_link(client: Any, world: Any) -> None:
    flen = world.flen
    client.force_login(flen.partner)
    page = client.get(f"/m/{flen.municipality.code}/meetings/").content.decode()
    assert 'aria-current="page">Möten<' in page
    client.force_login(flen.reporter)
    page = client.get(f"/m/{flen.municipality.code}/reports/mine/").content.decode()
    assert ">Möten<" not in page


def test_a_focus_decision_stores_hot_spots_and_the_minutes_show_them(
    client: Any, world: Any, make_report: Any
) -> None:
    from trygg.places.services import place_create

    flen = world.flen
    meeting = last_weekly(flen)
    assert flen.place.area == flen.centrum
    lat, lon = 59.058, 16.588 + 0.0
    north = place_create(
        actor=world.admin,
        municipality=flen.municipality,
        name="Norra torget",
        lat=lat + 0.03,
        lon=lon,
    )
    assert north.area == flen.norr
    week = IsoWeek.of(meeting.review_week)
    make_report(
        occurred_start=dt.datetime.combine(week.monday, dt.time(12), STOCKHOLM), place=flen.place
    )
    client.force_login(flen.coordinator)
    page = client.get(_url(meeting), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    # the hot spots offered, by area, with the reports of the last four weeks at each place
    assert "Brännpunkter nästa vecka" in page
    assert f'data-area="{flen.centrum.pk}"' in page and f'data-area="{flen.norr.pk}"' in page
    assert 'Resecentrum <span class="muted">(1 rapport)</span>' in page
    assert 'Norra torget <span class="muted">(0 rapporter)</span>' in page
    focus = {
        "decision-kind": "focus",
        "decision-text": "Resecentrum kvällstid",
        "decision-focus_areas": [flen.centrum.pk],
    }
    # a hot spot outside the chosen focus areas is refused
    response = client.post(
        _url(meeting, "decisions/"),
        {**focus, "decision-hot_spots": [north.pk]},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 400
    assert "Välj brännpunkter i de fokusområden du har valt." in response.content.decode()
    response = client.post(
        _url(meeting, "decisions/"), {**focus, "decision-hot_spots": [flen.place.pk]}
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert list(decision.hot_spots.all()) == [flen.place]
    page = client.get(_url(meeting), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Brännpunkter: Resecentrum" in page
    from trygg.meetings.services.decisions import meeting_close
    from trygg.meetings.services.meetings import attendance_set

    attendance_set(actor=flen.coordinator, meeting=meeting, presence={flen.org_police: "present"})
    minutes = meeting_close(actor=flen.coordinator, meeting=meeting)
    assert minutes.content["decisions"][0]["hot_spots"] == ["Resecentrum"]
    page = client.get(_url(meeting, "minutes/"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Fokusområden: Centrum" in page and "Brännpunkter: Resecentrum" in page


def test_the_decision_form_marks_what_each_kind_needs(client: Any, world: Any) -> None:
    flen = world.flen
    meeting = last_weekly(flen)
    client.force_login(flen.coordinator)
    page = client.get(_url(meeting), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    form = page[page.index("data-decision-form") :]
    form = form[: form.index("</form>")]
    # the fields a kind needs carry no "(valfritt)"; optional ones do, always in that form
    for label in (
        "Insatsens rubrik",
        "Ansvarig organisation",
        "Klart senast (datum)",
        "Vem ska få veta",
        "Vad de ska få veta",
        "Fokusområden nästa vecka",
    ):
        start = form.index(f">{label}")
        assert "valfri" not in form[start : form.index("<", start + 1)], label
    assert 'Dagordningspunkt <span class="muted">(valfritt)</span>' in form
    assert "(valfri)" not in page
    # one fieldset per kind with its heading (all shown without JavaScript), and the script is
    # an external static file (the page has no inline script)
    for kind in ("intervention", "area_status", "focus", "tell"):
        assert f'<fieldset data-decision-kind="{kind}"><legend>' in form
    assert 'src="/static/js/meeting-decision.js"' in page
    assert "<script>" not in page


def test_zero_new_items_or_meetings_say_so(client: Any, world: Any) -> None:
    flen = world.flen
    meeting = last_weekly(flen)
    client.force_login(flen.coordinator)
    client.post(_url(meeting, "agenda/"))
    page = client.post(_url(meeting, "agenda/"), HTTP_ACCEPT_LANGUAGE="sv", follow=True)
    assert "Inga nya punkter att lägga till från underlaget." in page.content.decode()
    assert "0 punkter" not in page.content.decode()
    url = f"/m/{flen.municipality.code}/meetings/series/{meeting.series.public_id}/schedule/"
    client.post(url)
    page = client.post(url, HTTP_ACCEPT_LANGUAGE="sv", follow=True).content.decode()
    assert "Inga nya möten att planera" in page and "0 nya möten" not in page
