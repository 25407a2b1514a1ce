"""Verification's periodic task: the daily watch of what expires (a PeriodicTask row, 0003 migration)."""

from celery import shared_task


@shared_task(name="medhub.verification.tasks.watch_expiries")
def watch_expiries() -> int:
    from medhub.verification.services import watch

    return watch()
