from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The fictional demo hub (`manage.py demo`): one module per area, each building its part
    through that app's services. It sits on top of the app map, so no feature app knows of it."""

    name = "medhub.demo"
    label = "demo"
