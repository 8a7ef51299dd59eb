"""Log-in, the start redirect and the municipality chooser."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from trygg.accounts.selectors import municipalities_for

DEMO_ACCOUNTS = [
    ("samordnare.flen", "Flen", "coordinator"),
    ("rapportor.flen", "Flen", "reporter"),
    ("partner.flen", "Flen", "partner"),
    ("polis.flen", "Flen", "partner (police)"),
    ("samordnare.degerfors", "Degerfors", "coordinator"),
    ("rapportor.degerfors", "Degerfors", "reporter"),
    ("partner.degerfors", "Degerfors", "partner"),
]
DEMO_PASSWORD = "trygg-demo"


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if settings.DEMO_MODE:
            context["demo_accounts"] = DEMO_ACCOUNTS
            context["demo_password"] = DEMO_PASSWORD
        return context


def home(request: HttpRequest) -> HttpResponse:
    """`/`: log in, then go to the user's municipality (or choose one)."""
    if not request.user.is_authenticated:
        return redirect("login")
    municipalities = municipalities_for(request.user)
    if len(municipalities) == 1:
        return redirect("reports:start", municipalities[0].code)
    return render(request, "core/choose_municipality.html", {"municipalities": municipalities})


@login_required
def choose_municipality(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/choose_municipality.html",
        {"municipalities": municipalities_for(request.user)},
    )
