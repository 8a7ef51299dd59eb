"""Django admin for municipalities, areas and places (staff tools)."""

from __future__ import annotations

from django.contrib import admin

from trygg.core.generics import ModelAdmin
from trygg.places.models import Area, Municipality, Place


@admin.register(Municipality)
class MunicipalityAdmin(ModelAdmin[Municipality]):
    list_display = (
        "code",
        "name",
        "reporting_cadence",
        "deadline_weekday",
        "deadline_time",
        "is_demo",
    )
    list_filter = ("reporting_cadence", "is_demo")
    search_fields = ("code", "name")
    readonly_fields = ("public_id", "created_at", "updated_at")


@admin.register(Area)
class AreaAdmin(ModelAdmin[Area]):
    list_display = ("name", "municipality", "code", "sort_order", "active")
    list_filter = ("municipality", "active")
    search_fields = ("name", "code")
    readonly_fields = (
        "public_id",
        "created_at",
        "updated_at",
        "min_lat",
        "min_lon",
        "max_lat",
        "max_lon",
    )
    list_select_related = ("municipality",)


@admin.register(Place)
class PlaceAdmin(ModelAdmin[Place]):
    list_display = ("name", "municipality", "area", "lat", "lon", "active")
    list_filter = ("municipality", "active")
    search_fields = ("name", "description")
    readonly_fields = ("public_id", "created_at", "updated_at")
    list_select_related = ("municipality", "area")
