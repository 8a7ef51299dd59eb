"""Frozen weekly pictures: freeze, list, show, PDF — and send to the organisations.

A snapshot page renders the stored JSON (never recomputed), so later edits of reports do not
change what was frozen. The coordinator sends it from the page: Trygg e-mails each chosen
organisation's contact address the summary, the link and the PDF
(services_snapshots.send_snapshot queues them; the background worker sends them) and lists every
delivery with its outcome, refreshing the list while messages are queued. The mailto:
links stay as a fallback (and are all there is when outgoing mail is not configured).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from trygg.accounts.decorators import municipality_view
from trygg.accounts.permissions import can
from trygg.core.pdf import pdf_response
from trygg.core.views import parse_week
from trygg.core.weeks import IsoWeek
from trygg.places.tenancy import MunicipalityRequest
from trygg.situation import render as render_snapshots
from trygg.situation.choices import DeliveryStatus
from trygg.situation.models import WeeklySnapshot
from trygg.situation.selectors import snapshots as selectors_snapshots
from trygg.situation.services import snapshots as services_snapshots
from trygg.situation.views.weekly import default_week

#: a freeze's note while the coordinator confirms it (kept out of the confirmation URL)
SESSION_FREEZE_NOTE = "trygg.freeze_note"


def _weekly_url(code: str, week: IsoWeek) -> str:
    return f"{reverse('situation:weekly', args=[code])}?week={week}"


@require_POST
@municipality_view("situation.decide")
def freeze_week(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    week = parse_week(request.POST.get("week"), default_week())
    note = request.POST.get("note", "")
    # the note is screened before anything else: an error must come before the confirmation
    try:
        note = services_snapshots.SNAPSHOT_TEXT.clean("note", note)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_weekly_url(municipality.code, week))
    # a running week, one whose reports are not all in yet or not all reviewed: say so on
    # the confirmation page; only an explicit confirmation there freezes it
    if (
        week <= IsoWeek.current()
        and request.POST.get("confirm") != "yes"
        and selectors_snapshots.week_state(municipality, week).needs_confirmation
    ):
        request.session[SESSION_FREEZE_NOTE] = note  # free text stays out of the URL
        return redirect(
            f"{reverse('situation:freeze_confirm', args=[municipality.code])}?week={week}"
        )
    try:
        snapshot = services_snapshots.freeze_week(
            actor=request.user,
            municipality=municipality,
            week=week,
            note=note,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_weekly_url(municipality.code, week))
    request.session.pop(SESSION_FREEZE_NOTE, None)
    messages.success(
        request,
        _("The weekly picture for week %(week)s was frozen as version %(version)s.")
        % {"week": week.number_and_year, "version": snapshot.version},
    )
    return redirect("situation:snapshot", municipality.code, snapshot.public_id)


@require_GET
@municipality_view("situation.decide")
def freeze_confirm(request: MunicipalityRequest) -> HttpResponse:
    """Before a week whose numbers can still change is frozen: what can change, and the
    explicit "freeze anyway" (posts to freeze_week with confirm=yes)."""
    municipality = request.municipality
    week = parse_week(request.GET.get("week"), default_week())
    if week > IsoWeek.current():
        return redirect(_weekly_url(municipality.code, default_week()))
    return render(
        request,
        "situation/freeze_confirm.html",
        {
            "week": week,
            "state": selectors_snapshots.week_state(municipality, week),
            "note": request.session.get(SESSION_FREEZE_NOTE, ""),
            "weekly_url": _weekly_url(municipality.code, week),
            "may_review": can(request.user, "report.review", municipality),
        },
    )


@require_GET
@municipality_view("situation.view")
def snapshot_list(request: MunicipalityRequest) -> HttpResponse:
    municipality = request.municipality
    snapshots = [
        (snapshot, IsoWeek.of(snapshot.week_start))
        for snapshot in selectors_snapshots.snapshots_of(municipality)[:200]
    ]
    return render(
        request,
        "situation/snapshot_list.html",
        {
            "snapshots": snapshots,
            "may_decide": can(request.user, "situation.decide", municipality),
            "weekly_url": _weekly_url(municipality.code, default_week()),
        },
    )


def _mailto(address: str, subject: str, body: str, *, bcc: str = "") -> str:
    query = f"subject={quote(subject)}&body={quote(body)}"
    if bcc:
        query = f"bcc={quote(bcc, safe='@,')}&{query}"
    return f"mailto:{quote(address, safe='@')}?{query}"


def _share(request: HttpRequest, snapshot: WeeklySnapshot, week: IsoWeek) -> dict[str, Any]:
    """The send form (organisations, checked when they have an address), the deliveries so far
    and the mailto: fallback."""
    municipality = snapshot.municipality
    url = services_snapshots.snapshot_url(snapshot)  # TRYGG_SITE_URL, as in the sent mail
    subject = render_snapshots.snapshot_subject(snapshot)
    body = _(
        "Hello,\n\nThe weekly picture for week %(week)s has been frozen. "
        "Read it or download it as PDF (log-in required):\n%(url)s\n"
    ) % {"week": week.number_and_year, "url": url}
    organisations = selectors_snapshots.participating_organisations(municipality)
    rows = [
        {
            "organisation": org,
            "mailto": _mailto(org.contact_email, subject, body) if org.contact_email else "",
        }
        for org in organisations
    ]
    addresses = ",".join(org.contact_email for org in organisations if org.contact_email)
    deliveries = list(selectors_snapshots.snapshot_deliveries(snapshot)[:200])
    return {
        "rows": rows,
        "sendable": any(org.contact_email for org in organisations),
        "mail_enabled": settings.TRYGG_EMAIL_ENABLED,
        "deliveries": deliveries,
        "pending": any(
            delivery.status in (DeliveryStatus.QUEUED, DeliveryStatus.SENDING)
            for delivery in deliveries
        ),
        "all_mailto": _mailto("", subject, body, bcc=addresses) if addresses else "",
        "url": url,
    }


@require_GET
@municipality_view("situation.view")
def snapshot_detail(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    snapshot = selectors_snapshots.snapshot_get(municipality, public_id)
    context = render_snapshots.snapshot_context(snapshot)
    may_decide = can(request.user, "situation.decide", municipality)
    context["may_decide"] = may_decide
    context["share"] = _share(request, snapshot, context["week"]) if may_decide else None
    context["weekly_url"] = _weekly_url(municipality.code, context["week"])
    return render(request, "situation/snapshot.html", context)


@require_POST
@municipality_view("situation.decide")
def snapshot_send(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    snapshot = selectors_snapshots.snapshot_get(municipality, public_id)
    organisations = selectors_snapshots.organisations_chosen(
        municipality, request.POST.getlist("organisations")
    )
    target = redirect("situation:snapshot", municipality.code, snapshot.public_id)
    try:
        deliveries = services_snapshots.send_snapshot(
            actor=request.user, snapshot=snapshot, organisations=organisations
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return target
    # the background worker sends the messages: normally they are all still queued here, but
    # with a task backend that runs at once (or a fast worker) some outcomes may be known
    outcome = (
        selectors_snapshots.snapshot_deliveries(snapshot)
        .filter(pk__in=[delivery.pk for delivery in deliveries])
        .order_by("organisation__name")
    )
    by_status: dict[str, list[str]] = {}
    for delivery in outcome:
        by_status.setdefault(delivery.status, []).append(delivery.organisation.name)
    if sent := by_status.get(DeliveryStatus.SENT):
        messages.success(
            request,
            ngettext(
                "The weekly picture was sent to %(n)s organisation: %(names)s.",
                "The weekly picture was sent to %(n)s organisations: %(names)s.",
                len(sent),
            )
            % {"n": len(sent), "names": ", ".join(sent)},
        )
    if failed := by_status.get(DeliveryStatus.FAILED):
        messages.error(
            request,
            _("Sending failed for %(names)s. The reason is in the list of deliveries.")
            % {"names": ", ".join(failed)},
        )
    if queued := by_status.get(DeliveryStatus.QUEUED, []) + by_status.get(
        DeliveryStatus.SENDING, []
    ):
        messages.info(
            request,
            ngettext(
                "%(n)s message is waiting to be sent.",
                "%(n)s messages are waiting to be sent.",
                len(queued),
            )
            % {"n": len(queued)},
        )
    return target


@require_GET
@municipality_view("situation.view")
def snapshot_pdf(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    snapshot = selectors_snapshots.snapshot_get(municipality, public_id)
    pdf = render_snapshots.snapshot_pdf(
        snapshot, base_url=request.build_absolute_uri("/"), request=request
    )
    return pdf_response(pdf, filename=render_snapshots.snapshot_pdf_filename(snapshot))
