"""The follow-up pages: open a round, each party reports its own items and signs off, the
coordinator publishes. A party sees everyone's reports; it writes only its own."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trygg.accounts.decorators import municipality_view
from trygg.accounts.models import Organisation
from trygg.accounts.permissions import can
from trygg.core.forms import add_service_errors
from trygg.places.tenancy import MunicipalityRequest
from trygg.promises import services
from trygg.promises.choices import Party, RoundStatus
from trygg.promises.forms import ReportForm, RoundForm, SignOffForm
from trygg.promises.models import FollowUpRound
from trygg.promises.progress import item_progress
from trygg.promises.selectors import (
    parts_of,
    promise_get,
    round_get,
    round_reports,
    signoffs_of,
)
from trygg.promises.services.followup import PartyPart, current_items
from trygg.promises.views import detail_page, flash_error


def _round_page(request: MunicipalityRequest, follow_up: FollowUpRound) -> HttpResponse:
    return redirect(
        "promises:round",
        request.municipality.code,
        follow_up.promise.public_id,
        follow_up.public_id,
    )


@municipality_view("promise.manage")
@require_POST
def round_create(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    promise = promise_get(municipality=request.municipality, public_id=public_id)
    form = RoundForm(request.POST)
    if form.is_valid():
        try:
            follow_up = services.round_open(
                actor=request.user, promise=promise, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The follow-up is open. Each party now reports its own items.")
            )
            return _round_page(request, follow_up)
    return detail_page(request, promise, bound={"round_form": form}, open_form="round")


def _context(
    request: MunicipalityRequest,
    follow_up: FollowUpRound,
    bound: tuple[int, str, ReportForm] | None = None,
    bound_signoff: tuple[str, int | None, SignOffForm] | None = None,
) -> dict[str, Any]:
    municipality = request.municipality
    items = current_items(follow_up.promise)
    rows = round_reports(follow_up, items)
    signoffs = signoffs_of(follow_up)
    signed = {(s.party, s.partner_id) for s in signoffs}
    is_open = follow_up.status == RoundStatus.OPEN
    entries = []
    for row in rows:
        parties = []
        for party, report in row.rows():
            partner = row.item.partner if party == Party.PARTNER else None
            mine = (
                is_open
                and (party, partner.pk if partner else None) not in signed
                and can(request.user, "promise.report", PartyPart(municipality, party, partner))
            )
            form = None
            if mine:
                if bound and bound[0] == row.item.pk and bound[1] == party:
                    form = bound[2]
                else:
                    initial = {}
                    if report is not None:
                        initial = {
                            "done": report.done,
                            "outcome": report.outcome,
                            "value": report.value if report.value is not None else "",
                            "rating": report.rating,
                        }
                    form = ReportForm(initial=initial, prefix=f"i{row.item.pk}-{party}")
            parties.append(
                {
                    "party": party,
                    "partner": partner,
                    "report": report,
                    "form": form,
                    "label": Party(party).label,
                }
            )
        entries.append(
            {
                "item": row.item,
                "parties": parties,
                "progress": item_progress(row.item, follow_up.as_of),
            }
        )
    parts = []
    for party, partner in parts_of(items):
        key = (party, partner.pk if partner else None)
        mine = (
            is_open
            and key not in signed
            and can(request.user, "promise.report", PartyPart(municipality, party, partner))
        )
        signoff_form: SignOffForm | None = None
        if mine:
            if bound_signoff and (bound_signoff[0], bound_signoff[1]) == key:
                signoff_form = bound_signoff[2]
            else:
                signoff_form = SignOffForm(prefix=f"s-{party}-{key[1] or 0}")
        parts.append(
            {
                "party": party,
                "partner": partner,
                "signed": key in signed,
                "form": signoff_form,
                "label": partner.name if partner else Party(party).label,
                "signoff": next((s for s in signoffs if (s.party, s.partner_id) == key), None),
            }
        )
    return {
        "promise": follow_up.promise,
        "round": follow_up,
        "entries": entries,
        "parts": parts,
        "is_open": is_open,
        "may_publish": is_open and can(request.user, "promise.manage", municipality),
        "all_signed": bool(parts) and all(p["signed"] for p in parts),
    }


@municipality_view("promise.view")
def round_detail(request: MunicipalityRequest, public_id: Any, round_id: Any) -> HttpResponse:
    promise = promise_get(municipality=request.municipality, public_id=public_id)
    follow_up = round_get(promise, round_id)
    return render(request, "promises/round.html", _context(request, follow_up))


@municipality_view("promise.view")
@require_POST
def round_report(request: MunicipalityRequest, public_id: Any, round_id: Any) -> HttpResponse:
    promise = promise_get(municipality=request.municipality, public_id=public_id)
    follow_up = round_get(promise, round_id)
    party = request.POST.get("party", "")
    item_pk = request.POST.get("item", "")
    item = next((i for i in current_items(promise) if str(i.pk) == item_pk), None)
    if item is None:  # the form always names its item: a tampered or stale post
        messages.error(request, _("The promise item was not found; reload the page."))
        return render(request, "promises/round.html", _context(request, follow_up), status=400)
    form = ReportForm(request.POST, prefix=f"i{item.pk}-{party}")
    if form.is_valid():
        try:
            services.item_report(
                actor=request.user, follow_up=follow_up, item=item, party=party, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your report is saved."))
            return _round_page(request, follow_up)
    return render(
        request,
        "promises/round.html",
        _context(request, follow_up, bound=(item.pk, party, form)),
        status=400,
    )


@municipality_view("promise.view")
@require_POST
def round_sign_off(request: MunicipalityRequest, public_id: Any, round_id: Any) -> HttpResponse:
    municipality = request.municipality
    promise = promise_get(municipality=municipality, public_id=public_id)
    follow_up = round_get(promise, round_id)
    party = request.POST.get("party", "")
    partner = None
    if party == Party.PARTNER:
        partner_id = _uuid_or_none(request.POST.get("partner"))
        partner = (
            Organisation.objects.filter(municipality=municipality, public_id=partner_id).first()
            if partner_id is not None
            else None
        )
        if partner is None:
            raise PermissionDenied
    form = SignOffForm(request.POST, prefix=f"s-{party}-{partner.pk if partner else 0}")
    if form.is_valid():
        try:
            services.round_sign_off(
                actor=request.user,
                follow_up=follow_up,
                party=party,
                partner=partner,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your part is signed off."))
            return _round_page(request, follow_up)
    return render(
        request,
        "promises/round.html",
        _context(request, follow_up, bound_signoff=(party, partner.pk if partner else None, form)),
        status=400,
    )


def _uuid_or_none(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


@municipality_view("promise.manage")
@require_http_methods(["GET", "POST"])
def round_publish(request: MunicipalityRequest, public_id: Any, round_id: Any) -> HttpResponse:
    """GET asks for confirmation (what becomes public, and that it cannot be changed), POST
    publishes."""
    promise = promise_get(municipality=request.municipality, public_id=public_id)
    follow_up = round_get(promise, round_id)
    if request.method == "POST":
        try:
            services.round_publish(actor=request.user, follow_up=follow_up)
        except ValidationError as error:
            flash_error(request, error)
        else:
            messages.success(request, _("The follow-up is published on the public pages."))
        return _round_page(request, follow_up)
    context = _context(request, follow_up)
    if not context["is_open"] or not context["all_signed"]:
        messages.error(
            request,
            _("Every party must sign off its part before the follow-up is published.")
            if context["is_open"]
            else _("The follow-up is already published."),
        )
        return _round_page(request, follow_up)
    return render(request, "promises/round_publish.html", context)
