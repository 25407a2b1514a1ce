"""The evaluation's declared workflow (core/workflow.py, decision 0010): a round is prepared as a
draft, scored (figures computed, committee scores entered), then published on the Partners Day
page; a published round may go back to scoring to correct it, which takes it off the page."""

from django.utils.translation import gettext_lazy as _

from medhub.core.workflow import Workflow
from medhub.evaluation.models import RoundStatus as R

ROUND = Workflow(
    "evaluation-round",
    R,
    {R.DRAFT: {R.SCORING}, R.SCORING: {R.PUBLISHED, R.DRAFT}, R.PUBLISHED: {R.SCORING}},
    refusal=_("An evaluation that is “%(from)s” cannot become “%(to)s”."),
    governs=("evaluation.Round.status",),
)
