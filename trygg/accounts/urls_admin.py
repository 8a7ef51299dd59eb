"""Settings pages of the accounts app: organisations, users, the audit log (mounted by
``trygg.setup.urls`` in the "settings" namespace under /m/<code>/settings/)."""

from django.urls import path

import trygg.core.converters  # noqa: F401  (registers <id:...>)
from trygg.accounts import views_admin, views_redact

urlpatterns = [
    path("organisations/", views_admin.organisation_list, name="organisations"),
    path("organisations/new/", views_admin.organisation_create, name="organisation_create"),
    path(
        "organisations/<uuid:public_id>/",
        views_admin.organisation_edit,
        name="organisation_edit",
    ),
    path("users/", views_admin.user_list, name="users"),
    path("users/new/", views_admin.user_create, name="user_create"),
    path("users/<id:user_id>/", views_admin.user_edit, name="user_edit"),
    path("audit/", views_admin.audit_log, name="audit"),
    path("audit/<int:event_id>/redact/", views_redact.audit_redact, name="audit_redact"),
]
