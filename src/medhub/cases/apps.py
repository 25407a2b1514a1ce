from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "medhub.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self):
        from medhub.cases import audit  # noqa: F401  (registers the app's audit actions)
