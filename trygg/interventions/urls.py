from django.urls import path

from trygg.interventions import views, views_programmes

app_name = "interventions"

urlpatterns = [
    path("", views.intervention_list, name="list"),
    path("ours/", views.intervention_mine, name="mine"),
    path("new/", views.intervention_create, name="create"),
    path("<uuid:public_id>/", views.intervention_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.intervention_edit, name="edit"),
    path("<uuid:public_id>/status/", views.intervention_status, name="status"),
    path("<uuid:public_id>/progress/", views.intervention_progress, name="progress"),
    path("<uuid:public_id>/review/", views.intervention_review, name="review"),
    path("<uuid:public_id>/evaluation/", views.intervention_evaluation, name="evaluation"),
    path("<uuid:public_id>/schedule/", views_programmes.programme_schedule, name="schedule"),
    path(
        "<uuid:public_id>/schedule/<uuid:slot_id>/end/",
        views_programmes.programme_slot_end,
        name="slot_end",
    ),
    path(
        "<uuid:public_id>/schedule/<uuid:slot_id>/remove/",
        views_programmes.programme_slot_remove,
        name="slot_remove",
    ),
    path("<uuid:public_id>/sessions/", views_programmes.session_list, name="sessions"),
    path("<uuid:public_id>/sessions/new/", views_programmes.session_create, name="session_new"),
    path(
        "<uuid:public_id>/sessions/<uuid:session_id>/",
        views_programmes.session_detail,
        name="session",
    ),
    path(
        "<uuid:public_id>/sessions/<uuid:session_id>/edit/",
        views_programmes.session_edit,
        name="session_edit",
    ),
    path(
        "<uuid:public_id>/sessions/<uuid:session_id>/observations/",
        views_programmes.session_observation,
        name="session_observation",
    ),
]
