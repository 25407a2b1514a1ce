"""Notifications through a real Celery worker and a real Redis broker.

The test starts a worker process itself. The worker reads the test database, so the test
commits its data (transaction=True) and runs on PostgreSQL, where both processes share the
database; SQLite's test database is in memory. It runs in a pytest process of its own
(`pytest -m worker`, a step of .ci/run): tests that ran tasks in-process before it leave the
Celery app's producer bound to the in-process configuration.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from medhub.cases.models import Case
from medhub.outbox.models import Message
from tests.conftest import drop_celery_producers

ROOT = Path(__file__).resolve().parent.parent.parent
BROKER = os.environ.get("MEDHUB_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker shares the database: PostgreSQL run only"),
]


@pytest.fixture
def worker(tmp_path, settings):
    import redis

    redis.Redis.from_url(BROKER).flushdb()
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    mail_dir = tmp_path / "mail"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CELERY_BROKER_URL": BROKER,
        "MEDHUB_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "MEDHUB_EMAIL_FILE_PATH": str(mail_dir),
        "PYTHONPATH": str(ROOT / "src"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "medhub", "worker", "--pool=solo", "--concurrency=1", "--loglevel=WARNING"],
        cwd=ROOT / "src",
        env=env,
    )
    from medhub.celery import app

    previous = {"task_always_eager": app.conf.task_always_eager, "broker_url": app.conf.broker_url}
    app.conf.update(task_always_eager=False, broker_url=BROKER)
    drop_celery_producers(app)  # drop any producer pool made for the earlier (in-process) configuration
    try:
        yield mail_dir
    finally:
        app.conf.update(**previous)
        drop_celery_producers(app)
        process.terminate()
        process.wait(timeout=30)


def test_inquiry_email_is_sent_by_the_worker(client, live_directory, worker):
    data = {
        "full_name": "Jordan Miller",
        "contact_email": "jordan@example.com",
        "nationality": "US",
        "residence_country": "US",
        "preferred_language": "ja",
        "time_zone": "America/New_York",
        "problem": "knee arthroscopy consultation",
        "nhi_member": "no",
        "resident_in_korea": "no",
        "consent_health": "on",
        "consent_transfer": "on",
    }
    assert client.post("/en/inquiry/", data).status_code in (200, 302)  # answered, or sent on to the "sent" page
    case = Case.objects.get()
    deadline = time.monotonic() + 60
    files = []
    while time.monotonic() < deadline and not files:
        files = list(worker.glob("*.log")) if worker.exists() else []
        time.sleep(0.5)
    assert files, "the worker sent no email within 60 seconds"
    message = files[0].read_text()
    assert "jordan@example.com" in message
    assert case.reference in message
    assert Message.objects.get().status == Message.Status.SENT, "the worker marked its outbox row sent"
