from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "medhub.cases"
    label = "cases"

    def ready(self):
        from medhub.cases import audit  # noqa: F401  (registers the app's audit actions)
