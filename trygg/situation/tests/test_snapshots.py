"""Frozen weekly pictures: versions, audit, immutability, access, PDF and no report text."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from trygg.core.models import AuditEvent
from trygg.core.pdf import static_file_for
from trygg.core.weeks import STOCKHOLM, IsoWeek
from trygg.reports.services import report_review
from trygg.situation.models import WeeklySnapshot
from trygg.situation.services.snapshots import freeze_week
from trygg.situation.services.weekly import area_status_set, report_pin

pytestmark = pytest.mark.django_db

WEEK = IsoWeek.current().previous()
SECRET = "Hemlig uppgift om platsen."
PUBLIC_TEXT = "Krossad ruta vid entrén."


def at(week: IsoWeek, day: int = 2) -> dt.datetime:
    return dt.datetime.combine(week.monday + dt.timedelta(days=day), dt.time(12), STOCKHOLM)


@pytest.fixture
def busy(world: Any, make_report: Any) -> Any:
    flen = world.flen
    for back in range(1, 4):
        make_report(occurred_start=at(WEEK.shift(-back)))
    flen.reports = [make_report(occurred_start=at(WEEK, day=i)) for i in range(5)]
    flen.secret = make_report(
        actor=flen.police,
        occurred_start=at(WEEK),
        category=flen.categories["klotter"],
        visibility="coordinators",
        description=SECRET,
    )
    report_pin(actor=flen.coordinator, report=flen.reports[0], week=WEEK, note="")
    area_status_set(
        actor=flen.coordinator,
        area=flen.centrum,
        week=WEEK,
        status="yellow",
        reason="Fler skadegörelser än vanligt.",
    )
    return world


def snapshot_url(tenant: Any, snapshot: WeeklySnapshot, name: str = "situation:snapshot") -> str:
    return reverse(name, args=[tenant.municipality.code, snapshot.public_id])


def numbers(html: str) -> list[str]:
    """The table cells of a rendered snapshot (what a reader sees as numbers)."""
    return re.findall(r'<td class="num">([^<]*)', html)


def test_freezing_creates_versions_and_audit_rows(client: Any, busy: Any) -> None:
    flen = busy.flen
    client.force_login(flen.coordinator)
    url = reverse("situation:freeze", args=[flen.municipality.code])
    # the week has unreviewed reports: confirmed (the question itself: test_week_notices.py)
    first = client.post(url, {"week": str(WEEK), "confirm": "yes"})
    second = client.post(url, {"week": str(WEEK), "confirm": "yes"})
    snapshots = list(WeeklySnapshot.objects.order_by("version"))
    assert [s.version for s in snapshots] == [1, 2]
    assert all(s.week_start == WEEK.monday for s in snapshots)
    assert first.status_code == 302 and first["Location"] == snapshot_url(flen, snapshots[0])
    assert second["Location"] == snapshot_url(flen, snapshots[1])
    events = AuditEvent.objects.filter(action="situation.freeze").order_by("occurred_at", "id")
    assert [e.changes["version"] for e in events] == [1, 2]
    assert {e.target_id for e in events} == {str(s.public_id) for s in snapshots}
    assert snapshots[0].frozen_by == flen.coordinator
    # another week starts again at version 1; the other municipality has its own numbering
    other = freeze_week(
        actor=flen.coordinator, municipality=flen.municipality, week=WEEK.previous()
    )
    assert other.version == 1
    deg = busy.degerfors
    assert freeze_week(actor=deg.coordinator, municipality=deg.municipality, week=WEEK).version == 1


def test_snapshot_does_not_change_when_reports_change(client: Any, busy: Any) -> None:
    flen = busy.flen
    snapshot = freeze_week(actor=flen.coordinator, municipality=flen.municipality, week=WEEK)
    client.force_login(flen.coordinator)
    before = client.get(snapshot_url(flen, snapshot)).content.decode()
    weekly_before = client.get(
        reverse("situation:weekly", args=[flen.municipality.code]), {"week": str(WEEK)}
    ).content.decode()
    report_review(
        actor=flen.coordinator, report=flen.reports[1], category=flen.categories["klotter"]
    )
    report_review(
        actor=flen.coordinator,
        report=flen.reports[2],
        decision="reject",
        rejection_reason="Fel kommun.",
    )
    after = client.get(snapshot_url(flen, snapshot)).content.decode()
    weekly_after = client.get(
        reverse("situation:weekly", args=[flen.municipality.code]), {"week": str(WEEK)}
    ).content.decode()
    assert numbers(weekly_before) != numbers(weekly_after)  # the live picture did change
    assert numbers(before) == numbers(after)  # the frozen one did not
    assert ">5<" in "".join(f">{n}<" for n in numbers(after))  # 5 skadegörelse as frozen
    snapshot.refresh_from_db()
    centrum = next(a for a in snapshot.data["areas"] if a["name"] == "Centrum")
    rows = {r["code"]: r["observed"] for r in centrum["rows"]}
    assert rows["skadegorelse"] == 5
    assert rows["klotter"] == 1


def test_snapshot_json_holds_no_report_text_or_people(busy: Any) -> None:
    flen = busy.flen
    snapshot = freeze_week(actor=flen.coordinator, municipality=flen.municipality, week=WEEK)
    text = json.dumps(snapshot.data, ensure_ascii=False)
    assert SECRET not in text
    assert PUBLIC_TEXT not in text
    for user in (flen.reporter, flen.police, flen.coordinator):
        assert user.username not in text
    assert str(flen.secret.public_id) not in text
    assert str(flen.reports[0].public_id) not in text
    assert snapshot.data["pinned"] == [
        {
            "category": flen.categories["skadegorelse"].label,
            "area": "Centrum",
            "date": WEEK.monday.isoformat(),
            "note": "",
        }
    ]
    centrum = next(a for a in snapshot.data["areas"] if a["name"] == "Centrum")
    assert centrum["status"] == {"level": "yellow", "reason": "Fler skadegörelser än vanligt."}
    states = {row["organisation"]: row["state"] for row in snapshot.data["completeness"]["rows"]}
    assert states[flen.org_housing.name] == "reported"


def test_partner_views_but_cannot_freeze(client: Any, busy: Any) -> None:
    flen = busy.flen
    snapshot = freeze_week(actor=flen.coordinator, municipality=flen.municipality, week=WEEK)
    client.force_login(flen.partner)
    listing = client.get(reverse("situation:snapshots", args=[flen.municipality.code]))
    assert listing.status_code == 200
    assert snapshot_url(flen, snapshot) in listing.content.decode()
    detail = client.get(snapshot_url(flen, snapshot))
    assert detail.status_code == 200
    assert "Centrum" in detail.content.decode()
    assert "mailto:" not in detail.content.decode()  # sharing is the coordinator's
    response = client.post(
        reverse("situation:freeze", args=[flen.municipality.code]), {"week": str(WEEK)}
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        freeze_week(actor=flen.partner, municipality=flen.municipality, week=WEEK)
    assert WeeklySnapshot.objects.count() == 1


def test_other_tenant_gets_404(client: Any, busy: Any) -> None:
    flen, deg = busy.flen, busy.degerfors
    snapshot = freeze_week(actor=flen.coordinator, municipality=flen.municipality, week=WEEK)
    client.force_login(deg.coordinator)
    for name in ("situation:snapshot", "situation:snapshot_pdf"):
        # through the own municipality's URL: the object is not found there
        own = reverse(name, args=[deg.municipality.code, snapshot.public_id])
        assert client.get(own).status_code == 404
        assert client.get(snapshot_url(flen, snapshot, name)).status_code == 404


def test_share_section_lists_organisations_with_mailto(
    client: Any, busy: Any, settings: Any
) -> None:
    settings.TRYGG_SITE_URL = "https://trygg.flen.example"
    flen = busy.flen
    flen.org_housing.contact_email = "trygg@bostader.example.se"
    flen.org_housing.save()
    snapshot = freeze_week(actor=flen.coordinator, municipality=flen.municipality, week=WEEK)
    client.force_login(flen.coordinator)
    body = client.get(snapshot_url(flen, snapshot)).content.decode()
    assert "mailto:trygg@bostader.example.se?subject=" in body
    assert flen.org_police.name in body
    # the link in the mail's body is the site's address (TRYGG_SITE_URL), not the request's
    assert f"https%3A//trygg.flen.example{snapshot_url(flen, snapshot)}" in body


def test_freeze_rejects_a_future_week(client: Any, busy: Any) -> None:
    flen = busy.flen
    client.force_login(flen.coordinator)
    future = IsoWeek.current().shift(3)
    response = client.post(
        reverse("situation:freeze", args=[flen.municipality.code]), {"week": str(future)}
    )
    assert response.status_code == 302
    assert WeeklySnapshot.objects.count() == 0


def test_weekly_page_offers_freeze_to_coordinators_only(client: Any, busy: Any) -> None:
    flen = busy.flen
    url = reverse("situation:weekly", args=[flen.municipality.code])
    freeze = reverse("situation:freeze", args=[flen.municipality.code])
    client.force_login(flen.coordinator)
    assert freeze in client.get(url).content.decode()
    client.force_login(flen.partner)
    body = client.get(url).content.decode()
    assert freeze not in body
    assert reverse("situation:snapshots", args=[flen.municipality.code]) in body


def test_pdf_download(client: Any, busy: Any) -> None:
    flen = busy.flen
    snapshot = freeze_week(actor=flen.coordinator, municipality=flen.municipality, week=WEEK)
    client.force_login(flen.partner)
    response = client.get(snapshot_url(flen, snapshot, "situation:snapshot_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert "private" in response["Cache-Control"]


def test_pdf_fetcher_serves_static_files_only() -> None:
    base = "http://testserver/"
    assert static_file_for("http://testserver/static/css/print.css", base) is not None
    assert static_file_for("http://evil.example/static/css/print.css", base) is None
    assert static_file_for("http://testserver/static/../config/settings.py", base) is None
    assert static_file_for("http://testserver/m/0482/situation/week/", base) is None
    assert static_file_for("file:///etc/passwd", base) is None
