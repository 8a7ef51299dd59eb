from django.urls import path

from trygg.situation import views_hotspots, views_weekly

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
]
