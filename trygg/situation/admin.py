from __future__ import annotations

from django.contrib import admin

from trygg.core.admin import ReadOnlyAdmin
from trygg.core.generics import ModelAdmin
from trygg.situation.models import AreaStatus, PinnedReport, SnapshotDelivery


@admin.register(AreaStatus)
class AreaStatusAdmin(ModelAdmin[AreaStatus]):
    list_display = ("area", "week_start", "status", "proposed_status", "decided_by")
    list_filter = ("status", "municipality")
    search_fields = ("area__name", "reason")
    readonly_fields = ("public_id", "created_at", "updated_at", "proposal_basis")
    raw_id_fields = ("area", "decided_by")


@admin.register(PinnedReport)
class PinnedReportAdmin(ModelAdmin[PinnedReport]):
    list_display = ("report", "week_start", "municipality", "pinned_by")
    list_filter = ("municipality",)
    readonly_fields = ("public_id", "created_at", "updated_at")
    raw_id_fields = ("report", "pinned_by")


@admin.register(SnapshotDelivery)
class SnapshotDeliveryAdmin(ReadOnlyAdmin[SnapshotDelivery]):
    """Read-only: deliveries are written by services_snapshots.send_snapshot only."""

    list_display = ("created_at", "snapshot", "organisation", "email", "status", "sent_at")
    list_filter = ("status", "municipality")
    search_fields = ("organisation__name", "email", "error")
    date_hierarchy = "created_at"
    list_select_related = ("snapshot__municipality", "organisation")
