from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "medhub.directory"
    label = "directory"
