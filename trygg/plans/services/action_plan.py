"""Writes of the åtgärdsplan (lag 2023:196 §4): the plan and its draft version, its rows in
Brå's columns (Orsak → Åtgärd → Operativt mål → När → Vem → Uppföljning), the decision by the
deciding body, publication, new versions and the follow-up rounds.

Coordinators (``action_plan.manage``) edit, decide and publish. A follow-up round is opened by
a coordinator on the decided version; each row is reported green, yellow or red by a
coordinator or a member of the row's responsible organisation (``action_plan.report_row``);
the coordinator completes the round when every row has a status, and a completed round is
frozen. A decided version never changes: a change is a new version with a change note, whose
rows keep their keys (so the follow-up of a row can be read across versions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from trygg.accounts.models import Organisation
from trygg.accounts.permissions import can
from trygg.accounts.types import Actor, person_of
from trygg.core import audit
from trygg.core.validators import screened
from trygg.interventions.models import Intervention
from trygg.places.models import Municipality
from trygg.plans.choices import DocumentState, PlanRoundStatus
from trygg.plans.limits import (
    MAX_DIARY,
    MAX_ROW_TEXT,
    MAX_ROWS_PER_PLAN,
    MAX_SHORT,
    MAX_TITLE,
)
from trygg.plans.models import (
    ActionPlan,
    ActionPlanRound,
    ActionPlanRow,
    ActionPlanRowStatus,
    ActionPlanVersion,
    CrimePicture,
    CrimePictureFinding,
)
from trygg.promises.choices import Rating
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
    "plans.ActionPlanVersion",
    "title",
    "summary",
    "change_note",
    "deciding_body",
    "diary_number",
    "paragraph",
)
ROW_TEXT = screened(
    "plans.ActionPlanRow",
    "cause",
    "measure",
    "operational_goal",
    "when_text",
    "who_text",
    "follow_up",
)
ROUND_TEXT = screened("plans.ActionPlanRound", "title", "summary")
STATUS_TEXT = screened("plans.ActionPlanRowStatus", "note")

VERSION_LIMITS = {"title": MAX_TITLE, "summary": MAX_ROW_TEXT}
VERSION_FIELDS = ["title", "period_start", "period_end", "summary"]
ROW_LIMITS = {
    "cause": MAX_ROW_TEXT,
    "measure": MAX_ROW_TEXT,
    "operational_goal": MAX_ROW_TEXT,
    "when_text": MAX_SHORT,
    "who_text": MAX_SHORT,
    "follow_up": MAX_ROW_TEXT,
}
ROW_FIELDS = [*ROW_LIMITS, "due_date", "organisation"]
DECISION_LIMITS = {"deciding_body": MAX_SHORT, "diary_number": MAX_DIARY, "paragraph": MAX_DIARY}
MIN_RENEWAL_YEARS, MAX_RENEWAL_YEARS = 1, 10


def renewal_years_default() -> int:
    return int(getattr(settings, "TRYGG_ACTION_PLAN_RENEWAL_YEARS", 2))


def add_years(day: dt.date, years: int) -> dt.date:
    """`day` moved `years` years on (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def must_be_draft(version: ActionPlanVersion) -> None:
    if not version.is_draft:
        raise ValidationError(
            _(
                "This version of the action plan is decided and cannot be changed. "
                "Start a new version to change it."
            )
        )


def decided_picture_version(picture: CrimePicture | None) -> Any:
    """The decided (current) version of a lägesbild, or None."""
    if picture is None:
        return None
    return picture.versions.filter(state=DocumentState.DECIDED).order_by("-number").first()


def allowed_findings(plan: ActionPlan) -> Any:
    """The findings a row may answer: those of the plan's lägesbild's decided version."""
    version = decided_picture_version(plan.crime_picture)
    if version is None:
        return CrimePictureFinding.objects.none()
    return CrimePictureFinding.objects.filter(version=version).order_by("position", "id")


def _clean_version(values: dict[str, Any], errors: Errors) -> dict[str, Any]:
    cleaned: dict[str, Any] = clean_texts(VERSION_TEXT, values, VERSION_LIMITS, errors)
    require(errors, cleaned, "title", _("Give the action plan a title."))
    for name in ("period_start", "period_end"):
        if name in values:
            check_date(values[name], name, errors, required=True)
            cleaned[name] = values[name]
    start, end = cleaned.get("period_start"), cleaned.get("period_end")
    if (
        isinstance(start, dt.date)
        and isinstance(end, dt.date)
        and "period_end" not in errors
        and end < start
    ):
        errors.setdefault("period_end", []).append(_("The period cannot end before it starts."))
    return cleaned


def _check_renewal_years(value: Any, errors: Errors) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        errors.setdefault("renewal_years", []).append(_("Give a whole number of years."))
        return None
    if not MIN_RENEWAL_YEARS <= value <= MAX_RENEWAL_YEARS:
        errors.setdefault("renewal_years", []).append(
            _("Give between %(a)d and %(b)d years.")
            % {"a": MIN_RENEWAL_YEARS, "b": MAX_RENEWAL_YEARS}
        )
        return None
    return int(value)


def action_plan_create(
    *,
    actor: Actor,
    municipality: Municipality,
    values: dict[str, Any],
    crime_picture: CrimePicture | None = None,
    renewal_years: int | None = None,
) -> ActionPlan:
    """A new åtgärdsplan with its first (draft) version; optionally answering a decided
    lägesbild of the same municipality."""
    check(actor, "action_plan.manage", municipality)
    errors: Errors = {}
    cleaned = _clean_version(
        {"title": "", "period_start": None, "period_end": None, **values}, errors
    )
    years = _check_renewal_years(renewal_years, errors)
    if crime_picture is not None:
        if crime_picture.municipality_id != municipality.pk:
            errors.setdefault("crime_picture", []).append(
                _("Choose a crime picture from the list.")
            )
        elif decided_picture_version(crime_picture) is None:
            errors.setdefault("crime_picture", []).append(
                _("The crime picture is not decided yet; decide it before planning from it.")
            )
    raise_if(errors)
    with transaction.atomic():
        plan = ActionPlan.objects.create(
            municipality=municipality,
            crime_picture=crime_picture,
            renewal_years=years or renewal_years_default(),
        )
        version = ActionPlanVersion.objects.create(plan=plan, number=1, **cleaned)
        audit.record(
            actor=actor,
            action="action_plan.create",
            target=plan,
            municipality=municipality,
            changes={
                **audit.created(version, VERSION_FIELDS),
                **audit.created(plan, ["renewal_years"]),
                **(
                    {"crime_picture": str(crime_picture.public_id)}
                    if crime_picture is not None
                    else {}
                ),
            },
            target_repr=version.title,
        )
    return plan


def draft_of(plan: ActionPlan) -> ActionPlanVersion | None:
    return plan.versions.filter(state=DocumentState.DRAFT).first()


def action_plan_update(
    *, actor: Actor, version: ActionPlanVersion, values: dict[str, Any]
) -> ActionPlanVersion:
    """Change the draft's title, period, summary and change note, and the plan's renewal
    interval (1–10 years)."""
    plan = version.plan
    check(actor, "action_plan.manage", plan.municipality)
    must_be_draft(version)
    errors: Errors = {}
    text_values = {k: v for k, v in values.items() if k in VERSION_FIELDS}
    cleaned = _clean_version(text_values, errors)
    if "change_note" in values:
        cleaned.update(
            clean_texts(
                VERSION_TEXT,
                {"change_note": values["change_note"]},
                {"change_note": MAX_ROW_TEXT},
                errors,
            )
        )
        if version.number > 1:
            require(errors, cleaned, "change_note", _("Say what the new version changes."))
    years = _check_renewal_years(values.get("renewal_years"), errors)
    raise_if(errors)
    with transaction.atomic():
        fields = [*VERSION_FIELDS, "change_note"]
        before = audit.snapshot(version, fields)
        plan_before = audit.snapshot(plan, ["renewal_years"])
        for name, value in cleaned.items():
            setattr(version, name, value)
        version.save()
        if years is not None and years != plan.renewal_years:
            plan.renewal_years = years
            plan.save(update_fields=["renewal_years", "updated_at"])
        changes = {
            **audit.diff(before, audit.snapshot(version, fields)),
            **audit.diff(plan_before, audit.snapshot(plan, ["renewal_years"])),
        }
        if changes:
            audit.record(
                actor=actor,
                action="action_plan.update",
                target=plan,
                municipality=plan.municipality,
                changes={**changes, "version": version.number},
                target_repr=version.title,
            )
    return version


def _clean_row(plan: ActionPlan, values: dict[str, Any], errors: Errors) -> dict[str, Any]:
    cleaned: dict[str, Any] = clean_texts(ROW_TEXT, values, ROW_LIMITS, errors)
    require(errors, cleaned, "cause", _("Say which cause or problem the row answers."))
    require(errors, cleaned, "measure", _("Say what will be done."))
    require(errors, cleaned, "operational_goal", _("Give an operational goal that can be checked."))
    require(errors, cleaned, "when_text", _("Say when it is done, e.g. “Hösten 2025”."))
    require(errors, cleaned, "who_text", _("Say who is responsible."))
    if "due_date" in values:
        check_date(values["due_date"], "due_date", errors)
        cleaned["due_date"] = values["due_date"]
    if "organisation" in values:
        organisation = values["organisation"]
        if organisation is not None and (
            not isinstance(organisation, Organisation)
            or organisation.municipality_id != plan.municipality_id
        ):
            errors.setdefault("organisation", []).append(_("Choose an organisation from the list."))
        cleaned["organisation"] = organisation
    if "findings" in values:
        findings = list(values["findings"] or [])
        allowed = set(allowed_findings(plan).values_list("pk", flat=True))
        if any(not isinstance(f, CrimePictureFinding) or f.pk not in allowed for f in findings):
            errors.setdefault("findings", []).append(
                _("Choose findings of the plan's decided crime picture.")
            )
        cleaned["findings"] = findings
    if "interventions" in values:
        interventions = list(values["interventions"] or [])
        if any(
            not isinstance(i, Intervention) or i.municipality_id != plan.municipality_id
            for i in interventions
        ):
            errors.setdefault("interventions", []).append(_("Choose interventions from the list."))
        cleaned["interventions"] = interventions
    return cleaned


def _row_label(row: ActionPlanRow) -> str:
    return row.measure[:80]


def row_save(
    *,
    actor: Actor,
    version: ActionPlanVersion,
    values: dict[str, Any],
    row: ActionPlanRow | None = None,
) -> ActionPlanRow:
    """Add a row to the draft (``row`` None) or change one of its rows."""
    plan = version.plan
    check(actor, "action_plan.manage", plan.municipality)
    if row is not None and row.version_id != version.pk:
        raise PermissionDenied
    must_be_draft(version)
    errors: Errors = {}
    if row is None:
        values = dict.fromkeys(ROW_LIMITS, "") | values
        if version.rows.count() >= MAX_ROWS_PER_PLAN:
            errors.setdefault("__all__", []).append(
                _("An action plan holds at most %(n)d rows.") % {"n": MAX_ROWS_PER_PLAN}
            )
    cleaned = _clean_row(plan, values, errors)
    raise_if(errors)
    findings = cleaned.pop("findings", None)
    interventions = cleaned.pop("interventions", None)
    fields = list(ROW_FIELDS)
    with transaction.atomic():
        if row is None:
            position = (version.rows.aggregate(m=Max("position"))["m"] or 0) + 1
            row = ActionPlanRow.objects.create(version=version, position=position, **cleaned)
            changes: dict[str, Any] = audit.created(row, fields)
        else:
            before = audit.snapshot(row, fields)
            for name, value in cleaned.items():
                setattr(row, name, value)
            row.save()
            changes = audit.diff(before, audit.snapshot(row, fields))
        if findings is not None:
            old = sorted(str(f.key) for f in row.findings.all())
            row.findings.set(findings)
            new = sorted(str(f.key) for f in findings)
            if old != new:
                changes["findings"] = new
        if interventions is not None:
            old_i = sorted(str(i.public_id) for i in row.interventions.all())
            row.interventions.set(interventions)
            new_i = sorted(str(i.public_id) for i in interventions)
            if old_i != new_i:
                changes["interventions"] = new_i
        if changes:
            audit.record(
                actor=actor,
                action="action_plan.row",
                target=plan,
                municipality=plan.municipality,
                changes={**changes, "version": version.number, "row": _row_label(row)},
                target_repr=version.title,
            )
    return row


def row_remove(*, actor: Actor, row: ActionPlanRow) -> None:
    version = row.version
    plan = version.plan
    check(actor, "action_plan.manage", plan.municipality)
    must_be_draft(version)
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="action_plan.row",
            target=plan,
            municipality=plan.municipality,
            changes={"version": version.number, "row": _row_label(row), "removed": True},
            target_repr=version.title,
        )
        row.delete()
        _renumber(version)


def _renumber(version: ActionPlanVersion) -> None:
    for number, row in enumerate(version.rows.order_by("position", "id"), 1):
        if row.position != number:
            ActionPlanRow.objects.filter(pk=row.pk).update(position=number)


def row_move(*, actor: Actor, row: ActionPlanRow, up: bool) -> None:
    """Move a row one place up or down in the draft."""
    version = row.version
    plan = version.plan
    check(actor, "action_plan.manage", plan.municipality)
    must_be_draft(version)
    with transaction.atomic():
        _renumber(version)
        rows = list(version.rows.order_by("position", "id"))
        index = next(i for i, r in enumerate(rows) if r.pk == row.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(rows):
            return
        rows[index], rows[other] = rows[other], rows[index]
        for number, moved in enumerate(rows, 1):
            ActionPlanRow.objects.filter(pk=moved.pk).update(position=number)
        audit.record(
            actor=actor,
            action="action_plan.row",
            target=plan,
            municipality=plan.municipality,
            changes={
                "version": version.number,
                "row": _row_label(row),
                "moved": "up" if up else "down",
            },
            target_repr=version.title,
        )


def action_plan_decide(
    *,
    actor: Actor,
    version: ActionPlanVersion,
    deciding_body: str,
    decision_date: dt.date | None,
    diary_number: str,
    paragraph: str,
) -> ActionPlanVersion:
    """Record the deciding body's decision: the version is decided (immutable from now on),
    the earlier decided version superseded, and the plan is to be renewed ``renewal_years``
    after the decision date."""
    plan = version.plan
    check(actor, "action_plan.manage", plan.municipality)
    must_be_draft(version)
    errors: Errors = {}
    cleaned = clean_texts(
        VERSION_TEXT,
        {"deciding_body": deciding_body, "diary_number": diary_number, "paragraph": paragraph},
        DECISION_LIMITS,
        errors,
    )
    require(
        errors, cleaned, "deciding_body", _("Name the body that decided, e.g. Kommunstyrelsen.")
    )
    require(errors, cleaned, "diary_number", _("Give the diary number (diarienummer)."))
    require(errors, cleaned, "paragraph", _("Give the paragraph of the minutes, e.g. “§ 45”."))
    check_date(decision_date, "decision_date", errors, required=True)
    if (
        isinstance(decision_date, dt.date)
        and not errors.get("decision_date")
        and decision_date > timezone.localdate()
    ):
        errors.setdefault("decision_date", []).append(
            _("Record the decision once it is made: the date cannot be in the future.")
        )
    if not version.rows.exists():
        errors.setdefault("__all__", []).append(_("Add at least one row before deciding the plan."))
    raise_if(errors)
    assert isinstance(decision_date, dt.date)
    with transaction.atomic():
        earlier = list(
            plan.versions.select_for_update()
            .filter(state=DocumentState.DECIDED)
            .exclude(pk=version.pk)
        )
        for old in earlier:
            old.state = DocumentState.SUPERSEDED
            old.save(update_fields=["state", "updated_at"])
        for name, value in cleaned.items():
            setattr(version, name, value)
        version.decision_date = decision_date
        version.state = DocumentState.DECIDED
        version.decided_at = timezone.now()
        version.decided_by = person_of(actor)
        version.save()
        plan.renewal_due = add_years(decision_date, plan.renewal_years)
        plan.reminder_sent_at = None
        plan.save(update_fields=["renewal_due", "reminder_sent_at", "updated_at"])
        audit.record(
            actor=actor,
            action="action_plan.decide",
            target=plan,
            municipality=plan.municipality,
            changes={
                "deciding_body": [None, version.deciding_body],
                "decision_date": [None, decision_date.isoformat()],
                "diary_number": [None, version.diary_number],
                "paragraph": [None, version.paragraph],
                "version": version.number,
                "renewal_due": plan.renewal_due.isoformat(),
            },
            target_repr=version.title,
        )
        if any(old.is_public for old in earlier):
            public_changed(plan.municipality)
    return version


def action_plan_publish(
    *, actor: Actor, version: ActionPlanVersion, public: bool
) -> ActionPlanVersion:
    """Put the decided version on the kommun's public pages, or take it off (audited)."""
    plan = version.plan
    check(actor, "action_plan.manage", plan.municipality)
    if version.state != DocumentState.DECIDED:
        raise ValidationError(_("Only the decided version of the action plan can be published."))
    if version.is_public == public:
        return version
    with transaction.atomic():
        version.is_public = public
        version.save(update_fields=["is_public", "updated_at"])
        audit.record(
            actor=actor,
            action="action_plan.publish",
            target=plan,
            municipality=plan.municipality,
            changes={"is_public": [not public, public], "version": version.number},
            target_repr=version.title,
        )
        public_changed(plan.municipality)
    return version


def action_plan_new_version(
    *, actor: Actor, plan: ActionPlan, change_note: str
) -> ActionPlanVersion:
    """A new draft from the decided version: its text and rows (with their keys, findings and
    interventions) copied; the change note says why."""
    check(actor, "action_plan.manage", plan.municipality)
    errors: Errors = {}
    cleaned = clean_texts(
        VERSION_TEXT, {"change_note": change_note}, {"change_note": MAX_ROW_TEXT}, errors
    )
    require(errors, cleaned, "change_note", _("Say what the new version changes."))
    source = plan.versions.filter(state=DocumentState.DECIDED).order_by("-number").first()
    if source is None:
        errors.setdefault("__all__", []).append(_("Only a decided plan gets a new version."))
    elif draft_of(plan) is not None:
        errors.setdefault("__all__", []).append(_("A new version is already being drafted."))
    raise_if(errors)
    assert source is not None
    with transaction.atomic():
        number = (plan.versions.aggregate(m=Max("number"))["m"] or 0) + 1
        try:
            with transaction.atomic():
                version = ActionPlanVersion.objects.create(
                    plan=plan,
                    number=number,
                    title=source.title,
                    period_start=source.period_start,
                    period_end=source.period_end,
                    summary=source.summary,
                    change_note=cleaned["change_note"],
                )
        except IntegrityError as error:
            raise ValidationError(_("A new version is already being drafted.")) from error
        for old in source.rows.order_by("position", "id"):
            findings = list(old.findings.all())
            interventions = list(old.interventions.all())
            new = ActionPlanRow.objects.create(
                version=version,
                key=old.key,
                position=old.position,
                **{name: getattr(old, name) for name in ROW_FIELDS},
            )
            new.findings.set(findings)
            new.interventions.set(interventions)
        audit.record(
            actor=actor,
            action="action_plan.new_version",
            target=plan,
            municipality=plan.municipality,
            changes={"version": number, "change_note": cleaned["change_note"]},
            target_repr=version.title,
        )
    return version


# --- follow-up rounds ----------------------------------------------------------------------


def decided_version(plan: ActionPlan) -> ActionPlanVersion | None:
    return plan.versions.filter(state=DocumentState.DECIDED).order_by("-number").first()


def round_open(
    *, actor: Actor, plan: ActionPlan, title: str, as_of: dt.date | None
) -> ActionPlanRound:
    """Open a follow-up of the decided version as of a date (one open round at a time)."""
    check(actor, "action_plan.manage", plan.municipality)
    errors: Errors = {}
    cleaned = clean_texts(ROUND_TEXT, {"title": title}, {"title": MAX_TITLE}, errors)
    require(
        errors, cleaned, "title", _("Give the follow-up a title, e.g. “Uppföljning hösten 2025”.")
    )
    check_date(as_of, "as_of", errors, required=True)
    version = decided_version(plan)
    if version is None:
        errors.setdefault("__all__", []).append(_("Decide the plan before following it up."))
    elif isinstance(as_of, dt.date) and not errors.get("as_of"):
        # a follow-up reports what was done under the decided plan, up to a day that has come
        if version.decision_date and as_of < version.decision_date:
            errors.setdefault("as_of", []).append(
                _("A follow-up cannot be as of a day before the plan was decided (%(d)s).")
                % {"d": formats.date_format(version.decision_date, "j F Y")}
            )
        elif as_of > timezone.localdate():
            errors.setdefault("as_of", []).append(
                _("A follow-up is as of today or an earlier day, not a day to come.")
            )
    if plan.rounds.filter(status=PlanRoundStatus.OPEN).exists():
        errors.setdefault("__all__", []).append(
            _("A follow-up is already open; complete it before opening the next.")
        )
    raise_if(errors)
    assert version is not None and isinstance(as_of, dt.date)
    with transaction.atomic():
        follow_up = ActionPlanRound.objects.create(
            plan=plan, version=version, title=cleaned["title"], as_of=as_of
        )
        audit.record(
            actor=actor,
            action="action_plan.round",
            target=plan,
            municipality=plan.municipality,
            changes={**audit.created(follow_up, ["title", "as_of"]), "version": version.number},
            target_repr=follow_up.title,
        )
    return follow_up


def _must_be_open(follow_up: ActionPlanRound) -> None:
    if follow_up.status != PlanRoundStatus.OPEN:
        raise ValidationError(_("The follow-up is completed and cannot be changed."))


def row_report(
    *,
    actor: Actor,
    follow_up: ActionPlanRound,
    row: ActionPlanRow,
    rating: str,
    note: str = "",
) -> ActionPlanRowStatus:
    """Report (or correct, while the round is open) one row: green, yellow or red."""
    if row.version_id != follow_up.version_id:
        raise PermissionDenied
    if not can(actor, "action_plan.report_row", row):
        raise PermissionDenied
    _must_be_open(follow_up)
    errors: Errors = {}
    cleaned = clean_texts(STATUS_TEXT, {"note": note}, {"note": MAX_ROW_TEXT}, errors)
    if rating not in Rating.values:
        errors.setdefault("rating", []).append(_("Choose green, yellow or red."))
    if rating in (Rating.YELLOW, Rating.RED) and "note" in cleaned and not cleaned["note"]:
        errors.setdefault("note", []).append(_("Say what is late or missing."))
    raise_if(errors)
    with transaction.atomic():
        status = ActionPlanRowStatus.objects.filter(round=follow_up, row=row).first()
        before = audit.snapshot(status, ["rating", "note"]) if status else {}
        if status is None:
            status = ActionPlanRowStatus(round=follow_up, row=row)
        status.rating = rating
        status.note = cleaned["note"]
        status.reported_by = person_of(actor)
        status.reported_at = timezone.now()
        try:
            with transaction.atomic():
                status.save()
        except IntegrityError as error:
            raise ValidationError(_("Someone reported this just now; reload the page.")) from error
        changes = audit.diff(before, audit.snapshot(status, ["rating", "note"]))
        audit.record(
            actor=actor,
            action="action_plan.report",
            target=follow_up.plan,
            municipality=follow_up.plan.municipality,
            changes={**changes, "row": _row_label(row)},
            target_repr=follow_up.title,
        )
    return status


def round_complete(
    *, actor: Actor, follow_up: ActionPlanRound, summary: str = ""
) -> ActionPlanRound:
    """Complete the round once every row of its version has a status; it is frozen then."""
    plan = follow_up.plan
    check(actor, "action_plan.manage", plan.municipality)
    _must_be_open(follow_up)
    errors: Errors = {}
    cleaned = clean_texts(ROUND_TEXT, {"summary": summary}, {"summary": MAX_ROW_TEXT}, errors)
    rows = set(follow_up.version.rows.values_list("pk", flat=True))
    reported = set(follow_up.statuses.values_list("row_id", flat=True))
    missing = len(rows - reported)
    if missing:
        errors.setdefault("__all__", []).append(
            _("Every row needs a status before the follow-up is completed (%(n)d missing).")
            % {"n": missing}
        )
    raise_if(errors)
    with transaction.atomic():
        follow_up.status = PlanRoundStatus.DONE
        follow_up.completed_at = timezone.now()
        follow_up.summary = cleaned["summary"]
        follow_up.save()
        audit.record(
            actor=actor,
            action="action_plan.round",
            target=plan,
            municipality=plan.municipality,
            changes={
                "completed": True,
                "version": follow_up.version.number,
                **({"summary": [None, follow_up.summary]} if follow_up.summary else {}),
            },
            target_repr=follow_up.title,
        )
        public_changed(plan.municipality)
    return follow_up
