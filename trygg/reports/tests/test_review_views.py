"""The review queue and the review of one report: permissions, completeness, decisions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trygg.core.models import AuditEvent
from trygg.core.weeks import IsoWeek
from trygg.reports.models import Report
from trygg.reports.services import weekly_return_submit

pytestmark = pytest.mark.django_db

FLEN = "0482"


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """The world fixture creates nine users; PBKDF2 makes that take seconds per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def url(name, *args, code=FLEN):
    return reverse(f"reports:{name}", args=[code, *args])


def week_of(report) -> str:
    return str(IsoWeek.of(report.week_start))


# ---------------------------------------------------------------------------------------------
# Permissions


@pytest.fixture
def report(make_report):
    return make_report()


def test_anonymous_is_sent_to_login(client, world, report):
    for target in (url("review"), url("review_report", report.public_id)):
        response = client.get(target)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def test_other_municipality_gets_404(client, world, report):
    client.force_login(world.degerfors.coordinator)
    assert client.get(url("review")).status_code == 404
    assert client.get(url("review_report", report.public_id)).status_code == 404
    # a Flen report through Degerfors' own URL is just as invisible
    assert client.get(url("review_report", report.public_id, code="1862")).status_code == 404


@pytest.mark.parametrize("who", ["reporter", "partner", "police"])
def test_reporters_and_partners_are_forbidden(client, world, report, who):
    client.force_login(getattr(world.flen, who))
    assert client.get(url("review")).status_code == 403
    assert client.get(url("review_report", report.public_id)).status_code == 403
    response = client.post(
        url("review_report", report.public_id),
        {
            "category": str(report.category.public_id),
            "visibility": "partners",
            "decision": "include",
        },
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == "submitted"


def test_coordinator_sees_queue(client, world, report):
    client.force_login(world.flen.coordinator)
    response = client.get(url("review"), {"week": week_of(report)})
    assert response.status_code == 200
    assert [r.public_id for r in response.context["reports"]] == [report.public_id]
    body = response.content.decode()
    assert url("review_report", report.public_id) in body
    counts = {row["value"]: row["n"] for row in response.context["status_rows"]}
    assert counts["submitted"] == 1 and counts["included"] == 0


# ---------------------------------------------------------------------------------------------
# Queue: week navigation, filters, completeness


def test_queue_defaults_to_the_due_week_and_links_neighbours(client, world):
    from trygg.reports.selectors import due_week

    client.force_login(world.flen.coordinator)
    response = client.get(url("review"))
    week = due_week(world.flen.municipality)  # around the deadline: tests/test_due_week.py
    assert response.context["week"] == week
    body = response.content.decode()
    assert f"week={week.previous()}" in body
    assert f"week={week.next()}" in body


def test_queue_bad_week_falls_back_to_the_due_week(client, world):
    from trygg.reports.selectors import due_week

    client.force_login(world.flen.coordinator)
    response = client.get(url("review"), {"week": "2025-W99"})
    assert response.status_code == 200
    assert response.context["week"] == due_week(world.flen.municipality)


def test_queue_shows_only_the_chosen_week_of_this_municipality(client, world, make_report):
    import datetime as dt

    from django.utils import timezone

    this = make_report()
    old = make_report(occurred_start=timezone.now() - dt.timedelta(days=14))
    make_report(world.degerfors)
    client.force_login(world.flen.coordinator)
    ids = [
        r.public_id for r in client.get(url("review"), {"week": week_of(this)}).context["reports"]
    ]
    assert ids == [this.public_id]
    ids = [
        r.public_id for r in client.get(url("review"), {"week": week_of(old)}).context["reports"]
    ]
    assert ids == [old.public_id]


def test_queue_filters(client, world, make_report):
    flen = world.flen
    a = make_report(category=flen.categories["klotter"])
    b = make_report(actor=flen.police)
    client.force_login(flen.coordinator)

    def ids(**params):
        params["week"] = week_of(a)
        return {r.public_id for r in client.get(url("review"), params).context["reports"]}

    assert ids() == {a.public_id, b.public_id}
    assert ids(category=str(flen.categories["klotter"].public_id)) == {a.public_id}
    assert ids(organisation=str(flen.org_police.public_id)) == {b.public_id}
    assert ids(area=str(flen.norr.public_id)) == set()
    assert ids(status="submitted") == {a.public_id, b.public_id}
    assert ids(status="rejected") == set()


def test_queue_completeness_panel(client, world, make_report):
    flen = world.flen
    report = make_report()  # the housing company reported
    week = IsoWeek.of(report.week_start)
    weekly_return_submit(actor=flen.police, municipality=flen.municipality, week=week)
    client.force_login(flen.coordinator)
    response = client.get(url("review"), {"week": str(week)})
    states = {row.organisation.name: row.state for row in response.context["completeness"].rows}
    assert states == {
        flen.org_housing.name: "reported",
        flen.org_police.name: "nothing",
        flen.org_municipal.name: "missing",
    }
    body = response.content.decode()
    assert "badge--missing" in body and "badge--nothing" in body and "badge--reported" in body


# ---------------------------------------------------------------------------------------------
# Reviewing one report


def form_data(report, **values):
    data = {
        "category": str(report.category.public_id),
        "visibility": report.visibility,
        "decision": "",
        "duplicate_of": "",
        "rejection_reason": "",
        "then": "queue",
    }
    data.update(values)
    return data


def test_review_page_lists_other_candidates(client, world, make_report):
    report = make_report()
    other = make_report(actor=world.flen.police, description="Samma ruta, sedd av polisen.")
    elsewhere = make_report(world.degerfors)
    client.force_login(world.flen.coordinator)
    response = client.get(url("review_report", report.public_id))
    assert response.status_code == 200
    candidates = [c.public_id for c in response.context["candidates"]]
    assert other.public_id in candidates
    assert report.public_id not in candidates
    assert elsewhere.public_id not in candidates
    assert "Samma ruta, sedd av polisen." in response.content.decode()


def test_include_and_recategorise(client, world, report):
    klotter = world.flen.categories["klotter"]
    client.force_login(world.flen.coordinator)
    response = client.post(
        url("review_report", report.public_id),
        form_data(
            report, decision="include", category=str(klotter.public_id), visibility="coordinators"
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url('review')}?week={week_of(report)}"
    report.refresh_from_db()
    assert report.status == "included"
    assert report.category == klotter
    assert report.visibility == "coordinators"
    assert report.reviewed_by == world.flen.coordinator
    event = AuditEvent.objects.get(action="report.review.include", target_id=str(report.public_id))
    assert event.actor == world.flen.coordinator
    assert event.municipality == world.flen.municipality
    assert event.changes["decision"] == "include"


def test_merge_as_duplicate(client, world, make_report):
    primary = make_report(actor=world.flen.police)
    report = make_report()
    client.force_login(world.flen.coordinator)
    response = client.post(
        url("review_report", report.public_id),
        form_data(report, decision="merge", duplicate_of=str(primary.public_id)),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    primary.refresh_from_db()
    assert report.status == "merged"
    assert report.duplicate_of == primary
    assert primary.status == "included"
    assert (
        AuditEvent.objects.filter(
            action="report.review.merge", target_id=str(report.public_id)
        ).count()
        == 1
    )


def test_merge_without_choice_shows_error(client, world, report):
    client.force_login(world.flen.coordinator)
    response = client.post(
        url("review_report", report.public_id), form_data(report, decision="merge")
    )
    assert response.status_code == 200
    assert "duplicate_of" in response.context["form"].errors
    report.refresh_from_db()
    assert report.status == "submitted"


def test_merge_into_other_municipality_is_impossible(client, world, make_report):
    report = make_report()
    foreign = make_report(world.degerfors)
    client.force_login(world.flen.coordinator)
    response = client.post(
        url("review_report", report.public_id),
        form_data(report, decision="merge", duplicate_of=str(foreign.public_id)),
    )
    assert response.status_code == 200
    assert "duplicate_of" in response.context["form"].errors
    report.refresh_from_db()
    assert report.status == "submitted"
    assert report.duplicate_of is None
    assert not AuditEvent.objects.filter(action__startswith="report.review").exists()


def test_reject_with_reason(client, world, report):
    client.force_login(world.flen.coordinator)
    response = client.post(
        url("review_report", report.public_id),
        form_data(report, decision="reject", rejection_reason="Gäller inte en plats i kommunen."),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "rejected"
    assert report.rejection_reason == "Gäller inte en plats i kommunen."
    event = AuditEvent.objects.get(action="report.review.reject", target_id=str(report.public_id))
    assert event.changes["status"]


def test_reject_without_reason_shows_error_and_changes_nothing(client, world, report):
    klotter = world.flen.categories["klotter"]
    client.force_login(world.flen.coordinator)
    response = client.post(
        url("review_report", report.public_id),
        form_data(
            report, decision="reject", category=str(klotter.public_id), rejection_reason="  "
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "rejection_reason" in form.errors
    body = response.content.decode()
    assert "error-summary" in body
    report.refresh_from_db()
    assert report.status == "submitted"
    assert report.category != klotter
    assert not AuditEvent.objects.filter(action__startswith="report.review").exists()


def test_reject_reason_with_personal_data_is_refused(client, world, report):
    client.force_login(world.flen.coordinator)
    response = client.post(
        url("review_report", report.public_id),
        form_data(report, decision="reject", rejection_reason="Ring 070-123 45 67"),
    )
    assert response.status_code == 200
    assert "rejection_reason" in response.context["form"].errors
    report.refresh_from_db()
    assert report.status == "submitted"


def test_reopen(client, world, report):
    from trygg.reports.services import report_review

    report_review(
        actor=world.flen.coordinator,
        report=report,
        decision="reject",
        rejection_reason="Fel kommun.",
    )
    client.force_login(world.flen.coordinator)
    response = client.post(
        url("review_report", report.public_id), form_data(report, decision="reopen")
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    assert report.rejection_reason == ""


def test_save_and_next_goes_to_next_unreviewed(client, world, make_report):
    import datetime as dt

    from django.utils import timezone

    first = make_report(occurred_start=timezone.now() - dt.timedelta(hours=3))
    second = make_report(occurred_start=timezone.now() - dt.timedelta(hours=2))
    if IsoWeek.of(first.week_start) != IsoWeek.of(second.week_start):  # pragma: no cover
        pytest.skip("reports fell in different weeks")
    client.force_login(world.flen.coordinator)
    response = client.post(
        url("review_report", first.public_id), form_data(first, decision="include", then="next")
    )
    assert response.status_code == 302
    assert response["Location"] == url("review_report", second.public_id)
    response = client.post(
        url("review_report", second.public_id), form_data(second, decision="include", then="next")
    )
    assert response["Location"] == f"{url('review')}?week={week_of(second)}"
    assert Report.objects.filter(status="included").count() == 2
