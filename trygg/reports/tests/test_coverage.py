"""Completeness keeps its history: who was expected is judged by the expectation as it stood
that week, and a week's coverage is the share of expected organisations that answered."""

from __future__ import annotations

import datetime as dt

import pytest

from trygg.accounts.models import ReportingExpectation
from trygg.accounts.services import organisation_create, organisation_update
from trygg.core.weeks import IsoWeek
from trygg.reports.selectors import completeness_for_week, weekly_coverage
from trygg.reports.services import weekly_return_submit

pytestmark = pytest.mark.django_db


def _states(tenant, week):
    return {
        row.organisation.name: row.state
        for row in completeness_for_week(tenant.municipality, week).rows
    }


def test_an_organisation_added_today_is_not_missing_in_old_weeks(world):
    flen = world.flen
    old_week = IsoWeek.current().shift(-10)
    before = _states(flen, old_week)
    organisation_create(
        actor=flen.coordinator, municipality=flen.municipality, name="Vaktbolaget", type="security"
    )
    assert _states(flen, old_week) == before  # the old picture does not change
    assert "Vaktbolaget" not in before
    assert _states(flen, IsoWeek.current())["Vaktbolaget"] == "missing"


def test_backdated_expectation_counts_from_the_week_given(world):
    flen = world.flen
    start = IsoWeek.current().shift(-4)
    organisation_create(
        actor=flen.coordinator,
        municipality=flen.municipality,
        name="Skolan",
        type="school",
        expected_from=start.monday + dt.timedelta(days=3),  # a Thursday: its week counts
    )
    assert "Skolan" in _states(flen, start)
    assert "Skolan" not in _states(flen, start.previous())


def test_changing_frequency_or_deactivating_counts_from_this_week_only(world):
    flen = world.flen
    org = flen.org_police
    old_week = IsoWeek.current().shift(-3)
    assert _states(flen, old_week)[org.name] == "missing"
    organisation_update(actor=flen.coordinator, organisation=org, active=False)
    assert org.name in _states(flen, old_week)  # still expected back then
    assert org.name not in _states(flen, IsoWeek.current())
    rows = list(ReportingExpectation.objects.filter(organisation=org))
    assert len(rows) == 1
    assert rows[0].valid_to == IsoWeek.current().monday - dt.timedelta(days=1)
    organisation_update(actor=flen.coordinator, organisation=org, active=True)
    assert org.name in _states(flen, IsoWeek.current())
    assert ReportingExpectation.objects.filter(organisation=org).count() == 2


def test_biweekly_expectation_asks_every_other_week(world):
    flen = world.flen
    organisation_update(
        actor=flen.coordinator, organisation=flen.org_housing, reporting_frequency="biweekly"
    )
    week = IsoWeek.current().shift(2)
    even, odd = (week, week.next()) if week.week % 2 == 0 else (week.next(), week)
    assert flen.org_housing.name in _states(flen, even)
    assert flen.org_housing.name not in _states(flen, odd)


def test_coverage_share_and_threshold(world, make_report):
    flen = world.flen
    week = IsoWeek.current().previous()
    # three organisations expected; one reports, one says nothing to report
    make_report(flen, occurred_start=week.start() + dt.timedelta(days=1, hours=10))
    weekly_return_submit(
        actor=flen.coordinator,
        municipality=flen.municipality,
        organisation=flen.org_municipal,
        week=week,
    )
    coverage = weekly_coverage(flen.municipality, week.shift(-1).monday, week.monday)
    this = coverage[week.monday]
    assert (this.expected, this.answered) == (3, 2)
    assert this.share == pytest.approx(2 / 3)
    assert not this.covered  # 67 % < 75 %
    empty = coverage[week.shift(-1).monday]
    assert empty.share == 0 and not empty.covered
    flen.municipality.coverage_threshold = 60
    flen.municipality.save()
    assert weekly_coverage(flen.municipality, week.monday, week.monday)[week.monday].covered


def test_coverage_without_anyone_expected_is_not_judged(world):
    flen = world.flen
    far_back = dt.date(2019, 1, 7)  # before the test organisations were expected
    coverage = weekly_coverage(flen.municipality, far_back, far_back)[far_back]
    assert coverage.expected == 0 and coverage.share is None and coverage.covered
