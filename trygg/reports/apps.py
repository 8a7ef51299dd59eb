from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "trygg.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from trygg.core import schedule
        from trygg.reports.services import reminders

        schedule.register(
            "reports.missing_reminders", reminders.queue_missing_reminders, every=reminders.EVERY
        )
