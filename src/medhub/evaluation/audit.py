"""The evaluation's audit actions (medhub.core.audit)."""

from django.utils.translation import gettext_lazy as _

from medhub.core.audit import register

register(
    {
        "evaluation.round.opened": _("Evaluation opened"),
        "evaluation.round.status_changed": _("Evaluation status changed"),
        "evaluation.round.computed": _("Evaluation figures computed"),
        "evaluation.criterion.weighted": _("Criterion weight changed"),
        "evaluation.score.entered": _("Committee score entered"),
        "evaluation.award.given": _("Award given"),
        "evaluation.award.changed": _("Award changed"),
        "evaluation.award.withdrawn": _("Award withdrawn"),
    }
)
