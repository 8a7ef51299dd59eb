"""The demo organisations' reporting expectations: expected from the first generated week.

The demo creates its organisations today and then writes three years of their reports; their
expectation rows (which `organisation_create` starts this week) are moved back to the first
generated week so that completeness and coverage of the old weeks are judged as they would
have been. The coordinator organisation, created directly, gets its row here too.
"""

from __future__ import annotations

import datetime as dt

from trygg.accounts.models import Organisation, ReportingExpectation
from trygg.places.models import Municipality


def backdate_expectations(municipality: Municipality, first_monday: dt.date) -> None:
    for organisation in Organisation.objects.filter(municipality=municipality):
        frequency = organisation.effective_frequency
        rows = ReportingExpectation.objects.filter(organisation=organisation)
        if frequency == "none":
            rows.delete()
            continue
        if not rows.exists():
            ReportingExpectation.objects.create(
                organisation=organisation, frequency=frequency, valid_from=first_monday
            )
        else:
            rows.filter(valid_from__gt=first_monday).update(valid_from=first_monday)
