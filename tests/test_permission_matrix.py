"""Every URL through the shared permission matrix (tests/matrix.py)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from PIL import Image

from tests.matrix import ROLES, Route, check_route
from tests.matrix_joint import JOINT_ROUTES
from tests.matrix_plans_action import ACTION_PLAN_ROUTES
from tests.matrix_plans_picture import PICTURE_ROUTES
from tests.matrix_promises import PROMISE_ROUTES
from trygg.core.models import AuditEvent

EVERYONE = frozenset(ROLES)
SHARED = frozenset({"coordinator", "partner", "police"})
COORD = frozenset({"coordinator"})


def m(suffix: str) -> Any:
    return lambda world, t: f"/m/{t.municipality.code}/{suffix}"


def api(suffix: str) -> Any:
    return lambda world, t: f"/api/v1/{suffix}?municipality={t.municipality.code}"


def api_contains(text: str) -> Any:
    def check(response: Any, world: Any, tenant: Any) -> None:
        assert text in response.content.decode(), text

    return check


def _report(t: Any) -> Any:
    return t.matrix_report


def _comment(t: Any) -> Any:
    from trygg.reports.services.comments import report_comment_add

    return report_comment_add(actor=t.coordinator, report=_report(t), text="Polisen var på plats.")


def _create_event(t: Any) -> Any:
    return AuditEvent.objects.get(action="report.create", target_id=str(_report(t).public_id))


def contains(*texts: str) -> Any:
    def check(response: Any, world: Any, tenant: Any) -> None:
        body = response.content.decode()
        for text in texts:
            assert text in body, text

    return check


def contains_attr(attr_path: str) -> Any:
    def check(response: Any, world: Any, tenant: Any) -> None:
        value: Any = tenant
        for part in attr_path.split("."):
            value = value[part] if isinstance(value, dict) else getattr(value, part)
        assert str(value) in response.content.decode(), attr_path

    return check


def json_has(key: str) -> Any:
    def check(response: Any, world: Any, tenant: Any) -> None:
        data = response.json()
        assert key in data, (key, list(data)[:10])

    return check


def public_page(tenant_code: str | None = None) -> Any:
    return lambda world, t: f"/k/{tenant_code or t.municipality.code}/"


ROUTES: list[Route] = [
    # --- public pages (issue 7): the same page for anonymous visitors, every role and other
    # municipalities' users; an unknown kommunkod is 404 for everyone
    Route(
        "public:municipality",
        public_page(),
        EVERYONE,
        anonymous_status=200,
        other_tenant_status=200,
        expect=contains_attr("municipality.name"),
    ),
    Route(
        "public:municipality",
        public_page("9999"),
        EVERYONE,
        anonymous_status=404,
        other_tenant_status=404,
        allowed_status=404,
    ),
    # --- reporting (issue 2)
    Route("reports:start", m(""), EVERYONE, expect=contains_attr("municipality.name")),
    Route(
        "reports:create",
        m("reports/new/"),
        EVERYONE,
        expect=contains_attr("categories.klotter.name"),
    ),
    Route("reports:mine", m("reports/mine/"), EVERYONE),
    Route(
        "reports:nothing",
        m("reports/nothing-to-report/"),
        EVERYONE,
        method="post",
        allowed_status=302,
    ),
    Route("reports:list", m("reports/"), SHARED, expect=contains_attr("centrum.name")),
    Route("reports:map", m("reports/map/"), SHARED),
    Route("reports:map_data", m("reports/map.geojson"), SHARED, expect=json_has("features")),
    Route(
        "reports:detail",
        lambda w, t: f"/m/{t.municipality.code}/reports/{_report(t).public_id}/",
        EVERYONE,
        expect=contains("Matrisrapport"),
    ),
    Route(  # an empty comment: the page again with the error, nothing saved
        "reports:comment_add",
        lambda w, t: f"/m/{t.municipality.code}/reports/{_report(t).public_id}/comments/",
        SHARED,
        method="post",
        expect=contains("Skriv en kommentar."),
    ),
    Route(  # a coordinator's comment: only a coordinator (or its author) removes it
        "reports:comment_delete",
        lambda w, t: (
            f"/m/{t.municipality.code}/reports/{_report(t).public_id}/comments/"
            f"{_comment(t).public_id}/delete/"
        ),
        COORD,
        method="post",
        allowed_status=302,
        fresh_path=True,
    ),
    Route(  # no organisation chosen: back to the queue with the error, nothing sent
        "reports:remind", m("review/remind/"), COORD, method="post", allowed_status=302
    ),
    Route(
        "reports:photo",
        lambda w, t: f"/m/{t.municipality.code}/reports/{_report(t).public_id}/photo/",
        EVERYONE,
    ),
    Route(
        "reports:edit",
        lambda w, t: f"/m/{t.municipality.code}/reports/{_report(t).public_id}/edit/",
        frozenset({"reporter"}),
        expect=contains("Matrisrapport"),
    ),
    Route("reports:review", m("review/"), COORD),
    Route(
        "reports:redact",
        lambda w, t: f"/m/{t.municipality.code}/reports/{_report(t).public_id}/redact/",
        COORD,
        expect=contains("Matrisrapport", 'name="reason"'),
    ),
    Route(
        "reports:review_report",
        lambda w, t: f"/m/{t.municipality.code}/review/{_report(t).public_id}/",
        COORD,
        expect=contains("Matrisrapport"),
    ),
    Route(
        "reports:categories",
        m("settings/categories/"),
        COORD,
        expect=contains_attr("categories.klotter.name"),
    ),
    Route("reports:category_create", m("settings/categories/new/"), COORD),
    Route(
        "reports:category_edit",
        lambda w, t: (
            f"/m/{t.municipality.code}/settings/categories/{t.categories['klotter'].public_id}/"
        ),
        COORD,
        expect=contains_attr("categories.klotter.name"),
    ),
    # --- administration (issue 2)
    Route("settings:index", m("settings/"), COORD),
    Route("settings:reporting", m("settings/reporting/"), COORD),
    Route("settings:areas", m("settings/areas/"), COORD, expect=contains_attr("norr.name")),
    Route("settings:area_create", m("settings/areas/new/"), COORD),
    Route("settings:area_import", m("settings/areas/import/"), COORD),
    Route(
        "settings:area_edit",
        lambda w, t: f"/m/{t.municipality.code}/settings/areas/{t.norr.public_id}/",
        COORD,
        expect=contains_attr("norr.name"),
    ),
    Route("settings:places", m("settings/places/"), COORD, expect=contains_attr("place.name")),
    Route("settings:place_create", m("settings/places/new/"), COORD),
    Route(
        "settings:place_edit",
        lambda w, t: f"/m/{t.municipality.code}/settings/places/{t.place.public_id}/",
        COORD,
        expect=contains_attr("place.name"),
    ),
    Route(
        "settings:organisations",
        m("settings/organisations/"),
        COORD,
        expect=contains_attr("org_police.name"),
    ),
    Route("settings:organisation_create", m("settings/organisations/new/"), COORD),
    Route(
        "settings:organisation_edit",
        lambda w, t: f"/m/{t.municipality.code}/settings/organisations/{t.org_police.public_id}/",
        COORD,
        expect=contains_attr("org_police.name"),
    ),
    Route("settings:users", m("settings/users/"), COORD, expect=contains_attr("reporter.username")),
    Route("settings:user_create", m("settings/users/new/"), COORD),
    Route(
        "settings:user_edit",
        lambda w, t: f"/m/{t.municipality.code}/settings/users/{t.reporter.pk}/",
        COORD,
        expect=contains_attr("reporter.username"),
    ),
    Route("settings:audit", m("settings/audit/"), COORD),
    Route(
        "settings:audit_redact",
        lambda w, t: f"/m/{t.municipality.code}/settings/audit/{_create_event(t).pk}/redact/",
        COORD,
        expect=contains("Matrisrapport", 'name="reason"'),
    ),
    # --- REST API (issue 2): the municipality is a query parameter
    Route("api-reports", api("reports/"), EVERYONE, api=True, expect=api_contains("Matrisrapport")),
    Route(
        "api-report-detail",
        lambda w, t: f"/api/v1/reports/{_report(t).public_id}/?municipality={t.municipality.code}",
        EVERYONE,
        api=True,
        expect=api_contains("Matrisrapport"),
    ),
    Route("api-areas", api("areas/"), EVERYONE, api=True, expect=api_contains("Norr")),
    Route("api-categories", api("categories/"), EVERYONE, api=True, expect=api_contains("Klotter")),
    Route("api-weekly-returns", api("weekly-returns/"), EVERYONE, api=True),
    # --- situation: hot spots (issue 3)
    Route("situation:hotspots", m("situation/hotspots/"), SHARED, expect=contains("hour-profile")),
    Route(
        "situation:hotspots_data",
        m("situation/hotspots.geojson"),
        SHARED,
        expect=json_has("features"),
    ),
    Route(
        "api-situation-hotspots",
        api("situation/hotspots/"),
        SHARED,
        api=True,
        expect=api_contains("concentration"),
    ),
    # --- situation: weekly (issue 3)
    Route("situation:weekly", m("situation/week/"), SHARED, expect=contains_attr("centrum.name")),
    Route(
        "situation:status", m("situation/week/status/"), COORD, expect=contains_attr("norr.name")
    ),
    Route("situation:pin", m("situation/week/pin/"), COORD, method="post", allowed_status=302),
    Route(
        "situation:status_history",
        lambda w, t: f"/m/{t.municipality.code}/situation/areas/{t.centrum.public_id}/statuses/",
        SHARED,
        expect=contains_attr("centrum.name"),
    ),
    Route(
        "api-situation-weekly",
        api("situation/weekly/"),
        SHARED,
        api=True,
        expect=api_contains("Centrum"),
    ),
    Route(
        "api-situation-completeness",
        api("situation/completeness/"),
        SHARED,
        api=True,
        expect=json_has("rows"),
    ),
    # --- situation: snapshots (issue 3)
    Route(
        "situation:freeze", m("situation/week/freeze/"), COORD, method="post", allowed_status=302
    ),
    Route("situation:freeze_confirm", m("situation/week/freeze/confirm/"), COORD),
    Route(
        "situation:snapshots",
        lambda w, t: f"/m/{t.municipality.code}/situation/snapshots/?{_snapshot(t).version}",
        SHARED,
        expect=lambda response, w, t: _contains_snapshot(response, t),
    ),
    Route(
        "situation:snapshot",
        lambda w, t: f"/m/{t.municipality.code}/situation/snapshots/{_snapshot(t).public_id}/",
        SHARED,
        expect=contains_attr("centrum.name"),
    ),
    Route(
        "situation:snapshot_pdf",
        lambda w, t: f"/m/{t.municipality.code}/situation/snapshots/{_snapshot(t).public_id}/pdf/",
        SHARED,
        expect=lambda response, w, t: _is_pdf(response),
    ),
    Route(  # an empty choice: the coordinator is sent back with an error, nothing is sent
        "situation:snapshot_send",
        lambda w, t: f"/m/{t.municipality.code}/situation/snapshots/{_snapshot(t).public_id}/send/",
        COORD,
        method="post",
        allowed_status=302,
    ),
    # --- situation: quarterly (issue 3)
    Route(
        "situation:quarterly", m("situation/quarterly/"), SHARED, expect=contains_attr("norr.name")
    ),
    Route(
        "situation:ratings",
        m("situation/quarterly/ratings/"),
        COORD,
        expect=contains_attr("centrum.name"),
    ),
    Route(
        "situation:decide",
        m("situation/quarterly/decide/"),
        COORD,
        expect=contains_attr("centrum.name"),
    ),
    Route(
        "situation:decision",
        lambda w, t: (
            f"/m/{t.municipality.code}/situation/quarterly/decisions/{_decision(t).public_id}/"
        ),
        SHARED,
        expect=contains("Matrisbeslut"),
    ),
    # --- situation: annual (issue 3)
    Route("situation:annual", m("situation/annual/"), SHARED, expect=contains_attr("norr.name")),
    Route(
        "situation:annual_pdf",
        m("situation/annual/pdf/"),
        SHARED,
        expect=lambda response, w, t: _is_pdf(response),
    ),
    Route(
        "situation:decision_pdf",
        lambda w, t: (
            f"/m/{t.municipality.code}/situation/quarterly/decisions/{_decision(t).public_id}/pdf/"
        ),
        SHARED,
        expect=lambda response, w, t: _is_pdf(response),
    ),
    # --- meetings (issue 9)
    Route(
        "api-meetings",
        lambda w, t: f"/api/v1/meetings/?municipality={t.municipality.code}&{_meeting(t).pk}",
        SHARED,
        api=True,
        expect=api_contains("EST-möte"),
    ),
    Route(
        "api-meeting-agenda",
        lambda w, t: (
            f"/api/v1/meetings/{_meeting(t).public_id}/agenda/?municipality={t.municipality.code}"
        ),
        SHARED,
        api=True,
        expect=api_contains("Matrispunkt"),
    ),
    Route(
        "meetings:list",
        lambda w, t: f"/m/{t.municipality.code}/meetings/?{_meeting(t).pk}",
        SHARED,
        expect=contains("EST-möte"),
    ),
    Route(
        "meetings:prepare",
        lambda w, t: f"/m/{t.municipality.code}/meetings/prepare/?{_meeting(t).pk}",
        COORD,
        expect=contains("prep-risk", "Matrispunkt"),
    ),
    Route("meetings:series_new", m("meetings/series/new/"), COORD),
    Route(
        "meetings:series_schedule",
        lambda w, t: (
            f"/m/{t.municipality.code}/meetings/series/{_meeting(t).series.public_id}/schedule/"
        ),
        COORD,
        method="post",
        allowed_status=302,
    ),
    Route("meetings:new", m("meetings/new/"), COORD),
    Route("meetings:risk_days", m("meetings/risk-days/"), COORD, expect=contains("Valborg")),
    Route(
        "meetings:risk_settings",
        m("meetings/risk-days/settings/"),
        COORD,
        method="post",
        allowed_status=400,
    ),
    Route(
        "meetings:risk_day_edit",
        lambda w, t: f"/m/{t.municipality.code}/meetings/risk-days/{_risk_day(t).public_id}/",
        COORD,
        expect=contains("Matrismarknad"),
    ),
    Route(
        "meetings:risk_day_delete",
        lambda w, t: (
            f"/m/{t.municipality.code}/meetings/risk-days/{_risk_day(t).public_id}/delete/"
        ),
        COORD,
        method="post",
        allowed_status=302,
    ),
    Route(
        "meetings:detail",
        lambda w, t: f"/m/{t.municipality.code}/meetings/{_meeting(t).public_id}/",
        SHARED,
        expect=contains("Matrispunkt"),
    ),
    *(
        Route(
            f"meetings:{name}",
            lambda w, t, suffix=suffix: (
                f"/m/{t.municipality.code}/meetings/{_meeting(t).public_id}/{suffix}"
            ),
            COORD,
            method="post",
            allowed_status=status,
        )
        for name, suffix, status in (
            ("agenda", "agenda/", 302),
            ("attendance", "attendance/", 400),
            ("item_add", "items/", 400),
            ("decision", "decisions/", 400),
            ("close", "close/", 302),
        )
    ),
    Route(
        "meetings:item",
        lambda w, t: (
            f"/m/{t.municipality.code}/meetings/{_meeting(t).public_id}/items/{_item(t).public_id}/"
        ),
        COORD,
        method="post",
        allowed_status=302,
    ),
    Route(  # a fresh meeting for every role: cancelling consumes it
        "meetings:cancel",
        lambda w, t: f"/m/{t.municipality.code}/meetings/{_fresh_meeting(t).public_id}/cancel/",
        COORD,
        method="post",
        allowed_status=302,
        fresh_path=True,
    ),
    Route(  # sends the closed minutes to the participants (queued), back to the minutes
        "meetings:minutes_send",
        lambda w, t: f"/m/{t.municipality.code}/meetings/{_closed(t).public_id}/minutes/send/",
        COORD,
        method="post",
        allowed_status=302,
    ),
    Route(
        "meetings:reopen",
        lambda w, t: f"/m/{t.municipality.code}/meetings/{_closed(t).public_id}/reopen/",
        COORD,
        method="post",
        allowed_status=400,
    ),
    Route(
        "meetings:minutes",
        lambda w, t: f"/m/{t.municipality.code}/meetings/{_closed(t).public_id}/minutes/",
        SHARED,
        expect=contains("Matrisbeslut om belysning"),
    ),
    Route(
        "meetings:minutes_pdf",
        lambda w, t: f"/m/{t.municipality.code}/meetings/{_closed(t).public_id}/minutes/pdf/",
        SHARED,
        expect=lambda response, w, t: _is_pdf(response),
    ),
    # --- interventions (issue 9): reporters see their own organisation's, partners the shared
    # ones; the owner organisation's members edit and report progress; coordinators all
    Route(
        "interventions:list",
        lambda w, t: _intervention_url(t, "", list_only=True),
        EVERYONE,
        expect=contains("Matrisinsats"),
    ),
    Route("interventions:mine", m("interventions/ours/"), EVERYONE),
    Route("interventions:create", m("interventions/new/"), frozenset({"coordinator", "police"})),
    Route(
        "interventions:detail",
        lambda w, t: _intervention_url(t, ""),
        EVERYONE,
        expect=contains("Matrisinsats"),
    ),
    Route(
        "interventions:detail",
        lambda w, t: _intervention_url(t, "", restricted=True),
        frozenset({"coordinator", "police"}),
        denied_status={"reporter": 404, "partner": 404},
        expect=contains("Polisens matrisinsats"),
    ),
    Route(
        "interventions:edit",
        lambda w, t: _intervention_url(t, "edit/"),
        frozenset({"coordinator", "reporter"}),
        expect=contains("Matrisinsats"),
    ),
    Route(
        "interventions:status",
        lambda w, t: _intervention_url(t, "status/"),
        frozenset({"coordinator", "reporter"}),
        method="post",
        allowed_status=302,
    ),
    Route(
        "interventions:progress",
        lambda w, t: _intervention_url(t, "progress/"),
        frozenset({"coordinator", "reporter"}),
        expect=contains("Matrisinsats"),
    ),
    Route(
        "interventions:review",
        lambda w, t: _intervention_url(t, "review/"),
        COORD,
        expect=contains("Matrisinsats"),
    ),
    Route(
        "interventions:evaluation",
        lambda w, t: _intervention_url(t, "evaluation/"),
        EVERYONE,
        expect=contains("Matrisinsats"),
    ),
    # --- programmes on a schedule: everyone who sees the intervention reads its sessions; the
    # owner's members (here the reporter's housing company) and coordinators plan and record
    Route(
        "interventions:schedule",
        lambda w, t: _intervention_url(t, "schedule/"),
        frozenset({"coordinator", "reporter"}),
        expect=contains("Matrisinsats"),
    ),
    Route(
        "interventions:slot_end",
        lambda w, t: _slot_end_url(t),
        frozenset({"coordinator", "reporter"}),
        method="post",
        allowed_status=302,
        fresh_path=True,
    ),
    Route(
        "interventions:slot_remove",
        lambda w, t: _slot_end_url(t).replace("/end/", "/remove/"),
        frozenset({"coordinator", "reporter"}),
        method="post",
        allowed_status=302,
        fresh_path=True,
    ),
    Route(
        "interventions:sessions",
        lambda w, t: _intervention_url(t, "sessions/"),
        EVERYONE,
        expect=contains("Matrisinsats"),
    ),
    Route(
        "interventions:session_new",
        lambda w, t: _programme_url(t, "sessions/new/"),
        frozenset({"coordinator", "reporter"}),
        expect=contains("Matrisinsats"),
    ),
    Route(
        "interventions:session",
        lambda w, t: _programme_url(t, "sessions/{session}/"),
        EVERYONE,
        expect=contains("Matrisinsats"),
    ),
    Route(
        "interventions:session_edit",
        lambda w, t: _programme_url(t, "sessions/{session}/edit/"),
        frozenset({"coordinator", "reporter"}),
        expect=contains("Matrisinsats"),
    ),
    Route(
        "interventions:session_observation",
        lambda w, t: _programme_url(t, "sessions/{session}/observations/"),
        frozenset({"coordinator", "reporter"}),
        method="post",
        allowed_status=200,  # an empty observation: the form with its errors
    ),
    Route(
        "api-intervention-sessions",
        lambda w, t: (
            f"/api/v1/interventions/{_programme(t).public_id}/sessions/"
            f"?municipality={t.municipality.code}"
        ),
        EVERYONE,
        api=True,
        expect=json_has("slots"),
    ),
    Route(
        "api-interventions",
        lambda w, t: (
            f"/api/v1/interventions/?municipality={t.municipality.code}"
            f"&owner={_intervention(t).owner.public_id}"
        ),
        EVERYONE,
        api=True,
        expect=api_contains("Matrisinsats"),
    ),
    Route(
        "api-intervention-evaluation",
        lambda w, t: (
            f"/api/v1/interventions/{_evaluated(t).public_id}/evaluation/"
            f"?municipality={t.municipality.code}"
        ),
        EVERYONE,
        api=True,
        expect=json_has("verdict"),
    ),
    # --- crime statistics (plans): read with the picture, imported by coordinators
    Route("plans:statistics", m("plans/statistics/"), SHARED, expect=contains("Brottsstatistik")),
    Route("plans:statistics_import", m("plans/statistics/import/"), COORD),
    Route(
        "plans:statistics_preview",
        lambda w, t: (
            f"/m/{t.municipality.code}/plans/statistics/import/{_stat_draft(t).public_id}/"
        ),
        COORD,
        expect=contains("Stöld"),
    ),
    Route(
        "plans:statistics_template",
        m("plans/statistics/template/bra.csv"),
        COORD,
        expect=contains("Brottskategori"),
    ),
    Route("api-statistics", api("statistics/"), SHARED, api=True, expect=json_has("results")),
    Route(
        "api-intervention-detail",
        lambda w, t: (
            f"/api/v1/interventions/{_intervention(t).public_id}/"
            f"?municipality={t.municipality.code}"
        ),
        EVERYONE,
        api=True,
        expect=api_contains("Matrisinsats"),
    ),
]
ROUTES.extend(PROMISE_ROUTES)  # issue 10: tests/matrix_promises.py
ROUTES.extend(PICTURE_ROUTES)  # issue 10, the lägesbild: tests/matrix_plans_picture.py
ROUTES.extend(ACTION_PLAN_ROUTES)  # issue 10: tests/matrix_plans_action.py
ROUTES.extend(JOINT_ROUTES)  # issue 10, joint councils: tests/matrix_joint.py


def _stat_draft(tenant: Any) -> Any:
    """The coordinator's import draft (one row), made once per test."""
    from decimal import Decimal

    from trygg.plans.services.statistics import statistics_draft_save
    from trygg.plans.statistics_files import StatRow

    if "matrix_stat_draft" not in tenant.__dict__:
        row = StatRow(2, "bra", "stold", "Stöld", "municipality", tenant.municipality.code,
                      tenant.municipality.name, 2024, "T", 3, Decimal("18.2"))  # fmt: skip
        tenant.matrix_stat_draft = statistics_draft_save(
            actor=tenant.coordinator, municipality=tenant.municipality, source="bra",
            file_name="brott.csv", rows=[row],
        )  # fmt: skip
    return tenant.matrix_stat_draft


def _intervention(tenant: Any, *, restricted: bool = False) -> Any:
    """A decided intervention of the tenant owned by the housing company (the reporter's
    organisation), or a coordinators-only one owned by the police; made once per test."""
    from trygg.interventions.tests.helpers import make_intervention

    key = "matrix_intervention_restricted" if restricted else "matrix_intervention"
    if key not in tenant.__dict__:
        setattr(
            tenant,
            key,
            make_intervention(
                tenant,
                title="Polisens matrisinsats" if restricted else "Matrisinsats",
                owner=tenant.org_police if restricted else tenant.org_housing,
                visibility="coordinators" if restricted else "partners",
                status="decided",
            ),
        )
    return getattr(tenant, key)


def _evaluated(tenant: Any) -> Any:
    """The tenant's matrix intervention with an evaluation design."""
    import datetime as dt

    from trygg.interventions.evaluation import evaluation_design_set

    found = _intervention(tenant)
    if "matrix_design" not in tenant.__dict__:
        tenant.matrix_design = evaluation_design_set(
            actor=tenant.coordinator,
            intervention=found,
            target_area=tenant.centrum,
            comparison_area=tenant.norr,
            before_start=dt.date(2025, 1, 6),
            after_start=dt.date(2025, 2, 3),
            weeks=4,
        )
    return found


def _programme(tenant: Any) -> Any:
    """The matrix intervention with a schedule (Monday evenings) and one held session."""
    import datetime as dt

    from django.utils import timezone

    from trygg.interventions.services import programmes

    found = _intervention(tenant)
    if "matrix_session" not in tenant.__dict__:
        slot = programmes.slot_add(
            actor=tenant.coordinator,
            intervention=found,
            weekday=1,
            starts_at=dt.time(20),
            ends_at=dt.time(23),
            valid_from=dt.date(2025, 1, 6),
        )
        today = timezone.localdate()
        monday = today - dt.timedelta(days=today.weekday() + 7)
        tenant.matrix_session = programmes.session_record(
            actor=tenant.coordinator,
            intervention=found,
            slot=slot,
            date=monday,
            status="held",
            participants=4,
        )
    return found


def _programme_url(tenant: Any, suffix: str) -> str:
    found = _programme(tenant)
    suffix = suffix.format(session=tenant.matrix_session.public_id)
    return f"/m/{tenant.municipality.code}/interventions/{found.public_id}/{suffix}"


def _slot_end_url(tenant: Any) -> str:
    """A fresh schedule time to end (the route consumes it)."""
    import datetime as dt

    from trygg.interventions.services import programmes

    found = _intervention(tenant)
    # a new time for every request (overlapping times are refused): the hour counts up
    count = tenant.__dict__.setdefault("matrix_slots", 0)
    tenant.matrix_slots = count + 1
    slot = programmes.slot_add(
        actor=tenant.coordinator,
        intervention=found,
        weekday=2 + count // 20,
        starts_at=dt.time(count % 20),
        ends_at=dt.time(count % 20, 30),
        valid_from=dt.date(2025, 1, 6),
    )
    return (
        f"/m/{tenant.municipality.code}/interventions/{found.public_id}/schedule/"
        f"{slot.public_id}/end/"
    )


def _intervention_url(
    tenant: Any, suffix: str, *, restricted: bool = False, list_only: bool = False
) -> str:
    found = _intervention(tenant, restricted=restricted)
    if list_only:
        return f"/m/{tenant.municipality.code}/interventions/"
    return f"/m/{tenant.municipality.code}/interventions/{found.public_id}/{suffix}"


@pytest.fixture
def matrix_world(world: Any, make_report: Any, tmp_path: Any, settings: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    for tenant in (world.flen, world.degerfors):
        buf = io.BytesIO()
        Image.new("RGB", (40, 30), "blue").save(buf, format="JPEG")
        tenant.matrix_report = make_report(
            tenant,
            description="Matrisrapport: krossad lampa.",
            photo=SimpleUploadedFile("x.jpg", buf.getvalue(), content_type="image/jpeg"),
        )
    return world


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])  # repeats get a suffix
def test_route(client: Any, matrix_world: Any, route: Route) -> None:
    check_route(client, matrix_world, route)


# URLs that are not tenant pages: checked by their own tests (login, language switch, admin,
# health check, API schema/docs, onboarding for staff) or public by design.
EXEMPT_PREFIXES = ("admin:",)
EXEMPT = {
    "home",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "choose_municipality",
    "tokens",  # the user's own API token, no tenant: trygg/accounts/tests/test_tokens.py
    "profile",  # the user's own page, no tenant: trygg/accounts/tests/test_profile.py
    # the user's own calendar address; the feed's key is its secret token:
    # trygg/meetings/tests/test_calendar.py
    "calendar_feed_manage",
    "calendar_feed",
    "api-me-calendar",
    "set_language",
    "public:set_language",  # trygg/public/tests: POST only, refuses cross-site posts
    "healthz",
    "onboard",
    "api-schema",
    "api-docs",
}


def _names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _names(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_every_url_is_in_the_matrix() -> None:
    listed = {route.name for route in ROUTES}
    missing = sorted(
        name
        for name in _names(get_resolver())
        if name not in listed and name not in EXEMPT and not name.startswith(EXEMPT_PREFIXES)
    )
    assert missing == [], f"add these URLs to tests/test_permission_matrix.py: {missing}"


def _snapshot(tenant: Any) -> Any:
    """A frozen weekly picture of the tenant (situation: snapshots), made once per test."""
    from trygg.core.weeks import IsoWeek
    from trygg.situation.services.snapshots import freeze_week

    if "matrix_snapshot" not in tenant.__dict__:
        tenant.matrix_snapshot = freeze_week(
            actor=tenant.coordinator,
            municipality=tenant.municipality,
            week=IsoWeek.current().previous(),
        )
    return tenant.matrix_snapshot


def _contains_snapshot(response: Any, tenant: Any) -> None:
    assert str(_snapshot(tenant).public_id) in response.content.decode()


def _is_pdf(response: Any) -> None:
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def _decision(tenant: Any) -> Any:
    """A focus decision of the tenant (situation: quarterly), made once per test."""
    from trygg.situation.selectors.quarterly import default_period
    from trygg.situation.services.quarterly import priority_decide

    if "matrix_decision" not in tenant.__dict__:
        period = default_period()
        tenant.matrix_decision = priority_decide(
            actor=tenant.coordinator,
            municipality=tenant.municipality,
            kind=period.kind,
            year=period.year,
            period=period.number,
            areas=[tenant.centrum],
            note="Matrisbeslut.",
        )
    return tenant.matrix_decision


def _fresh_meeting(tenant: Any) -> Any:
    from trygg.meetings.tests.helpers import next_weekly

    made: list[Any] = tenant.__dict__.setdefault("fresh_meetings", [])
    made.append(next_weekly(tenant, weeks_ahead=len(made) + 5))
    return made[-1]


def _meeting(tenant: Any) -> Any:
    """The tenant's next weekly meeting with one agenda item (meetings), made once per test."""
    from trygg.meetings.services.meetings import item_add
    from trygg.meetings.tests.helpers import next_weekly

    if "matrix_meeting" not in tenant.__dict__:
        tenant.matrix_meeting = next_weekly(tenant)
        tenant.matrix_item = item_add(
            actor=tenant.coordinator, meeting=tenant.matrix_meeting, title="Matrispunkt"
        )
    return tenant.matrix_meeting


def _item(tenant: Any) -> Any:
    _meeting(tenant)
    return tenant.matrix_item


def _closed(tenant: Any) -> Any:
    """A closed single meeting with its minutes (meetings), made once per test."""
    import datetime as dt

    from django.utils import timezone

    from trygg.meetings.services.decisions import decision_record, meeting_close
    from trygg.meetings.services.meetings import attendance_set, meeting_create

    if "matrix_closed" not in tenant.__dict__:
        meeting = meeting_create(
            actor=tenant.coordinator,
            municipality=tenant.municipality,
            kind="quarterly",
            title="Kvartalsmöte",
            starts_at=timezone.now() - dt.timedelta(days=3),
        )
        attendance_set(
            actor=tenant.coordinator, meeting=meeting, presence={tenant.org_police: "present"}
        )
        decision_record(
            actor=tenant.coordinator,
            meeting=meeting,
            kind="other",
            text="Matrisbeslut om belysning",
        )
        meeting_close(actor=tenant.coordinator, meeting=meeting)
        meeting.refresh_from_db()
        tenant.matrix_closed = meeting
    return tenant.matrix_closed


def _risk_day(tenant: Any) -> Any:
    import datetime as dt

    from trygg.meetings.services.riskdays import local_risk_day_save

    if "matrix_risk_day" not in tenant.__dict__:
        tenant.matrix_risk_day = local_risk_day_save(
            actor=tenant.coordinator,
            municipality=tenant.municipality,
            name="Matrismarknad",
            first_day=dt.date(2026, 8, 1),
        )
    return tenant.matrix_risk_day
