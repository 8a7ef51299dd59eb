from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from trygg.accounts import views as account_views
from trygg.accounts import views_profile, views_tokens
from trygg.core.views import healthz
from trygg.meetings.views import calendar as meetings_calendar
from trygg.setup import views as setup_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path(
        "accounts/password_reset/",
        account_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password_reset/done/",
        account_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        account_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/tokens/", views_tokens.tokens, name="tokens"),
    path("accounts/profile/", views_profile.profile, name="profile"),
    path("accounts/calendar/", meetings_calendar.feed_manage, name="calendar_feed_manage"),
    path("calendar/<str:token>.ics", meetings_calendar.feed, name="calendar_feed"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("municipalities/", account_views.choose_municipality, name="choose_municipality"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz/", healthz, name="healthz"),
    path("onboard/", setup_views.onboard, name="onboard"),
    path("m/<str:code>/", include("trygg.reports.urls")),
    path("m/<str:code>/settings/", include("trygg.setup.urls")),
    path("m/<str:code>/situation/", include("trygg.situation.urls")),
    path("m/<str:code>/meetings/", include("trygg.meetings.urls")),
    path("m/<str:code>/interventions/", include("trygg.interventions.urls")),
    path("m/<str:code>/promises/", include("trygg.promises.urls")),
    path("m/<str:code>/plans/", include("trygg.plans.urls")),
    path("j/", include("trygg.joint.urls")),  # joint councils and police areas (docs/joint.md)
    path("k/", include("trygg.public.urls")),  # public pages, no login
    path("api/v1/", include("config.api_urls")),
    path("admin/", admin.site.urls),
]
