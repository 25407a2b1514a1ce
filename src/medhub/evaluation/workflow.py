"""The evaluation's declared workflow (core/workflow.py, decision 0010): a round is prepared as a
draft, scored (figures computed, committee scores entered; it may go back to draft), then
published on the Partners Day page. Published is final: the ranking and the awards the mayor
handed over are the record of that year (decision 0027)."""

from django.utils.translation import gettext_lazy as _

from medhub.core.workflow import Workflow
from medhub.evaluation.models import RoundStatus as R

ROUND = Workflow(
    "evaluation-round",
    R,
    {R.DRAFT: {R.SCORING}, R.SCORING: {R.PUBLISHED, R.DRAFT}, R.PUBLISHED: set()},
    refusal=_("An evaluation that is “%(from)s” cannot become “%(to)s”."),
    governs=("evaluation.Round.status",),
)
