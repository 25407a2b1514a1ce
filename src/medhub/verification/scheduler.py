"""The scheduler of the single machine: runs the periodic tasks kept in the database
(django-celery-beat's PeriodicTask rows) in this process, when they are due.

In production ``celery beat`` with django-celery-beat's DatabaseScheduler reads the same rows and
sends the tasks to a worker; without a broker (the single-machine default, where tasks run eagerly)
``manage.py run_scheduler`` does it instead, beside the server. Whether a row is due is decided by
django-celery-beat's own entry (``ModelEntry.is_due``: interval, crontab in its time zone, solar,
clocked, start time, expiry, one-off) so both schedulers agree; this module only claims the run,
calls the task and records it.

A due task is claimed before it runs by moving its ``last_run_at`` with a conditional update, so
two schedulers started by mistake still run it once. A task that fails is logged and the others
still run; it is tried again at its next due time.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from importlib import import_module

from django.db import DatabaseError, close_old_connections
from django.db.models import F
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import ModelEntry
from kombu.utils.json import loads

from medhub.celery import app as celery_app

logger = logging.getLogger("medhub.scheduler")


@dataclasses.dataclass
class Run:
    name: str
    task: str
    ok: bool
    error: str = ""


def _claim(model: PeriodicTask, stored_last_run) -> bool:
    """Marks the task as run now, unless another scheduler did since it was read."""
    claimed = PeriodicTask.objects.filter(pk=model.pk, enabled=True, last_run_at=stored_last_run).update(
        last_run_at=timezone.now(), total_run_count=F("total_run_count") + 1
    )
    return bool(claimed)


def _task(app, name: str):
    """The task registered under ``name``; its module is imported first if nothing has imported it
    yet in this process (Celery's discovery is lazy; a shared task registers on the app when its
    module is imported)."""
    task = app.tasks.get(name)
    if task is None and "." in name:
        try:
            import_module(name.rsplit(".", 1)[0])
        except ImportError:
            return None
        task = app.tasks.get(name)
    return task


def run_due(app=None) -> list[Run]:
    """Runs every enabled periodic task that is due, once, in this process; returns what ran."""
    app = app or celery_app
    app.loader.import_default_modules()
    runs: list[Run] = []
    models = PeriodicTask.objects.filter(enabled=True).select_related("interval", "crontab", "solar", "clocked")
    for model in models.order_by("pk"):
        stored_last_run = model.last_run_at
        try:
            entry = ModelEntry(model, app=app)
            due, _next = entry.is_due()
        except Exception:
            logger.exception("scheduler: cannot tell whether %s is due", model.name)
            continue
        if not due or not _claim(model, stored_last_run):
            continue
        task = _task(app, model.task)
        if task is None:
            logger.error("scheduler: %s names an unknown task %s", model.name, model.task)
            runs.append(Run(model.name, model.task, False, "unknown task"))
            continue
        try:
            task.apply(args=loads(model.args or "[]"), kwargs=loads(model.kwargs or "{}"), throw=True)
        except Exception as exc:
            logger.exception("scheduler: %s (%s) failed", model.name, model.task)
            runs.append(Run(model.name, model.task, False, f"{type(exc).__name__}: {exc}"))
        else:
            logger.debug("scheduler: %s (%s) ran", model.name, model.task)
            runs.append(Run(model.name, model.task, True))
    return runs


def serve(*, interval: float = 5.0, report=None) -> None:
    """Runs what is due every ``interval`` seconds until the process is stopped. A database that is
    away (or not migrated yet) is waited for, not fatal."""
    while True:
        close_old_connections()
        try:
            for run in run_due():
                if report:
                    report(run)
        except DatabaseError:
            logger.exception("scheduler: the database is not available; trying again")
        close_old_connections()
        time.sleep(interval)
