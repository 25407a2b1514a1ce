from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "medhub.registry"
    verbose_name = _("The registry")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from medhub.registry import audit  # noqa: F401  (registers the app's audit actions)
