"""The lägesbild's services: permissions, validation, the decision (which freezes the figures
and supersedes the earlier version), immutability, publication, new versions with the same
finding keys, personal data refused in every text field, and the figure tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from trygg.core.models import AuditEvent
from trygg.core.weeks import STOCKHOLM
from trygg.plans import figures
from trygg.plans.models import CrimePictureFigure
from trygg.plans.services import picture as services
from trygg.plans.tests.picture_helpers import (
    PARTS,
    decide,
    decided_picture,
    make_picture,
    ready_picture,
)

pytestmark = pytest.mark.django_db

PNR = "19121212–1212"


def at(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 12, tzinfo=STOCKHOLM)


def test_create_makes_a_draft_first_version_and_audits(world: Any) -> None:
    picture = make_picture(world.flen)
    version = picture.versions.get()
    assert version.number == 1 and version.is_draft and version.title == "Lägesbild 2024"
    assert AuditEvent.objects.filter(action="crime_picture.create").count() == 1


@pytest.mark.parametrize("role", ["partner", "police", "reporter"])
def test_only_coordinators_write(world: Any, role: str) -> None:
    with pytest.raises(PermissionDenied):
        services.picture_create(
            actor=getattr(world.flen, role),
            municipality=world.flen.municipality,
            values={
                "title": "X",
                "period_start": dt.date(2024, 1, 1),
                "period_end": dt.date(2024, 12, 31),
            },
        )
    version = make_picture(world.flen).versions.get()
    with pytest.raises(PermissionDenied):
        services.finding_add(actor=getattr(world.flen, role), version=version, text="Klotter")


def test_another_municipalitys_coordinator_cannot_write(world: Any) -> None:
    version = make_picture(world.flen).versions.get()
    with pytest.raises(PermissionDenied):
        services.picture_update(
            actor=world.degerfors.coordinator, version=version, values={"title": "Ny"}
        )


def test_period_and_title_are_validated(world: Any) -> None:
    with pytest.raises(ValidationError) as info:
        services.picture_create(
            actor=world.flen.coordinator,
            municipality=world.flen.municipality,
            values={
                "title": " ",
                "period_start": dt.date(2024, 12, 31),
                "period_end": dt.date(2024, 1, 1),
            },
        )
    assert set(info.value.message_dict) == {"title", "period_end"}


def test_decide_requires_the_decision_the_parts_and_a_source(world: Any) -> None:
    version = make_picture(world.flen).versions.get()
    with translation.override("sv"), pytest.raises(ValidationError) as info:
        services.picture_decide(
            actor=world.flen.coordinator,
            version=version,
            deciding_body="",
            decision_date=None,
            diary_number="",
            paragraph="",
        )
    errors = info.value.message_dict
    assert {
        "deciding_body",
        "decision_date",
        "diary_number",
        "paragraph",
        "part_mapping",
        "part_other",
        "part_analysis",
        "position_on_measures",
        "sources",
    } <= set(errors)
    assert "källförteckningen" in errors["sources"][0]
    version.refresh_from_db()
    assert version.is_draft


def test_decide_refuses_a_future_date(world: Any) -> None:
    version = ready_picture(world.flen).versions.get()
    with pytest.raises(ValidationError) as info:
        decide(world.flen, version, decision_date=timezone.localdate() + dt.timedelta(days=3))
    assert "decision_date" in info.value.message_dict


def test_decided_version_is_immutable(world: Any) -> None:
    picture = decided_picture(world.flen)
    version = picture.versions.get()
    assert version.state == "decided" and version.decided_by == world.flen.coordinator
    source = version.sources.get()
    finding = version.findings.first()
    figure = version.figures.get()
    coordinator = world.flen.coordinator
    calls = [
        lambda: services.picture_update(actor=coordinator, version=version, values={"title": "Y"}),
        lambda: services.source_add(actor=coordinator, version=version, values={"name": "Ny"}),
        lambda: services.source_update(actor=coordinator, source=source, values={"name": "Ny"}),
        lambda: services.source_remove(actor=coordinator, source=source),
        lambda: services.source_move(actor=coordinator, source=source, up=False),
        lambda: services.figure_add(actor=coordinator, version=version, kind="hot_spots"),
        lambda: services.figure_remove(actor=coordinator, figure=figure),
        lambda: services.finding_add(actor=coordinator, version=version, text="Ny"),
        lambda: services.finding_update(actor=coordinator, finding=finding, text="Ny"),
        lambda: services.finding_remove(actor=coordinator, finding=finding),
        lambda: services.finding_move(actor=coordinator, finding=finding, up=False),
        lambda: decide(world.flen, version),
    ]
    for call in calls:
        with pytest.raises(ValidationError):
            call()
    version.refresh_from_db()
    assert version.title == "Lägesbild 2024"
    assert version.sources.count() == 1 and version.findings.count() == 2


def test_decide_freezes_the_figures(world: Any, make_report: Any) -> None:
    flen = world.flen
    make_report(occurred_start=at(2024, 5, 3))
    make_report(occurred_start=at(2024, 6, 3))
    picture = ready_picture(flen)
    version = picture.versions.get()
    figure = version.figures.get()
    assert figure.data is None
    live = figures.figure_data(figure)
    assert live["total"][1] == 2
    decide(flen, version)
    figure.refresh_from_db()
    assert figure.data is not None and figure.data["total"][1] == 2
    # later reports do not change the decided figure
    make_report(occurred_start=at(2024, 7, 3))
    figure = CrimePictureFigure.objects.get(pk=figure.pk)
    assert figures.figure_data(figure)["total"][1] == 2
    assert figures.compute(figure)["total"][1] == 3  # the live table has moved on
    assert AuditEvent.objects.get(action="crime_picture.decide").changes["figures_frozen"] == 1


def test_new_version_copies_everything_with_the_same_finding_keys(world: Any) -> None:
    flen = world.flen
    picture = decided_picture(flen)
    first = picture.versions.get()
    with pytest.raises(ValidationError) as info:
        services.picture_new_version(actor=flen.coordinator, picture=picture, change_note=" ")
    assert "change_note" in info.value.message_dict
    second = services.picture_new_version(
        actor=flen.coordinator, picture=picture, change_note="Nya siffror för hösten."
    )
    assert second.number == 2 and second.is_draft
    assert second.part_analysis == PARTS["part_analysis"]
    assert [f.key for f in second.findings.order_by("position")] == [
        f.key for f in first.findings.order_by("position")
    ]
    assert second.sources.count() == 1
    copied = second.figures.get()
    assert copied.data is None and copied.source is not None
    assert copied.source.version_id == second.pk
    with pytest.raises(ValidationError):  # one draft at a time
        services.picture_new_version(actor=flen.coordinator, picture=picture, change_note="x")
    decide(flen, second, decision_date=dt.date(2025, 9, 1))
    first.refresh_from_db()
    assert first.state == "superseded"


def test_publish_only_a_decided_version(world: Any) -> None:
    flen = world.flen
    draft = ready_picture(flen).versions.get()
    with pytest.raises(ValidationError):
        services.picture_publish(actor=flen.coordinator, version=draft)
    version = decide(flen, draft)
    services.picture_publish(actor=flen.coordinator, version=version)
    version.refresh_from_db()
    assert version.is_public
    services.picture_publish(actor=flen.coordinator, version=version, public=False)
    version.refresh_from_db()
    assert not version.is_public
    assert AuditEvent.objects.filter(action="crime_picture.publish").count() == 2
    with pytest.raises(PermissionDenied):
        services.picture_publish(actor=flen.partner, version=version)


def test_statistic_series_figure_needs_an_imported_code(world: Any) -> None:
    version = make_picture(world.flen).versions.get()
    with pytest.raises(ValidationError) as info:
        services.figure_add(actor=world.flen.coordinator, version=version, kind="statistic_series")
    assert "measure_code" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        services.figure_add(
            actor=world.flen.coordinator,
            version=version,
            kind="statistic_series",
            measure_code="N07403",
        )
    assert "measure_code" in info.value.message_dict


def test_a_source_of_another_version_is_refused(world: Any) -> None:
    one = ready_picture(world.flen).versions.get()
    other = make_picture(world.flen, title="Annan").versions.get()
    with pytest.raises(ValidationError) as info:
        services.figure_add(
            actor=world.flen.coordinator,
            version=other,
            kind="hot_spots",
            source=one.sources.get(),
        )
    assert "source" in info.value.message_dict


def test_findings_keep_their_key_when_edited_and_move(world: Any) -> None:
    version = ready_picture(world.flen).versions.get()
    first, second = version.findings.order_by("position")
    key = first.key
    services.finding_update(actor=world.flen.coordinator, finding=first, text="Ändrad")
    first.refresh_from_db()
    assert first.key == key and first.text == "Ändrad"
    services.finding_move(actor=world.flen.coordinator, finding=second, up=True)
    assert [f.text for f in version.findings.order_by("position")] == [
        "Klotter i centrum",
        "Ändrad",
    ]
    services.finding_remove(actor=world.flen.coordinator, finding=second)
    assert [f.position for f in version.findings.all()] == [0]


def test_an_area_of_another_municipality_is_refused(world: Any) -> None:
    version = make_picture(world.flen).versions.get()
    with pytest.raises(ValidationError) as info:
        services.finding_add(
            actor=world.flen.coordinator,
            version=version,
            text="Klotter",
            area=world.degerfors.centrum,
        )
    assert "area" in info.value.message_dict


# --- personal data -----------------------------------------------------------------------------


def _refused(call: Any, field: str) -> None:
    with translation.override("sv"), pytest.raises(ValidationError) as info:
        call()
    messages = info.value.message_dict.get(field, [])
    assert any(PNR in m for m in messages), (field, info.value)


def test_personal_data_is_refused_in_every_text_field(world: Any) -> None:
    flen = world.flen
    coordinator = flen.coordinator
    version = ready_picture(flen).versions.get()
    source = version.sources.get()
    finding = version.findings.first()
    assert finding is not None
    for name in (
        "title",
        "summary",
        "part_mapping",
        "part_other",
        "part_analysis",
        "position_on_measures",
        "change_note",
    ):
        _refused(
            lambda name=name: services.picture_update(
                actor=coordinator, version=version, values={name: f"Se {PNR}"}
            ),
            name,
        )
    for name in ("name", "period", "why_chosen", "limitations"):
        _refused(
            lambda name=name: services.source_update(
                actor=coordinator, source=source, values={name: f"Se {PNR}"}
            ),
            name,
        )
    _refused(
        lambda: services.figure_add(
            actor=coordinator, version=version, kind="hot_spots", caption=f"Se {PNR}"
        ),
        "caption",
    )
    _refused(
        lambda: services.figure_add(
            actor=coordinator, version=version, kind="statistic_series", measure_code=PNR
        ),
        "measure_code",
    )
    _refused(
        lambda: services.finding_update(actor=coordinator, finding=finding, text=f"Se {PNR}"),
        "text",
    )
    for name in ("deciding_body", "diary_number", "paragraph"):
        values = {"deciding_body": "KF", "diary_number": "KS 1", "paragraph": "§ 1", name: PNR}
        _refused(
            lambda values=values: services.picture_decide(
                actor=coordinator, version=version, decision_date=dt.date(2025, 1, 1), **values
            ),
            name,
        )
    _refused(
        lambda: services.picture_new_version(
            actor=coordinator, picture=version.picture, change_note=PNR
        ),
        "change_note",
    )


# --- figure tables and public suppression --------------------------------------------------------


def test_annual_areas_and_public_suppression(world: Any, make_report: Any) -> None:
    flen = world.flen
    for day in range(1, 13):  # Centrum: 12 reports in 2024, Norr: 2
        make_report(
            occurred_start=at(2024, 3, day),
            lat=None,
            lon=None,
            location_precision="area",
            area=flen.centrum,
        )
    for day in (1, 2):
        make_report(
            occurred_start=at(2024, 4, day),
            lat=None,
            lon=None,
            location_precision="area",
            area=flen.norr,
        )
    version = make_picture(flen).versions.get()
    figure = services.figure_add(
        actor=flen.coordinator, version=version, kind="annual_areas", year=2024
    )
    staff = figures.presented(figure, 1, public=False)
    texts = {row[0][0]: row[1][0] for row in staff.rows}
    assert texts == {"Centrum": "12", "Norr": "2"}
    assert staff.total is not None and staff.total[1][0] == "14"
    public = figures.presented(figure, 1, public=True)
    shown = {row[0][0]: row[1][0] for row in public.rows}
    assert shown["Norr"] == "< 5"
    # the total would give Norr away from Centrum: Centrum is hidden as a complement
    assert shown["Centrum"] == ".."
    assert "2" not in {text for row in public.rows for text, _n in row[1:]}
    assert public.source.startswith("Trygg")


def test_figures_of_every_kind_compute_without_data(world: Any) -> None:
    version = make_picture(world.flen).versions.get()
    for kind in ("annual_categories", "annual_areas", "hot_spots", "interventions"):
        figure = services.figure_add(actor=world.flen.coordinator, version=version, kind=kind)
        data = figures.compute(figure)
        assert data["kind"] == kind and data["year"] == 2024
        assert figures.presented(figure, 1, public=True).source
