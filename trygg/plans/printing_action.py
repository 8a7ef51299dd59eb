"""What the åtgärdsplan document shows (the staff PDF, the public page and its PDF): the
version's text and decision, Brå's six columns per row with the latest completed follow-up's
status, and that follow-up's summary. Open rounds never show."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from trygg.plans.models import ActionPlan, ActionPlanVersion
from trygg.plans.selectors.action_plan import latest_round, rows_with_status
from trygg.plans.services.action_plan import decided_picture_version


def action_plan_print_context(
    plan: ActionPlan, version: ActionPlanVersion, *, public: bool = False
) -> dict[str, Any]:
    follow_up = latest_round(plan, completed_only=True)
    picture = decided_picture_version(plan.crime_picture)
    return {
        "plan": plan,
        "version": version,
        "municipality": plan.municipality,
        "rows": rows_with_status(version, follow_up),
        "follow_up": follow_up,
        "picture_version": picture if (not public or (picture and picture.is_public)) else None,
        "public": public,
        "today": timezone.localdate(),
    }
