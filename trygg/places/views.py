"""The coordinator's administration of a municipality: reporting settings, areas, places.
(The settings overview and onboarding are in ``trygg.setup``.)"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from trygg.accounts.decorators import municipality_view
from trygg.core.forms import add_service_errors
from trygg.places import services
from trygg.places.forms import (
    AreaEditForm,
    AreaForm,
    AreaImportForm,
    PlaceEditForm,
    PlaceForm,
    ReportingSettingsForm,
)
from trygg.places.models import Area, Municipality
from trygg.places.selectors import (
    area_get,
    areas_feature_collection,
    areas_of,
    place_get,
    places_of,
)
from trygg.places.tenancy import MunicipalityRequest

MANAGE = "municipality.manage"


def _map_context(municipality: Municipality, *, exclude_area: Area | None = None) -> dict[str, Any]:
    """Data for the admin maps: the kommun outline and the (other) active areas."""
    areas = areas_feature_collection(municipality)
    if exclude_area is not None:
        areas["features"] = [
            f for f in areas["features"] if f["properties"]["id"] != str(exclude_area.public_id)
        ]
    return {"map_outline": municipality.outline or None, "map_areas": areas}


# ---------------------------------------------------------------------------------------------
# Overview and reporting settings


@municipality_view(MANAGE)
def reporting_settings(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    initial = {
        "reporting_cadence": municipality.reporting_cadence,
        "deadline_weekday": municipality.deadline_weekday,
        "deadline_time": municipality.deadline_time,
        "coverage_threshold": municipality.coverage_threshold,
        "reminder_hours": municipality.reminder_hours,
        "public_indexing": municipality.public_indexing,
    }
    form = ReportingSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.municipality_update_settings(
                actor=request.user, municipality=municipality, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The reporting settings were saved."))
            return redirect("settings:index", municipality.code)
    return render(request, "settings/reporting.html", {"form": form, "section": "reporting"})


# ---------------------------------------------------------------------------------------------
# Areas


@municipality_view(MANAGE)
def area_list(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    return render(
        request,
        "settings/areas.html",
        {
            "areas": areas_of(municipality, active_only=False),
            "section": "areas",
            **_map_context(municipality),
        },
    )


def _area_values(form: AreaForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "code": data.get("code", ""),
        "sort_order": data.get("sort_order") or 0,
    }


@municipality_view(MANAGE)
def area_create(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    form = AreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            area = services.area_create(
                actor=request.user,
                municipality=municipality,
                geometry=form.cleaned_data["geometry"],
                **_area_values(form),
            )
        except ValidationError as error:
            add_service_errors(form, error, default_field="geometry")
        else:
            messages.success(request, _("The area “%(name)s” was created.") % {"name": area.name})
            return redirect("settings:areas", municipality.code)
    return render(
        request,
        "settings/area_form.html",
        {
            "form": form,
            "section": "areas",
            **_map_context(municipality),
        },
    )


@municipality_view(MANAGE)
def area_edit(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    area = area_get(municipality=municipality, public_id=public_id)
    initial = {
        "name": area.name,
        "code": area.code,
        "sort_order": area.sort_order,
        "active": area.active,
        "geometry": json.dumps(area.geometry),
    }
    form = AreaEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = _area_values(form)
        values["active"] = form.cleaned_data["active"]
        text = form.cleaned_data["geometry"]
        try:
            unchanged = json.loads(text) == area.geometry
        except ValueError:
            unchanged = False
        if not unchanged:
            values["geometry"] = text
        try:
            services.area_update(actor=request.user, area=area, **values)
        except ValidationError as error:
            add_service_errors(form, error, default_field="geometry")
            area.refresh_from_db()
        else:
            messages.success(request, _("The area “%(name)s” was saved.") % {"name": area.name})
            return redirect("settings:areas", municipality.code)
    return render(
        request,
        "settings/area_form.html",
        {
            "form": form,
            "area": area,
            "section": "areas",
            **_map_context(municipality, exclude_area=area),
        },
    )


@municipality_view(MANAGE)
def area_import(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    form = AreaImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.areas_import_geojson(
                actor=request.user,
                municipality=municipality,
                data=form.cleaned_data["file"],
                name_property=form.cleaned_data["name_property"].strip() or "name",
                replace_existing=form.cleaned_data["replace_existing"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            messages.success(request, _("%(count)s areas were imported.") % {"count": len(created)})
            return redirect("settings:areas", municipality.code)
    return render(request, "settings/area_import.html", {"form": form, "section": "areas"})


# ---------------------------------------------------------------------------------------------
# Places

PLACE_FIELD_MAP = {"geometry": "lat"}


@municipality_view(MANAGE)
def place_list(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    return render(
        request,
        "settings/places.html",
        {
            "places": places_of(municipality, active_only=False),
            "section": "places",
        },
    )


@municipality_view(MANAGE)
def place_create(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    form = PlaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            place = services.place_create(
                actor=request.user, municipality=municipality, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error, field_map=PLACE_FIELD_MAP, default_field="lat")
        else:
            messages.success(request, _("The place “%(name)s” was created.") % {"name": place.name})
            return redirect("settings:places", municipality.code)
    return render(
        request,
        "settings/place_form.html",
        {
            "form": form,
            "section": "places",
            **_map_context(municipality),
        },
    )


@municipality_view(MANAGE)
def place_edit(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    place = place_get(municipality=municipality, public_id=public_id)
    initial = {
        "name": place.name,
        "description": place.description,
        "lat": place.lat,
        "lon": place.lon,
        "active": place.active,
    }
    form = PlaceEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        if values["lat"] == place.lat and values["lon"] == place.lon:
            del values["lat"], values["lon"]
        try:
            services.place_update(actor=request.user, place=place, **values)
        except ValidationError as error:
            add_service_errors(form, error, field_map=PLACE_FIELD_MAP, default_field="lat")
            place.refresh_from_db()
        else:
            messages.success(request, _("The place “%(name)s” was saved.") % {"name": place.name})
            return redirect("settings:places", municipality.code)
    return render(
        request,
        "settings/place_form.html",
        {
            "form": form,
            "place": place,
            "section": "places",
            **_map_context(municipality),
        },
    )
