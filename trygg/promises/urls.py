from django.urls import path

from trygg.promises import views, views_agreements, views_followup

app_name = "promises"

urlpatterns = [
    path("", views.promise_list, name="list"),
    path("new/", views.promise_create, name="create"),
    path("<uuid:public_id>/", views.promise_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.promise_edit, name="edit"),
    path("<uuid:public_id>/pdf/", views.promise_pdf, name="pdf"),
    path("<uuid:public_id>/items/new/", views.item_create, name="item_create"),
    path("<uuid:public_id>/items/<int:item_id>/edit/", views.item_edit, name="item_edit"),
    path("<uuid:public_id>/items/<int:item_id>/remove/", views.item_remove, name="item_remove"),
    path("<uuid:public_id>/items/<int:item_id>/move/", views.item_move, name="item_move"),
    path("<uuid:public_id>/basis/", views.basis_add, name="basis_add"),
    path("<uuid:public_id>/basis/<int:basis_id>/remove/", views.basis_remove, name="basis_remove"),
    path("<uuid:public_id>/activities/", views.activity_add, name="activity_add"),
    path(
        "<uuid:public_id>/activities/<int:activity_id>/remove/",
        views.activity_remove,
        name="activity_remove",
    ),
    path("<uuid:public_id>/status/", views.promise_status, name="status"),
    path("<uuid:public_id>/publish/", views.promise_publish, name="publish"),
    path("<uuid:public_id>/new-version/", views.promise_new_version, name="new_version"),
    path("<uuid:public_id>/next/", views.promise_next, name="next"),
    path("<uuid:public_id>/rounds/", views_followup.round_create, name="round_create"),
    path("<uuid:public_id>/rounds/<uuid:round_id>/", views_followup.round_detail, name="round"),
    path(
        "<uuid:public_id>/rounds/<uuid:round_id>/report/",
        views_followup.round_report,
        name="round_report",
    ),
    path(
        "<uuid:public_id>/rounds/<uuid:round_id>/sign-off/",
        views_followup.round_sign_off,
        name="round_sign_off",
    ),
    path(
        "<uuid:public_id>/rounds/<uuid:round_id>/publish/",
        views_followup.round_publish,
        name="round_publish",
    ),
    path("agreements/new/", views_agreements.agreement_create, name="agreement_create"),
    path("agreements/<uuid:public_id>/", views_agreements.agreement_detail, name="agreement"),
    path(
        "agreements/<uuid:public_id>/edit/", views_agreements.agreement_edit, name="agreement_edit"
    ),
    path(
        "agreements/<uuid:public_id>/document/",
        views_agreements.agreement_document_upload,
        name="agreement_document_upload",
    ),
    path(
        "agreements/<uuid:public_id>/document/<int:number>/",
        views_agreements.agreement_document,
        name="agreement_document",
    ),
    path(
        "agreements/<uuid:public_id>/sign/", views_agreements.agreement_sign, name="agreement_sign"
    ),
    path(
        "agreements/<uuid:public_id>/new-version/",
        views_agreements.agreement_new_version,
        name="agreement_new_version",
    ),
]
