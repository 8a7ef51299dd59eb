"""Writes of interventions (docs/architecture.md: keyword-only, can() inside, validation,
audit, one transaction): the intervention itself, and its follow-up."""

from trygg.interventions.services.followup import (
    CLOSING_OUTCOMES,
    intervention_add_progress,
    intervention_review,
    parse_hours,
)
from trygg.interventions.services.interventions import (
    OWNER_TRANSITIONS,
    TRANSITIONS,
    allowed_statuses,
    intervention_create,
    intervention_set_status,
    intervention_update,
    may_set_status,
    missing_for_decision,
    requirement_messages,
)

__all__ = [
    "CLOSING_OUTCOMES",
    "OWNER_TRANSITIONS",
    "TRANSITIONS",
    "allowed_statuses",
    "intervention_add_progress",
    "intervention_create",
    "intervention_review",
    "intervention_set_status",
    "intervention_update",
    "may_set_status",
    "missing_for_decision",
    "parse_hours",
    "requirement_messages",
]
