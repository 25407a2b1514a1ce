from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "medhub.partners"
    verbose_name = _("Partner applications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from medhub.partners import audit  # noqa: F401  (registers the app's audit actions)
