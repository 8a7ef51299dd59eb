from django.urls import path

from trygg.plans import views_action, views_statistics

app_name = "plans"

urlpatterns = [
    path("statistics/", views_statistics.statistics_index, name="statistics"),
    path("statistics/import/", views_statistics.statistics_import_start, name="statistics_import"),
    path(
        "statistics/import/<uuid:public_id>/",
        views_statistics.statistics_preview,
        name="statistics_preview",
    ),
    path(
        "statistics/template/<slug:fmt>.csv",
        views_statistics.statistics_template,
        name="statistics_template",
    ),
]

# --- the åtgärdsplan (lag 2023:196 §4) -----------------------------------------------------
_A = "action-plans/"
_P = "action-plans/<uuid:public_id>/"
urlpatterns += [
    path(_A, views_action.action_list, name="action_list"),
    path(f"{_A}new/", views_action.action_create, name="action_create"),
    path(_P, views_action.action_detail, name="action_detail"),
    path(f"{_P}edit/", views_action.action_edit, name="action_edit"),
    path(f"{_P}rows/new/", views_action.action_row_create, name="action_row_create"),
    path(f"{_P}rows/<int:row_id>/edit/", views_action.action_row_edit, name="action_row_edit"),
    path(
        f"{_P}rows/<int:row_id>/remove/", views_action.action_row_remove, name="action_row_remove"
    ),
    path(f"{_P}rows/<int:row_id>/move/", views_action.action_row_move, name="action_row_move"),
    path(f"{_P}decide/", views_action.action_decide, name="action_decide"),
    path(f"{_P}new-version/", views_action.action_new_version, name="action_new_version"),
    path(f"{_P}publish/", views_action.action_publish, name="action_publish"),
    path(f"{_P}pdf/", views_action.action_pdf, name="action_pdf"),
    path(f"{_P}rounds/", views_action.action_rounds, name="action_rounds"),
    path(f"{_P}rounds/<uuid:round_id>/", views_action.action_round, name="action_round"),
    path(
        f"{_P}rounds/<uuid:round_id>/rows/<int:row_id>/",
        views_action.action_round_report,
        name="action_round_report",
    ),
    path(
        f"{_P}rounds/<uuid:round_id>/complete/",
        views_action.action_round_complete,
        name="action_round_complete",
    ),
]
