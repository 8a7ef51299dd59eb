"""The personal-data behaviour tests of the åtgärdsplan's screened fields (issue 10): one
writer per field, each called with a personnummer written with an en dash."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

Writers = dict[tuple[str, str], Callable[[], Any]]


def action_plan_writers(world: Any, pnr: str) -> Writers:
    from trygg.plans.services import action_plan as s
    from trygg.plans.tests.action_helpers import ROW, add_row, decided_plan, make_plan

    flen = world.flen
    coordinator = flen.coordinator
    plan = decided_plan(flen, title="PII-plan")
    follow_up = s.round_open(actor=coordinator, plan=plan, title="R", as_of=dt.date(2025, 9, 1))
    row = follow_up.version.rows.order_by("position").first()
    draft = make_plan(flen, title="PII-utkast").versions.get()
    draft_row = add_row(flen, draft)

    def decide(**values: str) -> Any:
        given = {"deciding_body": "KS", "diary_number": "KS 1", "paragraph": "§ 1", **values}
        return s.action_plan_decide(
            actor=coordinator, version=draft, decision_date=dt.date(2025, 1, 1), **given
        )

    def update(**values: str) -> Any:
        return s.action_plan_update(actor=coordinator, version=draft, values=values)

    def row_with(name: str) -> Callable[[], Any]:
        return lambda: s.row_save(
            actor=coordinator, version=draft, row=draft_row, values={name: pnr}
        )

    writers: Writers = {
        ("plans.ActionPlanVersion", "title"): lambda: update(title=pnr),
        ("plans.ActionPlanVersion", "summary"): lambda: update(title="T", summary=pnr),
        ("plans.ActionPlanVersion", "change_note"): lambda: s.action_plan_new_version(
            actor=coordinator, plan=plan, change_note=pnr
        ),
        ("plans.ActionPlanVersion", "deciding_body"): lambda: decide(deciding_body=pnr),
        ("plans.ActionPlanVersion", "diary_number"): lambda: decide(diary_number=pnr),
        ("plans.ActionPlanVersion", "paragraph"): lambda: decide(paragraph=pnr),
        ("plans.ActionPlanRound", "title"): lambda: s.round_open(
            actor=coordinator, plan=make_plan(flen), title=pnr, as_of=dt.date(2025, 9, 1)
        ),
        ("plans.ActionPlanRound", "summary"): lambda: s.round_complete(
            actor=coordinator, follow_up=follow_up, summary=pnr
        ),
        ("plans.ActionPlanRowStatus", "note"): lambda: s.row_report(
            actor=coordinator, follow_up=follow_up, row=row, rating="green", note=pnr
        ),
    }
    for name in ROW:
        writers[("plans.ActionPlanRow", name)] = row_with(name)
    return writers
