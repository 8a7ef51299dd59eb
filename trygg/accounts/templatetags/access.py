from __future__ import annotations

from typing import Any

from django import template

from trygg.accounts.permissions import can as can_fn

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context: dict[str, Any], perm: str, obj: Any = None) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return False
    if obj is None:
        obj = getattr(request, "municipality", None)
    return can_fn(user, perm, obj)
