from django.contrib import admin

from trygg.situation.models import AreaStatus, PinnedReport


@admin.register(AreaStatus)
class AreaStatusAdmin(admin.ModelAdmin):
    list_display = ("area", "week_start", "status", "proposed_status", "decided_by")
    list_filter = ("status", "municipality")
    search_fields = ("area__name", "reason")
    readonly_fields = ("public_id", "created_at", "updated_at", "proposal_basis")
    raw_id_fields = ("area", "decided_by")


@admin.register(PinnedReport)
class PinnedReportAdmin(admin.ModelAdmin):
    list_display = ("report", "week_start", "municipality", "pinned_by")
    list_filter = ("municipality",)
    readonly_fields = ("public_id", "created_at", "updated_at")
    raw_id_fields = ("report", "pinned_by")
