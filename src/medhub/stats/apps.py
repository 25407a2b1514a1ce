from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "medhub.stats"
    label = "stats"
