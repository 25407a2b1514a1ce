"""The visa checklist and entry restrictions a new hub starts with (DOMAIN.md, Visas). The
administrator edits both in the admin afterwards."""

import json
from pathlib import Path

from django.db import migrations

DEFAULTS = Path(__file__).resolve().parent.parent / "data" / "visa_defaults.json"


def load(apps, schema_editor):
    data = json.loads(DEFAULTS.read_text(encoding="utf-8"))
    EntryRestriction = apps.get_model("travel", "EntryRestriction")
    ChecklistItem = apps.get_model("travel", "ChecklistItem")
    for row in data["restrictions"]:
        EntryRestriction.objects.get_or_create(nationality=row["nationality"], defaults=row)
    if not ChecklistItem.objects.exists():
        ChecklistItem.objects.bulk_create(
            ChecklistItem(position=position * 10, **row) for position, row in enumerate(data["checklist"], start=1)
        )


class Migration(migrations.Migration):
    dependencies = [("travel", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
