"""The permission matrix of the åtgärdsplan pages, its public page and its API (issue 10).

Roles: partners and the police read the plan (drafts included); coordinators edit, decide,
publish and run the follow-ups; a row's responsible organisation reports that row (here the
police's row: the coordinator and the police may, the partner of the kommun may not). The
public page is the same for everyone, anonymous included."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.matrix import ROLES, Route

EVERYONE = frozenset(ROLES)
SHARED = frozenset({"coordinator", "partner", "police"})
COORD = frozenset({"coordinator"})
POLICE_ROW = frozenset({"coordinator", "police"})


def _row_values(tenant: Any, measure: str) -> dict[str, Any]:
    return {
        "cause": "Matrisorsak",
        "measure": measure,
        "operational_goal": "Matrismål",
        "when_text": "2026",
        "who_text": "Polisen",
        "organisation": tenant.org_police,
    }


def _draft(tenant: Any) -> Any:
    """A draft åtgärdsplan with one row (made once per test)."""
    found = tenant.__dict__.get("matrix_action_draft")
    if found is not None:
        return found
    from trygg.plans.services import action_plan as services

    plan = services.action_plan_create(
        actor=tenant.coordinator,
        municipality=tenant.municipality,
        values={
            "title": "Matrisplan",
            "period_start": dt.date(2026, 1, 1),
            "period_end": dt.date(2027, 12, 31),
        },
    )
    tenant.matrix_action_row = services.row_save(
        actor=tenant.coordinator,
        version=plan.versions.get(),
        values=_row_values(tenant, "Matrisåtgärd"),
    )
    services.row_save(
        actor=tenant.coordinator,
        version=plan.versions.get(),
        values=_row_values(tenant, "Andra matrisåtgärden"),
    )
    tenant.matrix_action_draft = plan
    return plan


def _decided(tenant: Any) -> Any:
    """A decided, published åtgärdsplan with an open follow-up (made once per test)."""
    found = tenant.__dict__.get("matrix_action_decided")
    if found is not None:
        return found
    from trygg.plans.services import action_plan as services

    plan = services.action_plan_create(
        actor=tenant.coordinator,
        municipality=tenant.municipality,
        values={
            "title": "Beslutad matrisplan",
            "period_start": dt.date(2026, 1, 1),
            "period_end": dt.date(2027, 12, 31),
        },
    )
    version = plan.versions.get()
    tenant.matrix_decided_row = services.row_save(
        actor=tenant.coordinator, version=version, values=_row_values(tenant, "Beslutad åtgärd")
    )
    services.action_plan_decide(
        actor=tenant.coordinator,
        version=version,
        deciding_body="Kommunstyrelsen",
        decision_date=dt.date(2026, 2, 1),
        diary_number="KS 2026/1",
        paragraph="§ 1",
    )
    services.action_plan_publish(actor=tenant.coordinator, version=version, public=True)
    tenant.matrix_action_round = services.round_open(
        actor=tenant.coordinator, plan=plan, title="Matrisuppföljning", as_of=dt.date(2026, 6, 1)
    )
    tenant.matrix_action_decided = plan
    return plan


def _d(tenant: Any, suffix: str) -> str:
    return f"/m/{tenant.municipality.code}/plans/action-plans/{_draft(tenant).public_id}/{suffix}"


def _p(tenant: Any, suffix: str) -> str:
    plan = _decided(tenant)
    return f"/m/{tenant.municipality.code}/plans/action-plans/{plan.public_id}/{suffix}"


def _round(tenant: Any, suffix: str) -> str:
    _decided(tenant)
    return _p(tenant, f"rounds/{tenant.matrix_action_round.public_id}/{suffix}")


def _fresh_row(tenant: Any) -> str:
    from trygg.plans.services import action_plan as services

    row = services.row_save(
        actor=tenant.coordinator,
        version=_draft(tenant).versions.get(),
        values=_row_values(tenant, "Rad att ta bort"),
    )
    return _d(tenant, f"rows/{row.pk}/remove/")


def contains(*texts: str) -> Any:
    def check(response: Any, world: Any, tenant: Any) -> None:
        body = response.content.decode()
        for text in texts:
            assert text in body, text

    return check


def _is_pdf(response: Any, world: Any, tenant: Any) -> None:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"%PDF-")


def _json_has(key: str) -> Any:
    def check(response: Any, world: Any, tenant: Any) -> None:
        assert key in response.json()

    return check


ACTION_PLAN_ROUTES: list[Route] = [
    Route(
        "plans:action_list",
        lambda w, t: (_draft(t), f"/m/{t.municipality.code}/plans/action-plans/")[1],
        SHARED,
        expect=contains("Matrisplan"),
    ),
    Route(
        "plans:action_create",
        lambda w, t: f"/m/{t.municipality.code}/plans/action-plans/new/",
        COORD,
    ),
    Route("plans:action_detail", lambda w, t: _d(t, ""), SHARED, expect=contains("Matrisåtgärd")),
    Route("plans:action_edit", lambda w, t: _d(t, "edit/"), COORD, expect=contains("Matrisplan")),
    Route("plans:action_row_create", lambda w, t: _d(t, "rows/new/"), COORD),
    Route(
        "plans:action_row_edit",
        lambda w, t: (_draft(t), _d(t, f"rows/{t.matrix_action_row.pk}/edit/"))[1],
        COORD,
        expect=contains("Matrisåtgärd"),
    ),
    Route(
        "plans:action_row_remove",
        lambda w, t: _fresh_row(t),
        COORD,
        method="post",
        allowed_status=302,
        fresh_path=True,
    ),
    Route(
        "plans:action_row_move",
        lambda w, t: (_draft(t), _d(t, f"rows/{t.matrix_action_row.pk}/move/"))[1],
        COORD,
        method="post",
        allowed_status=302,
    ),
    Route(
        "plans:action_decide", lambda w, t: _d(t, "decide/"), COORD, expect=contains("Matrisplan")
    ),
    Route("plans:action_new_version", lambda w, t: _p(t, "new-version/"), COORD),
    Route(
        "plans:action_publish",
        lambda w, t: _p(t, "publish/"),
        COORD,
        method="post",
        allowed_status=302,
    ),
    Route("plans:action_pdf", lambda w, t: _p(t, "pdf/"), SHARED, expect=_is_pdf),
    Route(
        "plans:action_rounds",
        lambda w, t: _p(t, "rounds/"),
        SHARED,
        expect=contains("Matrisuppföljning"),
    ),
    Route(
        "plans:action_round",
        lambda w, t: _round(t, ""),
        SHARED,
        expect=contains("Beslutad åtgärd"),
    ),
    # the police's row: its organisation and the coordinator; an empty post is 400 for them
    Route(
        "plans:action_round_report",
        lambda w, t: (_decided(t), _round(t, f"rows/{t.matrix_decided_row.pk}/"))[1],
        POLICE_ROW,
        method="post",
        allowed_status=400,
    ),
    # the row has no status yet: completing is refused (400) for the coordinator
    Route(
        "plans:action_round_complete",
        lambda w, t: _round(t, "complete/"),
        COORD,
        method="post",
        allowed_status=400,
    ),
    Route(
        "public:action_plan",
        lambda w, t: (_decided(t), f"/k/{t.municipality.code}/atgardsplan/")[1],
        EVERYONE,
        anonymous_status=200,
        other_tenant_status=200,
        expect=contains("Beslutad åtgärd"),
    ),
    Route(
        "api-action-plans",
        lambda w, t: (
            _draft(t),
            f"/api/v1/action-plans/?municipality={t.municipality.code}",
        )[1],
        SHARED,
        api=True,
        expect=_json_has("results"),
    ),
    Route(
        "api-action-plan-detail",
        lambda w, t: (
            f"/api/v1/action-plans/{_decided(t).public_id}/?municipality={t.municipality.code}"
        ),
        SHARED,
        api=True,
        expect=_json_has("rows"),
    ),
]
