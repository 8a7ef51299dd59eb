"""Every API view declares the permission it needs, the way HTML views use
``@municipality_view(perm)``; ``MunicipalityScopedMixin.initial()`` enforces it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, URLResolver
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate

from config import api_urls
from trygg.accounts.api import MunicipalityScopedMixin, declared_permissions
from trygg.accounts.permissions import CATALOGUE, OBJECT_RULES

#: API URLs that are about no municipality (the schema and its page)
UNSCOPED = {"api-schema", "api-docs"}
#: API URLs about the calling user only (login required, no municipality):
#: trygg/meetings/tests/test_calendar.py
USER_SCOPED = {"api-me-calendar"}
HANDLERS = ("get", "post", "put", "patch", "delete")


def _api_views() -> list[tuple[str, Any]]:
    found = []
    for pattern in api_urls.urlpatterns:
        assert isinstance(pattern, URLPattern), "api_urls lists views, no includes"
        assert not isinstance(pattern, URLResolver)
        if pattern.name in UNSCOPED or pattern.name in USER_SCOPED:
            continue
        found.append((str(pattern.name), getattr(pattern.callback, "cls", None)))
    return found


def test_the_api_has_views() -> None:
    assert len(_api_views()) >= 8


@pytest.mark.parametrize(("name", "view"), _api_views(), ids=[n for n, _ in _api_views()])
def test_every_api_view_declares_its_permission(name: str, view: Any) -> None:
    assert view is not None and issubclass(view, MunicipalityScopedMixin), (
        f"{name}: an API view derives from MunicipalityScopedMixin (MunicipalityAPIView)"
    )
    methods = [m for m in HANDLERS if hasattr(view, m)]
    assert methods, name
    for method in methods:
        needed = declared_permissions(view.required_permission, method)
        assert needed, f"{name}: {view.__name__}.required_permission names nothing for {method}"
        for perm in needed:
            assert perm in CATALOGUE, f"{name}: {perm!r} is not in the catalogue"
            assert perm not in OBJECT_RULES, f"{name}: object rules are checked in the handler"
        assert view.permissions_for(method) == needed


def test_declarations_read_per_method() -> None:
    assert declared_permissions("a.b", "POST") == ("a.b",)
    assert declared_permissions({"GET": "a.b"}, "HEAD") == ("a.b",)
    assert declared_permissions({"GET": "a.b"}, "post") is None
    assert declared_permissions({"GET": ("a.b", "c.d")}, "GET") == ("a.b", "c.d")
    assert declared_permissions(None, "GET") is None


class _Undeclared(MunicipalityScopedMixin):
    def get(self, request: Any) -> Response:
        return Response({"ok": True})


class _Declared(MunicipalityScopedMixin):
    required_permission = {"GET": "municipality.view", "POST": "municipality.manage"}

    def get(self, request: Any) -> Response:
        return Response({"municipality": self.municipality.code})

    def post(self, request: Any) -> Response:
        return Response({"changed": True})


def _call(view: Any, method: str, user: Any, code: str) -> Any:
    request = getattr(APIRequestFactory(), method)(f"/api/v1/x/?municipality={code}")
    force_authenticate(request, user=user)
    return view.as_view()(request)


def test_a_view_without_a_declaration_refuses_to_run(world: Any) -> None:
    with pytest.raises(ImproperlyConfigured):
        _call(_Undeclared, "get", world.flen.coordinator, world.flen.municipality.code)


def test_the_declaration_is_enforced_in_the_resolved_municipality(world: Any) -> None:
    flen, degerfors = world.flen, world.degerfors
    code = flen.municipality.code
    assert _call(_Declared, "get", flen.reporter, code).status_code == 200
    assert _call(_Declared, "post", flen.coordinator, code).status_code == 200
    assert _call(_Declared, "get", degerfors.coordinator, code).status_code == 404
    assert _call(_Declared, "post", flen.reporter, code).status_code == 403
    # a method without a handler is still 405, not a configuration error
    assert _call(_Declared, "delete", flen.coordinator, code).status_code == 405


@pytest.mark.parametrize("language", ["sv", "en"])
def test_403_speaks_the_users_language(world: Any, client: Any, language: str) -> None:
    from django.utils import translation
    from rest_framework.exceptions import PermissionDenied

    client.force_login(world.flen.reporter)  # no completeness.view
    response = client.get(
        f"/api/v1/situation/completeness/?municipality={world.flen.municipality.code}",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 403
    with translation.override(language):
        expected = str(PermissionDenied.default_detail)
    assert response.json()["detail"] == expected


def test_user_scoped_views_require_a_login() -> None:
    from rest_framework.permissions import IsAuthenticated

    for pattern in api_urls.urlpatterns:
        if pattern.name in USER_SCOPED:
            view = pattern.callback.cls  # type: ignore[attr-defined]
            assert IsAuthenticated in view.permission_classes, pattern.name
