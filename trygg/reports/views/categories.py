"""The coordinator's pages for the municipality's category checklist."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from trygg.accounts.decorators import municipality_view
from trygg.core.forms import add_service_errors
from trygg.places.tenancy import MunicipalityRequest
from trygg.reports.forms.categories import CategoryForm
from trygg.reports.models import Category
from trygg.reports.selectors import category_get
from trygg.reports.services import categories as services

MANAGE = "municipality.manage"


@municipality_view(MANAGE)
def category_list(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    categories = (
        Category.objects.filter(municipality=municipality)
        .annotate(report_count=Count("reports"))
        .order_by("-active", "sort_order", "name")
    )
    return render(
        request,
        "settings/categories.html",
        {
            "categories": categories,
            "section": "categories",
        },
    )


@municipality_view(MANAGE)
def category_create(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            category = services.category_create(
                actor=request.user, municipality=municipality, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The category “%(name)s” was created.") % {"name": category.name}
            )
            return redirect("reports:categories", municipality.code)
    return render(
        request,
        "settings/category_form.html",
        {
            "form": form,
            "section": "categories",
        },
    )


@municipality_view(MANAGE)
def category_edit(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    category = category_get(municipality=municipality, public_id=public_id)
    initial = {name: getattr(category, name) for name in services.CATEGORY_FIELDS}
    form = CategoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_update(actor=request.user, category=category, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            category.refresh_from_db()
        else:
            messages.success(
                request, _("The category “%(name)s” was saved.") % {"name": category.name}
            )
            return redirect("reports:categories", municipality.code)
    return render(
        request,
        "settings/category_form.html",
        {
            "form": form,
            "category": category,
            "report_count": category.reports.count(),
            "section": "categories",
        },
    )
