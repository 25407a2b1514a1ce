from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "medhub.scheduling"
    label = "scheduling"
