"""Password recovery: "Glömt lösenordet?", Trygg's own four reset pages in Swedish, the mail
through the task queue with links from TRYGG_SITE_URL, and the coordinator's invitation and
reset link and name/e-mail editing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from trygg.accounts.models import Membership, User
from trygg.core.models import AuditEvent

pytestmark = pytest.mark.django_db

SITE = "https://trygg.flen.example"


@pytest.fixture(autouse=True)
def _site(settings: Any) -> None:
    settings.TRYGG_SITE_URL = SITE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TRYGG_EMAIL_ENABLED = True


def _link(message: Any) -> str:
    match = re.search(r"https?://\S+/accounts/reset/\S+/", message.body)
    assert match, message.body
    return match.group(0)


def test_login_page_links_to_password_recovery(client: Any) -> None:
    body = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password_reset/"' in body and "Glömt lösenordet?" in body


def test_forgot_password_mails_a_working_link_through_the_task_queue(
    client: Any,
    world: Any,
    run_tasks: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    user = world.flen.reporter
    user.email = "rapportor@flen.example"
    user.save()
    page = client.get("/accounts/password_reset/").content.decode()
    assert "Glömt lösenordet?" in page and 'class="site-header"' in page  # Trygg's layout
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password_reset/", {"email": "RAPPORTOR@flen.example"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password_reset/done/"
    assert mail.outbox == []  # queued, not sent in the request
    assert run_tasks() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rapportor@flen.example"]
    assert message.subject == "Nytt lösenord till Trygg"
    link = _link(message)
    assert link.startswith(f"{SITE}/accounts/reset/")
    assert "rapportor.flen" in message.body and "Välj ett nytt lösenord" in message.body

    done = client.get("/accounts/password_reset/done/").content.decode()
    assert "Titta i din e-post" in done

    path = link.removeprefix(SITE)
    response = client.get(path)  # Django moves the token into the session and redirects
    assert response.status_code == 302
    form_page = client.get(response["Location"]).content.decode()
    assert "Välj ett nytt lösenord" in form_page and "rapportor.flen" in form_page
    # both errors at once, in Swedish, in the error summary
    response = client.post(
        response["Location"], {"new_password1": "kort", "new_password2": "annat"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Det finns fel i formuläret" in body and 'href="#id_new_password2"' in body
    assert 'href="#id_new_password1"' in body and "minst 10 tecken" in body
    set_url = response.request["PATH_INFO"]
    response = client.post(
        set_url, {"new_password1": "Sommar-i-Flen-2026", "new_password2": "Sommar-i-Flen-2026"}
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/reset/done/"
    assert "Lösenordet är sparat" in client.get("/accounts/reset/done/").content.decode()
    user.refresh_from_db()
    assert user.check_password("Sommar-i-Flen-2026")
    # the link works once
    again = client.get(path, follow=True).content.decode()
    assert "Länken fungerar inte" in again
    actions = set(
        AuditEvent.objects.filter(target_id=str(user.pk)).values_list("action", flat=True)
    )
    assert {"user.reset_requested", "user.password_set"} <= actions


def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    client: Any, world: Any, run_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password_reset/", {"email": "ingen@example.se"})
    assert response["Location"] == "/accounts/password_reset/done/"
    assert run_tasks() == 0 and mail.outbox == []


def test_a_bad_address_is_a_swedish_error_in_the_summary(client: Any, db: Any) -> None:
    body = client.post("/accounts/password_reset/", {"email": "inte en adress"}).content.decode()
    assert "Det finns fel i formuläret" in body and 'href="#id_email"' in body
    assert "Ange en giltig mejladress" in body


def _edit_url(world: Any, user: Any) -> str:
    return f"/m/{world.flen.municipality.code}/settings/users/{user.pk}/"


def test_coordinator_edits_name_and_email_with_audit(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    person = world.flen.reporter
    response = client.post(
        _edit_url(world, person),
        {
            "action": "profile",
            "profile-first_name": "Rut",
            "profile-last_name": "Ek",
            "profile-email": "rut.ek@flen.example",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.email) == (
        "Rut",
        "Ek",
        "rut.ek@flen.example",
    )
    event = AuditEvent.objects.get(action="user.update", target_id=str(person.pk))
    assert event.municipality == world.flen.municipality
    assert event.changes["email"] == ["", "rut.ek@flen.example"]
    body = client.post(
        _edit_url(world, person),
        {"action": "profile", "profile-first_name": "Rut", "profile-email": "nej"},
    ).content.decode()
    assert "Det finns fel i formuläret" in body and 'href="#id_profile-email"' in body


def test_an_account_in_two_municipalities_cannot_be_changed_by_one_coordinator(
    client: Any, world: Any
) -> None:
    person = world.flen.reporter
    Membership.objects.create(
        user=person,
        organisation=world.degerfors.org_housing,
        municipality=world.degerfors.municipality,
        role="reporter",
    )
    client.force_login(world.flen.coordinator)
    page = client.get(_edit_url(world, person)).content.decode()
    assert 'name="profile-email"' not in page
    client.post(
        _edit_url(world, person),
        {"action": "profile", "profile-first_name": "X", "profile-email": "x@evil.example"},
    )
    person.refresh_from_db()
    assert person.email == "" and person.first_name == ""


def test_coordinator_sends_an_invitation_to_a_new_account(
    client: Any, world: Any, run_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(world.flen.coordinator)
    person = User.objects.create_user(username="ny.flen", email="ny@flen.example")
    person.set_unusable_password()
    person.save()
    Membership.objects.create(
        user=person,
        organisation=world.flen.org_housing,
        municipality=world.flen.municipality,
        role="reporter",
    )
    page = client.get(_edit_url(world, person)).content.decode()
    assert "Skicka inbjudan" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_edit_url(world, person), {"action": "send_link"}, follow=True)
    assert "En inbjudan har skickats till ny@flen.example." in response.content.decode()
    assert run_tasks() == 1
    message = mail.outbox[0]
    assert message.subject == "Ditt konto i Trygg" and "ny.flen" in message.body
    assert _link(message).startswith(f"{SITE}/accounts/reset/")
    event = AuditEvent.objects.get(action="user.invite", target_id=str(person.pk))
    assert event.actor == world.flen.coordinator
    # the invitation link lets the new user choose a password
    response = client.get(_link(message).removeprefix(SITE))
    client.post(
        response["Location"],
        {"new_password1": "Vinter-i-Flen-2026", "new_password2": "Vinter-i-Flen-2026"},
    )
    person.refresh_from_db()
    assert person.check_password("Vinter-i-Flen-2026")
    assert AuditEvent.objects.get(action="user.password_set").changes["invitation"] is True


def test_reset_link_needs_an_email_address(client: Any, world: Any, run_tasks: Any) -> None:
    client.force_login(world.flen.coordinator)
    person = world.flen.reporter
    page = client.get(_edit_url(world, person)).content.decode()
    assert "Användaren har ingen e-postadress" in page and 'value="send_link"' not in page
    person.email = "r@flen.example"
    person.save()
    assert "Skicka länk för nytt lösenord" in client.get(_edit_url(world, person)).content.decode()
    person.email = ""
    person.save()
    body = client.post(
        _edit_url(world, person), {"action": "send_link"}, follow=True
    ).content.decode()
    assert "Användaren har ingen e-postadress" in body
    assert run_tasks() == 0 and not AuditEvent.objects.filter(action="user.reset_link").exists()


def test_other_roles_and_municipalities_cannot_send_links(client: Any, world: Any) -> None:
    person = world.flen.reporter
    person.email = "r@flen.example"
    person.save()
    client.force_login(world.flen.partner)
    assert client.post(_edit_url(world, person), {"action": "send_link"}).status_code == 403
    client.force_login(world.degerfors.coordinator)
    assert client.post(_edit_url(world, person), {"action": "send_link"}).status_code == 404
    assert not AuditEvent.objects.filter(action="user.reset_link").exists()
