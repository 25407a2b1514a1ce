"""The daily verification watch in the database schedule (django-celery-beat): every day at 06:00 in
the hub's time zone (settings.TIME_ZONE when migrated; the hour can be changed in the admin)."""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

NAME = "verification-watch"


def add(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    six_am, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="6", day_of_week="*", day_of_month="*", month_of_year="*", timezone=settings.TIME_ZONE
    )
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={
            "task": "medhub.verification.tasks.watch_expiries",
            "crontab": six_am,
            "enabled": True,
            "description": "Remind organizations 90, 30 and 7 days before a registration, insurance or "
            "accreditation expires, and tell them when it has.",
        },
    )
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("verification", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add, remove)]
