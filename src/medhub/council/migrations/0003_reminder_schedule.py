"""The council's action reminders in the database schedule (django-celery-beat): every day at 08:00
in the hub's time zone, owners of open action items are reminded 3 days and 1 day before the
due date, once each (the hour can be changed in the admin)."""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

NAME = "council-action-reminders"


def add(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    eight, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="8", day_of_week="*", day_of_month="*", month_of_year="*", timezone=settings.TIME_ZONE
    )
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={
            "task": "medhub.council.tasks.remind_actions",
            "crontab": eight,
            "enabled": True,
            "description": "Remind owners of open council action items 3 days and 1 day before they fall due.",
        },
    )
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0002_seed_divisions"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add, remove)]
