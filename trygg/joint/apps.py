from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JointConfig(AppConfig):
    name = "trygg.joint"
    label = "joint"
    verbose_name = _("Joint councils and police areas")
