"""The coordinator's page for joint councils and police areas (docs/joint.md): create one,
invite another municipality, answer an invitation, leave. Mounted in the "settings" namespace
under /m/<code>/settings/joint/. The joint view itself is ``trygg.joint``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from trygg.accounts.decorators import municipality_view
from trygg.core.forms import add_service_errors
from trygg.places import joint
from trygg.places.choices import JointStatus
from trygg.places.forms import JointBodyForm, JointInviteForm
from trygg.places.tenancy import MunicipalityRequest

MANAGE = "municipality.manage"


def _page(
    request: MunicipalityRequest,
    *,
    create_form: JointBodyForm | None = None,
    invite_form: JointInviteForm | None = None,
    invite_body: Any = None,
    status: int = 200,
) -> HttpResponse:
    municipality = request.municipality
    rows = joint.memberships_of(municipality)
    current = [r for r in rows if r.is_current]
    members = joint.members_of_bodies([r.joint_body for r in current])
    return render(
        request,
        "settings/joint.html",
        {
            "section": "joint",
            "current": [
                {
                    "membership": r,
                    "others": [
                        m for m in members[r.joint_body_id] if m.municipality_id != municipality.pk
                    ],
                    "invite_form": invite_form
                    if invite_body is not None and invite_body.pk == r.joint_body_id
                    else JointInviteForm(prefix=f"invite-{r.joint_body.public_id}"),
                }
                for r in current
            ],
            "invitations": [r for r in rows if r.status == JointStatus.INVITED],
            "earlier": [r for r in rows if r.status in (JointStatus.DECLINED, JointStatus.LEFT)],
            "create_form": create_form or JointBodyForm(prefix="create"),
        },
        status=status,
    )


@require_GET
@municipality_view(MANAGE)
def joint_settings(request: MunicipalityRequest) -> HttpResponse:
    return _page(request)


@require_POST
@municipality_view(MANAGE)
def joint_create(request: MunicipalityRequest) -> HttpResponse:
    form = JointBodyForm(request.POST, prefix="create")
    if form.is_valid():
        try:
            body = joint.joint_body_create(
                actor=request.user,
                municipality=request.municipality,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s was created.") % {"name": body.name})
            return redirect("settings:joint", request.municipality.code)
    return _page(request, create_form=form, status=400)


@require_POST
@municipality_view(MANAGE)
def joint_invite(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    body = joint.body_of_member(municipality=request.municipality, public_id=public_id)
    form = JointInviteForm(request.POST, prefix=f"invite-{body.public_id}")
    if form.is_valid():
        try:
            invited = joint.joint_invite(
                actor=request.user,
                body=body,
                municipality=request.municipality,
                code=form.cleaned_data["code"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was invited. Nothing is shared until its coordinator accepts.")
                % {"name": invited.municipality.name},
            )
            return redirect("settings:joint", request.municipality.code)
    return _page(request, invite_form=form, invite_body=body, status=400)


@require_POST
@municipality_view(MANAGE)
def joint_answer(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    membership = joint.membership_get(municipality=request.municipality, public_id=public_id)
    answer = request.POST.get("answer")
    try:
        if answer == "accept":
            joint.joint_accept(actor=request.user, membership=membership)
            messages.success(
                request,
                _("%(municipality)s is now a member of %(name)s.")
                % {"municipality": request.municipality.name, "name": membership.joint_body.name},
            )
        elif answer == "decline":
            joint.joint_decline(actor=request.user, membership=membership)
            messages.success(request, _("The invitation was declined; nothing is shared."))
        else:
            messages.error(request, _("Choose whether to accept or decline."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("settings:joint", request.municipality.code)


@require_POST
@municipality_view(MANAGE)
def joint_leave(request: MunicipalityRequest, public_id: Any) -> HttpResponse:
    membership = joint.membership_get(municipality=request.municipality, public_id=public_id)
    try:
        joint.joint_leave(actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(municipality)s has left %(name)s; its figures are no longer shown there.")
            % {"municipality": request.municipality.name, "name": membership.joint_body.name},
        )
    return redirect("settings:joint", request.municipality.code)
