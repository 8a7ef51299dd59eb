"""Creating a user never reveals that a username exists in another municipality."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from trygg.accounts.models import User
from trygg.accounts.services import user_create

pytestmark = pytest.mark.django_db


def _error(world, username):
    with pytest.raises(ValidationError) as info:
        user_create(
            actor=world.flen.coordinator,
            organisation=world.flen.org_municipal,
            username=username,
            role="reporter",
        )
    return info.value.message_dict["username"]


def test_a_name_from_another_municipality_gets_the_reserved_name_answer(world):
    elsewhere = _error(world, world.degerfors.reporter.username)
    assert elsewhere == _error(world, "admin") == _error(world, "Root")
    assert "taken" not in " ".join(elsewhere).lower()
    # the same for another case of the name, and for a user with no membership at all
    User.objects.create_user(username="utan.kommun")
    assert _error(world, world.degerfors.reporter.username.upper()) == elsewhere
    assert _error(world, "utan.kommun") == elsewhere


def test_a_name_of_this_municipality_says_it_is_taken(world):
    assert _error(world, world.flen.partner.username) == ["Användarnamnet är upptaget."]


def test_the_users_page_shows_the_same_swedish_message(client, world):
    client.force_login(world.flen.coordinator)
    url = "/m/0482/settings/users/new/"
    data = {"role": "reporter", "organisation": str(world.flen.org_municipal.pk)}
    page = client.get(url)
    assert page.status_code == 200
    answers = []
    for name in (world.degerfors.reporter.username, "administrator"):
        response = client.post(url, {**data, "username": name}, HTTP_ACCEPT_LANGUAGE="sv")
        assert response.status_code == 200
        body = response.content.decode()
        assert "Användarnamnet kan inte användas" in body
        answers.append(body.count("Användarnamnet kan inte användas"))
    assert answers[0] == answers[1]


def test_a_free_name_is_created(world):
    user = user_create(
        actor=world.flen.coordinator,
        organisation=world.flen.org_municipal,
        username="anna.svensson.flen",
        role="reporter",
    )
    assert user.memberships.get().municipality == world.flen.municipality
