"""The demo's interventions (issue 9): the planted fall in Sveaparken is evaluated as a real
reduction with its interval, Sparreholm as "too few events", and the weekly picture has open
and overdue interventions to show."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from trygg.interventions.evaluation import evaluation_of
from trygg.interventions.models import EvaluationDesign, Intervention
from trygg.interventions.selectors import due_or_overdue
from trygg.setup.tests.test_seed_demo import seed

pytestmark = pytest.mark.django_db


def test_the_demo_evaluations_show_the_planted_effects(db: Any) -> None:
    seed("--weeks", "60")
    today = timezone.localdate()
    lighting = EvaluationDesign.objects.get(intervention__title__startswith="Ny belysning")
    result = evaluation_of(lighting, today).result
    assert result is not None
    assert result.verdict == "reduction relative to the comparison area"
    assert result.relative_effect.lower is not None and result.relative_effect.lower > 1
    assert result.T1 < result.T0  # the fall is in the counts behind the percentage
    watch = EvaluationDesign.objects.get(intervention__title__startswith="Grannsamverkan")
    small = evaluation_of(watch, today).result
    assert small is not None and small.verdict == "too few events to detect an effect"
    flen = Intervention.objects.filter(municipality__code="0482")
    assert flen.exclude(source="decision").count() == 6  # five + the Trygg vuxen programme
    # programmes on a schedule: half a year of Friday/Saturday sessions, mostly held, some
    # cancelled, the latest one left for the walkers to enter
    from trygg.interventions.selectors_programmes import programme_tally, unrecorded

    trygg_vuxen = flen.get(title="Trygg vuxen i Flen centrum")
    half_year = programme_tally(trygg_vuxen, today - dt.timedelta(weeks=26), today, today)
    assert half_year.planned >= 50
    assert half_year.held > 0.7 * half_year.planned
    assert half_year.cancelled > 0 and half_year.not_recorded > 0
    assert unrecorded(trygg_vuxen, today)
    assert trygg_vuxen.sessions.filter(reports__isnull=False).exists()
    # the demo meetings' intervention decisions created theirs (proposed, with the decision)
    decided_at_meetings = flen.filter(source="decision")
    assert decided_at_meetings.exists()
    assert all(i.decision_ref is not None for i in decided_at_meetings)
    assert any(i.is_overdue(today) for i in flen)
    assert due_or_overdue(flen.first().municipality, today, 14)  # type: ignore[union-attr]
    # Degerfors has only what its demo meetings decided
    degerfors = Intervention.objects.filter(municipality__code="1862")
    assert not degerfors.exclude(source="decision").exists()
