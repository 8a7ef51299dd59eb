"""The permission matrix of the promises pages and their public pages (issue 10).

Roles: partners and the police read promises and agreements (drafts included); coordinators
edit and publish; the police write the items that name the police; each party reports its own
part of a follow-up. The public pages are the same for everyone, anonymous included."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.matrix import ROLES, Route

EVERYONE = frozenset(ROLES)
SHARED = frozenset({"coordinator", "partner", "police"})
COORD = frozenset({"coordinator"})
EDITORS = frozenset({"coordinator", "police"})


def _draft(tenant: Any) -> Any:
    """A draft promise with a police item (made once per test)."""
    found = tenant.__dict__.get("matrix_draft_promise")
    if found is not None:
        return found
    from trygg.promises import services

    promise = services.promise_create(
        actor=tenant.coordinator,
        municipality=tenant.municipality,
        first_year=2026,
        last_year=2026,
        values={"title": "Matrislöfte"},
    )
    version = promise.versions.get()
    tenant.matrix_police_item = services.item_save(
        actor=tenant.coordinator,
        version=version,
        values={"text": "Polisens matrislöfte", "responsible": "police"},
    )
    services.basis_add(actor=tenant.coordinator, version=version, kind="est", note="EST")
    tenant.matrix_draft_promise = promise
    return promise


def _published(tenant: Any) -> Any:
    """A published promise with an open follow-up round."""
    found = tenant.__dict__.get("matrix_published_promise")
    if found is not None:
        return found
    from trygg.promises import services
    from trygg.promises.tests.helpers import published_promise

    promise = published_promise(tenant)
    tenant.matrix_round = services.round_open(
        actor=tenant.coordinator,
        promise=promise,
        title="Matrisuppföljning",
        as_of=min(dt.date(2026, 12, 31), timezone.localdate()),
    )
    tenant.matrix_published_promise = promise
    return promise


def _agreement(tenant: Any, *, signed: bool = False, fresh: bool = False) -> Any:
    key = "matrix_signed_agreement" if signed else "matrix_agreement"
    found = None if fresh else tenant.__dict__.get(key)
    if found is not None:
        return found
    from trygg.promises import services

    agreement = services.agreement_create(
        actor=tenant.coordinator,
        municipality=tenant.municipality,
        values={
            "title": "Matrisöverenskommelse",
            "period_start": dt.date(2025, 1, 1),
            "period_end": dt.date(2027, 12, 31),
            "focus_areas": "Centrum",
        },
        parties=[services.PartyInput("Kommunen"), services.PartyInput("Polisen")],
        signatories=[services.SignatoryInput("Anna Andersson", "Ordförande")],
    )
    version = agreement.versions.get()
    if signed:
        services.agreement_attach_document(
            actor=tenant.coordinator,
            version=version,
            upload=SimpleUploadedFile("avtal.pdf", b"%PDF-1.4 matris\n%%EOF"),
        )
        services.agreement_sign(actor=tenant.coordinator, version=version)
    if not fresh:
        tenant.__dict__[key] = agreement
    return agreement


def _agreed(tenant: Any) -> Any:
    """A promise recorded as agreed and not yet published (the publish confirmation)."""
    found = tenant.__dict__.get("matrix_agreed_promise")
    if found is not None:
        return found
    from trygg.promises import services

    promise = services.promise_create(
        actor=tenant.coordinator,
        municipality=tenant.municipality,
        first_year=2027,
        last_year=2027,
        values={"title": "Överenskommet matrislöfte"},
    )
    services.item_save(
        actor=tenant.coordinator,
        version=promise.versions.get(),
        values={"text": "Polisens matrislöfte", "responsible": "police"},
    )
    services.promise_set_status(actor=tenant.coordinator, promise=promise, status="agreed")
    tenant.__dict__["matrix_agreed_promise"] = promise
    return promise


def _p(tenant: Any, suffix: str, *, published: bool = False, agreed: bool = False) -> str:
    promise = _agreed(tenant) if agreed else _published(tenant) if published else _draft(tenant)
    return f"/m/{tenant.municipality.code}/promises/{promise.public_id}/{suffix}"


def _fresh_item(tenant: Any) -> str:
    from trygg.promises import services

    version = _draft(tenant).versions.get()
    item = services.item_save(
        actor=tenant.coordinator,
        version=version,
        values={"text": "Polisens löfte att ta bort", "responsible": "police"},
    )
    return _p(tenant, f"items/{item.pk}/remove/")


def _fresh_basis(tenant: Any) -> str:
    from trygg.promises import services

    basis = services.basis_add(
        actor=tenant.coordinator, version=_draft(tenant).versions.get(), kind="walks", note="x"
    )
    return _p(tenant, f"basis/{basis.pk}/remove/")


def _fresh_activity(tenant: Any) -> str:
    from trygg.promises import services

    activity = services.activity_add(
        actor=tenant.coordinator,
        version=_draft(tenant).versions.get(),
        text="Vandring",
        responsible="both",
    )
    return _p(tenant, f"activities/{activity.pk}/remove/")


def _round(tenant: Any, suffix: str) -> str:
    promise = _published(tenant)
    return (
        f"/m/{tenant.municipality.code}/promises/{promise.public_id}/rounds/"
        f"{tenant.matrix_round.public_id}/{suffix}"
    )


def _a(tenant: Any, suffix: str, **kwargs: Any) -> str:
    agreement = _agreement(tenant, **kwargs)
    return f"/m/{tenant.municipality.code}/promises/agreements/{agreement.public_id}/{suffix}"


def _api(tenant: Any, suffix: str) -> str:
    return f"/api/v1/{suffix}?municipality={tenant.municipality.code}"


def _joint_item_report(world: Any, tenant: Any) -> dict[str, str]:
    """A report on the published promise's joint item: the kommun's coordinators and the
    police each report their own part of it; the partner speaks for neither."""
    item = _published(tenant).versions.get().items.get(responsible="both")
    return {"item": str(item.key), "done": "Matrisrapport om vandringen.", "rating": "green"}


def contains(*texts: str) -> Any:
    def check(response: Any, world: Any, tenant: Any) -> None:
        body = response.content.decode()
        for text in texts:
            assert text in body, text

    return check


def _is_pdf(response: Any, world: Any, tenant: Any) -> None:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"%PDF-")


def _public(tenant: Any, suffix: str) -> str:
    return f"/k/{tenant.municipality.code}/{suffix}"


def _public_promise(tenant: Any, suffix: str = "") -> str:
    return _public(tenant, f"medborgarloften/{_published(tenant).public_id}/{suffix}")


def public_route(name: str, path: Any, **kwargs: Any) -> Route:
    """A public page: 200 for everyone, anonymous and other municipalities' users included."""
    return Route(name, path, EVERYONE, anonymous_status=200, other_tenant_status=200, **kwargs)


PROMISE_ROUTES: list[Route] = [
    Route(
        "promises:list",
        lambda w, t: (_draft(t), f"/m/{t.municipality.code}/promises/")[1],
        SHARED,
        expect=contains("Matrislöfte"),
    ),
    Route("promises:create", lambda w, t: f"/m/{t.municipality.code}/promises/new/", COORD),
    Route("promises:detail", lambda w, t: _p(t, ""), SHARED, expect=contains("Matrislöfte")),
    Route("promises:edit", lambda w, t: _p(t, "edit/"), COORD, expect=contains("Matrislöfte")),
    Route("promises:pdf", lambda w, t: _p(t, "pdf/"), SHARED, expect=_is_pdf),
    Route("promises:item_create", lambda w, t: _p(t, "items/new/"), EDITORS),
    Route(
        "promises:item_edit",
        lambda w, t: _p(t, f"items/{(_draft(t), t.matrix_police_item)[1].pk}/edit/"),
        EDITORS,
        expect=contains("Polisens matrislöfte"),
    ),
    Route(
        "promises:item_remove",
        lambda w, t: _fresh_item(t),
        EDITORS,
        method="post",
        allowed_status=302,
        fresh_path=True,
        denied_status={"partner": 403, "reporter": 403},
    ),
    Route(
        "promises:item_move",
        lambda w, t: _p(t, f"items/{(_draft(t), t.matrix_police_item)[1].pk}/move/"),
        COORD,
        method="post",
        allowed_status=302,
    ),
    Route(
        # an empty post: the page again, with the errors at the form's fields
        "promises:basis_add",
        lambda w, t: _p(t, "basis/"),
        COORD,
        method="post",
        allowed_status=200,
    ),
    Route(
        "promises:basis_remove",
        lambda w, t: _fresh_basis(t),
        COORD,
        method="post",
        allowed_status=302,
        fresh_path=True,
    ),
    Route(
        "promises:activity_add",
        lambda w, t: _p(t, "activities/"),
        COORD,
        method="post",
        allowed_status=200,
    ),
    Route(
        "promises:activity_remove",
        lambda w, t: _fresh_activity(t),
        COORD,
        method="post",
        allowed_status=302,
        fresh_path=True,
    ),
    Route(
        "promises:status", lambda w, t: _p(t, "status/"), COORD, method="post", allowed_status=302
    ),
    Route(
        "promises:publish",
        lambda w, t: _p(t, "publish/", agreed=True),
        COORD,
        expect=contains("Polisens matrislöfte"),
    ),
    Route(
        "promises:new_version",
        lambda w, t: _p(t, "new-version/", published=True),
        COORD,
        method="post",
        allowed_status=200,
    ),
    Route(
        "promises:next",
        lambda w, t: _p(t, "next/", published=True),
        COORD,
        method="post",
        allowed_status=200,
    ),
    Route(
        "promises:round_create",
        lambda w, t: _p(t, "rounds/", published=True),
        COORD,
        method="post",
        allowed_status=200,
    ),
    Route(
        "promises:round", lambda w, t: _round(t, ""), SHARED, expect=contains("Matrisuppföljning")
    ),
    # an empty post names no item: 400 for everyone who may read the round
    Route(
        "promises:round_report",
        lambda w, t: _round(t, "report/"),
        SHARED,
        method="post",
        allowed_status=400,
    ),
    Route(
        "promises:round_sign_off",
        lambda w, t: _round(t, "sign-off/"),
        SHARED,
        method="post",
        allowed_status=400,
    ),
    Route(
        "promises:round_publish",
        lambda w, t: _round(t, "publish/"),
        COORD,
        method="post",
        allowed_status=302,
    ),
    Route(
        "promises:agreement_create",
        lambda w, t: f"/m/{t.municipality.code}/promises/agreements/new/",
        COORD,
    ),
    Route(
        "promises:agreement",
        lambda w, t: _a(t, ""),
        SHARED,
        expect=contains("Matrisöverenskommelse"),
    ),
    Route(
        "promises:agreement_edit",
        lambda w, t: _a(t, "edit/"),
        COORD,
        expect=contains("Matrisöverenskommelse"),
    ),
    Route(
        "promises:agreement_document_upload",
        lambda w, t: _a(t, "document/"),
        COORD,
        method="post",
        allowed_status=302,
    ),
    Route(
        "promises:agreement_document",
        lambda w, t: _a(t, "document/1/", signed=True),
        SHARED,
        expect=_is_pdf,
    ),
    Route(
        "promises:agreement_sign",
        lambda w, t: _a(t, "sign/", fresh=True),
        COORD,
        method="post",
        allowed_status=302,
        fresh_path=True,
    ),
    Route(
        "promises:agreement_new_version",
        lambda w, t: _a(t, "new-version/", signed=True),
        COORD,
        method="post",
        allowed_status=302,
    ),
    # --- the API (docs/promises-api.md)
    Route(
        "api-agreements",
        lambda w, t: (_agreement(t), _api(t, "agreements/"))[1],
        SHARED,
        api=True,
        expect=contains("Matrisöverenskommelse"),
    ),
    Route(
        "api-agreement-detail",
        lambda w, t: _api(t, f"agreements/{_agreement(t, signed=True).public_id}/"),
        SHARED,
        api=True,
        expect=contains("Matrisöverenskommelse", "Anna Andersson", '"has_document":true'),
    ),
    Route(
        "api-promises",
        lambda w, t: (_draft(t), _api(t, "promises/"))[1],
        SHARED,
        api=True,
        expect=contains("Matrislöfte"),
    ),
    Route(
        "api-promise-detail",
        lambda w, t: _api(t, f"promises/{_draft(t).public_id}/"),
        SHARED,
        api=True,
        expect=contains("Polisens matrislöfte"),
    ),
    Route(
        "api-promise-round-reports",
        lambda w, t: _api(
            t, f"promises/{_published(t).public_id}/rounds/{t.matrix_round.public_id}/reports/"
        ),
        EDITORS,  # the kommun's coordinator and the police, each for its own party
        api=True,
        method="post",
        allowed_status=201,
        body=_joint_item_report,
        expect=contains("Matrisrapport om vandringen."),
    ),
    # --- the public pages
    public_route(
        "public:promises",
        lambda w, t: (_published(t), _public(t, "medborgarloften/"))[1],
        expect=contains("Tryggare stationsområde"),
    ),
    public_route(
        "public:promise",
        lambda w, t: _public_promise(t),
        expect=contains("Tryggare stationsområde"),
    ),
    public_route("public:promise_pdf", lambda w, t: _public_promise(t, "pdf/"), expect=_is_pdf),
    public_route(
        "public:promises_json",
        lambda w, t: (_published(t), _public(t, "medborgarloften.json"))[1],
        expect=contains("Tryggare stationsområde"),
    ),
    public_route(
        "public:feed", lambda w, t: _public(t, "uppfoljningar.atom"), expect=contains("<feed")
    ),
    public_route(
        "public:agreement",
        lambda w, t: (_agreement(t, signed=True), _public(t, "samverkan/"))[1],
        expect=contains("Matrisöverenskommelse"),
    ),
    Route(
        "public:promise",
        lambda w, t: _public(t, "medborgarloften/00000000-0000-0000-0000-000000000000/"),
        EVERYONE,
        anonymous_status=404,
        other_tenant_status=404,
        allowed_status=404,
    ),
    Route(
        "public:promise",
        lambda w, t: _public(t, f"medborgarloften/{_draft(t).public_id}/"),
        EVERYONE,
        anonymous_status=404,
        other_tenant_status=404,
        allowed_status=404,
    ),
]
