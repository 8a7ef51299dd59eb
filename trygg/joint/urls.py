"""/j/<joint body public_id>/: the read-only joint view of a council or police area."""

from django.urls import path

from trygg.joint import views

app_name = "joint"

urlpatterns = [
    path("<uuid:public_id>/", views.overview, name="overview"),
    path("<uuid:public_id>/quarterly/", views.quarterly, name="quarterly"),
    path("<uuid:public_id>/annual/", views.annual, name="annual"),
    path("<uuid:public_id>/promises/", views.promises, name="promises"),
]
