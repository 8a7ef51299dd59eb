"""Django admin for categories, reports and weekly returns.

Reports and weekly returns are read-only here: they change only through the services, which
validate (personal-data guard, geometry) and write the audit log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from trygg.reports.models import Category, Report, WeeklyReturn


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
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


class ReadOnlyAdmin(admin.ModelAdmin):
    actions = None

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
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
class WeeklyReturnAdmin(ReadOnlyAdmin):
    list_display = (
        "organisation",
        "municipality",
        "week_start",
        "nothing_to_report",
        "submitted_by",
    )
    list_filter = ("municipality", "week_start", "organisation")
    list_select_related = ("organisation", "municipality", "submitted_by")
