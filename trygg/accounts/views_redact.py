"""Removing the free text of one audit event (``services.audit_event_redact``): the
coordinator's confirmation page, reached from the audit log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trygg.accounts import services
from trygg.accounts.decorators import municipality_view
from trygg.accounts.forms import AuditRedactForm
from trygg.accounts.types import TenantRequest
from trygg.core import audit
from trygg.core.forms import add_service_errors
from trygg.core.models import AuditEvent


@require_http_methods(["GET", "HEAD", "POST"])
@municipality_view("municipality.manage")
def audit_redact(request: TenantRequest, event_id: int) -> HttpResponse:
    municipality = request.municipality
    event = AuditEvent.objects.filter(municipality_id=municipality.pk, pk=event_id).first()
    if event is None:
        raise Http404
    back = reverse("settings:audit", args=[municipality.code])
    form = AuditRedactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_event_redact(
                actor=request.user, event=event, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error, default_field="reason")
        else:
            messages.success(request, _("The free text was removed from the audit event."))
            return redirect(back)
    return render(
        request,
        "settings/audit_redact.html",
        {
            "event": event,
            "label": audit.action_label(event.action),
            "changes": audit.change_lines(event),
            "has_text": bool(event.free_text),
            "form": form,
            "back": back,
            "section": "audit",
        },
    )
