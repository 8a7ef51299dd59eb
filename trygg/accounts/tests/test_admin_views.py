"""The coordinator's pages for organisations, users and roles, the audit log, Django admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from trygg.accounts.models import Membership, Organisation, User
from trygg.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def urls_for(world: Any) -> list[str]:
    code = world.flen.municipality.code
    return [
        reverse("settings:organisations", args=[code]),
        reverse("settings:organisation_create", args=[code]),
        reverse("settings:organisation_edit", args=[code, world.flen.org_housing.public_id]),
        reverse("settings:users", args=[code]),
        reverse("settings:user_create", args=[code]),
        reverse("settings:user_edit", args=[code, world.flen.reporter.pk]),
        reverse("settings:audit", args=[code]),
    ]


def test_permission_matrix(client: Any, world: Any) -> None:
    for url in urls_for(world):
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        client.force_login(world.degerfors.coordinator)
        assert client.get(url).status_code == 404, url
        for user in (world.flen.partner, world.flen.reporter):
            client.force_login(user)
            assert client.get(url).status_code == 403, (url, user)
        client.force_login(world.flen.coordinator)
        assert client.get(url).status_code == 200, url


def test_organisation_list(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    content = client.get(reverse("settings:organisations", args=["0482"])).content.decode()
    assert "Bostäder flen" in content and "Polisen flen" in content
    assert "Bostäder degerfors" not in content


ORG_DATA = {
    "name": "Securitas Flen",
    "type": "security",
    "contact_name": "Anna Berg",
    "contact_email": "anna@example.se",
    "contact_phone": "0157-100 00",
    "reporting_frequency": "biweekly",
    "active": "on",
}


def test_organisation_create_and_edit(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    response = client.post(reverse("settings:organisation_create", args=["0482"]), ORG_DATA)
    assert response.status_code == 302
    org = Organisation.objects.get(municipality=world.flen.municipality, name="Securitas Flen")
    assert (org.type, org.reporting_frequency, org.contact_email) == (
        "security",
        "biweekly",
        "anna@example.se",
    )
    assert AuditEvent.objects.filter(
        action="organisation.create", target_id=str(org.public_id)
    ).exists()
    url = reverse("settings:organisation_edit", args=["0482", org.public_id])
    data = dict(ORG_DATA, reporting_frequency="none")
    del data["active"]
    assert client.post(url, data).status_code == 302
    org.refresh_from_db()
    assert org.reporting_frequency == "none" and not org.active
    event = AuditEvent.objects.filter(action="organisation.update").latest("id")
    assert event.changes["active"] == [True, False]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"contact_email": "not-an-email"}, "contact_email"),
        ({"name": "Bostäder flen"}, "name"),  # duplicate
        ({"name": "Bad\x00name"}, "name"),
        ({"name": ""}, "name"),
        ({"type": "pirates"}, "type"),
    ],
)
def test_organisation_create_refused(
    client: Any, world: Any, values: dict[str, str], field: str
) -> None:
    client.force_login(world.flen.coordinator)
    before = Organisation.objects.count()
    audit_before = AuditEvent.objects.count()
    response = client.post(
        reverse("settings:organisation_create", args=["0482"]), dict(ORG_DATA, **values)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'class="error-summary"' in response.content.decode()
    assert Organisation.objects.count() == before
    assert AuditEvent.objects.count() == audit_before


def test_organisation_of_other_municipality_is_404(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    url = reverse(
        "settings:organisation_edit", args=["0482", world.degerfors.org_housing.public_id]
    )
    assert client.get(url).status_code == 404
    assert client.post(url, ORG_DATA).status_code == 404


def test_user_list_grouped_by_user(client: Any, world: Any) -> None:
    Membership.objects.create(
        user=world.flen.partner,
        organisation=world.flen.org_police,
        municipality=world.flen.municipality,
        role="reporter",
    )
    client.force_login(world.flen.coordinator)
    response = client.get(reverse("settings:users", args=["0482"]))
    rows = {row.user.username: row for row in response.context["rows"]}
    assert set(rows) == {"samordnare.flen", "rapportor.flen", "partner.flen", "polis.flen"}
    assert len(rows["partner.flen"].memberships) == 2
    assert "samordnare.degerfors" not in response.content.decode()


USER_DATA = {
    "username": "nils.nilsson",
    "first_name": "Nils",
    "last_name": "Nilsson",
    "email": "nils@example.se",
    "role": "reporter",
    "password": "Trygg-langt-losen-42",
    "password_again": "Trygg-langt-losen-42",
}


def test_user_create(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    data = dict(USER_DATA, organisation=world.flen.org_housing.pk)
    response = client.post(reverse("settings:user_create", args=["0482"]), data)
    assert response.status_code == 302
    user = User.objects.get(username="nils.nilsson")
    assert user.check_password("Trygg-langt-losen-42")
    membership = user.memberships.get()
    assert (membership.organisation, membership.role, membership.municipality) == (
        world.flen.org_housing,
        "reporter",
        world.flen.municipality,
    )
    assert AuditEvent.objects.filter(action="user.create", target_repr__icontains="nils").exists()
    assert response["Location"] == reverse("settings:user_edit", args=["0482", user.pk])


def test_user_create_without_password(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    data = dict(USER_DATA, organisation=world.flen.org_housing.pk, password="", password_again="")
    assert client.post(reverse("settings:user_create", args=["0482"]), data).status_code == 302
    assert not User.objects.get(username="nils.nilsson").has_usable_password()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"email": "nils@"}, "email"),
        ({"username": "rapportor.flen"}, "username"),  # taken
        ({"username": "RAPPORTOR.FLEN"}, "username"),  # taken, other case
        ({"username": "ni\x00ls"}, "username"),
        ({"password": "123", "password_again": "123"}, "password"),  # too weak
        ({"password_again": "something-else-99"}, "password_again"),
        ({"role": "king"}, "role"),
        ({"organisation": "OTHER"}, "organisation"),  # another municipality's organisation
    ],
)
def test_user_create_refused(client: Any, world: Any, values: dict[str, Any], field: str) -> None:
    client.force_login(world.flen.coordinator)
    data = dict(USER_DATA, organisation=world.flen.org_housing.pk)
    data.update(values)
    if data["organisation"] == "OTHER":
        data["organisation"] = world.degerfors.org_housing.pk
    users_before = User.objects.count()
    response = client.post(reverse("settings:user_create", args=["0482"]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    assert User.objects.count() == users_before


def test_user_edit_of_other_municipality_is_404(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    for user in (world.degerfors.reporter, world.degerfors.coordinator, world.admin):
        url = reverse("settings:user_edit", args=["0482", user.pk])
        assert client.get(url).status_code == 404
        assert (
            client.post(
                url,
                {"action": "add", "organisation": world.flen.org_housing.pk, "role": "coordinator"},
            ).status_code
            == 404
        )
    assert not Membership.objects.filter(
        user=world.degerfors.reporter, municipality=world.flen.municipality
    ).exists()
    assert client.get(reverse("settings:user_edit", args=["0482", 999999])).status_code == 404


def test_user_edit_add_role_and_deactivate(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    reporter = world.flen.reporter
    url = reverse("settings:user_edit", args=["0482", reporter.pk])
    response = client.post(
        url, {"action": "add", "organisation": world.flen.org_police.pk, "role": "partner"}
    )
    assert response.status_code == 302
    added = Membership.objects.get(user=reporter, organisation=world.flen.org_police)
    assert added.role == "partner" and added.active
    assert AuditEvent.objects.filter(
        action="membership.create", target_id=str(added.public_id)
    ).exists()
    # the same role again is refused with a message
    response = client.post(
        url, {"action": "add", "organisation": world.flen.org_police.pk, "role": "partner"}
    )
    assert response.status_code == 200 and response.context["add_form"].errors
    # deactivate, then reactivate
    response = client.post(url, {"action": "deactivate", "membership": str(added.public_id)})
    assert response.status_code == 302
    added.refresh_from_db()
    assert not added.active
    assert AuditEvent.objects.filter(
        action="membership.deactivate", target_id=str(added.public_id)
    ).exists()
    client.post(url, {"action": "activate", "membership": str(added.public_id)})
    added.refresh_from_db()
    assert added.active


def test_user_edit_membership_of_other_user_is_404(client: Any, world: Any) -> None:
    client.force_login(world.flen.coordinator)
    url = reverse("settings:user_edit", args=["0482", world.flen.reporter.pk])
    other = world.flen.partner.memberships.get()
    response = client.post(url, {"action": "deactivate", "membership": str(other.public_id)})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.active


def test_cannot_remove_own_coordinator_role(client: Any, world: Any) -> None:
    coordinator = world.flen.coordinator
    client.force_login(coordinator)
    own = coordinator.memberships.get()
    url = reverse("settings:user_edit", args=["0482", coordinator.pk])
    response = client.post(
        url, {"action": "deactivate", "membership": str(own.public_id)}, follow=True
    )
    assert response.status_code == 200
    own.refresh_from_db()
    assert own.active
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_audit_log_shows_only_own_municipality(client: Any, world: Any, make_report: Any) -> None:
    make_report(world.flen)
    make_report(world.degerfors)
    client.force_login(world.flen.coordinator)
    client.cookies["django_language"] = "sv"
    response = client.get(reverse("settings:audit", args=["0482"]))
    content = response.content.decode()
    events = [row["event"] for row in response.context["rows"]]
    assert events and all(e.municipality_id == world.flen.municipality.pk for e in events)
    assert events == sorted(events, key=lambda e: (e.occurred_at, e.id), reverse=True)
    assert "Bostäder flen" in content and "Bostäder degerfors" not in content
    assert "Rapport skapad" in content or "Report created" in content


def test_audit_log_filters_and_labels(client: Any, world: Any, make_report: Any) -> None:
    make_report(world.flen)
    client.force_login(world.flen.coordinator)
    client.cookies["django_language"] = "en"
    url = reverse("settings:audit", args=["0482"])
    response = client.get(url, {"action": "report"})
    rows = response.context["rows"]
    assert rows and all(r["event"].action.startswith("report") for r in rows)
    assert "Report created" in response.content.decode()
    response = client.get(url, {"actor": "admin"})
    assert response.context["rows"]
    assert all(r["event"].actor == world.admin for r in response.context["rows"])
    response = client.get(url, {"actor": "rapportor.flen"})
    assert [r["event"].action for r in response.context["rows"]] == ["report.create"]


def test_audit_log_renders_changes_and_paginates(client: Any, world: Any) -> None:
    from trygg.accounts.services import organisation_update

    for n in range(60):
        organisation_update(
            actor=world.flen.coordinator,
            organisation=world.flen.org_housing,
            contact_name=f"Kontakt {n}",
        )
    client.force_login(world.flen.coordinator)
    url = reverse("settings:audit", args=["0482"])
    response = client.get(url, {"action": "organisation."})
    page = response.context["page"]
    assert page.paginator.count == 63 and len(response.context["rows"]) == 50
    content = response.content.decode()
    # the field in the reader's language, not its code
    assert "Kontaktperson (nyckelfunktion): Kontakt 58 → Kontakt 59" in content
    assert "action=organisation.&amp;page=2" in content
    response = client.get(url, {"action": "organisation.", "page": "2"})
    assert response.status_code == 200 and response.context["page"].number == 2
    assert len(response.context["rows"]) == 13


def test_audit_unknown_action_shown_as_is(client: Any, world: Any) -> None:
    from trygg.core import audit

    # an event of an action no app declares any more (a row from an older version)
    AuditEvent.objects.create(
        actor=world.flen.coordinator,
        action="something.new",
        municipality=world.flen.municipality,
        changes={"x": [1, 2]},
    )
    with pytest.raises(audit.UnknownAuditAction):
        audit.record(actor=world.flen.coordinator, action="something.new")
    client.force_login(world.flen.coordinator)
    content = client.get(reverse("settings:audit", args=["0482"])).content.decode()
    assert "something.new" in content and "x: 1 → 2" in content


def test_django_admin_audit_event_is_read_only(client: Any, world: Any) -> None:
    client.force_login(world.admin)
    event = AuditEvent.objects.filter(municipality=world.flen.municipality).first()
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
    response = client.post(
        reverse("admin:core_auditevent_change", args=[event.pk]), {"action": "tampered"}
    )
    assert response.status_code == 403
    assert client.get(reverse("admin:core_auditevent_delete", args=[event.pk])).status_code == 403
    response = client.post(
        reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.action != "tampered"
    # the change page is a read-only view
    response = client.get(reverse("admin:core_auditevent_change", args=[event.pk]))
    assert response.status_code == 200
    assert b'name="action"' not in response.content


def test_django_admin_pages_load(client: Any, world: Any, make_report: Any) -> None:
    make_report(world.flen)
    client.force_login(world.admin)
    for name in (
        "accounts_user",
        "accounts_organisation",
        "accounts_membership",
        "places_municipality",
        "places_area",
        "places_place",
        "reports_category",
        "reports_report",
        "reports_weeklyreturn",
        "core_auditevent",
    ):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
    assert (
        client.get(reverse("admin:accounts_user_change", args=[world.flen.reporter.pk])).status_code
        == 200
    )
