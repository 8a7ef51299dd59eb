"""The promise and agreement services: who may do what, immutability of published versions,
each party's own follow-up, and the next period's promise."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from trygg.core.models import AuditEvent
from trygg.promises import services
from trygg.promises.models import ItemReport, Promise, PromiseItem
from trygg.promises.services.promises import allowed_statuses
from trygg.promises.tests.helpers import item_values, make_promise, published_promise

pytestmark = pytest.mark.django_db


def test_only_coordinators_create_promises(world: Any) -> None:
    flen = world.flen
    for user in (flen.partner, flen.police, flen.reporter, world.degerfors.coordinator):
        with pytest.raises(PermissionDenied):
            make_promise(flen, **{}) if False else services.promise_create(
                actor=user,
                municipality=flen.municipality,
                first_year=2025,
                last_year=2025,
                values={"title": "X"},
            )
    promise = make_promise(flen)
    assert promise.status == "draft"
    assert promise.versions.get().number == 1


def test_a_promise_runs_one_or_two_years(world: Any) -> None:
    with pytest.raises(ValidationError) as error:
        make_promise(world.flen, first_year=2025, last_year=2027)
    assert "last_year" in error.value.message_dict
    with pytest.raises(ValidationError):
        make_promise(world.flen, first_year=2025, last_year=2024)


def test_the_police_write_only_police_items(world: Any) -> None:
    flen = world.flen
    version = make_promise(flen).versions.get()
    item = services.item_save(
        actor=flen.police, version=version, values=item_values(responsible="police")
    )
    assert item.responsible == "police"
    with pytest.raises(ValidationError) as error:
        services.item_save(
            actor=flen.police, version=version, values=item_values(responsible="municipality")
        )
    assert "responsible" in error.value.message_dict
    kommun = services.item_save(
        actor=flen.coordinator, version=version, values=item_values(responsible="municipality")
    )
    with pytest.raises(PermissionDenied):
        services.item_save(
            actor=flen.police,
            version=version,
            item=kommun,
            values=item_values(responsible="police"),
        )
    with pytest.raises(PermissionDenied):  # a partner who is not the police
        services.item_save(actor=flen.partner, version=version, values=item_values())
    with pytest.raises(PermissionDenied):  # another municipality's police
        services.item_save(actor=world.degerfors.police, version=version, values=item_values())


@pytest.mark.parametrize(
    "text",
    ["Ring 070-123 45 67 vid problem.", "Kontakt: ８１１２２８–９８７４", "Mejla a@b.se"],
)
def test_item_text_is_screened_for_personal_data(world: Any, text: str) -> None:
    version = make_promise(world.flen).versions.get()
    with pytest.raises(ValidationError) as error:
        services.item_save(
            actor=world.flen.coordinator, version=version, values=item_values(text=text)
        )
    assert "text" in error.value.message_dict
    assert not PromiseItem.objects.exists()


def test_items_counted_from_the_data_need_their_source(world: Any) -> None:
    version = make_promise(world.flen).versions.get()
    with pytest.raises(ValidationError) as error:
        services.item_save(
            actor=world.flen.coordinator,
            version=version,
            values=item_values(
                measure="category_count",
                indicator_type="done",
                target_value=None,
                category=world.degerfors.categories["skadegorelse"],
            ),
        )
    errors = error.value.message_dict
    assert {"category", "indicator_type", "target_value"} <= set(errors)


def test_publishing_needs_agreement_and_freezes_the_version(world: Any) -> None:
    flen = world.flen
    promise = make_promise(flen)
    version = promise.versions.get()
    services.item_save(actor=flen.coordinator, version=version, values=item_values())
    with pytest.raises(ValidationError):
        services.promise_publish(actor=flen.coordinator, promise=promise)
    services.promise_set_status(actor=flen.coordinator, promise=promise, status="agreed")
    with pytest.raises(PermissionDenied):
        services.promise_publish(actor=flen.police, promise=promise)
    services.promise_publish(actor=flen.coordinator, promise=promise)
    promise.refresh_from_db()
    version.refresh_from_db()
    assert promise.status == "published" and version.state == "published"
    assert AuditEvent.objects.filter(action="promise.publish").count() == 1
    with pytest.raises(ValidationError):
        services.promise_update(actor=flen.coordinator, version=version, values={"title": "Ny"})
    with pytest.raises(ValidationError):
        services.item_save(actor=flen.coordinator, version=version, values=item_values())
    item = version.items.get()
    with pytest.raises(ValidationError):
        services.item_remove(actor=flen.coordinator, item=item)


def test_an_agreed_version_is_frozen_until_set_back_to_draft(world: Any) -> None:
    """What the police and the municipality agreed on is what gets published: after "agreed"
    nobody edits the text (the police their items neither); back to draft, it must be agreed
    again."""
    flen = world.flen
    promise = make_promise(flen)
    version = promise.versions.get()
    item = services.item_save(
        actor=flen.coordinator, version=version, values=item_values(responsible="police")
    )
    services.promise_set_status(actor=flen.coordinator, promise=promise, status="agreed")
    version.refresh_from_db()
    assert version.agreed_at is not None and not version.is_editable
    with pytest.raises(ValidationError):
        services.promise_update(actor=flen.coordinator, version=version, values={"title": "Ny"})
    with pytest.raises(ValidationError):
        services.item_save(actor=flen.police, version=version, item=item, values=item_values())
    with pytest.raises(ValidationError):
        services.basis_add(actor=flen.coordinator, version=version, kind="walks", note="")
    services.promise_set_status(actor=flen.coordinator, promise=promise, status="draft")
    version.refresh_from_db()
    assert version.agreed_at is None
    services.promise_update(actor=flen.coordinator, version=version, values={"title": "Ny"})
    with pytest.raises(ValidationError):
        services.promise_publish(actor=flen.coordinator, promise=promise)
    assert list(
        AuditEvent.objects.filter(action__in=["promise.agree", "promise.reopen_draft"])
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["promise.agree", "promise.reopen_draft"]


def test_a_basis_link_to_the_annual_view_is_of_a_past_year_and_only_for_est(world: Any) -> None:
    flen = world.flen
    version = make_promise(flen).versions.get()
    next_year = timezone.localdate().year + 1
    with pytest.raises(ValidationError) as error:
        services.basis_add(
            actor=flen.coordinator, version=version, kind="est", note="", annual_year=next_year
        )
    assert "annual_year" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.basis_add(
            actor=flen.coordinator, version=version, kind="walks", note="", annual_year=2024
        )
    assert "annual_year" in error.value.message_dict
    assert not version.basis.exists()


def test_a_target_direction_needs_a_value(world: Any) -> None:
    flen = world.flen
    version = make_promise(flen).versions.get()
    with pytest.raises(ValidationError) as error:
        services.item_save(
            actor=flen.coordinator,
            version=version,
            values=item_values(target_direction="at_least", target_value=None),
        )
    assert "target_value" in error.value.message_dict


def test_a_new_version_copies_the_items_with_their_keys(world: Any) -> None:
    flen = world.flen
    promise = published_promise(flen)
    first = promise.versions.get(number=1)
    with pytest.raises(ValidationError):
        services.promise_new_version(actor=flen.coordinator, promise=promise, change_note=" ")
    second = services.promise_new_version(
        actor=flen.coordinator, promise=promise, change_note="Polisens löfte förtydligat."
    )
    assert second.number == 2 and second.is_draft
    assert sorted(second.items.values_list("key", flat=True)) == sorted(
        first.items.values_list("key", flat=True)
    )
    services.promise_update(actor=flen.coordinator, version=second, values={"title": "Ny titel"})
    first.refresh_from_db()
    assert first.title == "Tryggare stationsområde"  # the published version is untouched
    # a later version is agreed again before it is published; the promise stays published
    with pytest.raises(ValidationError):
        services.promise_publish(actor=flen.coordinator, promise=promise)
    services.promise_agree_version(actor=flen.coordinator, promise=promise, agreed=True)
    promise.refresh_from_db()
    assert promise.status == "published"
    services.promise_publish(actor=flen.coordinator, promise=promise)
    promise.refresh_from_db()
    assert promise.status == "published"
    assert promise.versions.filter(state="published").count() == 2


def _round(tenant: Any, promise: Promise) -> Any:
    return services.round_open(
        actor=tenant.coordinator,
        promise=promise,
        title="Uppföljning 2025",
        as_of=dt.date(2025, 12, 31),
    )


def test_each_party_reports_its_own_items(world: Any) -> None:
    flen = world.flen
    promise = published_promise(flen)
    follow_up = _round(flen, promise)
    items = {i.responsible: i for i in promise.versions.get().items.all()}
    report = services.item_report(
        actor=flen.police,
        follow_up=follow_up,
        item=items["police"],
        party="police",
        done="Fotpatrull 30 av 34 fredagar.",
        rating="green",
    )
    assert report.reported_by == flen.police
    with pytest.raises(PermissionDenied):  # the kommun does not report for the police
        services.item_report(
            actor=flen.coordinator,
            follow_up=follow_up,
            item=items["police"],
            party="police",
            done="x",
            rating="green",
        )
    with pytest.raises(PermissionDenied):  # nor the police for the kommun
        services.item_report(
            actor=flen.police,
            follow_up=follow_up,
            item=items["municipality"],
            party="municipality",
            done="x",
            rating="green",
        )
    with pytest.raises(PermissionDenied):  # a party the item does not have
        services.item_report(
            actor=flen.police,
            follow_up=follow_up,
            item=items["municipality"],
            party="police",
            done="x",
            rating="green",
        )
    # a joint item: each party its own part
    services.item_report(
        actor=flen.police,
        follow_up=follow_up,
        item=items["both"],
        party="police",
        done="Deltog i båda vandringarna.",
        rating="green",
    )
    services.item_report(
        actor=flen.coordinator,
        follow_up=follow_up,
        item=items["both"],
        party="municipality",
        done="Två vandringar, en kvällstid.",
        outcome="2 av 2",
        value="2",
        rating="green",
    )
    assert ItemReport.objects.filter(item=items["both"]).count() == 2


def test_sign_off_and_publish_the_round(world: Any) -> None:
    flen = world.flen
    promise = published_promise(flen)
    follow_up = _round(flen, promise)
    items = {i.responsible: i for i in promise.versions.get().items.all()}
    with pytest.raises(ValidationError):  # nothing reported yet
        services.round_sign_off(
            actor=flen.police,
            follow_up=follow_up,
            party="police",
            name="Anna Lind",
            title="Lokalpolisområdeschef",
        )
    for item, party in ((items["police"], "police"), (items["both"], "police")):
        services.item_report(
            actor=flen.police,
            follow_up=follow_up,
            item=item,
            party=party,
            done="Gjort.",
            rating="yellow",
        )
    services.round_sign_off(
        actor=flen.police,
        follow_up=follow_up,
        party="police",
        name="Anna Lind",
        title="Lokalpolisområdeschef",
    )
    with pytest.raises(ValidationError):  # signed off: the police part is frozen
        services.item_report(
            actor=flen.police,
            follow_up=follow_up,
            item=items["police"],
            party="police",
            done="Ändrat.",
            rating="green",
        )
    with pytest.raises(ValidationError):  # the kommun has not signed off
        services.round_publish(actor=flen.coordinator, follow_up=follow_up)
    for item in (items["municipality"], items["both"]):
        services.item_report(
            actor=flen.coordinator,
            follow_up=follow_up,
            item=item,
            party="municipality",
            done="Gjort.",
            rating="green",
        )
    services.round_sign_off(
        actor=flen.coordinator,
        follow_up=follow_up,
        party="municipality",
        name="Per Berg",
        title="Kommunstyrelsens ordförande",
    )
    with pytest.raises(PermissionDenied):
        services.round_publish(actor=flen.police, follow_up=follow_up)
    services.round_publish(actor=flen.coordinator, follow_up=follow_up)
    promise.refresh_from_db()
    assert promise.status == "followed_up"
    with pytest.raises(ValidationError):
        services.item_report(
            actor=flen.coordinator,
            follow_up=follow_up,
            item=items["municipality"],
            party="municipality",
            done="Sent.",
            rating="green",
        )


def test_the_next_promise_copies_the_open_items(world: Any) -> None:
    flen = world.flen
    promise = published_promise(flen)
    follow_up = _round(flen, promise)
    items = {i.responsible: i for i in promise.versions.get().items.all()}
    services.item_report(
        actor=flen.coordinator,
        follow_up=follow_up,
        item=items["municipality"],
        party="municipality",
        done="Belysningen är klar.",
        rating="green",
    )
    services.item_report(  # a joint item green for one party only stays open
        actor=flen.coordinator,
        follow_up=follow_up,
        item=items["both"],
        party="municipality",
        done="En vandring.",
        rating="green",
    )
    with pytest.raises(ValidationError):
        services.promise_start_next(
            actor=flen.coordinator, promise=promise, first_year=2025, last_year=2025
        )
    new = services.promise_start_next(
        actor=flen.coordinator, promise=promise, first_year=2027, last_year=2028
    )
    assert new.predecessor == promise and new.status == "draft"
    copied = list(new.versions.get().items.order_by("position"))
    assert [i.responsible for i in copied] == ["police", "both"]
    assert not {i.key for i in copied} & {i.key for i in items.values()}


def test_agreement_versions_and_the_signed_pdf(world: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    flen = world.flen
    parties = [
        services.PartyInput(
            "Flens kommun", "En trygghetssamordnare på heltid.", flen.org_municipal
        ),
        services.PartyInput("Lokalpolisområde Katrineholm", "Kommunpolis två dagar i veckan."),
    ]
    with pytest.raises(ValidationError) as error:
        services.agreement_create(
            actor=flen.coordinator,
            municipality=flen.municipality,
            values={
                "title": "Samverkan",
                "period_start": dt.date(2023, 6, 1),
                "period_end": dt.date(2023, 1, 1),
                "focus_areas": "",
            },
            parties=parties[:1],
        )
    assert {"period_end", "focus_areas", "parties"} <= set(error.value.message_dict)
    agreement = services.agreement_create(
        actor=flen.coordinator,
        municipality=flen.municipality,
        values={
            "title": "Samverkansöverenskommelse",
            "period_start": dt.date(2023, 6, 1),
            "period_end": dt.date(2026, 12, 31),
            "focus_areas": "Stationsområdet\nBoendemiljöer",
        },
        parties=parties,
        signatories=[
            services.SignatoryInput("Per Berg", "Kommunstyrelsens ordförande", "Flens kommun")
        ],
    )
    version = agreement.versions.get()
    with pytest.raises(ValidationError):
        services.agreement_attach_document(
            actor=flen.coordinator,
            version=version,
            upload=SimpleUploadedFile("avtal.pdf", b"<html>not a pdf</html>"),
        )
    services.agreement_attach_document(
        actor=flen.coordinator,
        version=version,
        upload=SimpleUploadedFile("avtal.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    services.agreement_sign(actor=flen.coordinator, version=version)
    version.refresh_from_db()
    assert version.state == "published" and version.document_name == "avtal.pdf"
    with pytest.raises(ValidationError):
        services.agreement_update(actor=flen.coordinator, version=version, values={"title": "Y"})
    second = services.agreement_new_version(
        actor=flen.coordinator, agreement=agreement, change_note="Ny kommunpolis."
    )
    assert second.number == 2 and [p.name for p in second.parties.all()] == [
        "Flens kommun",
        "Lokalpolisområde Katrineholm",
    ]
    with pytest.raises(PermissionDenied):
        services.agreement_new_version(actor=flen.police, agreement=agreement, change_note="x")


def test_dates_lie_within_the_promise(world: Any) -> None:
    flen = world.flen
    version = make_promise(flen, first_year=2027, last_year=2027).versions.get()
    with pytest.raises(ValidationError) as error:
        services.item_save(
            actor=flen.coordinator,
            version=version,
            values=item_values(deadline=dt.date(2030, 1, 1)),
        )
    assert "deadline" in error.value.message_dict
    promise = published_promise(flen, first_year=2027, last_year=2027)
    with pytest.raises(ValidationError) as error:
        services.round_open(
            actor=flen.coordinator,
            promise=promise,
            title="Uppföljning",
            as_of=dt.date(2026, 12, 7),
        )
    assert "as_of" in error.value.message_dict


def test_a_follow_up_is_of_a_day_in_the_period_and_not_to_come(world: Any) -> None:
    """A follow-up judges what was done: never as of a day to come or outside the period
    (the walkthrough opened one "as of 2030" and got a verdict for a promise not begun)."""
    flen = world.flen
    promise = published_promise(flen)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    for as_of in (tomorrow, dt.date(promise.last_year + 1, 1, 1), dt.date(2020, 6, 1)):
        with pytest.raises(ValidationError) as error:
            services.round_open(
                actor=flen.coordinator, promise=promise, title="Uppföljning", as_of=as_of
            )
        assert "as_of" in error.value.message_dict
    assert not promise.rounds.exists()


def test_a_promise_is_not_closed_while_a_follow_up_is_open(world: Any) -> None:
    flen = world.flen
    promise = published_promise(flen)
    _round(flen, promise)
    with pytest.raises(ValidationError) as error:
        services.promise_set_status(actor=flen.coordinator, promise=promise, status="closed")
    assert "status" in error.value.message_dict
    promise.refresh_from_db()
    assert promise.status == "published"


def test_a_closed_promise_without_published_follow_up_reopens_as_published(world: Any) -> None:
    flen = world.flen
    promise = published_promise(flen)
    services.promise_set_status(actor=flen.coordinator, promise=promise, status="closed")
    promise.refresh_from_db()
    assert allowed_statuses(promise) == ["published"]
    with pytest.raises(ValidationError):
        services.promise_set_status(actor=flen.coordinator, promise=promise, status="followed_up")
    services.promise_set_status(actor=flen.coordinator, promise=promise, status="published")


@pytest.mark.parametrize(
    "name",
    ["Anna Berg 19850101-1234", "Anna Berg 850101–1234", "Anna Berg １９８５０１０１１２３４"],
)
def test_a_sign_off_name_refuses_any_number_shaped_like_a_personnummer(
    world: Any, name: str
) -> None:
    """Sign-offs are public: a date-shaped ten or twelve digits is refused whatever its
    check digit (19850101-1234 fails the check digit and was published in the walkthrough)."""
    flen = world.flen
    promise = published_promise(flen)
    follow_up = _round(flen, promise)
    item = promise.versions.get().items.get(responsible="police")
    services.item_report(
        actor=flen.police,
        follow_up=follow_up,
        item=item,
        party="police",
        done="Klart.",
        rating="green",
    )
    both = promise.versions.get().items.get(responsible="both")
    services.item_report(
        actor=flen.police,
        follow_up=follow_up,
        item=both,
        party="police",
        done="Klart.",
        rating="green",
    )
    with pytest.raises(ValidationError) as error:
        services.round_sign_off(
            actor=flen.police, follow_up=follow_up, party="police", name=name, title="Chef"
        )
    assert "name" in error.value.message_dict
    assert not follow_up.signoffs.exists()


def test_a_partner_item_needs_someone_who_can_follow_it_up(world: Any) -> None:
    """Reporters do not see promises: a partner whose members are all reporters could never
    sign off, and the round could never be published."""
    from trygg.accounts.models import Membership, Organisation

    flen = world.flen
    version = make_promise(flen).versions.get()
    only_reporters = Organisation.objects.create(
        municipality=flen.municipality, name="Nattvandrarna (test)"
    )
    Membership.objects.create(
        user=flen.reporter,
        organisation=only_reporters,
        municipality=flen.municipality,
        role="reporter",
    )
    with pytest.raises(ValidationError) as error:
        services.item_save(
            actor=flen.coordinator,
            version=version,
            values=item_values(responsible="partner", partner=only_reporters),
        )
    assert "partner" in error.value.message_dict
