"""Input checks shared by forms, the API and imports."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.core.pii import find_pii

PII_KIND_LABELS = {
    "personnummer": gettext_lazy("a personal identity number"),
    "samordningsnummer": gettext_lazy("a coordination number"),
    "phone": gettext_lazy("a phone number"),
    "email": gettext_lazy("an e-mail address"),
    "plate": gettext_lazy("a vehicle registration number"),
}


def reject_nul(value: Any) -> None:
    if isinstance(value, str) and "\x00" in value:
        raise ValidationError(
            _("The text contains a NUL character, which is not allowed."), code="nul"
        )


def no_personal_data(value: str) -> None:
    """Refuse free text containing personal data; point at the offending part."""
    if not value:
        return
    reject_nul(value)
    findings = find_pii(value)
    if not findings:
        return
    messages = []
    for finding in findings[:5]:
        messages.append(
            _(
                "It looks like %(kind)s: “%(excerpt)s”. Please rewrite without personal data "
                "– Trygg is about places and situations, never individuals."
            )
            % {"kind": PII_KIND_LABELS.get(finding.kind, finding.kind), "excerpt": finding.excerpt}
        )
    raise ValidationError(messages, code="personal_data")


def clean_text(value: str | None, *, pii: bool = True) -> str:
    """Normalise a free-text input: strip, refuse NUL, optionally screen for personal data."""
    text = (value or "").strip()
    reject_nul(text)
    if pii:
        no_personal_data(text)
    return text


# ---------------------------------------------------------------------------------------------
# The registry of screened fields

SCREENED_FIELDS: set[tuple[str, str]] = set()
"""Every (model label, field name) whose text is screened for personal data where it is
written. Filled by :func:`screened` in the services that write the fields; the coverage test
(tests/test_pii_coverage.py) checks every model text field against it."""


class Screen:
    """The free-text fields of one model that its service screens: ``clean(field, value)``
    is :func:`clean_text` for a declared field and refuses any other."""

    def __init__(self, model: str, fields: frozenset[str]) -> None:
        self.model = model
        self.fields = fields

    def clean(self, field: str, value: str | None) -> str:
        if field not in self.fields:
            raise LookupError(f"{self.model}.{field} is not declared as a screened field")
        return clean_text(value)

    def __repr__(self) -> str:
        return f"Screen({self.model!r}, {sorted(self.fields)!r})"


def screened(model: str, *fields: str) -> Screen:
    """Declare that the calling service screens these text fields of ``model``
    ("app_label.ModelName") and return the :class:`Screen` it cleans them with."""
    SCREENED_FIELDS.update((model, name) for name in fields)
    return Screen(model, frozenset(fields))
