"""Login throttling (django-axes): 10 failed attempts within 15 minutes lock the username for
15 minutes on the login form, the admin login and API-token creation; success resets."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.utils import timezone
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db

PASSWORD = "pw-trygg-test-1"
LOCKED = "för många misslyckade försök"


def fail(client, path, username, times):
    for _ in range(times):
        client.post(path, {"username": username, "password": "fel-lösenord"})


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_ten_failures_lock_the_account_for_15_minutes(client, world, path):
    user = world.admin if path.startswith("/admin/") else world.flen.reporter
    password = "pw-trygg-admin-1" if user == world.admin else PASSWORD
    fail(client, path, user.username, 8)
    ninth = client.post(path, {"username": user.username, "password": "fel"})
    assert ninth.status_code == 200  # the 9th failure: an ordinary "wrong password" answer
    tenth = client.post(path, {"username": user.username, "password": "fel"})
    assert tenth.status_code == 429  # the 10th locks
    response = client.post(
        path, {"username": user.username, "password": password}, HTTP_ACCEPT_LANGUAGE="sv"
    )
    assert response.status_code == 429
    body = response.content.decode()
    assert LOCKED in body.lower() and "15 minuter" in body
    assert "_auth_user_id" not in client.session  # even the right password is refused
    # another account is not affected
    other = client.post(
        "/accounts/login/", {"username": world.flen.partner.username, "password": PASSWORD}
    )
    assert other.status_code == 302
    # after 15 minutes the right password works again
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    client.logout()
    again = client.post(path, {"username": user.username, "password": password})
    assert again.status_code == 302


def test_a_success_resets_the_count(client, world):
    username = world.flen.reporter.username
    fail(client, "/accounts/login/", username, 9)
    assert (
        client.post("/accounts/login/", {"username": username, "password": PASSWORD}).status_code
        == 302
    )
    client.logout()
    fail(client, "/accounts/login/", username, 9)
    assert (
        client.post("/accounts/login/", {"username": username, "password": PASSWORD}).status_code
        == 302
    )


def test_token_creation_is_throttled_too(client, world):
    user = world.flen.reporter
    client.force_login(user)
    for _ in range(9):
        answer = client.post("/accounts/tokens/", {"action": "create", "password": "fel"})
        assert answer.status_code == 400
    tenth = client.post("/accounts/tokens/", {"action": "create", "password": "fel"})
    assert tenth.status_code == 429
    response = client.post(
        "/accounts/tokens/", {"action": "create", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="sv"
    )
    assert response.status_code == 429
    assert LOCKED in response.content.decode().lower()
    assert not Token.objects.filter(user=user).exists()
    # and the login form is locked for the same account
    client.logout()
    login = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert login.status_code == 429


def test_failures_older_than_15_minutes_do_not_count(client, world):
    username = world.flen.reporter.username
    fail(client, "/accounts/login/", username, 9)
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    fail(client, "/accounts/login/", username, 1)
    assert (
        client.post("/accounts/login/", {"username": username, "password": PASSWORD}).status_code
        == 302
    )
