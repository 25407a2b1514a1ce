"""Every council route, walked by an anonymous visitor and by every role: anonymous visitors are
sent to sign in (the reply link, which carries its own secret, refuses a bad one), and no route
answers 500 to anyone."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from rest_framework.test import APIClient

from tests.council.conftest import api_for, move_to_past, schedule, signed_in

pytestmark = pytest.mark.django_db


def _council_routes():
    def walk(resolver):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry)
            elif isinstance(entry, URLPattern) and entry.name and "council-" in entry.name:
                yield entry.name, list(entry.pattern.regex.groupindex)

    return dict(walk(get_resolver()))


ROUTES = _council_routes()
TOKEN_ROUTES = {"council-reply", "council-reply-ics"}


def _url(name, kwargs, ids):
    with translation.override("en"):
        return reverse(name, kwargs={k: ("not-a-token" if k == "token" else ids.get(k, 1)) for k in kwargs})


def test_the_walk_sees_the_council(db):
    assert {"council-mine", "council-meeting", "api-council-meetings", "council-reply"} <= set(ROUTES)


def test_anonymous_visitors_are_sent_to_sign_in(council):
    meeting = schedule(council)
    ids = {"meeting_id": meeting.pk, "invitation_id": meeting.invitations.first().pk}
    for name, kwargs in ROUTES.items():
        url = _url(name, kwargs, ids)
        client = APIClient() if url.startswith("/api/") else Client()
        response = client.get(url)
        if name in TOKEN_ROUTES:
            assert response.status_code == 404, name
        elif response.status_code == 302:
            assert "/accounts/login/" in response["Location"], name
        else:
            assert response.status_code in (401, 403, 405), (name, response.status_code)


@pytest.mark.parametrize("who", ["admin", "coordinator", "derm_user", "spine_user", "hotel_user", "outsider", "patient"])
def test_no_council_route_answers_500(council, who):
    meeting = move_to_past(schedule(council, kind="training"))
    ids = {"meeting_id": meeting.pk, "invitation_id": meeting.invitations.first().pk}
    page, api = signed_in(council[who]), api_for(council[who])
    for name, kwargs in ROUTES.items():
        url = _url(name, kwargs, ids)
        client = api if url.startswith("/api/") else page
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code < 500, (who, method, name, response.status_code)
