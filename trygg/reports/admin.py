"""Django admin for categories, reports and weekly returns.

Reports and weekly returns are read-only here: they change only through the services, which
validate (personal-data guard, geometry) and write the audit log.
"""

from __future__ import annotations

from django.contrib import admin

from trygg.core.admin import ReadOnlyAdmin
from trygg.core.generics import ModelAdmin
from trygg.reports.models import Category, Report, WeeklyReturn


@admin.register(Category)
class CategoryAdmin(ModelAdmin[Category]):
    list_display = (
        "name",
        "name_en",
        "municipality",
        "harm_weight",
        "publishable",
        "active",
        "sort_order",
    )
    list_filter = ("municipality", "active", "publishable")
    search_fields = ("name", "name_en", "code")
    readonly_fields = ("public_id", "created_at", "updated_at")
    list_select_related = ("municipality",)


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin[Report]):
    list_display = (
        "public_id",
        "municipality",
        "week_start",
        "category",
        "organisation",
        "status",
        "visibility",
    )
    list_filter = ("municipality", "status", "visibility", "category", "organisation")
    date_hierarchy = "occurred_start"
    list_select_related = ("municipality", "category", "organisation")


@admin.register(WeeklyReturn)
class WeeklyReturnAdmin(ReadOnlyAdmin[WeeklyReturn]):
    list_display = (
        "organisation",
        "municipality",
        "week_start",
        "nothing_to_report",
        "submitted_by",
    )
    list_filter = ("municipality", "week_start", "organisation")
    list_select_related = ("organisation", "municipality", "submitted_by")
