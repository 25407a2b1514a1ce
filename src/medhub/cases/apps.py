from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "medhub.cases"
    label = "cases"
