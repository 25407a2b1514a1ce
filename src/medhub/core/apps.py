from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "medhub.core"
    label = "core"
