from django.urls import path

from trygg.reports.views import (
    browse,
    categories,
    comments,
    redact,
    reminders,
    reporting,
    review,
)

app_name = "reports"

urlpatterns = [
    path("", reporting.start, name="start"),
    path("reports/new/", reporting.report_create, name="create"),
    path("reports/mine/", reporting.my_reports, name="mine"),
    path("reports/nothing-to-report/", reporting.nothing_to_report, name="nothing"),
    path("reports/map/", browse.report_map, name="map"),
    path("reports/map.geojson", browse.report_map_data, name="map_data"),
    path("reports/<uuid:public_id>/edit/", reporting.report_edit, name="edit"),
    path("reports/<uuid:public_id>/photo/", browse.report_photo, name="photo"),
    path("reports/<uuid:public_id>/redact/", redact.redact_report, name="redact"),
    path("reports/<uuid:public_id>/comments/", comments.comment_add, name="comment_add"),
    path(
        "reports/<uuid:public_id>/comments/<uuid:comment_id>/delete/",
        comments.comment_delete,
        name="comment_delete",
    ),
    path("reports/<uuid:public_id>/", browse.report_detail, name="detail"),
    path("reports/", browse.report_list, name="list"),
    path("review/", review.review_queue, name="review"),
    path("review/remind/", reminders.remind, name="remind"),
    path("review/<uuid:public_id>/", review.review_report, name="review_report"),
    path("settings/categories/", categories.category_list, name="categories"),
    path("settings/categories/new/", categories.category_create, name="category_create"),
    path("settings/categories/<uuid:public_id>/", categories.category_edit, name="category_edit"),
]
