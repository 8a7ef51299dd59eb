from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from trygg.core.api_docs import api_docs
from trygg.interventions import api as interventions_api
from trygg.interventions import api_programmes as programmes_api
from trygg.meetings import api as meetings_api
from trygg.places import api as places_api
from trygg.plans import api as plans_api
from trygg.plans import api_action as plans_api_action
from trygg.plans import api_picture as picture_api
from trygg.promises import api as promises_api
from trygg.reports import api as reports_api
from trygg.situation.api import hotspots as situation_hotspots_api
from trygg.situation.api import weekly as situation_api

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", api_docs, name="api-docs"),
    path("reports/", reports_api.ReportListCreateView.as_view(), name="api-reports"),
    path(
        "reports/<uuid:public_id>/",
        reports_api.ReportDetailView.as_view(),
        name="api-report-detail",
    ),
    path("areas/", places_api.AreaCollectionView.as_view(), name="api-areas"),
    path("categories/", reports_api.CategoryListView.as_view(), name="api-categories"),
    path(
        "weekly-returns/",
        reports_api.WeeklyReturnListCreateView.as_view(),
        name="api-weekly-returns",
    ),
    path("situation/weekly/", situation_api.WeeklyView.as_view(), name="api-situation-weekly"),
    path(
        "situation/completeness/",
        situation_api.CompletenessView.as_view(),
        name="api-situation-completeness",
    ),
    path(
        "situation/hotspots/",
        situation_hotspots_api.HotspotView.as_view(),
        name="api-situation-hotspots",
    ),
    path("meetings/", meetings_api.MeetingListView.as_view(), name="api-meetings"),
    path("me/calendar/", meetings_api.MyCalendarView.as_view(), name="api-me-calendar"),
    path(
        "meetings/<uuid:public_id>/agenda/",
        meetings_api.MeetingAgendaView.as_view(),
        name="api-meeting-agenda",
    ),
    path(
        "interventions/",
        interventions_api.InterventionListCreateView.as_view(),
        name="api-interventions",
    ),
    path(
        "interventions/<uuid:public_id>/",
        interventions_api.InterventionDetailView.as_view(),
        name="api-intervention-detail",
    ),
    path(
        "interventions/<uuid:public_id>/evaluation/",
        interventions_api.InterventionEvaluationView.as_view(),
        name="api-intervention-evaluation",
    ),
    path(
        "interventions/<uuid:public_id>/sessions/",
        programmes_api.ProgrammeSessionsView.as_view(),
        name="api-intervention-sessions",
    ),
    path("statistics/", plans_api.StatisticValueListView.as_view(), name="api-statistics"),
    path("agreements/", promises_api.AgreementListView.as_view(), name="api-agreements"),
    path(
        "agreements/<uuid:public_id>/",
        promises_api.AgreementDetailView.as_view(),
        name="api-agreement-detail",
    ),
    path("promises/", promises_api.PromiseListView.as_view(), name="api-promises"),
    path(
        "promises/<uuid:public_id>/",
        promises_api.PromiseDetailView.as_view(),
        name="api-promise-detail",
    ),
    path(
        "promises/<uuid:public_id>/rounds/<uuid:round_public_id>/reports/",
        promises_api.RoundReportCreateView.as_view(),
        name="api-promise-round-reports",
    ),
    path("crime-pictures/", picture_api.CrimePictureListView.as_view(), name="api-crime-pictures"),
    path(
        "crime-pictures/<uuid:public_id>/",
        picture_api.CrimePictureDetailView.as_view(),
        name="api-crime-picture",
    ),
    path("action-plans/", plans_api_action.ActionPlanListView.as_view(), name="api-action-plans"),
    path(
        "action-plans/<uuid:public_id>/",
        plans_api_action.ActionPlanDetailView.as_view(),
        name="api-action-plan-detail",
    ),
]
