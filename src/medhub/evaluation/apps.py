from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "medhub.evaluation"
    verbose_name = _("Evaluation and awards")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from medhub.evaluation import audit  # noqa: F401 - registers the audit actions
