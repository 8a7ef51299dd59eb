from django.urls import path

from trygg.plans import views_statistics

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
