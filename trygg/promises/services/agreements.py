"""Writes of samverkansöverenskommelser: create, edit a draft version, attach the signed PDF,
sign (publish) a version, start a new version. Coordinators only (``promise.manage``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.models import Organisation
from trygg.accounts.types import Actor, person_of
from trygg.core import audit
from trygg.core.pii import contains_pnr_shaped
from trygg.core.validators import screened
from trygg.places.models import Municipality
from trygg.promises.choices import VersionState
from trygg.promises.limits import MAX_DOCUMENT_BYTES, MAX_NAME, MAX_NOTE, MAX_TEXT, MAX_TITLE
from trygg.promises.models import (
    Agreement,
    AgreementParty,
    AgreementSignatory,
    AgreementVersion,
)
from trygg.promises.services.common import (
    NO_ID_NUMBER,
    Errors,
    check,
    check_date,
    clean_texts,
    must_be_draft,
    public_changed,
    raise_if,
    require,
)

VERSION_TEXT = screened(
    "promises.AgreementVersion", "title", "focus_areas", "summary", "change_note", "document_name"
)
PARTY_TEXT = screened("promises.AgreementParty", "name", "resources")
SIGNATORY_TEXT = screened("promises.AgreementSignatory", "name", "title", "party")

VERSION_LIMITS = {"title": MAX_TITLE, "focus_areas": MAX_TEXT, "summary": MAX_TEXT}
AUDIT_FIELDS = ["title", "period_start", "period_end", "focus_areas", "summary"]
MAX_PARTIES = 10
MAX_SIGNATORIES = 10


@dataclass(frozen=True)
class PartyInput:
    name: str
    resources: str = ""
    organisation: Organisation | None = None


@dataclass(frozen=True)
class SignatoryInput:
    name: str
    title: str
    party: str = ""
    signed_on: dt.date | None = None


def _clean_version(
    municipality: Municipality, values: dict[str, Any], errors: Errors
) -> dict[str, Any]:
    cleaned: dict[str, Any] = clean_texts(VERSION_TEXT, values, VERSION_LIMITS, errors)
    require(errors, cleaned, "title", _("Give the agreement a title."))
    require(errors, cleaned, "focus_areas", _("Name at least one focus area."))
    for name in ("period_start", "period_end"):
        if name in values:
            check_date(values[name], name, errors, required=True)
            cleaned[name] = values[name]
    start, end = cleaned.get("period_start"), cleaned.get("period_end")
    if start and end and "period_end" not in errors and end <= start:
        errors.setdefault("period_end", []).append(_("The end must come after the start."))
    return cleaned


def _clean_parties(
    municipality: Municipality, parties: Sequence[PartyInput], errors: Errors
) -> list[PartyInput]:
    cleaned: list[PartyInput] = []
    if len(parties) > MAX_PARTIES:
        errors.setdefault("parties", []).append(_("At most %(n)d parties.") % {"n": MAX_PARTIES})
        return cleaned
    for index, party in enumerate(parties, start=1):
        row: Errors = {}
        texts = clean_texts(
            PARTY_TEXT,
            {"name": party.name, "resources": party.resources},
            {"name": MAX_NAME, "resources": MAX_TEXT},
            row,
        )
        org = party.organisation
        if org is not None and org.municipality_id != municipality.pk:
            row.setdefault("organisation", []).append(_("Choose from the list."))
        if not texts.get("name") and "name" not in row:
            if org is not None:
                texts["name"] = org.name
            else:
                row.setdefault("name", []).append(_("Name the party."))
        for messages in row.values():
            errors.setdefault("parties", []).extend(
                _("Party %(n)d: %(message)s") % {"n": index, "message": m} for m in messages
            )
        if not row:
            cleaned.append(PartyInput(texts["name"], texts.get("resources", ""), org))
    if (not cleaned and "parties" not in errors) or (len(cleaned) < 2 and "parties" not in errors):
        errors.setdefault("parties", []).append(_("An agreement has at least two parties."))
    return cleaned


def _clean_signatories(
    signatories: Sequence[SignatoryInput], errors: Errors
) -> list[SignatoryInput]:
    cleaned: list[SignatoryInput] = []
    if len(signatories) > MAX_SIGNATORIES:
        errors.setdefault("signatories", []).append(
            _("At most %(n)d signatories.") % {"n": MAX_SIGNATORIES}
        )
        return cleaned
    for index, person in enumerate(signatories, start=1):
        row: Errors = {}
        texts = clean_texts(
            SIGNATORY_TEXT,
            {"name": person.name, "title": person.title, "party": person.party},
            {"name": MAX_NAME, "title": MAX_NAME, "party": MAX_NAME},
            row,
        )
        require(row, texts, "name", _("Give the signatory's name."))
        require(row, texts, "title", _("Give the signatory's title."))
        for field in ("name", "title", "party"):
            if field not in row and contains_pnr_shaped(texts.get(field, "")):
                row.setdefault(field, []).append(NO_ID_NUMBER())
        check_date(person.signed_on, "signed_on", row)
        for messages in row.values():
            errors.setdefault("signatories", []).extend(
                _("Signatory %(n)d: %(message)s") % {"n": index, "message": m} for m in messages
            )
        if not row:
            cleaned.append(
                SignatoryInput(texts["name"], texts["title"], texts["party"], person.signed_on)
            )
    return cleaned


def _write_children(
    version: AgreementVersion, parties: list[PartyInput], signatories: list[SignatoryInput]
) -> None:
    version.parties.all().delete()
    version.signatories.all().delete()
    AgreementParty.objects.bulk_create(
        AgreementParty(
            version=version,
            position=i,
            organisation=p.organisation,
            name=p.name,
            resources=p.resources,
        )
        for i, p in enumerate(parties)
    )
    AgreementSignatory.objects.bulk_create(
        AgreementSignatory(
            version=version,
            position=i,
            name=s.name,
            title=s.title,
            party=s.party,
            signed_on=s.signed_on,
        )
        for i, s in enumerate(signatories)
    )


def agreement_create(
    *,
    actor: Actor,
    municipality: Municipality,
    values: dict[str, Any],
    parties: Sequence[PartyInput],
    signatories: Sequence[SignatoryInput] = (),
) -> Agreement:
    check(actor, "promise.manage", municipality)
    errors: Errors = {}
    full = {
        name: values.get(name)
        for name in ("title", "period_start", "period_end", "focus_areas", "summary")
    }
    cleaned = _clean_version(municipality, full, errors)
    clean_parties = _clean_parties(municipality, parties, errors)
    clean_signatories = _clean_signatories(signatories, errors)
    raise_if(errors)
    with transaction.atomic():
        agreement = Agreement.objects.create(municipality=municipality)
        version = AgreementVersion.objects.create(agreement=agreement, number=1, **cleaned)
        _write_children(version, clean_parties, clean_signatories)
        audit.record(
            actor=actor,
            action="agreement.create",
            target=version,
            municipality=municipality,
            changes=audit.created(version, AUDIT_FIELDS),
            target_repr=version.title,
        )
    return agreement


def agreement_update(
    *,
    actor: Actor,
    version: AgreementVersion,
    values: dict[str, Any],
    parties: Sequence[PartyInput] | None = None,
    signatories: Sequence[SignatoryInput] | None = None,
) -> AgreementVersion:
    municipality = version.agreement.municipality
    check(actor, "promise.manage", municipality)
    must_be_draft(version)
    errors: Errors = {}
    cleaned = _clean_version(municipality, values, errors)
    if (
        "period_start" in cleaned
        and "period_end" not in cleaned
        and "period_start" not in errors
        and version.period_end <= cleaned["period_start"]
    ):
        errors.setdefault("period_end", []).append(_("The end must come after the start."))
    clean_parties = _clean_parties(municipality, parties, errors) if parties is not None else None
    clean_signatories = _clean_signatories(signatories, errors) if signatories is not None else None
    if "change_note" in values:
        note = clean_texts(VERSION_TEXT, values, {"change_note": MAX_NOTE}, errors)
        cleaned.update(note)
    raise_if(errors)
    with transaction.atomic():
        version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
        must_be_draft(version)
        before = audit.snapshot(version, AUDIT_FIELDS)
        for name, value in cleaned.items():
            setattr(version, name, value)
        version.save()
        extras: dict[str, Any] = {"version": version.number}
        if clean_parties is not None or clean_signatories is not None:
            if clean_parties is None:
                clean_parties = [
                    PartyInput(p.name, p.resources, p.organisation) for p in version.parties.all()
                ]
            if clean_signatories is None:
                clean_signatories = [
                    SignatoryInput(s.name, s.title, s.party, s.signed_on)
                    for s in version.signatories.all()
                ]
            _write_children(version, clean_parties, clean_signatories)
            extras["parties"] = ", ".join(p.name for p in clean_parties)
            extras["signatories"] = ", ".join(s.name for s in clean_signatories)
        audit.record(
            actor=actor,
            action="agreement.update",
            target=version,
            municipality=municipality,
            changes={**audit.diff(before, audit.snapshot(version, AUDIT_FIELDS)), **extras},
            target_repr=version.title,
        )
    return version


PDF_MAGIC = b"%PDF-"


def agreement_attach_document(
    *, actor: Actor, version: AgreementVersion, upload: UploadedFile
) -> AgreementVersion:
    """Attach the signed agreement: a PDF (checked by its first bytes, not its name) of at
    most ``MAX_DOCUMENT_BYTES``."""
    municipality = version.agreement.municipality
    check(actor, "promise.manage", municipality)
    must_be_draft(version)
    size = upload.size or 0
    if size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            {
                "document": _("The file is too large: at most %(mb)d MB.")
                % {"mb": MAX_DOCUMENT_BYTES // (1024 * 1024)}
            }
        )
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if size == 0 or head != PDF_MAGIC:
        raise ValidationError({"document": _("Attach the signed agreement as a PDF file.")})
    name = (upload.name or "avtal.pdf").rsplit("/", 1)[-1][:MAX_TITLE]
    errors: Errors = {}
    clean_name = clean_texts(
        VERSION_TEXT, {"document_name": name}, {"document_name": MAX_TITLE}, errors
    )
    if errors:
        raise ValidationError({"document": errors["document_name"]})
    with transaction.atomic():
        old = version.document.name if version.document else ""
        version.document.save("signed.pdf", upload, save=False)
        version.document_name = clean_name["document_name"]
        version.save(update_fields=["document", "document_name", "updated_at"])
        audit.record(
            actor=actor,
            action="agreement.document",
            target=version,
            municipality=municipality,
            changes={"version": version.number, "file": version.document_name, "bytes": size},
            target_repr=version.title,
        )
        if old:
            storage = version.document.storage
            transaction.on_commit(lambda: storage.delete(old))
    return version


def agreement_sign(*, actor: Actor, version: AgreementVersion) -> AgreementVersion:
    """Record the version as signed: from now on it is immutable and its summary public."""
    municipality = version.agreement.municipality
    check(actor, "promise.manage", municipality)
    must_be_draft(version)
    if not version.signatories.exists():
        raise ValidationError(
            {"signatories": _("Add the signatories before recording the agreement as signed.")}
        )
    with transaction.atomic():
        version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
        must_be_draft(version)
        version.state = VersionState.PUBLISHED
        version.published_at = timezone.now()
        version.published_by = person_of(actor)
        version.save(update_fields=["state", "published_at", "published_by", "updated_at"])
        public_changed(municipality)
        audit.record(
            actor=actor,
            action="agreement.sign",
            target=version,
            municipality=municipality,
            changes={"version": version.number},
            target_repr=version.title,
        )
    return version


def agreement_new_version(
    *, actor: Actor, agreement: Agreement, change_note: str
) -> AgreementVersion:
    """A new draft version, a copy of the latest one, with the note of what changes."""
    municipality = agreement.municipality
    check(actor, "promise.manage", municipality)
    errors: Errors = {}
    note = clean_texts(
        VERSION_TEXT, {"change_note": change_note}, {"change_note": MAX_NOTE}, errors
    )
    require(errors, note, "change_note", _("Say what changes in the new version."))
    raise_if(errors)
    with transaction.atomic():
        Agreement.objects.select_for_update().filter(pk=agreement.pk).first()
        latest = agreement.versions.order_by("-number").first()
        if latest is None or latest.is_draft:
            raise ValidationError(_("The agreement already has a draft version; edit that one."))
        version = AgreementVersion.objects.create(
            agreement=agreement,
            number=latest.number + 1,
            title=latest.title,
            period_start=latest.period_start,
            period_end=latest.period_end,
            focus_areas=latest.focus_areas,
            summary=latest.summary,
            change_note=note["change_note"],
        )
        _write_children(
            version,
            [PartyInput(p.name, p.resources, p.organisation) for p in latest.parties.all()],
            [SignatoryInput(s.name, s.title, s.party, None) for s in latest.signatories.all()],
        )
        audit.record(
            actor=actor,
            action="agreement.new_version",
            target=version,
            municipality=municipality,
            changes={"version": version.number, "change_note": version.change_note},
            target_repr=version.title,
        )
    return version
