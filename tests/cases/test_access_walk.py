"""The access matrix, generated: every route of the URL conf (pages and API alike), walked by
every role and by an anonymous visitor, so that a page or operation added later is covered
without anyone adding it to a list.

- Every route that names a case (``<reference>``) refuses every outsider of the case (another
  patient, another institution, another agency, an interpreter, a hotel) with 403 or 404, on GET
  and on POST, and never shows a byte of it.
- An anonymous visitor opens only the routes declared public below; every other route sends
  them to sign in or refuses them. A new page that answers an anonymous visitor fails here until
  it is declared public on purpose.
- No route answers 500 to anyone.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from rest_framework.test import APIClient

from tests.cases.test_isolation import SECRET, world  # noqa: F401 (the fixture)
from tests.conftest import api_token

pytestmark = pytest.mark.django_db

OUTSIDERS = ["other_patient", "other_provider", "other_facilitator", "interpreter", "partner"]
EVERYONE = ["patient", "coordinator", "provider", "facilitator", *OUTSIDERS]

# Routes an anonymous visitor may open: the portal, the inquiry, the API's public directory and
# its description, and the links that carry their own secret (verification, calendar feed).
PUBLIC = {
    "home",
    "search",
    "institution",
    "offering",
    "specialties",
    "specialty",
    "partners",
    "inquiry",
    "inquiry-sent",
    "case-verify",
    "schema",
    "api-docs",
    "api-redoc",
    "api-institutions",
    "api-institution",
    "api-offerings",
    "api-offering",
    "api-specialties",
    "api-specialty",
    "api-practitioners",
    "api-partners",
    "api-institution-feedback",  # what the hub publishes of an institution's feedback (nothing by default)
    "api-triage",
    "api-inquiries",
    "ical-feed",
    "specialty-suggest",
    "photo-file",
    "healthz",
    "robots",
    "django.contrib.sitemaps.views.sitemap",
    # Issue 11: anyone may apply to be a partner or file a complaint; links sent by email carry their token.
    "partner-apply",
    "partner-apply-sent",
    "partner-application-answer",
    "partner-welcome",
    "complaint-new",
    "complaint-sent",
    "complaint-verify",
    "complaint-status",
    # Issue 12: the Partners Day page, and the council's reply link (by token).
    "partners-day",
    "council-reply",
    "council-reply-ics",
}
# Routes that only send the visitor elsewhere (the language switcher goes back where it came from).
# The complaints' door sends each person to their side: staff to their lists, anyone else to the form.
REDIRECTS = {"set_language", "complaint-home"}


def _routes():
    """(name, route kwargs) of every named route but the admin's and the sign-in library's."""

    def walk(resolver, prefix=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and entry.name:
                yield prefix + str(entry.pattern), entry.name, list(entry.pattern.regex.groupindex)

    seen = {}
    for route, name, kwargs in walk(get_resolver()):
        if "admin/" in route or "accounts/" in route or name in seen:
            continue
        seen[name] = kwargs
    return seen


ROUTES = _routes()


def _url(name, kwargs, world, directory):  # noqa: F811
    case = world["case"]
    values = {
        "reference": case.reference,
        "language": "en",
        "token": "not-a-token",
        "slug": directory["derm"].slug,
        "code": "dermatology",
        "institution": directory["derm"].slug,
        "document_id": case.documents.first().id,
        "message_id": case.messages.first().id,
        "attachment_id": case.messages.first().attachments.first().id,
        "name": "0123456789abcdef0123-640.jpg",
        "day": "2030-01-15",
        "year": 2025,
        "uid": "MQ",
    }
    missing = [k for k in kwargs if k not in values and not k.endswith("_id")]
    assert not missing, f"route {name} takes {missing}: give the walk a value for it"
    with translation.override("en"):
        return reverse(name, kwargs={k: values.get(k, 1) for k in kwargs})


def _client_for(user, url):
    if url.startswith("/api/"):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}", HTTP_ACCEPT_LANGUAGE="en")
        return client
    from tests.conftest import StaffClient

    client = StaffClient()
    client.force_login(user)
    return client


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_walk_sees_the_whole_url_conf():
    # Pages and API operations of every app are in the walk (a broken walk would pass vacuously).
    assert {"work-case", "case-travel", "itinerary", "api-case-travel", "api-case-interpreter-bookings"} <= set(ROUTES)
    assert len([n for n, k in ROUTES.items() if "reference" in k]) >= 30


@pytest.mark.parametrize("who", OUTSIDERS)
def test_every_case_route_refuses_every_outsider(world, directory, who):  # noqa: F811
    user = world["people"][who]
    case_routes = {name: kwargs for name, kwargs in ROUTES.items() if "reference" in kwargs}
    for name, kwargs in case_routes.items():
        url = _url(name, kwargs, world, directory)
        client = _client_for(user, url)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (403, 404, 405), (who, method, name, response.status_code)
            assert SECRET.encode() not in _body(response), (who, method, name)


def test_anonymous_visitors_open_only_public_routes(world, directory):  # noqa: F811
    opened = []
    for name, kwargs in ROUTES.items():
        url = _url(name, kwargs, world, directory)
        client = APIClient() if url.startswith("/api/") else Client()
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code < 500, (name, response.status_code)
        if name in PUBLIC:
            continue
        if name in REDIRECTS:
            continue
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"], (name, response["Location"])
        elif response.status_code not in (401, 403, 404, 405):
            opened.append((name, response.status_code))
        assert SECRET.encode() not in _body(response), name
    assert opened == [], f"routes open to anyone but not declared public: {opened}"


@pytest.mark.parametrize("who", EVERYONE)
def test_no_route_answers_500_to_any_role(world, directory, who):  # noqa: F811
    user = world["people"][who]
    for name, kwargs in ROUTES.items():
        url = _url(name, kwargs, world, directory)
        response = _client_for(user, url).get(url)
        assert response.status_code < 500, (who, name, response.status_code)
