from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "trygg.plans"
    label = "plans"
    verbose_name = _("Crime picture and plans")

    def ready(self) -> None:
        from trygg.core import schedule
        from trygg.plans.services import renewal

        schedule.register(
            "plans.renewal_reminders", renewal.queue_renewal_reminders, every=renewal.EVERY
        )
