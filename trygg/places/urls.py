"""Settings pages of the places app (mounted by ``trygg.setup.urls`` in the "settings"
namespace under /m/<code>/settings/)."""

from django.urls import path

from trygg.places import views, views_joint

urlpatterns = [
    path("reporting/", views.reporting_settings, name="reporting"),
    path("areas/", views.area_list, name="areas"),
    path("areas/new/", views.area_create, name="area_create"),
    path("areas/import/", views.area_import, name="area_import"),
    path("areas/<uuid:public_id>/", views.area_edit, name="area_edit"),
    path("places/", views.place_list, name="places"),
    path("places/new/", views.place_create, name="place_create"),
    path("places/<uuid:public_id>/", views.place_edit, name="place_edit"),
    path("joint/", views_joint.joint_settings, name="joint"),
    path("joint/new/", views_joint.joint_create, name="joint_create"),
    path("joint/<uuid:public_id>/invite/", views_joint.joint_invite, name="joint_invite"),
    path(
        "joint/memberships/<uuid:public_id>/answer/", views_joint.joint_answer, name="joint_answer"
    ),
    path("joint/memberships/<uuid:public_id>/leave/", views_joint.joint_leave, name="joint_leave"),
]
