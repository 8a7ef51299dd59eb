"""Django admin for the audit log, strictly read-only (append-only, no edit or delete path), and
the shared read-only admin for every row that only services write."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from trygg.core.generics import ModelAdmin
from trygg.core.models import AuditEvent

_ModelT = TypeVar("_ModelT", bound=Model)


class ReadOnlyAdmin(ModelAdmin[_ModelT]):
    """Admin for rows that only services write (audit events, reports, deliveries): every field
    read-only, no add, change, delete or bulk action."""

    actions = None

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin[AuditEvent]):
    list_display = ("occurred_at", "actor_name", "action", "target_repr", "municipality")
    list_filter = ("municipality", "action")
    search_fields = ("action", "actor_name", "target_repr", "target_id", "request_id")
    date_hierarchy = "occurred_at"
    list_select_related = ("municipality",)
