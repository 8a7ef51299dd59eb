from django.urls import path

from trygg.public import views, views_action, views_picture

app_name = "public"

urlpatterns = [
    path("language/", views.set_language, name="set_language"),
    path("<str:code>/", views.municipality_start, name="municipality"),
    path("<str:code>/medborgarloften/", views.promise_archive, name="promises"),
    path("<str:code>/medborgarloften.json", views.promises_json_view, name="promises_json"),
    path("<str:code>/medborgarloften/<uuid:public_id>/", views.promise_page, name="promise"),
    path("<str:code>/medborgarloften/<uuid:public_id>/pdf/", views.promise_pdf, name="promise_pdf"),
    path("<str:code>/samverkan/", views.agreement_page, name="agreement"),
    path("<str:code>/lagesbild/", views_picture.picture_page, name="picture"),
    path("<str:code>/lagesbild/pdf/", views_picture.picture_pdf, name="picture_pdf"),
    path("<str:code>/atgardsplan/", views_action.action_plan_page, name="action_plan"),
    path("<str:code>/uppfoljningar.atom", views.follow_up_feed, name="feed"),
]
