"""Forms for the coordinator's pages on organisations, users and roles, and the audit log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from trygg.accounts.choices import OrganisationType, ReportingFrequency, Role
from trygg.accounts.models import Organisation
from trygg.core.forms import WeekField


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    type = forms.ChoiceField(label=_("Type"), choices=OrganisationType.choices)
    contact_name = forms.CharField(
        label=_("Contact person"),
        max_length=200,
        required=False,
        help_text=_("The organisation's key contact for the EST group."),
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"), max_length=254, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    reporting_frequency = forms.ChoiceField(
        label=_("Expected reporting"),
        choices=ReportingFrequency.choices,
        initial=ReportingFrequency.WEEKLY,
        help_text=_(
            "How often the organisation is expected to report (or say that it has "
            "nothing to report)."
        ),
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class OrganisationCreateForm(OrganisationForm):
    expected_from = WeekField(
        label=_("Expected to report from week"),
        help_text=_(
            "Leave empty to expect reports from this week. Give an earlier week only if the "
            "organisation already reported then; earlier weeks never count it as missing."
        ),
    )


def _organisation_field(municipality: Any) -> forms.ModelChoiceField[Organisation]:
    return forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(municipality=municipality, active=True),
        empty_label=_("Choose an organisation"),
    )


class UserCreateForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only, e.g. anna.svensson."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.REPORTER)
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Optional. Without a password the user sets one through “Forgot password”."),
    )
    password_again = forms.CharField(
        label=_("Initial password again"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = [
        "username",
        "first_name",
        "last_name",
        "email",
        "organisation",
        "role",
        "password",
        "password_again",
    ]

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = _organisation_field(municipality)
        self.order_fields(self.field_order)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password", "") != data.get("password_again", ""):
            self.add_error("password_again", _("The two passwords differ."))
        return data


class MembershipAddForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = _organisation_field(municipality)
        self.order_fields(["organisation", "role"])


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label=_("Action starts with"),
        max_length=64,
        required=False,
        help_text=_("E.g. report or area.create"),
    )
    actor = forms.CharField(label=_("Username of the actor"), max_length=150, required=False)

    def clean_action(self) -> str:
        value = str(self.cleaned_data.get("action", "")).strip()
        if value and not all(c.isalnum() or c in "._-" for c in value):
            raise ValidationError(_("Use letters, digits, dots and underscores only."))
        return value
