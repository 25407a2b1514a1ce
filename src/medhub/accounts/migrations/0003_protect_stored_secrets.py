"""Secrets stop being stored in clear.

- TOTP secrets and recovery-code seeds (allauth's Authenticator.data) are encrypted with the field
  keys (medhub.core.crypto), as the MFA adapter now writes them.
- API tokens move from DRF's authtoken table (clear keys) to accounts.ApiToken (SHA-256 digests);
  existing tokens keep working, and the old table is dropped.
"""

import hashlib

from django.db import migrations


def encrypt_authenticators(apps, schema_editor):
    from medhub.core import crypto

    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.all():
        data = dict(authenticator.data or {})
        changed = False
        for field in ("secret", "seed"):
            value = data.get(field)
            if isinstance(value, str) and value and not value.startswith(crypto.PREFIX):
                data[field] = crypto.encrypt(value)
                changed = True
        if changed:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def move_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if "authtoken_token" not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("accounts", "ApiToken")
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, user_id FROM authtoken_token")
        rows = cursor.fetchall()
    for key, user_id in rows:
        ApiToken.objects.get_or_create(
            digest=hashlib.sha256(key.encode()).hexdigest(),
            defaults={"user_id": user_id, "name": "token (before 2026-12)", "prefix": key[:10]},
        )
    schema_editor.execute("DROP TABLE authtoken_token")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_apitoken"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [
        migrations.RunPython(encrypt_authenticators, migrations.RunPython.noop),
        migrations.RunPython(move_tokens, migrations.RunPython.noop),
    ]
