"""The project's rule (tests/test_every_service_audits.py) for the notifications app: every public
service either writes the audit log each time it changes something, or is listed here with the
reason it does not (decision 0015, addendum). A new service fails here until it is one or the other."""

import pytest

from medhub.accounts.models import Role
from medhub.core.models import LogEntry
from medhub.notifications import services
from tests.cases.conftest import make_case, make_user
from tests.test_every_service_audits import public_services

pytestmark = pytest.mark.django_db

NOT_AUDITED = {
    "preference_of": "a read",
    "notify": "a consequence of the caller's change, which the caller audits in the same transaction",
    "email_once": "the delivery of an email for a change its caller audited",
    "mark_read": "the reader's own reading state: no one else's data, no decision",
    "mark_all_read": "the reader's own reading state: no one else's data, no decision",
    "link_code_create": "a one-time code for the person themselves; the link it makes is audited",
}


def test_every_notifications_service_is_audited_or_listed(messenger, settings):
    names = set(public_services("notifications"))
    assert set(NOT_AUDITED) <= names, f"no such service any more: {sorted(set(NOT_AUDITED) - names)}"
    audited = names - set(NOT_AUDITED)
    assert audited == {"preferences_save", "messenger_link"}, audited

    settings.MEDHUB_LINE_CHANNEL_SECRET = "secret"
    patient = make_user("pat", Role.PATIENT)
    before = LogEntry.objects.count()
    services.preferences_save(user=patient, data={"email": False, "telegram": True, "telegram_chat_id": "42"})
    assert LogEntry.objects.count() == before + 1
    code = services.link_code_create(user=patient, channel="line")
    assert services.messenger_link(channel="line", code=code, address="U" + "a" * 32) == patient
    assert LogEntry.objects.filter(action="notifications.messenger.linked").count() == 1
    # A code that links nothing changes nothing and logs nothing.
    assert services.messenger_link(channel="line", code=code, address="U" + "b" * 32) is None
    assert LogEntry.objects.filter(action="notifications.messenger.linked").count() == 1

    # notify and mark-read leave the log to the change that caused them.
    case = make_case(patient=patient, reference="HB-AUD-1")
    count = LogEntry.objects.count()
    notification = services.notify(patient, "cases.quote_received", {"case": case}, link="/en/cases/HB-AUD-1/")
    services.mark_read(user=patient, notification_id=notification.id)
    services.mark_all_read(user=patient)
    assert LogEntry.objects.count() == count
