from django.urls import path

from trygg.interventions import views

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
]
