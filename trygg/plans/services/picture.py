"""Writes of the lägesbild över brottsligheten (lag 2023:196 §4): the picture and its draft
version, the source register, the figures, the findings, the decision (which freezes every
figure's table), publication on the public pages and new versions.

Only coordinators write (``crime_picture.manage``). A decided version never changes: every
service here refuses it, and a change is a new version with a change note. Every free-text
field is screened for personal data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.types import Actor, person_of
from trygg.core import audit
from trygg.core.validators import screened
from trygg.places.models import Area, Municipality
from trygg.plans import figures as figure_tables
from trygg.plans.choices import DocumentState, FigureKind, PicturePart, SourceKind
from trygg.plans.limits import (
    MAX_DIARY,
    MAX_FIGURES,
    MAX_FINDING,
    MAX_FINDINGS,
    MAX_MEASURE_CODE,
    MAX_PART_TEXT,
    MAX_ROW_TEXT,
    MAX_SHORT,
    MAX_SOURCES,
    MAX_TITLE,
    MAX_YEAR,
    MIN_YEAR,
)
from trygg.plans.models import (
    CrimePicture,
    CrimePictureFigure,
    CrimePictureFinding,
    CrimePictureSource,
    CrimePictureVersion,
)
from trygg.promises.services.common import (
    Errors,
    check,
    check_date,
    clean_texts,
    public_changed,
    raise_if,
    require,
)

VERSION_TEXT = screened(
    "plans.CrimePictureVersion",
    "title",
    "summary",
    "part_mapping",
    "part_other",
    "part_analysis",
    "position_on_measures",
    "change_note",
    "deciding_body",
    "diary_number",
    "paragraph",
)
SOURCE_TEXT = screened("plans.CrimePictureSource", "name", "period", "why_chosen", "limitations")
FIGURE_TEXT = screened("plans.CrimePictureFigure", "caption", "measure_code")
FINDING_TEXT = screened("plans.CrimePictureFinding", "text")

VERSION_LIMITS = {
    "title": MAX_TITLE,
    "summary": MAX_ROW_TEXT,
    "part_mapping": MAX_PART_TEXT,
    "part_other": MAX_PART_TEXT,
    "part_analysis": MAX_PART_TEXT,
    "position_on_measures": MAX_PART_TEXT,
    "change_note": MAX_ROW_TEXT,
}
VERSION_FIELDS = ["title", "period_start", "period_end", *list(VERSION_LIMITS)[1:]]
PARTS = ("part_mapping", "part_other", "part_analysis", "position_on_measures")
DECISION_LIMITS = {"deciding_body": MAX_SHORT, "diary_number": MAX_DIARY, "paragraph": MAX_DIARY}
SOURCE_LIMITS = {
    "name": MAX_SHORT,
    "period": MAX_SHORT,
    "why_chosen": MAX_ROW_TEXT,
    "limitations": MAX_ROW_TEXT,
}
SOURCE_FIELDS = ["kind", *SOURCE_LIMITS]
FIGURE_FIELDS = ["kind", "part", "year", "measure_code", "caption"]
MAX_PERIOD_DAYS = 5 * 366


def must_be_draft(version: CrimePictureVersion) -> None:
    """Decided versions are immutable: a change is a new version."""
    if not version.is_draft:
        raise ValidationError(
            _("This version is decided and cannot be changed. Start a new version to change it.")
        )


def _municipality(version: CrimePictureVersion) -> Municipality:
    return version.picture.municipality


def _repr(version: CrimePictureVersion) -> str:
    return f"{version.title} v{version.number}"


def _check_period(start: Any, end: Any, errors: Errors) -> None:
    check_date(start, "period_start", errors, required=True)
    check_date(end, "period_end", errors, required=True)
    if errors.get("period_start") or errors.get("period_end"):
        return
    if end < start:
        errors.setdefault("period_end", []).append(_("The period cannot end before it starts."))
    elif (end - start).days > MAX_PERIOD_DAYS:
        errors.setdefault("period_end", []).append(_("A crime picture covers at most five years."))


def _clean_version(values: dict[str, Any], errors: Errors) -> dict[str, Any]:
    cleaned: dict[str, Any] = clean_texts(VERSION_TEXT, values, VERSION_LIMITS, errors)
    require(errors, cleaned, "title", _("Give the crime picture a title."))
    return cleaned


# --- the picture and its draft ---------------------------------------------------------------


def picture_create(
    *, actor: Actor, municipality: Municipality, values: dict[str, Any]
) -> CrimePicture:
    """A new lägesbild with its first (draft) version."""
    check(actor, "crime_picture.manage", municipality)
    errors: Errors = {}
    values = {"title": values.get("title"), **values}
    cleaned = _clean_version({k: v for k, v in values.items() if k != "change_note"}, errors)
    _check_period(values.get("period_start"), values.get("period_end"), errors)
    raise_if(errors)
    with transaction.atomic():
        picture = CrimePicture.objects.create(municipality=municipality)
        version = CrimePictureVersion.objects.create(
            picture=picture,
            number=1,
            period_start=values["period_start"],
            period_end=values["period_end"],
            **cleaned,
        )
        audit.record(
            actor=actor,
            action="crime_picture.create",
            target=picture,
            municipality=municipality,
            changes=audit.created(version, VERSION_FIELDS),
            target_repr=_repr(version),
        )
    return picture


def picture_update(
    *, actor: Actor, version: CrimePictureVersion, values: dict[str, Any]
) -> CrimePictureVersion:
    """Change the draft: title, period, summary, the three parts, the position on measures
    and (from version 2) the change note. Only the given fields change."""
    municipality = _municipality(version)
    check(actor, "crime_picture.manage", municipality)
    must_be_draft(version)
    errors: Errors = {}
    cleaned = _clean_version(values, errors)
    if "period_start" in values or "period_end" in values:
        _check_period(
            values.get("period_start", version.period_start),
            values.get("period_end", version.period_end),
            errors,
        )
        for name in ("period_start", "period_end"):
            if name in values and not errors.get(name):
                cleaned[name] = values[name]
    raise_if(errors)
    with transaction.atomic():
        version = CrimePictureVersion.objects.select_for_update().get(pk=version.pk)
        must_be_draft(version)
        before = audit.snapshot(version, VERSION_FIELDS)
        for name, value in cleaned.items():
            setattr(version, name, value)
        version.save()
        changed = audit.diff(before, audit.snapshot(version, VERSION_FIELDS))
        if changed:
            audit.record(
                actor=actor,
                action="crime_picture.update",
                target=version.picture,
                municipality=municipality,
                changes={**changed, "version": version.number},
                target_repr=_repr(version),
            )
    return version


# --- the source register ---------------------------------------------------------------------


def _clean_source(values: dict[str, Any], errors: Errors) -> dict[str, Any]:
    cleaned: dict[str, Any] = clean_texts(SOURCE_TEXT, values, SOURCE_LIMITS, errors)
    require(errors, cleaned, "name", _("Name the source."))
    if "kind" in values:
        if values["kind"] not in SourceKind.values:
            errors.setdefault("kind", []).append(_("Choose from the list."))
        else:
            cleaned["kind"] = values["kind"]
    return cleaned


def source_add(
    *, actor: Actor, version: CrimePictureVersion, values: dict[str, Any]
) -> CrimePictureSource:
    municipality = _municipality(version)
    check(actor, "crime_picture.manage", municipality)
    must_be_draft(version)
    errors: Errors = {}
    cleaned = _clean_source(
        {"name": values.get("name"), "kind": values.get("kind"), **values}, errors
    )
    if version.sources.count() >= MAX_SOURCES:
        errors.setdefault("name", []).append(
            _("A crime picture has at most %(n)d sources.") % {"n": MAX_SOURCES}
        )
    raise_if(errors)
    with transaction.atomic():
        source = CrimePictureSource.objects.create(
            version=version, position=version.sources.count(), **cleaned
        )
        audit.record(
            actor=actor,
            action="crime_picture.source",
            target=version.picture,
            municipality=municipality,
            changes={**audit.created(source, SOURCE_FIELDS), "version": version.number},
            target_repr=source.name,
        )
    return source


def source_update(
    *, actor: Actor, source: CrimePictureSource, values: dict[str, Any]
) -> CrimePictureSource:
    version = source.version
    municipality = _municipality(version)
    check(actor, "crime_picture.manage", municipality)
    must_be_draft(version)
    errors: Errors = {}
    cleaned = _clean_source(values, errors)
    raise_if(errors)
    with transaction.atomic():
        before = audit.snapshot(source, SOURCE_FIELDS)
        for name, value in cleaned.items():
            setattr(source, name, value)
        source.save()
        changed = audit.diff(before, audit.snapshot(source, SOURCE_FIELDS))
        if changed:
            audit.record(
                actor=actor,
                action="crime_picture.source",
                target=version.picture,
                municipality=municipality,
                changes={**changed, "version": version.number},
                target_repr=source.name,
            )
    return source


def source_remove(*, actor: Actor, source: CrimePictureSource) -> None:
    """Remove a source row; figures that cited it fall back to their kind's default source."""
    _remove_row(
        actor,
        source,
        action="crime_picture.source",
        fields=["kind", "name"],
        target_repr=source.name,
        siblings="sources",
    )


def _remove_row(
    actor: Actor,
    row: Any,
    *,
    action: str,
    fields: list[str],
    target_repr: str,
    siblings: str = "",
    extra: dict[str, Any] | None = None,
) -> None:
    """Remove a source, figure or finding of a draft version, audited; with ``siblings`` (the
    version's related name) the rows after it close the gap in their order."""
    version = row.version
    municipality = _municipality(version)
    check(actor, "crime_picture.manage", municipality)
    must_be_draft(version)
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=action,
            target=version.picture,
            municipality=municipality,
            changes={
                **audit.removed(row, fields),
                "version": version.number,
                "removed": True,
                **(extra or {}),
            },
            target_repr=target_repr,
        )
        row.delete()
        if siblings:
            rows = list(getattr(version, siblings).order_by("position", "id"))
            _renumber(rows, type(row))


def _renumber(rows: list[Any], model: Any) -> None:
    for position, row in enumerate(rows):
        if row.position != position:
            model.objects.filter(pk=row.pk).update(position=position)


def _move(rows: list[Any], row: Any, up: bool, model: Any) -> bool:
    index = next(i for i, other in enumerate(rows) if other.pk == row.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(rows):
        return False
    rows[index], rows[other] = rows[other], rows[index]
    _renumber(rows, model)
    return True


def source_move(*, actor: Actor, source: CrimePictureSource, up: bool) -> None:
    version = source.version
    municipality = _municipality(version)
    check(actor, "crime_picture.manage", municipality)
    must_be_draft(version)
    with transaction.atomic():
        rows = list(version.sources.order_by("position", "id"))
        if _move(rows, source, up, CrimePictureSource):
            audit.record(
                actor=actor,
                action="crime_picture.source",
                target=version.picture,
                municipality=municipality,
                changes={"version": version.number, "moved": "up" if up else "down"},
                target_repr=source.name,
            )


# --- figures ---------------------------------------------------------------------------------


def figure_add(
    *,
    actor: Actor,
    version: CrimePictureVersion,
    kind: str,
    part: int = PicturePart.MAPPING,
    year: int | None = None,
    measure_code: str = "",
    caption: str = "",
    source: CrimePictureSource | None = None,
) -> CrimePictureFigure:
    """A figure computed from Trygg's data (shown live until the version is decided)."""
    municipality = _municipality(version)
    check(actor, "crime_picture.manage", municipality)
    must_be_draft(version)
    errors: Errors = {}
    cleaned = clean_texts(
        FIGURE_TEXT,
        {"caption": caption, "measure_code": measure_code},
        {"caption": MAX_SHORT, "measure_code": MAX_MEASURE_CODE},
        errors,
    )
    if kind not in FigureKind.values:
        errors.setdefault("kind", []).append(_("Choose from the list."))
    if part not in PicturePart.values:
        errors.setdefault("part", []).append(_("Choose from the list."))
    if year is not None and not (isinstance(year, int) and MIN_YEAR <= year <= MAX_YEAR):
        errors.setdefault("year", []).append(
            _("Give a year between %(a)d and %(b)d.") % {"a": MIN_YEAR, "b": MAX_YEAR}
        )
    if kind == FigureKind.STATISTIC_SERIES:
        code = cleaned.get("measure_code", "")
        if not errors.get("measure_code"):
            if not code:
                errors.setdefault("measure_code", []).append(
                    _("Choose the imported series to show.")
                )
            elif not municipality.statistic_values.filter(measure_code=code).exists():
                errors.setdefault("measure_code", []).append(
                    _("The municipality has imported no statistics with this code.")
                )
    else:
        cleaned["measure_code"] = ""
    if source is not None and source.version_id != version.pk:
        errors.setdefault("source", []).append(_("Choose from the list."))
    if version.figures.count() >= MAX_FIGURES:
        errors.setdefault("kind", []).append(
            _("A crime picture has at most %(n)d figures.") % {"n": MAX_FIGURES}
        )
    raise_if(errors)
    with transaction.atomic():
        figure = CrimePictureFigure.objects.create(
            version=version,
            position=version.figures.filter(part=part).count(),
            part=part,
            kind=kind,
            year=year,
            measure_code=cleaned["measure_code"],
            caption=cleaned["caption"],
            source=source,
        )
        audit.record(
            actor=actor,
            action="crime_picture.figure",
            target=version.picture,
            municipality=municipality,
            changes={**audit.created(figure, FIGURE_FIELDS), "version": version.number},
            target_repr=figure.get_kind_display(),
        )
    return figure


def figure_remove(*, actor: Actor, figure: CrimePictureFigure) -> None:
    _remove_row(
        actor,
        figure,
        action="crime_picture.figure",
        fields=["kind", "caption"],
        target_repr=figure.get_kind_display(),
    )


# --- findings --------------------------------------------------------------------------------


def _clean_finding(
    municipality: Municipality, text: str, area: Area | None, errors: Errors
) -> dict[str, Any]:
    cleaned: dict[str, Any] = clean_texts(
        FINDING_TEXT, {"text": text}, {"text": MAX_FINDING}, errors
    )
    require(errors, cleaned, "text", _("Write the finding."))
    if area is not None and (not isinstance(area, Area) or area.municipality_id != municipality.pk):
        errors.setdefault("area", []).append(_("Choose from the list."))
    cleaned["area"] = area
    return cleaned


def finding_add(
    *, actor: Actor, version: CrimePictureVersion, text: str, area: Area | None = None
) -> CrimePictureFinding:
    """A finding of the analysis (the åtgärdsplan's rows answer findings by their key)."""
    municipality = _municipality(version)
    check(actor, "crime_picture.manage", municipality)
    must_be_draft(version)
    errors: Errors = {}
    cleaned = _clean_finding(municipality, text, area, errors)
    if version.findings.count() >= MAX_FINDINGS:
        errors.setdefault("text", []).append(
            _("A crime picture has at most %(n)d findings.") % {"n": MAX_FINDINGS}
        )
    raise_if(errors)
    with transaction.atomic():
        finding = CrimePictureFinding.objects.create(
            version=version, position=version.findings.count(), **cleaned
        )
        audit.record(
            actor=actor,
            action="crime_picture.finding",
            target=version.picture,
            municipality=municipality,
            changes={
                **audit.created(finding, ["text", "area"]),
                "version": version.number,
                "key": str(finding.key),
            },
            target_repr=finding.text[:80],
        )
    return finding


def finding_update(
    *, actor: Actor, finding: CrimePictureFinding, text: str, area: Area | None = None
) -> CrimePictureFinding:
    """Change a finding's text or area; its key stays (the åtgärdsplan keeps its links)."""
    version = finding.version
    municipality = _municipality(version)
    check(actor, "crime_picture.manage", municipality)
    must_be_draft(version)
    errors: Errors = {}
    cleaned = _clean_finding(municipality, text, area, errors)
    raise_if(errors)
    with transaction.atomic():
        before = audit.snapshot(finding, ["text", "area"])
        finding.text = cleaned["text"]
        finding.area = cleaned["area"]
        finding.save()
        changed = audit.diff(before, audit.snapshot(finding, ["text", "area"]))
        if changed:
            audit.record(
                actor=actor,
                action="crime_picture.finding",
                target=version.picture,
                municipality=municipality,
                changes={**changed, "version": version.number, "key": str(finding.key)},
                target_repr=finding.text[:80],
            )
    return finding


def finding_remove(*, actor: Actor, finding: CrimePictureFinding) -> None:
    _remove_row(
        actor,
        finding,
        action="crime_picture.finding",
        fields=["text"],
        target_repr=finding.text[:80],
        siblings="findings",
        extra={"key": str(finding.key)},
    )


def finding_move(*, actor: Actor, finding: CrimePictureFinding, up: bool) -> None:
    version = finding.version
    municipality = _municipality(version)
    check(actor, "crime_picture.manage", municipality)
    must_be_draft(version)
    with transaction.atomic():
        rows = list(version.findings.order_by("position", "id"))
        if _move(rows, finding, up, CrimePictureFinding):
            audit.record(
                actor=actor,
                action="crime_picture.finding",
                target=version.picture,
                municipality=municipality,
                changes={
                    "version": version.number,
                    "moved": "up" if up else "down",
                    "key": str(finding.key),
                },
                target_repr=finding.text[:80],
            )


# --- the decision, publication and new versions ----------------------------------------------


def picture_decide(
    *,
    actor: Actor,
    version: CrimePictureVersion,
    deciding_body: str,
    decision_date: dt.date | None,
    diary_number: str,
    paragraph: str,
) -> CrimePictureVersion:
    """Record the deciding body's decision: the version becomes decided and immutable, every
    figure's table is frozen as the body saw it, and an earlier decided version is
    superseded."""
    municipality = _municipality(version)
    check(actor, "crime_picture.manage", municipality)
    must_be_draft(version)
    errors: Errors = {}
    cleaned = clean_texts(
        VERSION_TEXT,
        {"deciding_body": deciding_body, "diary_number": diary_number, "paragraph": paragraph},
        DECISION_LIMITS,
        errors,
    )
    require(errors, cleaned, "deciding_body", _("Name the body that decided it."))
    require(errors, cleaned, "diary_number", _("Give the diary number (diarienummer)."))
    require(errors, cleaned, "paragraph", _("Give the paragraph of the minutes (§)."))
    check_date(decision_date, "decision_date", errors, required=True)
    if (
        isinstance(decision_date, dt.date)
        and not errors.get("decision_date")
        and decision_date > timezone.localdate()
    ):
        errors.setdefault("decision_date", []).append(
            _("Record the decision once it is made: the date cannot be in the future.")
        )
    labels = {
        "part_mapping": _("Write part 1, the mapping of crime, before it is decided."),
        "part_other": _("Write part 2, other relevant information, before it is decided."),
        "part_analysis": _("Write part 3, the analysis, before it is decided."),
        "position_on_measures": _(
            "Write the position on the need for measures before it is decided."
        ),
    }
    for name in PARTS:
        if not getattr(version, name).strip():
            errors.setdefault(name, []).append(labels[name])
    if not version.sources.exists():
        errors.setdefault("sources", []).append(
            _("Add at least one source to the source register before it is decided.")
        )
    if version.number > 1 and not version.change_note.strip():
        errors.setdefault("change_note", []).append(_("Say what changes in the new version."))
    raise_if(errors)
    with transaction.atomic():
        version = CrimePictureVersion.objects.select_for_update().get(pk=version.pk)
        must_be_draft(version)
        frozen = 0
        for figure in version.figures.select_related("version__picture__municipality", "source"):
            figure.data = figure_tables.compute(figure)
            figure.save(update_fields=["data"])
            frozen += 1
        earlier = list(
            version.picture.versions.filter(state=DocumentState.DECIDED).exclude(pk=version.pk)
        )
        for old in earlier:
            old.state = DocumentState.SUPERSEDED
            old.save(update_fields=["state", "updated_at"])
        version.state = DocumentState.DECIDED
        version.deciding_body = cleaned["deciding_body"]
        version.decision_date = decision_date
        version.diary_number = cleaned["diary_number"]
        version.paragraph = cleaned["paragraph"]
        version.decided_at = timezone.now()
        version.decided_by = person_of(actor)
        version.save()
        if any(old.is_public for old in earlier) or version.is_public:
            public_changed(municipality)
        audit.record(
            actor=actor,
            action="crime_picture.decide",
            target=version.picture,
            municipality=municipality,
            changes={
                "state": [DocumentState.DRAFT, DocumentState.DECIDED],
                "decision_date": [None, decision_date.isoformat() if decision_date else None],
                "deciding_body": [None, version.deciding_body],
                "diary_number": [None, version.diary_number],
                "paragraph": [None, version.paragraph],
                "version": version.number,
                "figures_frozen": frozen,
            },
            target_repr=_repr(version),
        )
    return version


def picture_publish(
    *, actor: Actor, version: CrimePictureVersion, public: bool = True
) -> CrimePictureVersion:
    """Put a decided version on the municipality's public pages (or take it off). A draft is
    never published."""
    municipality = _municipality(version)
    check(actor, "crime_picture.manage", municipality)
    if version.is_draft:
        raise ValidationError(_("Only a decided crime picture can be published."))
    if public and version.state != DocumentState.DECIDED:
        raise ValidationError(
            _("This version is superseded by a later decision; publish the version in force.")
        )
    with transaction.atomic():
        if version.is_public == public:
            return version
        version.is_public = public
        version.save(update_fields=["is_public", "updated_at"])
        public_changed(municipality)
        audit.record(
            actor=actor,
            action="crime_picture.publish",
            target=version.picture,
            municipality=municipality,
            changes={"is_public": [not public, public], "version": version.number},
            target_repr=_repr(version),
        )
    return version


def picture_new_version(
    *, actor: Actor, picture: CrimePicture, change_note: str
) -> CrimePictureVersion:
    """A new draft copied from the newest decided version: its texts, sources, figures (live
    again until decided) and findings with the same keys, so the åtgärdsplan's links hold."""
    municipality = picture.municipality
    check(actor, "crime_picture.manage", municipality)
    errors: Errors = {}
    note = clean_texts(
        VERSION_TEXT, {"change_note": change_note}, {"change_note": MAX_ROW_TEXT}, errors
    )
    require(errors, note, "change_note", _("Say what changes in the new version."))
    raise_if(errors)
    with transaction.atomic():
        picture = CrimePicture.objects.select_for_update().get(pk=picture.pk)
        latest = picture.versions.order_by("-number").first()
        if latest is None or latest.is_draft:
            raise ValidationError(_("The crime picture already has a draft; edit that one."))
        version = CrimePictureVersion.objects.create(
            picture=picture,
            number=latest.number + 1,
            title=latest.title,
            period_start=latest.period_start,
            period_end=latest.period_end,
            summary=latest.summary,
            part_mapping=latest.part_mapping,
            part_other=latest.part_other,
            part_analysis=latest.part_analysis,
            position_on_measures=latest.position_on_measures,
            change_note=note["change_note"],
        )
        sources: dict[int, CrimePictureSource] = {}
        for old in latest.sources.order_by("position", "id"):
            sources[old.pk] = CrimePictureSource.objects.create(
                version=version,
                position=old.position,
                kind=old.kind,
                name=old.name,
                period=old.period,
                why_chosen=old.why_chosen,
                limitations=old.limitations,
            )
        CrimePictureFigure.objects.bulk_create(
            CrimePictureFigure(
                version=version,
                position=f.position,
                part=f.part,
                kind=f.kind,
                year=f.year,
                measure_code=f.measure_code,
                caption=f.caption,
                source=sources.get(f.source_id) if f.source_id else None,
                data=None,
            )
            for f in latest.figures.order_by("part", "position", "id")
        )
        CrimePictureFinding.objects.bulk_create(
            CrimePictureFinding(
                version=version, key=f.key, position=f.position, text=f.text, area=f.area
            )
            for f in latest.findings.order_by("position", "id")
        )
        audit.record(
            actor=actor,
            action="crime_picture.new_version",
            target=picture,
            municipality=municipality,
            changes={"version": version.number, "change_note": version.change_note},
            target_repr=_repr(version),
        )
    return version
