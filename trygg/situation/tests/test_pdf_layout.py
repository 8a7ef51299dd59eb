"""What the PDFs show (issue 8), read back with pdftotext: the weekly picture lists only the
categories with events or flags (the rest in one line) and keeps the pinned report's note;
the focus decision keeps its last column on the page."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from typing import Any

import pytest
from django.urls import reverse

from trygg.core.weeks import STOCKHOLM, IsoWeek
from trygg.situation import render
from trygg.situation.services.quarterly import priority_decide
from trygg.situation.services.snapshots import freeze_week
from trygg.situation.services.weekly import report_pin

pytestmark = [
    pytest.mark.django_db,
]

WEEK = IsoWeek.current().shift(-2)
NORR = (59.058 + 0.03, 16.588)  # inside the test world's Flen area "Norr" (conftest)


def at(week: IsoWeek, day: int = 2) -> dt.datetime:
    return dt.datetime.combine(week.monday + dt.timedelta(days=day), dt.time(12), STOCKHOLM)


def pdf_text(pdf: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return done.stdout.decode()


def test_weekly_pdf_lists_categories_with_events_and_keeps_the_pin_note(
    world: Any, make_report: Any, cover: Any
) -> None:
    flen = world.flen
    cats = flen.categories
    # history in "nedskrapning" (before the last four weeks) gives it an expected value but no
    # report this week: such a row used to fill the PDF with zeros
    for back in range(4, 16):
        for day in (1, 3):
            make_report(occurred_start=at(WEEK.shift(-back), day), category=cats["nedskrapning"])
    cover(flen, *[WEEK.shift(-back) for back in range(0, 16)])
    pinned = make_report(occurred_start=at(WEEK), category=cats["klotter"])
    make_report(occurred_start=at(WEEK, day=3), category=cats["skadegorelse"])
    report_pin(actor=flen.coordinator, report=pinned, week=WEEK, note="Taggar på skolans gavel.")
    snapshot = freeze_week(actor=flen.coordinator, municipality=flen.municipality, week=WEEK)
    centrum = next(a for a in snapshot.data["areas"] if a["name"] == "Centrum")
    quiet_but_expected = next(r for r in centrum["rows"] if r["code"] == "nedskrapning")
    # shown on the screen (at least half a report expected), left out of the PDF
    assert quiet_but_expected["observed"] == 0 and quiet_but_expected["expected"] >= 0.5

    text = pdf_text(render.snapshot_pdf(snapshot, base_url="http://testserver/"))
    table = text[text.index("Områden per kategori") :]
    centrum_table = table[table.index("Centrum") : table.index("Norr")]
    assert cats["klotter"].label in centrum_table
    assert cats["skadegorelse"].label in centrum_table
    assert cats["nedskrapning"].label not in centrum_table
    omitted = len(centrum["rows"]) - 2
    assert f"Inga händelser i övriga {omitted} kategorier." in centrum_table
    # the pinned report keeps the coordinator's note
    assert "Taggar på skolans gavel." in text


def test_focus_decision_pdf_keeps_its_last_column(
    client: Any, world: Any, make_report: Any
) -> None:
    flen = world.flen
    # events in the period and the one before: a rate ratio with its interval in every row
    for month, n in ((5, 3), (8, 5)):
        for day in range(1, n + 1):
            when = dt.datetime(2026, month, day * 3, 14, tzinfo=STOCKHOLM)
            make_report(occurred_start=when)
            make_report(occurred_start=when, lat=NORR[0], lon=NORR[1])
    # a long area name, as real ones are ("Stationsområdet/Resecentrum"), widens the table
    flen.centrum.name = "Stationsområdet/Resecentrum"
    flen.centrum.save(update_fields=["name"])
    decision = priority_decide(
        actor=flen.coordinator,
        municipality=flen.municipality,
        kind="quarter",
        year=2026,
        period=3,
        areas=[flen.centrum],
        note="Centrum först.",
    )
    client.force_login(flen.coordinator)
    url = reverse("situation:decision_pdf", args=[flen.municipality.code, decision.public_id])
    response = client.get(url)
    assert response.status_code == 200
    text = pdf_text(response.content)
    header = next(line for line in text.splitlines() if "Rang" in line and "Område" in line)
    # the last column, header and values, is on the page
    assert header.rstrip().endswith("Poäng")
    scores = [line for line in text.splitlines() if re.search(r"\s-?\d+,\d\d\s*$", line)]
    assert len(scores) >= 2  # one row per area
