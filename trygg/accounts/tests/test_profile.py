"""The user's own page: roles, e-mail reminders on or off (audited), the way to the token."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from trygg.accounts.services import user_notices_set
from trygg.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_login_required(client: Any) -> None:
    response = client.get(reverse("profile"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_turn_reminders_off_and_on(client: Any, world: Any) -> None:
    user = world.flen.reporter
    client.force_login(user)
    page = client.get(reverse("profile"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Mitt konto" in page and "Bostäder flen, Flen: " in page
    assert 'name="mail_notices" id="id_mail_notices" checked' in page
    assert f'href="{reverse("tokens")}"' in page
    response = client.post(reverse("profile"), {}, follow=True, HTTP_ACCEPT_LANGUAGE="sv")
    assert "Påminnelser med e-post är avstängda." in response.content.decode()
    user.refresh_from_db()
    assert user.mail_notices is False
    event = AuditEvent.objects.get(action="user.notices")
    assert event.changes == {"mail_notices": [True, False]}
    client.post(reverse("profile"), {"mail_notices": "on"})
    user.refresh_from_db()
    assert user.mail_notices is True
    # saving the same again changes nothing and writes no event
    client.post(reverse("profile"), {"mail_notices": "on"})
    assert AuditEvent.objects.filter(action="user.notices").count() == 2


def test_only_the_user_themselves(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        user_notices_set(actor=world.flen.coordinator, user=world.flen.reporter, mail_notices=False)
