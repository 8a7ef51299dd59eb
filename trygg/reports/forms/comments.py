"""A comment on a report (reports.services.comments)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.reports.services.comments import MAX_LENGTH


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=MAX_LENGTH,
        help_text=_(
            "What you know or did about it, for example whether the police were there. Places "
            "and situations, never names."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a comment.")},
    )
