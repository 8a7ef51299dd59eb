"""``{% joint_bodies_here as bodies %}``: the joint councils and police areas of the page's
municipality that the user may open (``joint.view``), for the main menu."""

from __future__ import annotations

from typing import Any

from django import template

from trygg.accounts.permissions import can
from trygg.places.joint import joint_bodies_of
from trygg.places.models import JointBody

register = template.Library()


@register.simple_tag(takes_context=True)
def joint_bodies_here(context: Any) -> list[JointBody]:
    request = context.get("request")
    municipality = getattr(request, "municipality", None)
    user = getattr(request, "user", None)
    if municipality is None or user is None or not can(user, "joint.view", municipality):
        return []
    cached: list[JointBody] | None = getattr(request, "_trygg_joint_bodies", None)
    if cached is None:
        cached = joint_bodies_of(municipality)
        request._trygg_joint_bodies = cached
    return cached
