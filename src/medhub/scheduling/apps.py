from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "medhub.scheduling"
    label = "scheduling"
    verbose_name = _("Schedule")

    def ready(self):
        from medhub.scheduling import audit  # noqa: F401  (registers the app's audit actions)
