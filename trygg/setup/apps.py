from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SetupConfig(AppConfig):
    """The top layer: onboarding a municipality, the settings index and the demo world. It
    calls every app's ``install_defaults`` and may import every app; nothing imports it."""

    name = "trygg.setup"
    label = "setup"
    verbose_name = _("Setup")
