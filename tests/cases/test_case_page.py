"""One function answers which page a user acts on for a case (cases.access.case_page); every
case email links there, so each recipient's link opens, and nobody outside the case is emailed."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation

from medhub.cases import tasks
from medhub.cases.access import case_page
from tests.cases.test_isolation import world  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

PAGES = {
    "patient": "/en/cases/HB-ISO/",
    "coordinator": "/en/work/cases/HB-ISO/",
    "provider": "/en/work/inbox/HB-ISO/",
    "facilitator": "/en/work/referrals/HB-ISO/",
}
OUTSIDERS = ["other_patient", "other_provider", "other_facilitator", "interpreter", "partner"]


def test_each_standing_has_its_page_and_outsiders_none(world, client):  # noqa: F811
    with translation.override("en"):
        for who, page in PAGES.items():
            assert case_page(world["people"][who], world["case"]) == page
        for who in OUTSIDERS:
            assert case_page(world["people"][who], world["case"]) is None
    for who, page in PAGES.items():
        client.force_login(world["people"][who])
        assert client.get(page).status_code == 200, who


def test_a_case_email_reaches_only_insiders_and_links_to_a_page_they_open(world, client, django_capture_on_commit_callbacks):  # noqa: F811
    people = world["people"]
    for user in people.values():
        user.preferred_language = "en"
        user.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = tasks.send_case_notification(world["case"].id, "new_message", [u.id for u in people.values()])
    assert sent == len(PAGES)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {people[who].email for who in PAGES}
    for who, page in PAGES.items():
        link = re.search(re.escape(settings.MEDHUB_BASE_URL) + r"(\S+)", by_address[people[who].email].body).group(1)
        assert link.startswith(page), (who, link)
        client.force_login(people[who])
        assert client.get(link).status_code == 200, (who, link)
