"""Imports in the background: the periodic task row, the sweep that runs what no worker ran,
a claim that never applies a job twice, and a broker that is away losing nothing."""

import datetime

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from medhub.core.models import LogEntry
from medhub.registry import services
from medhub.registry.models import ImportJob, RegistryEntry
from tests.registry.conftest import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(people):
    return people["admin"]


def uploaded(admin) -> ImportJob:
    # Outside django_capture_on_commit_callbacks the after-commit preview never runs: as if no
    # worker had taken it.
    return services.import_upload(upload=upload(), actor=admin)


def test_the_sweep_is_a_periodic_task_in_the_database(db):
    task = PeriodicTask.objects.get(name="registry: apply queued imports")
    assert task.task == "medhub.registry.tasks.apply_queued_imports" and task.enabled
    assert (task.interval.every, task.interval.period) == (10, "seconds")


def test_the_sweep_prepares_a_lost_preview_and_applies_a_lost_job(admin, private_storage):
    job = uploaded(admin)
    assert services.imports_sweep() == 0  # a fresh upload's own task may still be running
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - datetime.timedelta(minutes=2))
    assert services.imports_sweep() == 1
    job.refresh_from_db()
    assert job.state == "previewed" and job.created == 7
    services.import_apply(job=job, actor=admin)
    assert services.imports_sweep() == 1
    assert ImportJob.objects.get(pk=job.pk).state == "done" and RegistryEntry.objects.count() == 7
    assert services.imports_sweep() == 0


def test_a_job_is_applied_once_whoever_runs_it(admin, private_storage):
    job = uploaded(admin)
    services.import_preview(job.pk)
    services.import_apply(job=ImportJob.objects.get(pk=job.pk), actor=admin)
    assert services.import_run(job.pk) is True
    assert services.import_run(job.pk) is False  # the task delivered twice, or the sweep racing it
    assert LogEntry.objects.filter(action="registry.import.applied").count() == 1


def test_an_applying_job_whose_worker_died_is_run_again(admin, private_storage):
    job = uploaded(admin)
    services.import_preview(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(state="applying", updated_at=timezone.now() - datetime.timedelta(minutes=11))
    assert services.imports_sweep() == 1
    assert ImportJob.objects.get(pk=job.pk).state == "done"


def test_applying_is_recorded_in_the_outbox_with_the_job(admin, private_storage, django_capture_on_commit_callbacks):
    """The run goes through the outbox (decision 0007): a broker that is away loses nothing."""
    from medhub.outbox.models import Message

    job = uploaded(admin)
    services.import_preview(job.pk)
    with django_capture_on_commit_callbacks(execute=False):
        services.import_apply(job=ImportJob.objects.get(pk=job.pk), actor=admin)
    message = Message.objects.get(task="medhub.registry.tasks.apply_import")
    assert message.args == [job.pk] and message.status == Message.Status.PENDING
    assert ImportJob.objects.get(pk=job.pk).state == "queued"


def test_a_file_that_went_missing_fails_the_job_clearly(admin, private_storage):
    job = uploaded(admin)
    services.import_preview(job.pk)
    services.import_apply(job=ImportJob.objects.get(pk=job.pk), actor=admin)
    job.file.delete(save=False)
    assert services.import_run(job.pk) is False
    job.refresh_from_db()
    assert job.state == "failed" and job.failure
    assert LogEntry.objects.filter(action="registry.import.failed").exists()


def test_a_job_cannot_be_applied_before_its_preview_nor_after_it_failed(admin, private_storage):
    from django.core.exceptions import ValidationError

    job = uploaded(admin)
    with pytest.raises(ValidationError, match="not ready"):
        services.import_apply(job=job, actor=admin)
    ImportJob.objects.filter(pk=job.pk).update(state="failed")
    with pytest.raises(ValidationError, match="failed"):
        services.import_apply(job=job, actor=admin)
    assert ImportJob.objects.get(pk=job.pk).state == "failed"
