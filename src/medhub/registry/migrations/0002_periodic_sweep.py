"""The periodic sweep that applies queued registry imports (every 10 seconds), a django-celery-beat
row, so that an import queued while no worker ran is never lost (the scheduler contract of issue 11)."""

from django.db import migrations

TASK = "medhub.registry.tasks.apply_queued_imports"
NAME = "registry: apply queued imports"


def add(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    every, _created = IntervalSchedule.objects.get_or_create(every=10, period="seconds")
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={"task": TASK, "interval": every, "enabled": True, "description": "Applies registry imports left queued."},
    )
    # Tell a running DatabaseScheduler that the schedule changed.
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add, remove)]
