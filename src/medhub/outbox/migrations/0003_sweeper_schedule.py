"""The outbox sweeper in the database schedule (django-celery-beat): every 60 seconds, as the
CELERY_BEAT_SCHEDULE entry it replaces. Both `celery beat` (DatabaseScheduler) and the single
machine's `manage.py run_scheduler` run it from this row."""

from django.db import migrations
from django.utils import timezone

NAME = "outbox-sweeper"


def add(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=60, period="seconds")
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={
            "task": "medhub.outbox.tasks.deliver_pending",
            "interval": every_minute,
            "enabled": True,
            "description": "Send what the outbox could not send yet (emails and messenger notifications).",
        },
    )
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0002_pending_label"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add, remove)]
