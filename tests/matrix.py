"""The shared permission-matrix helper (DESIGN.md, "Tests").

Every URL of the application is listed once in a `Route`: how to build its path for a tenant
of the named test world, which roles may use it, and what an allowed response must contain.
`check_route` then asserts, for that URL:

- anonymous → redirect to the login page (HTML) or 401/403 (API);
- a user of the other municipality → 404 (the object's existence is never revealed);
- a role of the same municipality that lacks the permission → 403 (or 404 where the object
  itself is outside what that role may see);
- an allowed role → the expected status and content.

Later issues add their URLs to ROUTES in tests/test_permission_matrix.py; a test there fails
when a URL in the URLconf is not listed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ("coordinator", "reporter", "partner", "police")


@dataclass
class Route:
    name: str  # URL name (namespace:name), used for the coverage check
    path: Callable[[Any, Any], str]  # (world, tenant) -> path
    allowed: frozenset[str]
    api: bool = False
    method: str = "get"
    allowed_status: int = 200
    denied_status: dict[str, int] = field(default_factory=dict)  # role -> status (default 403)
    expect: Callable[[Any, Any, Any], None] | None = None  # (response, world, tenant)
    anonymous_status: int | None = None  # default: login redirect / 401-403 for the API
    other_tenant_status: int = 404
    #: build the path again before each request: for a route that consumes its object (a
    #: delete), so that every role meets an object that still exists
    fresh_path: bool = False
    #: a JSON body to send (an API post): (world, tenant) -> data, built once per route
    body: Callable[[Any, Any], Any] | None = None


def _login_redirect(response: Any) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


def check_route(client: Any, world: Any, route: Route) -> None:
    tenant, other = world.flen, world.degerfors
    path = route.path(world, tenant)
    send = getattr(client, route.method)
    data = route.body(world, tenant) if route.body is not None else None

    def call(target: str) -> Any:
        if data is None:
            return send(target)
        return send(target, data, content_type="application/json")

    client.logout()
    response = call(path)
    if route.anonymous_status is not None:
        assert response.status_code == route.anonymous_status, (route.name, "anonymous")
    elif route.api:
        assert response.status_code in (401, 403), (route.name, "anonymous", response.status_code)
    else:
        assert _login_redirect(response), (route.name, "anonymous", response.status_code)

    for role in ROLES:
        # the same role in the other municipality must not even learn that the object exists
        client.force_login(getattr(other, role))
        response = call(path)
        assert response.status_code == route.other_tenant_status, (
            route.name,
            f"other-tenant {role}",
            response.status_code,
        )

        client.force_login(getattr(tenant, role))
        if route.fresh_path:
            path = route.path(world, tenant)
        response = call(path)
        if role in route.allowed:
            assert response.status_code == route.allowed_status, (
                route.name,
                role,
                response.status_code,
            )
            if route.expect is not None:
                route.expect(response, world, tenant)
        else:
            expected = route.denied_status.get(role, 403)
            assert response.status_code == expected, (route.name, role, response.status_code)
    client.logout()
