"""Copies every CaseEvent into the one audit log (core.LogEntry), with the action codes the apps
now register (medhub/*/audit.py); the next migration drops CaseEvent."""

from django.db import migrations

ACTIONS = {
    "created": "cases.case.created",
    "state": "cases.case.state_changed",
    "email_verified": "cases.case.email_verified",
    "triage": "cases.case.triaged",
    "shared": "cases.case.shared",
    "share_withdrawn": "cases.case.share_withdrawn",
    "quote": "cases.quote.received",
    "quote_revised": "cases.quote.revised",
    "quote_accepted": "cases.quote.accepted",
    "message": "cases.message.posted",
    "appointment": "scheduling.appointment.booked",
    "trip": "travel.trip.saved",
    "deletion_asked": "privacy.deletion.requested",
    "deletion_decided": "privacy.deletion.decided",
}


def action_of(kind: str, detail: dict) -> str:
    if kind == "visa":
        return "travel.visa.status_changed" if "status" in detail else "travel.visa.saved"
    if kind in ("stay", "pickup"):
        status = detail.get("status")
        step = {"requested": "requested", "cancelled": "cancelled"}.get(status, "answered")
        return f"travel.{kind}.{step}"
    return ACTIONS.get(kind, f"cases.case.{kind}")


def copy_events(apps, schema_editor):
    CaseEvent = apps.get_model("cases", "CaseEvent")
    LogEntry = apps.get_model("core", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    case_type, _created = ContentType.objects.get_or_create(app_label="cases", model="case")
    batch = []
    for event in CaseEvent.objects.order_by("id").iterator(chunk_size=2000):
        detail = dict(event.detail or {})
        data = {
            **({"from_state": event.from_state} if event.from_state else {}),
            **({"to_state": event.to_state} if event.to_state else {}),
        }
        batch.append(
            LogEntry(
                action=action_of(event.kind, detail),
                content_type=case_type,
                object_id=event.case_id,
                case_id=event.case_id,
                actor_id=event.actor_id,
                data={**data, **detail},
                created_at=event.created_at,
            )
        )
        if len(batch) >= 2000:
            LogEntry.objects.bulk_create(batch)
            batch = []
    LogEntry.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_deletion_refused_label"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_logentry"),
    ]

    operations = [migrations.RunPython(copy_events, migrations.RunPython.noop)]
