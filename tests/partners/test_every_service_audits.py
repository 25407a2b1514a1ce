"""Every public service of partners that changes something writes the audit log: one story runs
each of them, and each call must leave a new entry."""

import functools
import inspect
from collections import defaultdict

import pytest

from medhub.core.models import LogEntry
from medhub.partners import services
from medhub.partners.models import Criterion
from tests.partners.conftest import pdf, submit

pytestmark = pytest.mark.django_db

NOT_WRITES = {"check_application": "a check of what an application holds"}


def public_services() -> dict:
    return {
        name: fn
        for name, fn in inspect.getmembers(services, inspect.isfunction)
        if fn.__module__ == services.__name__ and not name.startswith("_")
    }


def test_every_writing_service_logs(hub, monkeypatch):
    calls = defaultdict(list)
    for name, fn in public_services().items():
        if name in NOT_WRITES:
            continue

        @functools.wraps(fn)
        def wrapper(*args, _fn=fn, _name=name, **kwargs):
            before = LogEntry.objects.count()
            result = _fn(*args, **kwargs)
            calls[_name].append(LogEntry.objects.count() > before)
            return result

        monkeypatch.setattr(services, name, wrapper)

    from tests.partners import conftest

    monkeypatch.setattr(conftest, "services", services)
    application = submit("institution")
    services.application_review_start(application_id=application.id, actor=hub["coordinator"])
    info = services.application_request_info(application_id=application.id, actor=hub["coordinator"], message="More?")
    services.application_answer(info_request_id=info.id, answer="Here.", documents=[])
    services.application_score(
        application_id=application.id, actor=hub["coordinator"], scores={hub["quality"].id: 4, hub["languages"].id: 8}
    )
    services.document_opened(document=application.documents.first(), actor=hub["coordinator"])
    services.application_approve(application_id=application.id, actor=hub["admin"])
    user = application.__class__.objects.get(pk=application.pk).invited_user
    services.invitation_accept(user=user, password="A-long-password-2026")
    organization = application.__class__.objects.get(pk=application.pk).organization
    organization.description = {"en": "Skin care."}
    organization.save()
    organization.specialties.add(hub["specialties"]["dermatology"])
    services.organization_publish(application_id=application.id, actor=hub["admin"])
    other = submit("hotel")
    services.application_reject(application_id=other.id, actor=hub["admin"], reason="Not near the clinics.")
    services.criterion_save(criterion=Criterion(name={"en": "Safety"}, weight=1, max_score=5), actor=hub["admin"])
    assert pdf()  # the helper stays importable for the story's files

    expected = set(public_services()) - set(NOT_WRITES)
    assert set(calls) == expected, f"not run by the story: {sorted(expected - set(calls))}"
    silent = {name for name, grew in calls.items() if not all(grew)}
    assert not silent, f"services that did not log: {sorted(silent)}"
