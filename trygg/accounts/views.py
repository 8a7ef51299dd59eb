"""Log-in, password recovery, the start redirect and the municipality chooser."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from trygg.accounts import services
from trygg.accounts.forms import NewPasswordForm
from trygg.accounts.selectors import municipalities_for

DEMO_ACCOUNTS = [
    ("samordnare.flen", "Flen", "coordinator"),
    ("rapportor.flen", "Flen", "reporter"),
    ("partner.flen", "Flen", "partner"),
    ("polis.flen", "Flen", "partner (police)"),
    ("samordnare.degerfors", "Degerfors", "coordinator"),
    ("rapportor.degerfors", "Degerfors", "reporter"),
    ("partner.degerfors", "Degerfors", "partner"),
    ("samordnare.karlskoga", "Karlskoga", "coordinator"),
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


# ---------------------------------------------------------------------------------------------
# "Glömt lösenordet?": Trygg's own four pages; the mail goes through the task queue


class PasswordResetView(auth_views.PasswordResetView):
    """Step 1: the e-mail address. The same answer whether or not an account has it."""

    template_name = "registration/password_reset_form.html"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        services.password_reset_request(email=form.cleaned_data["email"])
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    """Step 2: "check your e-mail"."""

    template_name = "registration/password_reset_done.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["hours"] = settings.PASSWORD_RESET_TIMEOUT // 3600
        return context


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Step 3: the link from the mail; choose a new password (or an expired-link message)."""

    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")
    form_class = NewPasswordForm

    def form_valid(self, form: SetPasswordForm[Any]) -> HttpResponse:
        services.password_set_by_link(user=form.user, password=form.cleaned_data["new_password1"])
        self.request.session.pop(auth_views.INTERNAL_RESET_SESSION_TOKEN, None)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    """Step 4: done; log in with the new password."""

    template_name = "registration/password_reset_complete.html"


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
