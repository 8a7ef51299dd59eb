"""The personal-data behaviour tests of the promises app's screened fields (issue 10): one
writer per field, each called with a personnummer written with an en dash."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

Writers = dict[tuple[str, str], Callable[[], Any]]


def promise_writers(world: Any, pnr: str) -> Writers:
    from trygg.promises import services
    from trygg.promises.tests.helpers import item_values, make_promise, published_promise

    flen = world.flen
    coordinator = flen.coordinator
    draft = make_promise(flen).versions.get()
    published = published_promise(flen, first_year=2024, last_year=2024)
    follow_up = services.round_open(
        actor=coordinator, promise=published, title="Uppföljning", as_of=dt.date(2024, 12, 31)
    )
    kommun_item = published.versions.get().items.get(responsible="municipality")

    def agreement(**overrides: Any) -> Any:
        values = {
            "title": "Avtal",
            "period_start": dt.date(2025, 1, 1),
            "period_end": dt.date(2026, 12, 31),
            "focus_areas": "Centrum",
        }
        parties = overrides.pop(
            "parties", [services.PartyInput("Kommunen"), services.PartyInput("Polisen")]
        )
        signatories = overrides.pop("signatories", [])
        values.update(overrides)
        return services.agreement_create(
            actor=coordinator,
            municipality=flen.municipality,
            values=values,
            parties=parties,
            signatories=signatories,
        )

    draft_agreement = agreement().versions.get()

    def document() -> Any:
        upload = SimpleUploadedFile(f"avtal {pnr}.pdf", b"%PDF-1.4\n%%EOF")
        return services.agreement_attach_document(
            actor=coordinator, version=draft_agreement, upload=upload
        )

    def signoff(**values: str) -> Any:
        services.item_report(
            actor=coordinator,
            follow_up=follow_up,
            item=kommun_item,
            party="municipality",
            done="Klart.",
            rating="green",
        )
        for item in published.versions.get().items.filter(responsible="both"):
            services.item_report(
                actor=coordinator,
                follow_up=follow_up,
                item=item,
                party="municipality",
                done="Klart.",
                rating="green",
            )
        return services.round_sign_off(
            actor=coordinator, follow_up=follow_up, party="municipality", **values
        )

    def version_with(**values: str) -> Callable[[], Any]:
        return lambda: services.promise_update(actor=coordinator, version=draft, values=values)

    return {
        ("promises.AgreementVersion", "title"): lambda: agreement(title=pnr),
        ("promises.AgreementVersion", "focus_areas"): lambda: agreement(focus_areas=pnr),
        ("promises.AgreementVersion", "summary"): lambda: agreement(summary=pnr),
        ("promises.AgreementVersion", "change_note"): lambda: services.agreement_update(
            actor=coordinator, version=draft_agreement, values={"change_note": pnr}
        ),
        ("promises.AgreementVersion", "document_name"): document,
        ("promises.AgreementParty", "name"): lambda: agreement(
            parties=[services.PartyInput(pnr), services.PartyInput("Polisen")]
        ),
        ("promises.AgreementParty", "resources"): lambda: agreement(
            parties=[services.PartyInput("Kommunen", pnr), services.PartyInput("Polisen")]
        ),
        ("promises.AgreementSignatory", "name"): lambda: agreement(
            signatories=[services.SignatoryInput(pnr, "Ordförande")]
        ),
        ("promises.AgreementSignatory", "title"): lambda: agreement(
            signatories=[services.SignatoryInput("Anna", pnr)]
        ),
        ("promises.AgreementSignatory", "party"): lambda: agreement(
            signatories=[services.SignatoryInput("Anna", "Ordförande", pnr)]
        ),
        ("promises.PromiseVersion", "title"): version_with(title=pnr),
        ("promises.PromiseVersion", "scope"): version_with(scope=pnr),
        ("promises.PromiseVersion", "situation"): version_with(situation=pnr),
        ("promises.PromiseVersion", "goals"): version_with(goals=pnr),
        ("promises.PromiseVersion", "change_note"): version_with(change_note=pnr),
        ("promises.PromiseItem", "text"): lambda: services.item_save(
            actor=coordinator, version=draft, values=item_values(text=pnr)
        ),
        ("promises.PromiseItem", "target_text"): lambda: services.item_save(
            actor=coordinator, version=draft, values=item_values(target_text=pnr)
        ),
        ("promises.PromiseBasis", "note"): lambda: services.basis_add(
            actor=coordinator, version=draft, kind="est", note=pnr
        ),
        ("promises.PromiseActivity", "text"): lambda: services.activity_add(
            actor=coordinator, version=draft, text=pnr, responsible="both"
        ),
        ("promises.PromiseActivity", "when"): lambda: services.activity_add(
            actor=coordinator, version=draft, text="Vandring", responsible="both", when=pnr
        ),
        ("promises.FollowUpRound", "title"): lambda: services.round_open(
            actor=coordinator, promise=published, title=pnr, as_of=dt.date(2024, 12, 31)
        ),
        ("promises.ItemReport", "done"): lambda: services.item_report(
            actor=coordinator,
            follow_up=follow_up,
            item=kommun_item,
            party="municipality",
            done=pnr,
            rating="green",
        ),
        ("promises.ItemReport", "outcome"): lambda: services.item_report(
            actor=coordinator,
            follow_up=follow_up,
            item=kommun_item,
            party="municipality",
            done="Gjort.",
            outcome=pnr,
            rating="green",
        ),
        ("promises.SignOff", "name"): lambda: signoff(name=pnr, title="Ordförande"),
        ("promises.SignOff", "title"): lambda: signoff(name="Anna", title=pnr),
    }


#: where the service reports each field's error when it is not under the field's own name
ERROR_KEYS = {
    ("promises.AgreementParty", "name"): "parties",
    ("promises.AgreementParty", "resources"): "parties",
    ("promises.AgreementSignatory", "name"): "signatories",
    ("promises.AgreementSignatory", "title"): "signatories",
    ("promises.AgreementSignatory", "party"): "signatories",
    ("promises.AgreementVersion", "document_name"): "document",
}
