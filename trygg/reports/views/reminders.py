"""The coordinator's "Skicka påminnelse" to an organisation that has not reported for a week
(a button on the meeting's preparation page; reports.services.reminders)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trygg.accounts.decorators import municipality_view
from trygg.accounts.models import Organisation
from trygg.core.weeks import IsoWeek
from trygg.places.tenancy import MunicipalityRequest
from trygg.reports.services.reminders import reminder_send_now


@require_POST
@municipality_view("report.review")
def remind(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    back = redirect(target) if target else redirect("reports:review", municipality.code)
    try:
        week = IsoWeek.parse(request.POST.get("week", ""))
    except ValueError:
        messages.error(request, _("Choose a valid week."))
        return back
    organisation = None
    try:
        organisation = Organisation.objects.filter(
            municipality=municipality, public_id=request.POST.get("organisation", "")
        ).first()
    except ValidationError:
        organisation = None
    if organisation is None:
        messages.error(request, _("Choose an organisation of the municipality."))
        return back
    try:
        reminder, created = reminder_send_now(
            actor=request.user, organisation=organisation, week=week
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return back
    if created:
        messages.success(
            request,
            _("A reminder to %(org)s is on its way.") % {"org": organisation.name},
        )
    else:
        messages.info(
            request,
            _("%(org)s was already reminded for this week (%(when)s).")
            % {
                "org": organisation.name,
                "when": timezone.localtime(reminder.created_at).strftime("%Y-%m-%d %H:%M"),
            },
        )
    return back
