"""The registry's Celery tasks: one import's preview and its application (after commit), and the
periodic sweep that runs whatever was queued while no worker listened."""

from celery import shared_task


@shared_task
def preview_import(job_id: int) -> bool:
    from medhub.registry.services import import_preview

    return import_preview(job_id)


@shared_task
def apply_import(job_id: int) -> bool:
    from medhub.registry.services import import_run

    return import_run(job_id)


@shared_task
def apply_queued_imports() -> int:
    from medhub.registry.services import imports_sweep

    return imports_sweep()
