from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterpretingConfig(AppConfig):
    name = "medhub.interpreting"
    label = "interpreting"
    verbose_name = _("Interpretation")

    def ready(self):
        from medhub.interpreting import audit  # noqa: F401  (registers the app's audit actions)
