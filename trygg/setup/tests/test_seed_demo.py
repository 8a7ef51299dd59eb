"""manage.py seed_demo: the generated demo world behind `make run`."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from shapely.geometry import shape

from trygg.accounts.models import Membership, Organisation, User
from trygg.core.models import AuditEvent
from trygg.core.pii import find_pii
from trygg.core.weeks import IsoWeek
from trygg.geo.geometry import check_no_overlap, check_within, h3_cells
from trygg.places.locator import area_index_for
from trygg.places.models import Area, Municipality, Place
from trygg.reports.models import Report, WeeklyReturn
from trygg.reports.selectors import completeness_for_week
from trygg.setup.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from trygg.setup.demo.data import DESCRIPTIONS, REJECTION_REASONS
from trygg.setup.demo.municipalities import MUNICIPALITIES
from trygg.setup.services import municipality_onboard

WEEKS = "8"
# one reference time for all runs of a test, so that "the current week so far" is the same
NOW = (timezone.now() - dt.timedelta(minutes=2)).replace(second=0, microsecond=0)


def seed(*extra: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command(
        "seed_demo", "--force", "--weeks", WEEKS, "--now", NOW.isoformat(), *extra, stdout=out
    )
    return out.getvalue()


def fingerprint() -> Counter[tuple[str, str, dt.date, str, int]]:
    return Counter(
        Report.objects.values_list(
            "municipality__code", "category__code", "week_start", "area__name", "impact"
        )
        .order_by()
        .iterator()
    )


@pytest.fixture
def seeded(db: Any) -> str:
    return seed()


def test_refuses_without_demo_mode(db: Any, settings: Any) -> None:
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("seed_demo", "--weeks", WEEKS)
    assert not Municipality.objects.exists()
    assert not User.objects.exists()


def test_runs_in_demo_mode_without_force(db: Any, settings: Any) -> None:
    settings.DEMO_MODE = True
    call_command("seed_demo", "--weeks", "1", "--now", NOW.isoformat(), stdout=None)
    assert Municipality.objects.filter(is_demo=True).count() == 3


def test_creates_both_municipalities_with_users_who_can_log_in(seeded: str, client: Any) -> None:
    assert set(Municipality.objects.filter(is_demo=True).values_list("code", flat=True)) == {
        "0482",
        "1862",
        "1883",
    }
    assert "Flen" in seeded and "Degerfors" in seeded and "reports" in seeded
    for username in DEMO_ACCOUNTS:
        assert client.login(username=username, password=DEMO_PASSWORD), username
        client.logout()
    roles = dict(
        Membership.objects.filter(user__username__in=DEMO_ACCOUNTS).values_list(
            "user__username", "role"
        )
    )
    assert roles["samordnare.flen"] == "coordinator"
    assert roles["rapportor.flen"] == "reporter"
    assert roles["partner.flen"] == "partner"
    assert roles["polis.flen"] == "partner"
    assert Membership.objects.get(user__username="polis.flen").organisation.type == "police"
    assert roles["samordnare.degerfors"] == "coordinator"
    flen = Municipality.objects.get(code="0482")
    assert Organisation.objects.filter(municipality=flen).count() >= 10
    assert Place.objects.filter(municipality=flen).count() >= 8
    assert set(
        Organisation.objects.filter(municipality=flen).values_list("reporting_frequency", flat=True)
    ) == {"weekly", "biweekly", "none"}
    # one summary audit event per municipality, not one per generated row
    assert AuditEvent.objects.filter(action="demo.seed").count() == 3
    assert not AuditEvent.objects.filter(action="report.create").exists()


def test_areas_do_not_overlap_and_lie_in_the_kommun(seeded: str) -> None:
    for spec in MUNICIPALITIES:
        municipality = Municipality.objects.get(code=spec.code)
        outline = shape(municipality.outline)
        areas = list(Area.objects.filter(municipality=municipality))
        assert {a.name for a in areas} == {a.name for a in spec.areas}
        for i, area in enumerate(areas):
            geom = shape(area.geometry)
            check_within(geom, outline)
            check_no_overlap(geom, [(a.name, shape(a.geometry)) for a in areas[:i]])
        # every named place lies in an area
        assert not Place.objects.filter(municipality=municipality, area__isnull=True).exists()
    # the station area touches the centre (split, not overlapping)
    station = shape(Area.objects.get(name="Stationsområdet/Resecentrum").geometry)
    centrum = shape(Area.objects.get(name="Flen centrum").geometry)
    assert station.touches(centrum) or station.intersection(centrum).area < 1e-9
    assert station.distance(centrum) == 0


def test_reports_are_filled_like_report_create(seeded: str) -> None:
    reports = list(Report.objects.select_related("place", "municipality"))
    assert reports
    indexes = {m.pk: area_index_for(m) for m in Municipality.objects.all()}
    for report in reports:
        assert report.week_start == IsoWeek.of(report.occurred_start).monday
        assert report.occurred_start <= NOW
        assert report.created_at >= report.occurred_start
        assert (report.occurred_end is not None) == (report.time_precision == "window")
        if report.location_precision == "point":
            assert report.lat is not None and report.lon is not None
            assert report.area_id == indexes[report.municipality_id].locate(report.lat, report.lon)
            cells = h3_cells(report.lat, report.lon)
            assert (report.h3_r7, report.h3_r9, report.h3_r11) == (cells[7], cells[9], cells[11])
        elif report.location_precision == "place":
            assert report.lat is None and report.place is not None
            assert report.area_id == report.place.area_id
            assert report.h3_r9 == h3_cells(report.place.lat, report.place.lon)[9]
        else:
            assert report.lat is None and report.place is None and report.area_id
            assert report.h3_r9 is None
        assert 1 <= report.impact <= 3
        if report.people_min is not None and report.people_max is not None:
            assert report.people_min <= report.people_max
        if report.status == "merged":
            primary = report.duplicate_of
            assert primary is not None
            assert primary.week_start == report.week_start
            assert primary.area_id == report.area_id
            assert primary.status == "included"
        else:
            assert report.duplicate_of_id is None
        if report.status == "rejected":
            assert report.rejection_reason
        if report.status in ("included", "merged", "rejected"):
            assert report.reviewed_by is not None and report.reviewed_at is not None
        assert report.reporter is not None
        assert report.reporter.memberships.filter(organisation=report.organisation).exists()
    statuses = Counter(r.status for r in reports)
    assert statuses["included"] > statuses["submitted"] > 0
    assert statuses["merged"] > 0 and statuses["rejected"] > 0
    assert Counter(r.location_precision for r in reports).keys() == {"point", "place", "area"}
    assert Counter(r.visibility for r in reports)["coordinators"] > 0


def test_no_personal_data_in_descriptions(seeded: str) -> None:
    texts = set(Report.objects.values_list("description", flat=True))
    texts |= set(Report.objects.values_list("rejection_reason", flat=True)) - {""}
    for template in [t for group in DESCRIPTIONS.values() for t in group] + REJECTION_REASONS:
        texts.add(template)
    for text in texts:
        assert find_pii(text) == [], text
    assert all(d.endswith("[Demo]") for d in Report.objects.values_list("description", flat=True))


def test_last_week_hot_spots_and_completeness(seeded: str) -> None:
    last = IsoWeek.of(timezone.localdate(NOW)).previous()
    for spec in MUNICIPALITIES:
        municipality = Municipality.objects.get(code=spec.code)
        week_reports = Report.objects.filter(municipality=municipality, week_start=last.monday)
        assert week_reports.counted().exists()
        completeness = completeness_for_week(municipality, last)
        assert 1 <= completeness.missing <= 2
        assert completeness.reported >= 1
    counted = Report.objects.counted()
    station = counted.filter(area__name="Stationsområdet/Resecentrum").count()
    bettna = counted.filter(area__name="Bettna").count()
    assert station > bettna
    assert WeeklyReturn.objects.filter(week_start__lt=last.monday).exists()
    # the planted increase: buskörning in Salsta during the last weeks
    recent = counted.filter(
        category__code="buskorning", area__name="Salsta", week_start__gte=last.shift(-3).monday
    ).count()
    assert recent >= 4


def test_idempotent_second_run_adds_nothing(seeded: str) -> None:
    def counts() -> tuple[int, ...]:
        return (
            Municipality.objects.count(),
            Area.objects.count(),
            Place.objects.count(),
            Organisation.objects.count(),
            User.objects.count(),
            Report.objects.count(),
            WeeklyReturn.objects.count(),
            AuditEvent.objects.count(),
        )

    before = counts()
    output = seed()
    assert counts() == before
    assert "already seeded" in output


def test_deterministic_and_reset_only_touches_demo(seeded: str) -> None:
    other = municipality_onboard(actor="system", code="0484")  # a real, non-demo tenant
    first = fingerprint()
    users_before = set(User.objects.values_list("username", flat=True))
    seed("--reset")
    assert fingerprint() == first
    assert set(User.objects.values_list("username", flat=True)) == users_before
    assert Municipality.objects.filter(pk=other.pk).exists()
    assert AuditEvent.objects.filter(municipality=other).exists()
    assert AuditEvent.objects.filter(action="demo.seed").count() == 3
    seed("--reset", "--seed", "7")
    assert fingerprint() != first


def test_non_demo_municipality_with_a_demo_code_is_left_alone(db: Any) -> None:
    real = municipality_onboard(actor="system", code="0482")
    output = seed("--reset")
    assert "non-demo" in output
    real.refresh_from_db()
    assert not real.is_demo
    assert not Report.objects.filter(municipality=real).exists()
    assert Municipality.objects.get(code="1862").is_demo


def test_the_joint_bodies_of_the_demo(seeded: str) -> None:
    """The LokBrå Karlskoga and Degerfors share, and Flen's police area, each made once: a
    second run and a reset leave exactly one of each, with the same members."""
    from trygg.places.joint import current_members
    from trygg.places.models import JointBody

    def members() -> dict[str, list[str]]:
        return {b.name: [m.code for m in current_members(b)] for b in JointBody.objects.all()}

    expected = {
        "LokBrå Karlskoga–Degerfors": ["1862", "1883"],
        "LPO Katrineholm–Flen–Vingåker": ["0482"],
    }
    assert members() == expected
    assert AuditEvent.objects.filter(action="joint.accept").count() == 1
    seed()
    assert members() == expected
    seed("--reset")
    assert members() == expected


def test_reset_after_the_demo_was_used(seeded: str) -> None:
    """A coordinator tried the demo: statuses, a pin, ratings, a frozen week. --reset still
    rebuilds it (those rows point at areas, reports and organisations with PROTECT)."""
    from trygg.situation.models import AreaRating, AreaStatus, WeeklySnapshot
    from trygg.situation.services.quarterly import ratings_set
    from trygg.situation.services.snapshots import freeze_week
    from trygg.situation.services.weekly import area_status_set, report_pin

    flen = Municipality.objects.get(code="0482")
    coordinator = User.objects.get(username="samordnare.flen")
    area = Area.objects.filter(municipality=flen).first()
    assert area is not None
    week = IsoWeek.current().previous()
    area_status_set(actor=coordinator, area=area, week=week, status="yellow", reason="Prov.")
    report = Report.objects.filter(municipality=flen, week_start=week.monday).first()
    assert report is not None
    report_pin(actor=coordinator, report=report, week=week, note="Prov")
    ratings_set(
        actor=coordinator,
        municipality=flen,
        kind="quarter",
        year=week.year,
        period=1,
        ratings=[{"area": area, "rating": 3, "reason": "Prov."}],
    )
    freeze_week(actor=coordinator, municipality=flen, week=week)
    # a meeting with attendance, a decision on the area and frozen minutes (immutable)
    import datetime as dt

    from django.utils import timezone

    from trygg.accounts.models import Organisation
    from trygg.meetings.models import Meeting, Minutes
    from trygg.meetings.services.decisions import decision_record, meeting_close
    from trygg.meetings.services.meetings import attendance_set, meeting_create

    organisation = Organisation.objects.filter(municipality=flen).first()
    assert organisation is not None
    meeting = meeting_create(
        actor=coordinator,
        municipality=flen,
        kind="quarterly",
        title="Prov",
        starts_at=timezone.now() - dt.timedelta(days=1),
        organisations=[organisation],
    )
    attendance_set(actor=coordinator, meeting=meeting, presence={organisation: "present"})
    decision_record(
        actor=coordinator, meeting=meeting, kind="area_status", text="Prov", area=area, status="red"
    )
    meeting_close(actor=coordinator, meeting=meeting)
    seed("--reset")
    flen = Municipality.objects.get(code="0482")
    assert Report.objects.filter(municipality=flen).exists()
    assert not AreaStatus.objects.filter(municipality=flen).exists()
    assert not AreaRating.objects.filter(municipality=flen).exists()
    assert not WeeklySnapshot.objects.filter(municipality=flen).exists()
    assert not Meeting.objects.filter(title="Prov").exists()
    assert not Minutes.objects.filter(meeting__title="Prov").exists()
    # the rebuilt demo has its own meetings: three held and closed, the next ones planned
    closed = Meeting.objects.filter(municipality=flen, status="closed")
    assert closed.count() == 3
    assert Minutes.objects.filter(meeting__in=closed).count() == 3
    assert all(m.decisions.count() == 3 for m in closed)
    assert Meeting.objects.filter(municipality=flen, status="planned").count() >= 3
