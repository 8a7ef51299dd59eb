from django.urls import path

from trygg.plans import views_action, views_statistics
from trygg.plans import views_picture as picture

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
    # the lägesbild över brottsligheten (lag 2023:196 §4)
    path("crime-pictures/", picture.picture_list, name="pictures"),
    path("crime-pictures/new/", picture.picture_create, name="picture_create"),
    path("crime-pictures/<uuid:public_id>/", picture.picture_detail, name="picture"),
    path("crime-pictures/<uuid:public_id>/edit/", picture.picture_edit, name="picture_edit"),
    path(
        "crime-pictures/<uuid:public_id>/sources/",
        picture.picture_sources,
        name="picture_sources",
    ),
    path(
        "crime-pictures/<uuid:public_id>/sources/<int:source_id>/edit/",
        picture.source_edit,
        name="picture_source_edit",
    ),
    path(
        "crime-pictures/<uuid:public_id>/sources/<int:source_id>/remove/",
        picture.source_remove,
        name="picture_source_remove",
    ),
    path(
        "crime-pictures/<uuid:public_id>/sources/<int:source_id>/move/",
        picture.source_move,
        name="picture_source_move",
    ),
    path(
        "crime-pictures/<uuid:public_id>/figures/",
        picture.picture_figures,
        name="picture_figures",
    ),
    path(
        "crime-pictures/<uuid:public_id>/figures/<int:figure_id>/remove/",
        picture.figure_remove,
        name="picture_figure_remove",
    ),
    path(
        "crime-pictures/<uuid:public_id>/findings/",
        picture.picture_findings,
        name="picture_findings",
    ),
    path(
        "crime-pictures/<uuid:public_id>/findings/<int:finding_id>/edit/",
        picture.finding_edit,
        name="picture_finding_edit",
    ),
    path(
        "crime-pictures/<uuid:public_id>/findings/<int:finding_id>/remove/",
        picture.finding_remove,
        name="picture_finding_remove",
    ),
    path(
        "crime-pictures/<uuid:public_id>/findings/<int:finding_id>/move/",
        picture.finding_move,
        name="picture_finding_move",
    ),
    path("crime-pictures/<uuid:public_id>/decide/", picture.picture_decide, name="picture_decide"),
    path(
        "crime-pictures/<uuid:public_id>/new-version/",
        picture.picture_new_version,
        name="picture_new_version",
    ),
    path(
        "crime-pictures/<uuid:public_id>/publish/", picture.picture_publish, name="picture_publish"
    ),
    path("crime-pictures/<uuid:public_id>/pdf/", picture.picture_pdf, name="picture_pdf"),
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
