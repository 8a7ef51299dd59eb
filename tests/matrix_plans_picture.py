"""The permission matrix of the lägesbild pages, its public page and its API (issue 10).

Roles: partners (the police among them) and analysts read the crime pictures, drafts
included; coordinators write them, record the decision and publish. The public page shows
only a decided, published version, the same for everyone."""

from __future__ import annotations

from typing import Any

from tests.matrix import Route
from tests.matrix_promises import COORD, EVERYONE, SHARED, _is_pdf, contains, public_route


def _draft(tenant: Any) -> Any:
    """A draft lägesbild ready to be decided (made once per test)."""
    found = tenant.__dict__.get("matrix_draft_picture")
    if found is not None:
        return found
    from trygg.plans.tests.picture_helpers import ready_picture

    picture = ready_picture(tenant, title="Matrislägesbild")
    tenant.matrix_draft_picture = picture
    return picture


def _decided(tenant: Any) -> Any:
    """A decided, published lägesbild (made once per test)."""
    found = tenant.__dict__.get("matrix_decided_picture")
    if found is not None:
        return found
    from trygg.plans.services import picture as services
    from trygg.plans.tests.picture_helpers import decide, ready_picture

    picture = ready_picture(tenant, title="Beslutad matrislägesbild")
    version = decide(tenant, picture.versions.get())
    services.picture_publish(actor=tenant.coordinator, version=version)
    tenant.matrix_decided_picture = picture
    return picture


def _p(tenant: Any, suffix: str = "", *, decided: bool = False) -> str:
    picture = _decided(tenant) if decided else _draft(tenant)
    return f"/m/{tenant.municipality.code}/plans/crime-pictures/{picture.public_id}/{suffix}"


def _row(tenant: Any, kind: str, suffix: str) -> str:
    """A fresh row of the draft (removed by the request it is made for)."""
    from trygg.plans.services import picture as services

    version = _draft(tenant).versions.get()
    actor = tenant.coordinator
    if kind == "sources":
        row: Any = services.source_add(
            actor=actor, version=version, values={"name": "Ny källa", "kind": "other"}
        )
    elif kind == "figures":
        row = services.figure_add(actor=actor, version=version, kind="interventions")
    else:
        row = services.finding_add(actor=actor, version=version, text="Ny iakttagelse")
    return _p(tenant, f"{kind}/{row.pk}/{suffix}")


def _first(tenant: Any, kind: str, suffix: str) -> str:
    version = _draft(tenant).versions.get()
    rows = version.sources if kind == "sources" else version.findings
    return _p(tenant, f"{kind}/{rows.order_by('position').first().pk}/{suffix}")


def _api(tenant: Any, suffix: str = "") -> str:
    return f"/api/v1/crime-pictures/{suffix}?municipality={tenant.municipality.code}"


def _json_has(key: str) -> Any:
    def check(response: Any, world: Any, tenant: Any) -> None:
        assert key in response.json(), key

    return check


PICTURE_ROUTES: list[Route] = [
    Route(
        "plans:pictures",
        lambda w, t: (_draft(t), f"/m/{t.municipality.code}/plans/crime-pictures/")[1],
        SHARED,
        expect=contains("Matrislägesbild"),
    ),
    Route(
        "plans:picture_create",
        lambda w, t: f"/m/{t.municipality.code}/plans/crime-pictures/new/",
        COORD,
    ),
    Route("plans:picture", lambda w, t: _p(t), SHARED, expect=contains("Matrislägesbild")),
    Route("plans:picture_edit", lambda w, t: _p(t, "edit/"), COORD),
    Route("plans:picture_sources", lambda w, t: _p(t, "sources/"), COORD),
    Route(
        "plans:picture_source_edit",
        lambda w, t: _first(t, "sources", "edit/"),
        COORD,
        expect=contains("EST-rapporter i Trygg"),
    ),
    Route(
        "plans:picture_source_remove",
        lambda w, t: _row(t, "sources", "remove/"),
        COORD,
        method="post",
        allowed_status=302,
        fresh_path=True,
    ),
    Route(
        "plans:picture_source_move",
        lambda w, t: _first(t, "sources", "move/"),
        COORD,
        method="post",
        allowed_status=302,
    ),
    Route("plans:picture_figures", lambda w, t: _p(t, "figures/"), COORD),
    Route(
        "plans:picture_figure_remove",
        lambda w, t: _row(t, "figures", "remove/"),
        COORD,
        method="post",
        allowed_status=302,
        fresh_path=True,
    ),
    Route("plans:picture_findings", lambda w, t: _p(t, "findings/"), COORD),
    Route(
        "plans:picture_finding_edit",
        lambda w, t: _first(t, "findings", "edit/"),
        COORD,
        expect=contains("Narkotika vid stationen"),
    ),
    Route(
        "plans:picture_finding_remove",
        lambda w, t: _row(t, "findings", "remove/"),
        COORD,
        method="post",
        allowed_status=302,
        fresh_path=True,
    ),
    Route(
        "plans:picture_finding_move",
        lambda w, t: _first(t, "findings", "move/"),
        COORD,
        method="post",
        allowed_status=302,
    ),
    Route("plans:picture_decide", lambda w, t: _p(t, "decide/"), COORD),
    Route(
        "plans:picture_new_version",
        lambda w, t: _p(t, "new-version/", decided=True),
        COORD,
        method="post",
        allowed_status=302,
    ),
    Route(
        "plans:picture_publish",
        lambda w, t: _p(t, "publish/", decided=True),
        COORD,
        method="post",
        allowed_status=404,  # names no version: 404 for the coordinator, 403 for the others
    ),
    Route("plans:picture_pdf", lambda w, t: _p(t, "pdf/"), SHARED, expect=_is_pdf),
    Route(
        "api-crime-pictures",
        lambda w, t: (_draft(t), _api(t))[1],
        SHARED,
        api=True,
        expect=_json_has("results"),
    ),
    Route(
        "api-crime-picture",
        lambda w, t: _api(t, f"{_decided(t).public_id}/"),
        SHARED,
        api=True,
        expect=_json_has("version"),
    ),
    public_route(
        "public:picture",
        lambda w, t: (_decided(t), f"/k/{t.municipality.code}/lagesbild/")[1],
        expect=contains("Beslutad matrislägesbild"),
    ),
    public_route(
        "public:picture_pdf",
        lambda w, t: (_decided(t), f"/k/{t.municipality.code}/lagesbild/pdf/")[1],
        expect=_is_pdf,
    ),
    # a draft is never public: 404 for everyone
    Route(
        "public:picture",
        lambda w, t: f"/k/{t.municipality.code}/lagesbild/?id={_draft(t).public_id}",
        EVERYONE,
        anonymous_status=404,
        other_tenant_status=404,
        allowed_status=404,
    ),
]
