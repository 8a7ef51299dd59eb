from django.urls import path

from trygg.situation.views import annual as views_annual
from trygg.situation.views import hotspots as views_hotspots
from trygg.situation.views import quarterly as views_quarterly
from trygg.situation.views import snapshots as views_snapshots
from trygg.situation.views import weekly as views_weekly

app_name = "situation"

urlpatterns = [
    path("week/", views_weekly.weekly_picture, name="weekly"),
    path("week/status/", views_weekly.area_status_form, name="status"),
    path("week/pin/", views_weekly.pin_report, name="pin"),
    path(
        "areas/<uuid:public_id>/statuses/", views_weekly.area_status_history, name="status_history"
    ),
    path("hotspots/", views_hotspots.hotspot_page, name="hotspots"),
    path("hotspots.geojson", views_hotspots.hotspot_data, name="hotspots_data"),
    path("week/freeze/", views_snapshots.freeze_week, name="freeze"),
    path("week/freeze/confirm/", views_snapshots.freeze_confirm, name="freeze_confirm"),
    path("snapshots/", views_snapshots.snapshot_list, name="snapshots"),
    path("snapshots/<uuid:public_id>/", views_snapshots.snapshot_detail, name="snapshot"),
    path("snapshots/<uuid:public_id>/pdf/", views_snapshots.snapshot_pdf, name="snapshot_pdf"),
    path("snapshots/<uuid:public_id>/send/", views_snapshots.snapshot_send, name="snapshot_send"),
    path("quarterly/", views_quarterly.quarterly_analysis, name="quarterly"),
    path("quarterly/ratings/", views_quarterly.rate_areas, name="ratings"),
    path("quarterly/decide/", views_quarterly.decide_focus, name="decide"),
    path("quarterly/decisions/<uuid:public_id>/", views_quarterly.decision_detail, name="decision"),
    path("annual/", views_annual.annual_view, name="annual"),
    path("annual/pdf/", views_annual.annual_pdf, name="annual_pdf"),
    path(
        "quarterly/decisions/<uuid:public_id>/pdf/",
        views_annual.decision_pdf,
        name="decision_pdf",
    ),
]
