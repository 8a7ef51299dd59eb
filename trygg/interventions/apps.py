from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterventionsConfig(AppConfig):
    name = "trygg.interventions"
    label = "interventions"
    verbose_name = _("Interventions")

    def ready(self) -> None:
        from trygg.core import contributions
        from trygg.interventions import contributed

        contributions.register("situation.weekly.area", contributed.open_for_weekly_area)
        contributions.register("situation.area.page", contributed.open_for_area_page)
        contributions.register("situation.annual.aside", contributed.evaluated_in_year)
        contributions.register("situation.quarterly.aside", contributed.sessions_in_period)
        contributions.register("situation.annual.aside", contributed.sessions_in_year)

        from trygg.core import schedule
        from trygg.interventions.services import reminders

        schedule.register(
            "interventions.owner_reminders",
            reminders.queue_intervention_reminders,
            every=reminders.EVERY,
        )
