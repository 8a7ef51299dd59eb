"""``/accounts/profile/``: the user's own page — who they are in which organisations, their
e-mail reminders (on or off), and the way to their API token."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trygg.accounts.models import Membership, User
from trygg.accounts.services import user_notices_set


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if request.method == "POST":
        wanted = request.POST.get("mail_notices") == "on"
        user_notices_set(actor=user, user=user, mail_notices=wanted)
        messages.success(
            request,
            _("E-mail reminders are on.") if wanted else _("E-mail reminders are off."),
        )
        return redirect("profile")
    memberships = (
        Membership.objects.filter(user=user, active=True)
        .select_related("organisation", "municipality")
        .order_by("municipality__name", "organisation__name")
    )
    return render(request, "accounts/profile.html", {"memberships": memberships})
