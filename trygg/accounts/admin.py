"""Django admin for users, organisations and memberships (staff tools)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from trygg.accounts.models import Membership, Organisation, User
from trygg.core.generics import ModelAdmin, TabularInline

if TYPE_CHECKING:  # django-stubs makes UserAdmin generic; Django's class takes no subscript
    _UserAdminBase = BaseUserAdmin[User]
else:
    _UserAdminBase = BaseUserAdmin


class MembershipInline(TabularInline[Membership, User]):
    model = Membership
    extra = 0
    fields = ("organisation", "municipality", "role", "active")
    autocomplete_fields = ("organisation",)


@admin.register(User)
class UserAdmin(_UserAdminBase):
    inlines = [MembershipInline]
    list_display = ("username", "first_name", "last_name", "email", "is_staff", "is_active")


@admin.register(Organisation)
class OrganisationAdmin(ModelAdmin[Organisation]):
    list_display = ("name", "municipality", "type", "reporting_frequency", "active")
    list_filter = ("municipality", "type", "reporting_frequency", "active")
    search_fields = ("name", "contact_name")
    readonly_fields = ("public_id", "created_at", "updated_at")
    list_select_related = ("municipality",)


@admin.register(Membership)
class MembershipAdmin(ModelAdmin[Membership]):
    list_display = ("user", "organisation", "municipality", "role", "active")
    list_filter = ("municipality", "role", "active")
    search_fields = ("user__username", "user__first_name", "user__last_name", "organisation__name")
    autocomplete_fields = ("user", "organisation")
    readonly_fields = ("public_id", "created_at", "updated_at")
    list_select_related = ("user", "organisation", "municipality")
