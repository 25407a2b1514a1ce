from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "medhub.council"
    verbose_name = _("The council")
    default_auto_field = "django.db.models.BigAutoField"
