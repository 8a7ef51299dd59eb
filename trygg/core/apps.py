from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "trygg.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # every app declares its audit actions in audit_actions.py (trygg.core.audit)
        autodiscover_modules("audit_actions")
