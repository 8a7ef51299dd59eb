"""can(): object rules are decided by their own predicate, nothing else."""

from __future__ import annotations

from typing import Any

import pytest
import rules

from trygg.accounts import permissions
from trygg.accounts.models import Membership, User
from trygg.accounts.permissions import can


@pytest.fixture
def moderator(world: Any) -> User:
    """A member of Flen whose only role (moderator) does not include report.create."""
    user = User.objects.create_user(username="moderator.flen", password="pw-trygg-test-1")
    Membership.objects.create(
        user=user,
        organisation=world.flen.org_municipal,
        municipality=world.flen.municipality,
        role="moderator",
    )
    return user


@rules.predicate
def _is_self(user: Any, obj: Any) -> bool:
    return bool(obj is user)


def test_an_object_rule_is_not_gated_on_report_create(
    world: Any, moderator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before the fix can() demanded report.create in the object's municipality for *every*
    # object rule, so this rule (which needs no reporting role) answered False here.
    monkeypatch.setitem(permissions.OBJECT_RULES, "profile.change_own", _is_self)
    assert not can(moderator, "report.create", world.flen.municipality)
    assert can(moderator, "profile.change_own", moderator)
    assert not can(moderator, "profile.change_own", world.flen.reporter)


def test_report_change_own_states_its_own_conditions(world: Any, make_report: Any) -> None:
    report = make_report(world.flen, actor=world.flen.reporter)
    reporter = world.flen.reporter
    assert can(reporter, "report.change_own", report)
    assert not can(world.flen.coordinator, "report.change_own", report)  # not the owner
    assert not can(world.admin, "report.change_own", report)  # superuser, not the owner
    # the owner without a reporting role in the report's municipality may not correct it
    Membership.objects.filter(user=reporter).update(active=False)
    reporter = User.objects.get(pk=reporter.pk)  # the role cache lives on the instance
    assert not can(reporter, "report.change_own", report)


def test_anonymous_and_inactive_users_pass_no_object_rule(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.contrib.auth.models import AnonymousUser

    monkeypatch.setitem(permissions.OBJECT_RULES, "profile.change_own", rules.always_true)
    assert not can(AnonymousUser(), "profile.change_own", world.flen.reporter)
    inactive = world.flen.partner
    inactive.is_active = False
    assert not can(inactive, "profile.change_own", inactive)
