"""One catalogue of audit actions: every action a service records is declared with a Swedish
and an English label, `changes` has one shape, free text is kept apart and can be redacted."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from trygg.core import audit
from trygg.core.models import AuditEvent

ROOT = Path(__file__).resolve().parent.parent / "trygg"


def _recorded_actions() -> list[tuple[str, str, bool]]:
    """(file:line, action or prefix, is_prefix) for every audit.record(...) in trygg/."""
    found: list[tuple[str, str, bool]] = []
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        for call in ast.walk(tree):
            if not (
                isinstance(call, ast.Call)
                and getattr(call.func, "attr", getattr(call.func, "id", "")) == "record"
            ):
                continue
            value = next((k.value for k in call.keywords if k.arg == "action"), None)
            if value is None:
                continue
            where = f"{path.relative_to(ROOT.parent)}:{call.lineno}"
            if where.startswith("trygg/core/audit.py"):
                continue

            def literal(
                node: ast.AST,
                where: str = where,
                call: ast.Call = call,
                functions: list[ast.FunctionDef] = functions,
            ) -> None:
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    found.append((where, node.value, False))
                elif isinstance(node, ast.IfExp):
                    literal(node.body)
                    literal(node.orelse)
                elif isinstance(node, ast.JoinedStr):
                    head = node.values[0]
                    assert isinstance(head, ast.Constant), where
                    found.append((where, str(head.value), True))
                elif isinstance(node, ast.Name):
                    owner = next(
                        f for f in functions if f.lineno <= call.lineno <= (f.end_lineno or 0)
                    )
                    for assign in ast.walk(owner):
                        if isinstance(assign, ast.Assign) and any(
                            getattr(t, "id", None) == node.id for t in assign.targets
                        ):
                            literal(assign.value)
                else:
                    raise AssertionError(f"{where}: cannot read the action statically")

            literal(value)
    return found


def test_every_recorded_action_is_in_the_catalogue() -> None:
    codes = set(audit.catalogue())
    recorded = _recorded_actions()
    assert len(recorded) > 30
    missing = [
        f"{where} {action}"
        for where, action, prefix in recorded
        if not (any(c.startswith(action) for c in codes) if prefix else action in codes)
    ]
    assert missing == []


def test_every_action_has_both_labels_and_labelled_extras() -> None:
    for code, entry in audit.catalogue().items():
        assert entry.code == code
        for label in (entry.label, *entry.extras.values()):
            assert label.sv.strip() and label.en.strip(), code
        assert entry.label.sv != code and entry.label.en != code
        with translation.override("sv"):
            assert audit.action_label(code) == entry.label.sv
        with translation.override("en"):
            assert audit.action_label(code) == entry.label.en


@pytest.mark.django_db
def test_record_refuses_unknown_actions_and_other_shapes(world: Any) -> None:
    with pytest.raises(audit.UnknownAuditAction):
        audit.record(actor=world.admin, action="report.vanish")
    with pytest.raises(audit.AuditShapeError):
        audit.record(actor=world.admin, action="area.update", changes={"name": "Norr"})
    before = AuditEvent.objects.count()
    audit.record(
        actor=world.admin, action="situation.unpin", changes={"week": "2025-W07"}
    )  # a declared extra
    assert AuditEvent.objects.count() == before + 1


@pytest.mark.django_db
def test_the_audit_page_shows_every_event_of_a_working_day_in_words(
    client: Any, world: Any, make_report: Any
) -> None:
    from trygg.reports.services import report_review, weekly_return_submit

    report = make_report()
    report_review(actor=world.flen.coordinator, report=report, decision="include")
    from trygg.core.weeks import IsoWeek

    weekly_return_submit(
        actor=world.flen.police,
        municipality=world.flen.municipality,
        week=IsoWeek.current().previous(),
    )
    client.force_login(world.flen.coordinator)
    for language, created in (("sv", "Rapport skapad"), ("en", "Report created")):
        response = client.get(
            reverse("settings:audit", args=["0482"]), HTTP_ACCEPT_LANGUAGE=language
        )
        rows = response.context["rows"]
        assert rows and all(row["known"] for row in rows)
        content = response.content.decode()
        assert created in content
    with translation.override("sv"):
        event = AuditEvent.objects.get(action="report.create")
        lines = audit.change_lines(event)
    assert "Kategori: Skadegörelse" in lines
    assert "Beskrivning: Krossad ruta vid entrén." in lines


@pytest.mark.django_db
def test_free_text_is_kept_apart_and_a_redaction_removes_it_and_is_logged(
    client: Any, world: Any, make_report: Any
) -> None:
    from trygg.accounts.services import audit_event_redact

    make_report(description="Krossad ruta vid entrén.")
    event = AuditEvent.objects.get(action="report.create")
    assert "description" not in event.changes
    assert event.free_text["description"] == [None, "Krossad ruta vid entrén."]

    with pytest.raises(PermissionDenied):
        audit_event_redact(actor=world.flen.reporter, event=event, reason="Namn i texten")
    with pytest.raises(PermissionDenied):
        audit_event_redact(actor=world.degerfors.coordinator, event=event, reason="x")
    with pytest.raises(ValidationError):
        audit_event_redact(actor=world.flen.coordinator, event=event, reason=" ")

    audit_event_redact(actor=world.flen.coordinator, event=event, reason="Namn i texten")
    event.refresh_from_db()
    assert event.free_text == {} and event.redacted_at is not None
    assert event.changes["category"] == [None, "Skadegörelse"]  # the rest of the row stays
    log = AuditEvent.objects.get(action="audit.redact")
    assert log.changes["fields"] == ["description"] and log.changes["reason"] == "Namn i texten"
    assert log.actor == world.flen.coordinator

    client.force_login(world.flen.coordinator)
    content = client.get(reverse("settings:audit", args=["0482"])).content.decode()
    assert "Krossad ruta" not in content
    assert "Beskrivning: [borttaget]" in content
    assert "Fritext i loggen borttagen" in content
