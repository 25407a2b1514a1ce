"""The single machine's scheduler (manage.py run_scheduler): runs the enabled PeriodicTask rows of the
database schedule when due, once, in-process; a failing task is logged and the others still run."""

import datetime
import io
import logging

import pytest
from celery import shared_task
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from medhub.directory.models import Organization
from medhub.verification.models import Reminder

pytestmark = pytest.mark.django_db

CALLS: list = []


@shared_task(name="tests.verification.record")
def record(*args, **kwargs):
    CALLS.append((args, kwargs))
    return len(CALLS)


@shared_task(name="tests.verification.explode")
def explode():
    raise RuntimeError("boom")


@pytest.fixture(autouse=True)
def _only_our_tasks():
    """The rows the migrations created are left alone, except where a test enables one."""
    CALLS.clear()
    PeriodicTask.objects.update(enabled=False)
    yield
    CALLS.clear()


def every_minute():
    return IntervalSchedule.objects.get_or_create(every=60, period=IntervalSchedule.SECONDS)[0]


def task(name, task_name="tests.verification.record", *, ran_ago=datetime.timedelta(minutes=2), **fields):
    last = timezone.now() - ran_ago if ran_ago is not None else None
    row = PeriodicTask.objects.create(name=name, task=task_name, interval=every_minute(), **fields)
    PeriodicTask.objects.filter(pk=row.pk).update(last_run_at=last)
    row.refresh_from_db()
    return row


def once() -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("run_scheduler", "--once", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_due_task_runs_once_with_its_arguments(db):
    row = task("due", args='[1, "two"]', kwargs='{"three": 3}')
    out, _err = once()
    assert CALLS == [((1, "two"), {"three": 3})]
    assert "due ran" in out
    row.refresh_from_db()
    assert row.total_run_count == 1
    assert timezone.now() - row.last_run_at < datetime.timedelta(seconds=30)
    once()  # run again at once: not due any more
    assert len(CALLS) == 1


def test_a_task_not_due_does_not_run(db):
    task("fresh", ran_ago=datetime.timedelta(seconds=5))
    once()
    assert CALLS == []


def test_a_disabled_task_does_not_run(db):
    task("off", enabled=False)
    once()
    assert CALLS == []


def test_a_one_off_task_runs_once_and_is_disabled(db):
    row = task("one", one_off=True)
    once()
    PeriodicTask.objects.filter(pk=row.pk).update(last_run_at=timezone.now() - datetime.timedelta(hours=1))
    once()
    assert len(CALLS) == 1
    row.refresh_from_db()
    assert row.enabled is False


def test_a_failing_task_is_logged_and_the_others_still_run(db):
    task("first-fails", "tests.verification.explode")
    task("second-runs")
    logged: list[logging.LogRecord] = []
    handler = logging.Handler(level=logging.ERROR)
    handler.emit = logged.append
    logger = logging.getLogger("medhub.scheduler")
    logger.addHandler(handler)
    try:
        out, err = once()
    finally:
        logger.removeHandler(handler)
    assert "first-fails failed: RuntimeError: boom" in err
    assert "second-runs ran" in out
    assert len(CALLS) == 1
    assert [r.getMessage() for r in logged] == ["scheduler: first-fails (tests.verification.explode) failed"]
    assert logged[0].exc_info[0] is RuntimeError
    # It counts as run: tried again at its next due time, not in a loop.
    assert PeriodicTask.objects.get(name="first-fails").total_run_count == 1


def test_an_unknown_task_is_logged_without_stopping_others(db):
    task("typo", "medhub.nothing.tasks.nope")
    task("fine")
    out, err = once()
    assert "typo failed: unknown task" in err
    assert "fine ran" in out


def test_a_crontab_in_the_hub_time_zone(db, settings):
    daily = CrontabSchedule.objects.create(minute="0", hour="6", timezone=settings.TIME_ZONE)
    row = PeriodicTask.objects.create(name="daily", task="tests.verification.record", crontab=daily)
    PeriodicTask.objects.filter(pk=row.pk).update(last_run_at=timezone.now() - datetime.timedelta(days=2))
    once()
    assert len(CALLS) == 1
    once()  # the next 06:00 is at most a day away
    assert len(CALLS) == 1


def test_two_schedulers_claim_a_run_once(db):
    """The claim is a conditional update of last_run_at: a scheduler that read the row before another
    ran it does not run it again."""
    from medhub.verification.scheduler import _claim

    row = task("shared")
    stale = row.last_run_at
    assert _claim(row, stale) is True
    assert _claim(row, stale) is False


def test_the_migrations_put_the_sweeper_and_the_watch_in_the_schedule(db, settings):
    sweeper = PeriodicTask.objects.get(name="outbox-sweeper")
    assert sweeper.task == "medhub.outbox.tasks.deliver_pending"
    assert (sweeper.interval.every, sweeper.interval.period) == (60, "seconds")
    watch = PeriodicTask.objects.get(name="verification-watch")
    assert watch.task == "medhub.verification.tasks.watch_expiries"
    assert (watch.crontab.hour, watch.crontab.minute, str(watch.crontab.timezone)) == ("6", "0", settings.TIME_ZONE)
    assert not hasattr(settings, "CELERY_BEAT_SCHEDULE")


def test_the_scheduler_runs_the_watch_and_the_sweeper(world, mailoutbox, django_capture_on_commit_callbacks):
    PeriodicTask.objects.filter(name__in=["verification-watch", "outbox-sweeper"]).update(
        enabled=True, last_run_at=timezone.now() - datetime.timedelta(days=2)
    )
    Organization.objects.filter(pk=world["derm"].pk).update(
        registration_expires=timezone.localdate() + datetime.timedelta(days=7)
    )
    with django_capture_on_commit_callbacks(execute=True):
        out, err = once()
    assert "verification-watch ran" in out and "outbox-sweeper ran" in out, err
    assert Reminder.objects.filter(organization=world["derm"], item_key="registration", threshold=7).exists()
    assert any(world["provider"].email in message.to for message in mailoutbox)


def test_a_task_whose_module_nothing_imported_yet_is_found(world, monkeypatch, django_capture_on_commit_callbacks):
    """Celery finds tasks lazily: a due task is looked up after importing its module, whatever
    this process happened to import before (the full suite once met the watch unregistered)."""
    import sys

    from medhub.celery import app

    name = "medhub.verification.tasks.watch_expiries"
    monkeypatch.delitem(app.tasks, name, raising=False)
    monkeypatch.delitem(sys.modules, "medhub.verification.tasks", raising=False)
    PeriodicTask.objects.filter(name="verification-watch").update(
        enabled=True, last_run_at=timezone.now() - datetime.timedelta(days=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        out, err = once()
    assert "verification-watch ran" in out, err
