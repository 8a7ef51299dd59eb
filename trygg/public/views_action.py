"""The public page of the åtgärdsplan (``/k/<kod>/atgardsplan/``): the newest decided and
published plan with the statuses of its latest completed follow-up. Drafts, unpublished or
superseded versions and open follow-ups never show; nor do the organisations' internal links
(the interventions, the responsible organisation in Trygg)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from trygg.plans.printing_action import action_plan_print_context
from trygg.plans.selectors.action_plan import public_plan
from trygg.public.decorators import public_view
from trygg.public.selectors import municipality_public_get


@public_view()
def action_plan_page(request: HttpRequest, code: str) -> HttpResponse:
    municipality = municipality_public_get(code=code)
    request.robots_noindex = not municipality.public_indexing  # type: ignore[attr-defined]
    found = public_plan(municipality)
    if found is None:
        raise Http404
    plan, version = found
    return render(
        request, "public/action_plan.html", action_plan_print_context(plan, version, public=True)
    )
