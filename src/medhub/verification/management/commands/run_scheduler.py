"""Runs the periodic tasks of the database schedule (django-celery-beat) in this process: the
single machine's scheduler, which `make run` starts beside the server. In production run
`celery -A medhub beat -S django_celery_beat.schedulers:DatabaseScheduler` and a worker instead."""

import logging

from django.core.management.base import BaseCommand

from medhub.verification.scheduler import run_due, serve


class Command(BaseCommand):
    help = "Run the periodic tasks that are due (the database schedule), every few seconds; --once runs them once."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run what is due now, then exit")
        parser.add_argument("--interval", type=float, default=5.0, metavar="SECONDS", help="how often to look (default 5)")

    def report(self, run) -> None:
        if run.ok:
            self.stdout.write(f"scheduler: {run.name} ran")
        else:
            self.stderr.write(f"scheduler: {run.name} failed: {run.error}")

    def handle(self, *args, once: bool, interval: float, **options):
        if once:
            for run in run_due():
                self.report(run)
            return
        self.stdout.write(f"scheduler: running the database schedule every {interval:g} s")
        # Beside runserver, a line for every run of a task due every few seconds would drown the
        # server's log: successes are logged at DEBUG (MEDHUB_LOG_LEVEL=DEBUG shows them), failures always.
        logging.getLogger("celery.app.trace").setLevel(logging.WARNING)
        serve(interval=max(interval, 0.5))  # each run is logged (medhub.scheduler)
