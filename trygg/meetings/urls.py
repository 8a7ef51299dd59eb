from django.urls import path

from trygg.meetings.views import calendar as views_calendar
from trygg.meetings.views import meetings as views
from trygg.meetings.views import minutes as views_minutes
from trygg.meetings.views import riskdays as views_riskdays

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("prepare/", views.prepare, name="prepare"),
    path("series/new/", views.series_new, name="series_new"),
    path("series/<uuid:public_id>/schedule/", views.series_schedule, name="series_schedule"),
    path("new/", views.meeting_new, name="new"),
    path("risk-days/", views_riskdays.risk_days, name="risk_days"),
    path("risk-days/settings/", views_riskdays.risk_settings, name="risk_settings"),
    path("risk-days/<uuid:public_id>/", views_riskdays.risk_day_edit, name="risk_day_edit"),
    path(
        "risk-days/<uuid:public_id>/delete/",
        views_riskdays.risk_day_delete,
        name="risk_day_delete",
    ),
    path("<uuid:public_id>/", views.meeting_detail, name="detail"),
    path("<uuid:public_id>/agenda/", views.agenda_generate, name="agenda"),
    path("<uuid:public_id>/attendance/", views.attendance, name="attendance"),
    path("<uuid:public_id>/items/", views.item_add, name="item_add"),
    path("<uuid:public_id>/items/<uuid:item_id>/", views.item_update, name="item"),
    path("<uuid:public_id>/decisions/", views.decision, name="decision"),
    path("<uuid:public_id>/cancel/", views_calendar.cancel, name="cancel"),
    path("<uuid:public_id>/close/", views_minutes.close, name="close"),
    path("<uuid:public_id>/reopen/", views_minutes.reopen, name="reopen"),
    path("<uuid:public_id>/minutes/", views_minutes.minutes_page, name="minutes"),
    path("<uuid:public_id>/minutes/pdf/", views_minutes.minutes_pdf, name="minutes_pdf"),
    path("<uuid:public_id>/minutes/send/", views_minutes.minutes_send_view, name="minutes_send"),
]
