from django.urls import path

from trygg.public import views

app_name = "public"

urlpatterns = [
    path("language/", views.set_language, name="set_language"),
    path("<str:code>/", views.municipality_start, name="municipality"),
]
