"""The coordinator's pages for organisations, users and roles, and the audit log."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from trygg.accounts import services
from trygg.accounts.decorators import municipality_view
from trygg.accounts.forms import (
    AuditFilterForm,
    MembershipAddForm,
    OrganisationCreateForm,
    OrganisationForm,
    UserCreateForm,
)
from trygg.accounts.models import Membership, Organisation, User
from trygg.accounts.types import TenantRequest
from trygg.core import audit
from trygg.core.forms import add_service_errors
from trygg.core.models import AuditEvent

MANAGE = "municipality.manage"


def _organisation_get(municipality: Any, public_id: Any) -> Organisation:
    organisation = Organisation.objects.filter(
        municipality=municipality, public_id=public_id
    ).first()
    if organisation is None:
        raise Http404
    return organisation


# ---------------------------------------------------------------------------------------------
# Organisations


@municipality_view(MANAGE)
def organisation_list(request: TenantRequest) -> HttpResponse:
    municipality = request.municipality
    organisations = Organisation.objects.filter(municipality_id=municipality.pk).order_by("name")
    return render(
        request,
        "settings/organisations.html",
        {
            "organisations": organisations,
            "section": "organisations",
        },
    )


@municipality_view(MANAGE)
def organisation_create(request: TenantRequest) -> HttpResponse:
    municipality = request.municipality
    form = OrganisationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        week = values.pop("expected_from", None)
        try:
            organisation = services.organisation_create(
                actor=request.user,
                municipality=municipality,
                expected_from=week.monday if week else None,
                **values,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The organisation “%(name)s” was created.") % {"name": organisation.name}
            )
            return redirect("settings:organisations", municipality.code)
    return render(
        request,
        "settings/organisation_form.html",
        {
            "form": form,
            "section": "organisations",
        },
    )


@municipality_view(MANAGE)
def organisation_edit(request: TenantRequest, public_id: Any) -> HttpResponse:
    municipality = request.municipality
    organisation = _organisation_get(municipality, public_id)
    initial = {name: getattr(organisation, name) for name in services.ORGANISATION_FIELDS}
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
            organisation.refresh_from_db()
        else:
            messages.success(
                request, _("The organisation “%(name)s” was saved.") % {"name": organisation.name}
            )
            return redirect("settings:organisations", municipality.code)
    members = (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__username", "role")
    )
    return render(
        request,
        "settings/organisation_form.html",
        {
            "form": form,
            "organisation": organisation,
            "members": members,
            "expectations": organisation.expectations.order_by("valid_from"),
            "section": "organisations",
        },
    )


# ---------------------------------------------------------------------------------------------
# Users and roles


@dataclass
class UserRow:
    user: User
    memberships: list[Membership] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return any(m.active and m.organisation.active for m in self.memberships)


def _user_rows(municipality: Any) -> list[UserRow]:
    rows: dict[int, UserRow] = {}
    memberships = (
        Membership.objects.filter(municipality=municipality)
        .select_related("user", "organisation")
        .order_by("user__username", "organisation__name", "role")
    )
    for membership in memberships:
        row = rows.setdefault(membership.user_id, UserRow(user=membership.user))
        row.memberships.append(membership)
    return list(rows.values())


@municipality_view(MANAGE)
def user_list(request: TenantRequest) -> HttpResponse:
    municipality = request.municipality
    return render(
        request,
        "settings/users.html",
        {
            "rows": _user_rows(municipality),
            "section": "users",
        },
    )


USER_FIELDS = ["username", "first_name", "last_name", "email", "organisation", "role", "password"]


@municipality_view(MANAGE)
def user_create(request: TenantRequest) -> HttpResponse:
    municipality = request.municipality
    form = UserCreateForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in USER_FIELDS}
        values["password"] = values["password"] or None
        try:
            user = services.user_create(actor=request.user, **values)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The user %(username)s was created.") % {"username": user.username}
            )
            return redirect("settings:user_edit", municipality.code, user.pk)
    return render(request, "settings/user_form.html", {"form": form, "section": "users"})


@municipality_view(MANAGE)
def user_edit(request: TenantRequest, user_id: int) -> HttpResponse:
    municipality = request.municipality
    memberships = list(
        Membership.objects.filter(municipality_id=municipality.pk, user_id=user_id)
        .select_related("user", "organisation")
        .order_by("organisation__name", "role")
    )
    if not memberships:
        raise Http404
    person = memberships[0].user
    add_form = MembershipAddForm(municipality=municipality)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add":
            add_form = MembershipAddForm(request.POST, municipality=municipality)
            if add_form.is_valid():
                try:
                    services.membership_add(
                        actor=request.user,
                        user=person,
                        organisation=add_form.cleaned_data["organisation"],
                        role=add_form.cleaned_data["role"],
                    )
                except ValidationError as error:
                    add_service_errors(add_form, error)
                else:
                    messages.success(request, _("The role was added."))
                    return redirect("settings:user_edit", municipality.code, person.pk)
        elif action in ("deactivate", "activate"):
            public_id = request.POST.get("membership", "")
            membership = next((m for m in memberships if str(m.public_id) == public_id), None)
            if membership is None:
                raise Http404
            try:
                services.membership_set_active(
                    actor=request.user, membership=membership, active=action == "activate"
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    _("The role was reactivated.")
                    if action == "activate"
                    else _("The role was deactivated."),
                )
            return redirect("settings:user_edit", municipality.code, person.pk)
        else:
            raise Http404
    return render(
        request,
        "settings/user_edit.html",
        {
            "person": person,
            "memberships": memberships,
            "add_form": add_form,
            "section": "users",
        },
    )


# ---------------------------------------------------------------------------------------------
# Audit log


@municipality_view(MANAGE)
def audit_log(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.filter(municipality=municipality).order_by("-occurred_at", "-id")
    if form.is_valid():
        if form.cleaned_data["action"]:
            events = events.filter(action__startswith=form.cleaned_data["action"])
        if form.cleaned_data["actor"]:
            events = events.filter(actor__username__iexact=form.cleaned_data["actor"].strip())
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    rows = [
        {
            "event": event,
            "label": audit.action_label(event.action),
            "known": event.action in audit.catalogue(),
            "changes": audit.change_lines(event),
        }
        for event in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "settings/audit.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "section": "audit",
        },
    )
