"""/m/<code>/settings/: the overview here, and each app's settings pages, in one namespace."""

from django.urls import path

from trygg.accounts import urls_admin as accounts_urls
from trygg.places import urls as places_urls
from trygg.setup import views

app_name = "settings"

urlpatterns = [
    path("", views.settings_index, name="index"),
    *places_urls.urlpatterns,
    *accounts_urls.urlpatterns,
]
