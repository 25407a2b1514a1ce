from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TravelConfig(AppConfig):
    name = "medhub.travel"
    label = "travel"
    verbose_name = _("Travel")

    def ready(self):
        from medhub.travel import audit  # noqa: F401  (registers the app's audit actions)
