from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "medhub.scheduling"
    label = "scheduling"

    def ready(self):
        from medhub.scheduling import audit  # noqa: F401  (registers the app's audit actions)
