"""REST API of the weekly picture (``/api/v1/situation/...``): the same selectors as the page."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from trygg.accounts.api import MUNICIPALITY_PARAMETER
from trygg.core.api import parse_week_param
from trygg.core.weeks import IsoWeek
from trygg.places.tenancy import MunicipalityAPIView
from trygg.reports.selectors import Completeness, completeness_for_week
from trygg.situation.selectors import weekly as selectors

WEEK_PATTERN = r"^\d{4}-?W\d{1,2}$"
WEEK_PARAMETER = OpenApiParameter(
    "week",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    pattern=WEEK_PATTERN,
    description="ISO week, e.g. 2025-W07. Default: the last complete week.",
)


class RefSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.UUIDField()
    name = serializers.CharField()


class CategoryRefSerializer(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField()
    name = serializers.CharField(help_text="The category's name in the request's language.")


class ReadingSerializer(serializers.Serializer[dict[str, Any]]):
    t = serializers.IntegerField(help_text="Window length in weeks (4: the last four weeks).")
    observed = serializers.IntegerField(help_text="Counted reports in the window.")
    expected = serializers.FloatField(allow_null=True, help_text="Expected count t·(B + φ/2)/E.")
    lower = serializers.IntegerField(allow_null=True, help_text="Lower end of the 95 % band.")
    upper = serializers.IntegerField(allow_null=True, help_text="Upper end of the 95 % band.")
    p = serializers.FloatField(allow_null=True, help_text="One-sided predictive p.")
    q = serializers.FloatField(allow_null=True, help_text="Benjamini–Hochberg adjusted p.")
    flagged = serializers.BooleanField(help_text="q < 0.05: unusually high.")


class SlopeSerializer(serializers.Serializer[dict[str, Any]]):
    per_month = serializers.FloatField(
        allow_null=True, help_text="Change of the weekly rate in % per month (26-week slope)."
    )
    lower = serializers.FloatField(allow_null=True, help_text="95 % CI, lower end (% per month).")
    upper = serializers.FloatField(allow_null=True, help_text="95 % CI, upper end (% per month).")
    verdict = serializers.ChoiceField(
        choices=["increase", "decrease", "no detectable change", "not estimable"]
    )
    weeks = serializers.IntegerField(help_text="Covered weeks the slope rests on.")


class CoverageSerializer(serializers.Serializer[dict[str, Any]]):
    share = serializers.FloatField(
        allow_null=True,
        help_text="Share of expected organisations that answered (null: none expected).",
    )
    threshold = serializers.FloatField(help_text="The municipality's coverage threshold.")
    covered = serializers.BooleanField(help_text="share ≥ threshold (or nobody expected).")


class CellSerializer(serializers.Serializer[dict[str, Any]]):
    area = RefSerializer()
    category = CategoryRefSerializer()
    observed = serializers.IntegerField(help_text="Counted reports (rejected and merged excluded).")
    expected = serializers.FloatField(allow_null=True, help_text="Expected count λ (baseline).")
    lower = serializers.IntegerField(allow_null=True, help_text="Lower end of the 95 % band.")
    upper = serializers.IntegerField(allow_null=True, help_text="Upper end of the 95 % band.")
    p = serializers.FloatField(allow_null=True, help_text="One-sided Poisson p = P(X ≥ observed).")
    q = serializers.FloatField(allow_null=True, help_text="Benjamini–Hochberg adjusted p.")
    flagged = serializers.BooleanField(help_text="q < 0.05: unusually high.")
    harm = serializers.FloatField(help_text="Harm-weighted count (count × category weight).")
    phi = serializers.FloatField(allow_null=True, help_text="Dispersion φ used (≥ 1).")
    baseline_weeks = serializers.IntegerField(
        help_text="E: baseline weeks the expectation rests on."
    )
    four_weeks = ReadingSerializer(allow_null=True, help_text="The last four weeks (t = 4).")


class AreaTotalSerializer(serializers.Serializer[dict[str, Any]]):
    area = RefSerializer()
    observed = serializers.IntegerField()
    expected = serializers.FloatField(allow_null=True)
    lower = serializers.IntegerField(allow_null=True)
    upper = serializers.IntegerField(allow_null=True)
    p = serializers.FloatField(allow_null=True)
    q = serializers.FloatField(allow_null=True)
    flagged = serializers.BooleanField()
    harm = serializers.FloatField()
    harm_expected = serializers.FloatField(allow_null=True)
    harm_upper = serializers.FloatField(allow_null=True)
    phi = serializers.FloatField(allow_null=True)
    baseline_weeks = serializers.IntegerField()
    four_weeks = ReadingSerializer(allow_null=True)
    slope = SlopeSerializer(allow_null=True, help_text="The 26-week trend of the area's total.")
    proposed_status = serializers.CharField(allow_blank=True)
    status = serializers.CharField(allow_null=True, help_text="The decided status, if any.")


class CompletenessSummarySerializer(serializers.Serializer[dict[str, Any]]):
    expected = serializers.IntegerField(help_text="Organisations expected to report.")
    reported = serializers.IntegerField()
    nothing_to_report = serializers.IntegerField()
    missing = serializers.IntegerField()
    complete = serializers.BooleanField()


class WeeklySerializer(serializers.Serializer[dict[str, Any]]):
    municipality = serializers.CharField()
    week = serializers.CharField()
    k = serializers.IntegerField(help_text="Number of previous weeks in the baseline.")
    completeness = CompletenessSummarySerializer()
    coverage = CoverageSerializer(allow_null=True)
    low_coverage_weeks = serializers.ListField(
        child=serializers.CharField(), help_text="Weeks of the last 26 below the threshold."
    )
    cells = CellSerializer(many=True)
    areas = AreaTotalSerializer(many=True)


class CompletenessRowSerializer(serializers.Serializer[dict[str, Any]]):
    organisation = RefSerializer()
    state = serializers.ChoiceField(choices=["reported", "nothing", "missing"])
    report_count = serializers.IntegerField()


class CompletenessSerializer(CompletenessSummarySerializer):
    municipality = serializers.CharField()
    week = serializers.CharField()
    rows = CompletenessRowSerializer(many=True)


def _week(request: Request) -> IsoWeek:
    week = parse_week_param(request.query_params.get("week"), "week")
    if week is not None and not selectors.MIN_YEAR <= week.year <= selectors.MAX_YEAR:
        raise exceptions.ValidationError(
            {
                "week": [
                    _("Choose a week between %(first)s and %(last)s.")
                    % {"first": selectors.MIN_YEAR, "last": selectors.MAX_YEAR}
                ]
            }
        )
    return week or IsoWeek.current().previous()


def _summary(completeness: Completeness) -> dict[str, Any]:
    return {
        "expected": completeness.expected,
        "reported": completeness.reported,
        "nothing_to_report": completeness.nothing,
        "missing": completeness.missing,
        "complete": completeness.complete,
    }


CELL_FIELDS = (
    "observed",
    "expected",
    "lower",
    "upper",
    "p",
    "q",
    "flagged",
    "harm",
    "phi",
    "baseline_weeks",
    "four_weeks",
)


def weekly_response(code: str, data: dict[str, Any]) -> dict[str, Any]:
    """The API's shape of ``picture_data()``: the same numbers, flat cells per area × category
    and one total per area."""
    cells: list[dict[str, Any]] = []
    areas: list[dict[str, Any]] = []
    for area in data["areas"]:
        ref = {"id": area["id"], "name": area["name"]}
        for row in area["rows"]:
            cells.append(
                {
                    "area": ref,
                    "category": {"code": row["code"], "name": row["label"]},
                    **{name: row.get(name) for name in CELL_FIELDS},
                }
            )
        status = area["status"]
        areas.append(
            {
                "area": ref,
                **{name: area["total"].get(name) for name in CELL_FIELDS},
                "harm_expected": area["harm_expected"],
                "harm_upper": area["harm_upper"],
                "slope": area.get("slope"),
                "proposed_status": area["proposal"],
                "status": status["level"] if status else None,
            }
        )
    completeness = data["completeness"]
    return {
        "municipality": code,
        "week": data["week"],
        "k": data["k"],
        "completeness": {
            "expected": completeness["expected"],
            "reported": completeness["reported"],
            "nothing_to_report": completeness["nothing"],
            "missing": completeness["missing"],
            "complete": completeness["complete"],
        },
        "coverage": data.get("coverage"),
        "low_coverage_weeks": data.get("low_coverage_weeks", []),
        "cells": cells,
        "areas": areas,
    }


class WeeklyView(MunicipalityAPIView):
    """The weekly picture's numbers."""

    required_permission = "situation.view"

    @extend_schema(
        summary="Weekly picture",
        description="Per area × category: the week's counted reports against the expected "
        "value and its 95 % band, the one-sided predictive p (Poisson–gamma, scaled by the "
        "dispersion φ), the FDR-adjusted q and the flag — for the week (top-level fields) and "
        "for the last four weeks (`four_weeks`); per area the totals, the 26-week trend and "
        "the proposed status; the completeness and coverage of the week. See "
        "docs/statistics.md.",
        parameters=[MUNICIPALITY_PARAMETER, WEEK_PARAMETER],
        responses=WeeklySerializer,
    )
    def get(self, request: Request) -> Response:
        municipality = self.municipality
        week = _week(request)
        picture = selectors.weekly_picture(municipality, week, user=self.user)
        data = weekly_response(municipality.code, selectors.picture_data(picture))
        return Response(WeeklySerializer(data).data)


class CompletenessView(MunicipalityAPIView):
    """Who reported in a week, who had nothing to report, who is missing."""

    required_permission = "completeness.view"

    @extend_schema(
        summary="Reporting completeness of a week",
        parameters=[MUNICIPALITY_PARAMETER, WEEK_PARAMETER],
        responses=CompletenessSerializer,
    )
    def get(self, request: Request) -> Response:
        municipality = self.municipality
        week = _week(request)
        completeness = completeness_for_week(municipality, week)
        data = {
            "municipality": municipality.code,
            "week": str(week),
            **_summary(completeness),
            "rows": [
                {
                    "organisation": {
                        "id": row.organisation.public_id,
                        "name": row.organisation.name,
                    },
                    "state": row.state,
                    "report_count": row.report_count,
                }
                for row in completeness.rows
            ],
        }
        return Response(CompletenessSerializer(data).data)
