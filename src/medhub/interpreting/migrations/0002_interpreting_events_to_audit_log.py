"""Copies every InterpretingEvent into the one audit log (core.LogEntry), with the action codes
of medhub/interpreting/audit.py and the case each belongs to; the next migration drops it."""

from django.db import migrations

ACTIONS = {
    "booked": "interpreting.booking.requested",
    "accepted": "interpreting.booking.accepted",
    "declined": "interpreting.booking.declined",
    "cancelled": "interpreting.booking.cancelled",
    "hours": "interpreting.booking.hours_logged",
    "claim": "interpreting.claim.created",
    "approved": "interpreting.claim.approved",
    "rejected": "interpreting.claim.rejected",
    "program": "interpreting.program.saved",
}


def copy_events(apps, schema_editor):
    InterpretingEvent = apps.get_model("interpreting", "InterpretingEvent")
    LogEntry = apps.get_model("core", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = {
        name: ContentType.objects.get_or_create(app_label="interpreting", model=name)[0]
        for name in ("interpreterbooking", "subsidyclaim", "subsidyprogram")
    }
    events = InterpretingEvent.objects.select_related("booking__appointment", "claim").order_by("id")
    batch = []
    for event in events.iterator(chunk_size=2000):
        data = dict(event.detail or {})
        if event.claim_id:
            target, object_id = types["subsidyclaim"], event.claim_id
            case_id = event.claim.case_id
        elif event.booking_id:
            target, object_id = types["interpreterbooking"], event.booking_id
            case_id = event.booking.appointment.case_id
        else:
            target, object_id, case_id = types["subsidyprogram"], event.program_id, None
        if event.program_id and target != types["subsidyprogram"]:
            data["program"] = event.program_id
        if event.booking_id and event.claim_id:
            data["booking"] = event.booking_id
        batch.append(
            LogEntry(
                action=ACTIONS.get(event.kind, f"interpreting.event.{event.kind}"),
                content_type=target,
                object_id=object_id,
                case_id=case_id,
                actor_id=event.actor_id,
                data=data,
                created_at=event.created_at,
            )
        )
        if len(batch) >= 2000:
            LogEntry.objects.bulk_create(batch)
            batch = []
    LogEntry.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("interpreting", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_logentry"),
    ]

    operations = [migrations.RunPython(copy_events, migrations.RunPython.noop)]
