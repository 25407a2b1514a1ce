"""The declared workflow of a registry import (core/workflow.py, decision 0010).

Upload → preview computed → the administrator applies (queued) → a worker applies → done. Any
step may fail. A job whose worker died while applying is queued again by the sweep. The moves
are made by conditional UPDATEs in registry/services.py (so a reload or a second worker moves
nothing twice); this table is what those UPDATEs may do.

A registry entry's status is not here: it mirrors the national registry's file, whatever that
file says (tests/core/test_workflows.py exempts it)."""

from django.utils.translation import gettext_lazy as _

from medhub.core.workflow import Workflow
from medhub.registry.models import ImportJob

S = ImportJob.State

IMPORT_JOB = Workflow(
    "registry import",
    S,
    {
        S.UPLOADED: {S.PREVIEWED, S.FAILED},
        S.PREVIEWED: {S.QUEUED},
        S.QUEUED: {S.APPLYING},
        S.APPLYING: {S.DONE, S.FAILED, S.QUEUED},
        S.DONE: set(),
        S.FAILED: set(),
    },
    refusal=_("An import that is “%(from)s” cannot become “%(to)s”."),
    governs=("registry.ImportJob.state",),
)
