"""The reporter's pages: start, report form, my reports, correcting, "nothing to report"."""

from __future__ import annotations

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from trygg.core.models import AuditEvent
from trygg.core.weeks import IsoWeek
from trygg.reports.models import Report, WeeklyReturn

pytestmark = pytest.mark.django_db

STHLM = ZoneInfo("Europe/Stockholm")
FLEN = "0482"


def url(name: str, *args: object, code: str = FLEN) -> str:
    return reverse(f"reports:{name}", args=[code, *args])


def yesterday() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=1)


def form_data(world, **overrides):
    data = {
        "category": str(world.flen.categories["skadegorelse"].public_id),
        "lat": "59.058",
        "lon": "16.588",
        "place": "",
        "area": "",
        "date": yesterday().isoformat(),
        "time_mode": "exact",
        "time": "21:30",
        "part_of_day": "",
        "window_from": "",
        "window_to": "",
        "impact": "2",
        "certainty": "observed",
        "people_min": "2",
        "people_max": "4",
        "police_reference": "",
        "description": "Krossad ruta vid busshållplatsen.",
        "visibility": "partners",
    }
    data.update(overrides)
    return data


# ---------------------------------------------------------------------------------------------
# access


@pytest.mark.parametrize("name", ["start", "create", "mine"])
def test_pages_render_for_reporter(client, world, name):
    client.force_login(world.flen.reporter)
    response = client.get(url(name))
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["start", "create", "mine"])
def test_anonymous_is_sent_to_login(client, world, name):
    response = client.get(url(name))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("name", ["start", "create", "mine"])
def test_other_municipality_gets_404(client, world, name):
    client.force_login(world.degerfors.reporter)
    assert client.get(url(name)).status_code == 404


def test_form_shows_categories_map_and_privacy_hint(client, world):
    client.force_login(world.flen.reporter)
    body = client.get(url("create")).content.decode()
    assert "Skadegörelse" in body
    assert 'id="report-map"' in body
    assert 'id="areas-data"' in body
    assert "Centrum" in body and "Resecentrum" in body
    assert 'name="lat"' in body and 'name="lon"' in body
    assert 'accept="image/jpeg,image/png,image/webp"' in body
    assert "personnummer" in body.lower() or "personal identity" in body.lower()
    # a reporter of one organisation is not asked which one
    assert 'name="organisation"' not in body
    # strict CSP: no inline script
    assert "<script>" not in body


def test_start_shows_deadline_status_and_coordinator_links(client, world, make_report):
    make_report()
    client.force_login(world.flen.reporter)
    body = client.get(url("start")).content.decode()
    assert reverse("reports:create", args=[FLEN]) in body
    assert reverse("reports:nothing", args=[FLEN]) in body
    assert reverse("reports:review", args=[FLEN]) not in body
    assert "Skadegörelse" in body  # the recent report

    client.force_login(world.flen.coordinator)
    body = client.get(url("start")).content.decode()
    assert reverse("reports:review", args=[FLEN]) in body
    assert reverse("settings:index", args=[FLEN]) in body


# ---------------------------------------------------------------------------------------------
# creating


def test_valid_post_creates_report_with_audit(client, world):
    client.force_login(world.flen.reporter)
    response = client.post(url("create"), form_data(world))
    assert response.status_code == 302
    assert "saved=1" in response["Location"]
    report = Report.objects.get()
    assert report.reporter == world.flen.reporter
    assert report.organisation == world.flen.org_housing
    assert report.area == world.flen.centrum
    assert report.people_min == 2 and report.people_max == 4
    local = timezone.localtime(report.occurred_start, STHLM)
    assert (local.date(), local.hour, local.minute) == (yesterday(), 21, 30)
    assert report.occurred_end is None
    assert AuditEvent.objects.filter(
        action="report.create", target_id=str(report.public_id)
    ).exists()

    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert "?again=1" in body  # "report another one"
    assert reverse("reports:start", args=[FLEN]) in body  # "done"


def test_report_another_keeps_date_and_time_mode(client, world):
    client.force_login(world.flen.reporter)
    day = timezone.localdate() - dt.timedelta(days=3)
    client.post(
        url("create"),
        form_data(world, date=day.isoformat(), time_mode="part", time="", part_of_day="evening"),
    )
    body = client.get(url("create") + "?again=1").content.decode()
    assert f'value="{day.isoformat()}"' in body
    assert re.search(r'value="part" id="id_time_mode_\d" checked', body)
    assert "Skadegörelse" in body  # the session summary


@pytest.mark.parametrize("text", ["Ring honom på 070-123 45 67", "Det var 19811218-9876"])
def test_personal_data_in_description_is_refused_and_nothing_saved(client, world, text):
    client.force_login(world.flen.reporter)
    response = client.post(url("create"), form_data(world, description=text))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="error-summary"' in body
    assert "description-errors" in body
    assert 'href="#id_description"' in body
    assert Report.objects.count() == 0
    assert not AuditEvent.objects.filter(action="report.create").exists()
    # the map keeps the marker
    assert 'value="59.058"' in body


def test_an_impossible_date_is_named_as_such_and_nothing_saved(client, world):
    client.force_login(world.flen.reporter)
    response = client.post(url("create"), form_data(world, date="2026-02-30"))
    assert response.status_code == 200
    assert "Datumet finns inte – kontrollera dag och månad." in response.content.decode()
    assert Report.objects.count() == 0


def test_coordinates_outside_the_municipality_are_refused(client, world):
    client.force_login(world.flen.reporter)
    response = client.post(url("create"), form_data(world, lat="59.237", lon="14.431"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="lat-errors"' in body
    assert 'href="#where"' in body
    assert Report.objects.count() == 0


def test_missing_location_is_an_error(client, world):
    client.force_login(world.flen.reporter)
    response = client.post(url("create"), form_data(world, lat="", lon=""))
    assert response.status_code == 200
    assert 'href="#where"' in response.content.decode()
    assert Report.objects.count() == 0


def test_area_only_and_named_place(client, world):
    client.force_login(world.flen.reporter)
    client.post(
        url("create"), form_data(world, lat="", lon="", area=str(world.flen.norr.public_id))
    )
    client.post(
        url("create"), form_data(world, lat="", lon="", place=str(world.flen.place.public_id))
    )
    area_report, place_report = Report.objects.order_by("created_at")
    assert area_report.location_precision == "area" and area_report.area == world.flen.norr
    assert place_report.location_precision == "place"
    assert place_report.place == world.flen.place


def test_part_of_day_gives_the_window_in_stockholm_time(client, world):
    client.force_login(world.flen.reporter)
    day = yesterday()
    response = client.post(
        url("create"), form_data(world, time_mode="part", time="", part_of_day="evening")
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.time_precision == "window"
    assert report.occurred_start == dt.datetime.combine(day, dt.time(18), tzinfo=STHLM)
    assert report.occurred_end == dt.datetime.combine(
        day + dt.timedelta(days=1), dt.time(0), tzinfo=STHLM
    )


def test_without_js_the_filled_inputs_decide_the_time(client, world):
    """Every input is visible without JavaScript: a filled window wins over a blank time."""
    client.force_login(world.flen.reporter)
    start = timezone.localdate() - dt.timedelta(days=2)
    response = client.post(
        url("create"),
        form_data(
            world,
            time_mode="exact",
            time="",
            window_from=f"{start.isoformat()}T22:00",
            window_to=f"{(start + dt.timedelta(days=1)).isoformat()}T02:00",
        ),
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert timezone.localtime(report.occurred_start, STHLM).hour == 22
    assert timezone.localtime(report.occurred_end, STHLM).hour == 2


def test_without_js_a_chosen_part_of_day_beats_the_prefilled_time(client, world):
    client.force_login(world.flen.reporter)
    response = client.post(
        url("create"), form_data(world, time_mode="exact", time="12:34", part_of_day="night")
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert timezone.localtime(report.occurred_start, STHLM).hour == 0
    assert timezone.localtime(report.occurred_end, STHLM).hour == 6


def test_no_time_at_all_is_an_error(client, world):
    client.force_login(world.flen.reporter)
    response = client.post(url("create"), form_data(world, time=""))
    assert response.status_code == 200
    assert "time-errors" in response.content.decode()
    assert Report.objects.count() == 0


def test_window_end_before_start_maps_to_the_field(client, world):
    client.force_login(world.flen.reporter)
    day = yesterday().isoformat()
    response = client.post(
        url("create"),
        form_data(
            world, time_mode="window", time="", window_from=f"{day}T22:00", window_to=f"{day}T20:00"
        ),
    )
    assert response.status_code == 200
    assert "window_to-errors" in response.content.decode()


def test_photo_must_be_chosen_again_after_an_error(client, world):
    client.force_login(world.flen.reporter)
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, "JPEG")
    photo = SimpleUploadedFile("p.jpg", buffer.getvalue(), content_type="image/jpeg")
    response = client.post(
        url("create"), {**form_data(world, description="070-1234567"), "photo": photo}
    )
    assert response.status_code == 200
    assert 'class="photo-again"' in response.content.decode()


def test_reporter_of_several_organisations_chooses(client, world):
    from trygg.accounts.models import Membership

    reporter = world.flen.reporter
    Membership.objects.create(
        user=reporter,
        organisation=world.flen.org_municipal,
        municipality=world.flen.municipality,
        role="reporter",
    )
    client.force_login(reporter)
    assert 'name="organisation"' in client.get(url("create")).content.decode()
    response = client.post(
        url("create"), form_data(world, organisation=str(world.flen.org_municipal.public_id))
    )
    assert response.status_code == 302
    assert Report.objects.get().organisation == world.flen.org_municipal


# ---------------------------------------------------------------------------------------------
# nothing to report


def test_nothing_to_report_creates_weekly_return(client, world):
    client.force_login(world.flen.reporter)
    week = IsoWeek.current().previous()
    response = client.post(url("nothing"), {"week": str(week)})
    assert response.status_code == 302
    assert response["Location"] == url("start")
    nil = WeeklyReturn.objects.get()
    assert nil.organisation == world.flen.org_housing
    assert nil.week_start == week.monday
    assert AuditEvent.objects.filter(action="weekly_return.create").exists()
    body = client.get(url("start")).content.decode()
    assert str(week.week) in body


def test_nothing_to_report_refused_when_already_reported(client, world, make_report):
    make_report()
    client.force_login(world.flen.reporter)
    week = IsoWeek.of(timezone.now() - dt.timedelta(hours=3))
    client.post(url("nothing"), {"week": str(week)})
    assert WeeklyReturn.objects.count() == 0


def test_nothing_to_report_is_post_only(client, world):
    client.force_login(world.flen.reporter)
    assert client.get(url("nothing")).status_code == 405


def test_nothing_to_report_bad_week(client, world):
    client.force_login(world.flen.reporter)
    response = client.post(url("nothing"), {"week": "nonsense"})
    assert response.status_code == 302
    assert WeeklyReturn.objects.count() == 0


# ---------------------------------------------------------------------------------------------
# my reports and corrections


def test_mine_lists_own_reports_with_edit_link(client, world, make_report):
    report = make_report()
    make_report(actor=world.flen.coordinator, description="Annans rapport")
    client.force_login(world.flen.reporter)
    body = client.get(url("mine")).content.decode()
    assert url("edit", report.public_id) in body
    assert "badge--submitted" in body
    assert body.count('class="report-list__item"') == 1


def test_owner_can_correct_report(client, world, make_report):
    report = make_report()
    client.force_login(world.flen.reporter)
    page = client.get(url("edit", report.public_id))
    assert page.status_code == 200
    assert "Krossad ruta" in page.content.decode()
    response = client.post(
        url("edit", report.public_id),
        form_data(world, description="Krossad ruta, nu lagad.", impact="3"),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.description == "Krossad ruta, nu lagad."
    assert report.impact == 3
    assert AuditEvent.objects.filter(
        action="report.update", target_id=str(report.public_id)
    ).exists()


def test_edit_form_prefills_part_of_day(client, world, make_report):
    day = yesterday()
    start = dt.datetime.combine(day, dt.time(6), tzinfo=STHLM)
    report = make_report(occurred_start=start, occurred_end=start + dt.timedelta(hours=6))
    client.force_login(world.flen.reporter)
    body = client.get(url("edit", report.public_id)).content.decode()
    assert re.search(r'value="part" id="id_time_mode_\d" checked', body)
    assert re.search(r'value="morning" id="id_part_of_day_\d" checked', body)


def test_edit_with_personal_data_changes_nothing(client, world, make_report):
    report = make_report()
    client.force_login(world.flen.reporter)
    response = client.post(
        url("edit", report.public_id), form_data(world, description="Ring 070-123 45 67")
    )
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.description == "Krossad ruta vid entrén."


def test_other_reporter_gets_404_and_partner_403(client, world, make_report):
    from trygg.accounts.models import Membership, User

    report = make_report()
    other = User.objects.create_user(username="annan.flen", password="pw-trygg-test-1")
    Membership.objects.create(
        user=other,
        organisation=world.flen.org_police,
        municipality=world.flen.municipality,
        role="reporter",
    )
    client.force_login(other)
    assert client.get(url("edit", report.public_id)).status_code == 404

    # a partner can see shared reports but not correct someone else's
    client.force_login(world.flen.partner)
    assert client.get(url("edit", report.public_id)).status_code == 403
    response = client.post(
        url("edit", report.public_id), form_data(world, description="Ändrat av partner")
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.description == "Krossad ruta vid entrén."

    client.force_login(world.degerfors.coordinator)
    assert client.get(url("edit", report.public_id)).status_code == 404


def test_edit_refused_after_the_edit_window(client, world, make_report, settings):
    report = make_report()
    Report.objects.filter(pk=report.pk).update(
        created_at=timezone.now() - dt.timedelta(days=settings.TRYGG_REPORT_EDIT_DAYS + 1)
    )
    client.force_login(world.flen.reporter)
    assert client.get(url("edit", report.public_id)).status_code == 403
    body = client.get(url("mine")).content.decode()
    assert url("edit", report.public_id) not in body


def test_mine_paginates_instead_of_stopping_at_50(client, world, make_report):
    """With 60 reports the list shows 50, says how many there are, and page 2 shows the rest
    (it used to stop silently at 50)."""
    made = [make_report(description=f"Rapport nummer {n}.") for n in range(60)]
    client.force_login(world.flen.reporter)
    first = client.get(url("mine"))
    body = first.content.decode()
    assert len(first.context["rows"]) == 50
    assert "Sida 1 av 2 (60 rapporter)" in body and 'href="?page=2" rel="next"' in body
    second = client.get(url("mine") + "?page=2")
    assert len(second.context["rows"]) == 10
    assert 'href="?page=1" rel="prev"' in second.content.decode()
    shown = {row["report"].pk for row in first.context["rows"]} | {
        row["report"].pk for row in second.context["rows"]
    }
    assert shown == {r.pk for r in made}  # each report once, none lost
    # the newest first; a page number out of range shows the last page, not an error
    assert first.context["rows"][0]["report"].pk == made[-1].pk
    assert client.get(url("mine") + "?page=99").status_code == 200


def test_every_error_shows_at_once_in_the_summary(client, world):
    """Form errors (no category, no time) and the service's checks (personal data in the text,
    a spot outside the municipality, a bad police reference) appear together in one summary at
    the top, each a link to its field, instead of one round at a time."""
    client.force_login(world.flen.reporter)
    data = form_data(
        world,
        category="",
        time="",
        lat="59.237",
        lon="14.431",  # Degerfors, outside Flen
        description="Ring honom på 070-123 45 67",
        police_reference="<script>",
    )
    response = client.post(url("create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    summary = body[
        body.index('id="error-summary"') : body.index("</div>", body.index('id="error-summary"'))
    ]
    assert 'tabindex="-1"' in body[body.index('<div class="error-summary"') :][:200]
    assert "Det finns fel i formuläret" in summary
    for anchor in (
        "#id_category_0",
        "#id_time",
        "#where",
        "#id_description",
        "#id_police_reference",
    ):
        assert f'href="{anchor}"' in summary, anchor
    # every link has its target on the page, and the inputs point at their messages
    for anchor in ("id_category_0", "id_time", "where", "id_description", "id_police_reference"):
        assert f'id="{anchor}"' in body, anchor
    assert re.search(r'<textarea[^>]*aria-describedby="[^"]*description-errors', body)
    assert Report.objects.count() == 0


def test_a_form_error_is_not_repeated_by_the_service(client, world):
    client.force_login(world.flen.reporter)
    response = client.post(url("create"), form_data(world, category="", date=""))
    links = response.context["form"].error_links()
    fields = [anchor for anchor, _label, _message in links]
    assert fields.count("id_category_0") == 1 and fields.count("id_date") == 1
