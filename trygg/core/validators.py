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
