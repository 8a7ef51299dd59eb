"""Authentication backends: django-axes' lockout check in front of the model backend."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LoginThrottleBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """Refuses a locked-out username (raises, so no later backend is asked).

    Every web entry point (login form, admin login, token creation) passes the request. Calls
    without one (``manage.py``, the test client's ``login()``) are no web request to throttle:
    they go on to the model backend instead of raising as django-axes' own backend does."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)  # type: ignore[no-any-return]
