from django.urls import path

from trygg.accounts import views_admin as accounts_admin
from trygg.places import views

app_name = "settings"

urlpatterns = [
    path("", views.settings_index, name="index"),
    path("reporting/", views.reporting_settings, name="reporting"),
    path("areas/", views.area_list, name="areas"),
    path("areas/new/", views.area_create, name="area_create"),
    path("areas/import/", views.area_import, name="area_import"),
    path("areas/<uuid:public_id>/", views.area_edit, name="area_edit"),
    path("places/", views.place_list, name="places"),
    path("places/new/", views.place_create, name="place_create"),
    path("places/<uuid:public_id>/", views.place_edit, name="place_edit"),
    path("organisations/", accounts_admin.organisation_list, name="organisations"),
    path("organisations/new/", accounts_admin.organisation_create, name="organisation_create"),
    path(
        "organisations/<uuid:public_id>/",
        accounts_admin.organisation_edit,
        name="organisation_edit",
    ),
    path("users/", accounts_admin.user_list, name="users"),
    path("users/new/", accounts_admin.user_create, name="user_create"),
    path("users/<int:user_id>/", accounts_admin.user_edit, name="user_edit"),
    path("audit/", accounts_admin.audit_log, name="audit"),
]
