"""The settings overview of a municipality, and onboarding a new one (superusers)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from trygg.accounts.decorators import municipality_view
from trygg.accounts.models import Membership, Organisation
from trygg.core.forms import add_service_errors
from trygg.geo.geometry import load_municipality_outlines
from trygg.places.joint import joint_bodies_of, pending_invitations
from trygg.places.models import Area, Municipality, Place
from trygg.places.tenancy import MunicipalityRequest
from trygg.reports.models import Category
from trygg.setup import services
from trygg.setup.forms import OnboardForm

MANAGE = "municipality.manage"


@municipality_view(MANAGE)
def settings_index(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    counts = {
        "organisations": Organisation.objects.filter(municipality=municipality).count(),
        "users": Membership.objects.filter(municipality=municipality)
        .values("user_id")
        .distinct()
        .count(),
        "areas": Area.objects.filter(municipality=municipality).count(),
        "places": Place.objects.filter(municipality=municipality).count(),
        "categories": Category.objects.filter(municipality=municipality).count(),
        "joint": len(joint_bodies_of(municipality)),
        "joint_invitations": pending_invitations(municipality),
    }
    return render(request, "settings/index.html", {"counts": counts, "section": "index"})


@login_required
def onboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (user.is_active and user.is_superuser):
        raise Http404
    outlines = load_municipality_outlines(settings.TRYGG_MUNICIPALITY_OUTLINES)
    existing = set(Municipality.objects.values_list("code", flat=True))
    choices = sorted(
        (
            (code, f"{code} – {info['name']}")
            for code, info in outlines.items()
            if code not in existing
        ),
        key=lambda item: item[0],
    )
    form = OnboardForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            municipality = services.municipality_onboard(actor=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was set up. Add a first coordinator on the Users page.")
                % {"name": municipality.name},
            )
            return redirect("settings:index", municipality.code)
    return render(
        request,
        "settings/onboard.html",
        {
            "form": form,
            "municipalities": Municipality.objects.all(),
        },
    )
