"""API tokens: the user's page /accounts/tokens/, expiry, revocation on password change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.forms import SetPasswordForm
from django.core.management import call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from trygg.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PAGE = "/accounts/tokens/"
PASSWORD = "pw-trygg-test-1"
API = "/api/v1/categories/?municipality=0482"


def api_status(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get(API).status_code


def test_anonymous_is_sent_to_login(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_create_list_and_revoke_a_token(client, world):
    user = world.flen.reporter
    client.force_login(user)
    page = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="sv")
    assert page.status_code == 200
    assert "Du har ingen API-nyckel." in page.content.decode()

    created = client.post(PAGE, {"action": "create", "password": PASSWORD})
    assert created.status_code == 200
    key = Token.objects.get(user=user).key
    assert key in created.content.decode()  # shown once
    assert api_status(key) == 200
    assert AuditEvent.objects.filter(action="api_token.create", target_id=str(user.pk)).exists()

    listed = client.get(PAGE).content.decode()
    assert key[:6] in listed and key not in listed  # never shown again

    client.post(PAGE, {"action": "revoke"})
    assert not Token.objects.filter(user=user).exists()
    assert api_status(key) == 401
    event = AuditEvent.objects.get(action="api_token.revoke")
    assert event.changes == {"reason": "user"}


def test_creating_needs_the_password(client, world):
    client.force_login(world.flen.reporter)
    response = client.post(
        PAGE, {"action": "create", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="sv"
    )
    assert response.status_code == 400
    assert "Lösenordet stämmer inte." in response.content.decode()
    assert not Token.objects.exists()


def test_a_user_sees_only_their_own_token(client, world):
    Token.objects.create(user=world.flen.coordinator)
    client.force_login(world.flen.reporter)
    body = client.get(PAGE).content.decode()
    assert Token.objects.get(user=world.flen.coordinator).key[:6] not in body
    client.post(PAGE, {"action": "revoke"})
    assert Token.objects.filter(user=world.flen.coordinator).exists()


def test_a_token_expires_after_the_configured_days(world, settings):
    settings.TRYGG_TOKEN_DAYS = 90
    token = Token.objects.create(user=world.flen.reporter)
    assert api_status(token.key) == 200
    Token.objects.filter(pk=token.pk).update(
        created=timezone.now() - dt.timedelta(days=90, minutes=1)
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get(API, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 401
    assert "har gått ut" in response.json()["detail"]
    settings.TRYGG_TOKEN_DAYS = 365
    assert not Token.objects.filter(pk=token.pk).exists()  # deleted, not revived


def test_the_command_replaces_an_expired_token(world, capsys):
    token = Token.objects.create(user=world.flen.reporter)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - dt.timedelta(days=400))
    call_command("create_api_token", world.flen.reporter.username)
    new_key = capsys.readouterr().out.strip()
    assert new_key != token.key and api_status(new_key) == 200


def _password_change_form(client, user):
    client.force_login(user)
    return client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "ny-lang-fras-42",
            "new_password2": "ny-lang-fras-42",
        },
    )


def _admin_change(client, user, admin):
    client.force_login(admin)
    return client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": "ny-lang-fras-42", "password2": "ny-lang-fras-42", "usable_password": "true"},
    )


def _reset(client, user):
    form = SetPasswordForm(
        user, {"new_password1": "ny-lang-fras-42", "new_password2": "ny-lang-fras-42"}
    )
    assert form.is_valid(), form.errors
    form.save()  # what the reset-confirm view does


def _command(client, user):
    user.set_password("ny-lang-fras-42")
    user.save()


@pytest.mark.parametrize("how", [_password_change_form, _admin_change, _reset, _command])
def test_any_password_change_revokes_the_token(client, world, how):
    user = world.flen.reporter
    token = Token.objects.create(user=user)
    if how is _admin_change:
        response = how(client, user, world.admin)
        assert response.status_code == 302, response.content.decode()[:2000]
    elif how is _password_change_form:
        assert how(client, user).status_code == 302
    else:
        how(client, user)
    assert not Token.objects.filter(user=user).exists()
    assert api_status(token.key) == 401
    event = AuditEvent.objects.get(action="api_token.revoke")
    assert event.changes == {"reason": "password"}


def test_saving_a_user_without_a_new_password_keeps_the_token(world):
    user = world.flen.reporter
    Token.objects.create(user=user)
    user.first_name = "Ny"
    user.save()
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert Token.objects.filter(user=user).exists()
