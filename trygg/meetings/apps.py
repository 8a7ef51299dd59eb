from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "trygg.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from trygg.core import contributions
        from trygg.meetings.views.calendar import profile_section

        contributions.register("accounts.profile", profile_section)

        from trygg.meetings.contributed import focus_for_week

        contributions.register("situation.weekly.aside", focus_for_week)

        from trygg.core import schedule
        from trygg.meetings.services import digest, minutes_mail

        schedule.register(
            "meetings.minutes_retry", minutes_mail.retry_minutes, every=minutes_mail.EVERY
        )
        schedule.register("meetings.digest_retry", digest.retry_digests, every=digest.EVERY)
