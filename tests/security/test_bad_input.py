"""Bad input never answers 500: NUL bytes anywhere in a request, JSON nested past any sense, and
messages longer than the thread takes. Each of these answered 500 on PostgreSQL before the
NUL guard, the JSON depth limit and the message rule in the service."""

import json
import re

import pytest
from django.db import DataError, connection
from django.test import Client
from django.urls import URLResolver
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils.translation import trans_real

import medhub.urls
from medhub.accounts.models import Role
from medhub.cases import services
from medhub.cases.filters import CaseBoardFilter
from medhub.cases.models import Case, Message
from medhub.core.middleware import RefuseControlCharactersMiddleware
from medhub.directory import selectors as directory_selectors
from medhub.directory.filters import InstitutionSearchFilter
from medhub.directory.models import Offering
from tests.cases.conftest import make_case, make_user
from tests.conftest import StaffClient

pytestmark = pytest.mark.django_db

NUL = "%00"


def signed_in(user) -> Client:
    """A client whose session is the user's, having passed the password and the TOTP step."""
    client = StaffClient(raise_request_exception=False)
    client.force_login(user)
    return client


# --- Every URL of the URL conf --------------------------------------------------------------

ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
REGEX_GROUP = re.compile(r"\(\?P<\w+>(?:[^()]|\([^()]*\))*\)")


def _route_text(pattern) -> str:
    if isinstance(pattern, LocalePrefixPattern):
        return "en/"
    if isinstance(pattern, RoutePattern):
        return str(pattern._route)
    return pattern._regex.removeprefix("^").removesuffix("$").removesuffix(r"\Z")


def _routes(patterns, prefix=""):
    for entry in patterns:
        text = prefix + _route_text(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, text)
        else:
            yield text


ROUTES = sorted(set(_routes(medhub.urls.urlpatterns)))


def _fill(route: str, *, whole_numbers: str) -> str:
    """The route with every parameter holding a NUL (whole-number ones get ``whole_numbers``)."""

    def value(match):
        return whole_numbers if match.group("converter") == "int" else f"HB-{NUL}x"

    path = REGEX_GROUP.sub(f"x{NUL}", route)
    path = ROUTE_PARAMETER.sub(value, path)
    return "/" + path.replace("\\", "")


def _nul_urls() -> list[str]:
    urls = set()
    for route in ROUTES:
        if ROUTE_PARAMETER.search(route) or REGEX_GROUP.search(route):
            urls.add(_fill(route, whole_numbers=NUL))
            urls.add(_fill(route, whole_numbers="1"))
        else:
            # No parameter of its own: the NUL goes into a path segment after it.
            urls.add("/" + route + NUL)
    return sorted(urls)


def _api_list_parameters() -> dict[str, list[str]]:
    """Each API list endpoint and the query parameters its schema declares."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = {}
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None or "{" in path:
            continue
        found[path] = sorted({p["name"] for p in get.get("parameters", []) if p["in"] == "query"} | {"lang", "q"})
    return found


# Query parameters that pages read (their filter forms, and the few read one by one).
PAGE_PARAMETERS = sorted(
    {*CaseBoardFilter.base_filters, *InstitutionSearchFilter.base_filters}
    | {"page", "currency", "kind", "edit", "format", "reveal", "lang", "room", "check_in", "check_out", "guests", "language"}
)


@pytest.fixture
def world(directory):
    coordinator = make_user("coord", Role.COORDINATOR)
    superuser = make_user("root", Role.HUB_ADMIN)
    superuser.is_staff = superuser.is_superuser = True
    superuser.save()
    make_case(reference="HB-T-0001", specialty=directory["specialties"]["dermatology"])
    return {
        "anonymous": Client(raise_request_exception=False),
        "coordinator": signed_in(coordinator),
        "admin": signed_in(superuser),
    }


def _server_errors(client, requests) -> list[str]:
    failed = []
    for method, url in requests:
        response = getattr(client, method)(url)
        if response.status_code >= 500:
            failed.append(f"{method.upper()} {url} -> {response.status_code}")
    return failed


def test_the_walk_covers_the_whole_url_conf():
    # The walk finds the pages, the API and the admin, with their parameters filled.
    urls = _nul_urls()
    assert len(ROUTES) > 100
    assert "/api/v1/cases/HB-%00x/" in urls
    assert "/en/cases/HB-%00x/" in urls
    assert "/api/v1/interpreting/bookings/%00/cancel/" in urls
    assert any(url.startswith("/en/admin/") for url in urls)
    assert "/en/accounts/confirm-email/x%00/" in urls


@pytest.mark.parametrize("who", ["anonymous", "coordinator"])
def test_no_url_answers_500_to_a_nul_in_its_path(world, who):
    requests = [(method, url) for url in _nul_urls() for method in ("get", "post")]
    assert _server_errors(world[who], requests) == []


def test_the_admin_answers_no_500_to_a_nul_in_its_path_or_search(world):
    admin_routes = [url for url in _nul_urls() if url.startswith("/en/admin/")]
    changelists = [f"/{route}?q={NUL}" for route in ROUTES if route.startswith("en/admin/") and route.count("/") == 4]
    assert changelists
    assert _server_errors(world["admin"], [("get", url) for url in admin_routes + changelists]) == []


@pytest.mark.parametrize("who", ["anonymous", "coordinator"])
def test_no_list_endpoint_answers_500_to_a_nul_in_a_query_parameter(world, who):
    requests = [("get", f"{path}?{name}={NUL}") for path, names in _api_list_parameters().items() for name in names]
    assert len(requests) > 30
    pages = [route for route in ROUTES if route.startswith("en/") and not route.startswith("en/admin/")]
    query = "&".join(f"{name}={NUL}" for name in PAGE_PARAMETERS)
    requests += [("get", f"/{route}?{query}") for route in pages if not ROUTE_PARAMETER.search(route)]
    requests += [("get", f"/{_fill(route, whole_numbers='1')}?{query}".replace("//", "/")) for route in pages]
    assert _server_errors(world[who], requests) == []


# --- What the NUL guard answers ---------------------------------------------------------------


def test_a_nul_in_a_page_path_is_a_translated_400(world):
    response = world["anonymous"].get("/ru/cases/HB-%00/")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert response["Content-Language"] == "ru"
    text = response.content.decode()
    assert text.strip()
    assert "\x00" not in text


def test_a_nul_in_an_api_path_or_query_is_a_json_400(world):
    for url in ("/api/v1/cases/%00/", "/api/v1/offerings/?institution=%00", "/api/v1/institutions/?q=a%00b"):
        response = world["coordinator"].get(url)
        assert response.status_code == 400, url
        assert response["Content-Type"] == "application/json"
        assert set(response.json()) == {"detail"}


def test_other_control_characters_in_a_path_are_refused(world):
    for char in ("%01", "%0A", "%1F", "%7F"):
        assert world["anonymous"].get(f"/en/cases/HB-{char}x/").status_code == 400


def test_control_characters_other_than_nul_in_a_query_value_are_still_welcome(world):
    # A search query may carry a line break (pasted text); it is not refused.
    assert world["anonymous"].get("/api/v1/institutions/?q=skin%0Acare").status_code == 200


def test_a_nul_in_a_form_field_is_refused_before_it_reaches_a_view(world):
    client = world["anonymous"]
    response = client.post("/en/inquiry/", {"full_name": "Aigerim\x00", "contact_email": "aigerim@example.kz"})
    assert response.status_code == 400
    assert Case.objects.count() == 1


def test_a_nul_in_a_json_body_is_a_json_400(world):
    client = world["coordinator"]
    body = json.dumps({"body": "hello\u0000there"})
    response = client.post("/api/v1/cases/HB-T-0001/messages/", body, content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()
    assert Message.objects.count() == 0


def test_an_escaped_backslash_before_u0000_is_text_not_a_nul(world):
    client = world["coordinator"]
    body = json.dumps({"body": "the sequence \\u0000 is harmless text"})
    response = client.post("/api/v1/cases/HB-T-0001/messages/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Message.objects.get().body == "the sequence \\u0000 is harmless text"


def test_a_nul_in_a_session_cookie_is_a_400(world):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "\x00" * 32
    assert client.get("/en/work/cases/").status_code == 400


def test_a_nul_in_a_header_is_a_400(world):
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/cases/", headers={"Authorization": "Token abc\x00def"})
    assert response.status_code == 400


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL refuses a NUL in text")
def test_a_nul_that_slips_past_the_guard_is_still_a_400_from_the_api(world, settings, monkeypatch):
    # Defence in depth: should a NUL reach a query (the guard gone, or a value a view decoded),
    # PostgreSQL's refusal becomes a 400, not a server error.
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if not name.endswith("RefuseControlCharactersMiddleware")]
    response = world["anonymous"].get("/api/v1/offerings/?institution=%00")
    assert response.status_code == 400
    assert "institution" in response.json()  # the filter set refuses it on its field, before any query
    # A value a view decoded itself stands in for one that reaches the query.
    monkeypatch.setattr(directory_selectors, "offerings", lambda: Offering.objects.filter(slug="a\x00b"))
    response = world["anonymous"].get("/api/v1/offerings/")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_a_nul_that_reaches_the_database_from_a_page_is_a_400(rf):
    guard = RefuseControlCharactersMiddleware(lambda request: None)
    refusal = DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes")
    response = guard.process_exception(rf.get("/ja/search/"), refusal)
    assert response.status_code == 400
    assert response["Content-Language"] == "ja"
    assert guard.process_exception(rf.get("/ja/search/"), DataError("numeric field overflow")) is None


def test_ordinary_requests_pass_the_guard(world):
    client = world["coordinator"]
    assert client.get("/en/work/cases/?state=new").status_code == 200
    assert client.get("/api/v1/cases/HB-T-0001/").status_code == 200
    assert world["anonymous"].get("/ko/search/?q=피부").status_code == 200


# --- JSON nested past any sense -----------------------------------------------------------------

DEPTH = 100_000


@pytest.mark.parametrize(
    "body",
    ["[" * DEPTH + "]" * DEPTH, '{"a":' * DEPTH + "1" + "}" * DEPTH, '{"body": ' + "[" * DEPTH + "]" * DEPTH + "}"],
    ids=["arrays", "objects", "inside-a-field"],
)
def test_deeply_nested_json_to_the_case_api_is_a_400(world, body):
    client = world["coordinator"]
    for url in ("/api/v1/cases/HB-T-0001/messages/", "/api/v1/cases/HB-T-0001/share/"):
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 400, url
        assert "detail" in response.json()


def test_deeply_nested_json_to_the_inquiry_api_is_a_400(world):
    body = '{"full_name":' + "[" * DEPTH + "]" * DEPTH + "}"
    response = world["anonymous"].post("/api/v1/inquiries/", body, content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_moderately_nested_json_is_still_parsed(world):
    # Depth a real client sends (a quote with its items) goes through to the serializer.
    body = json.dumps({"institutions": [["derm"]]})
    response = world["coordinator"].post("/api/v1/cases/HB-T-0001/share/", body, content_type="application/json")
    assert response.status_code == 400
    assert "institutions" in response.json()


# --- Messages: one length rule for the page and the API ---------------------------------------


@pytest.fixture
def thread(directory):
    patient = make_user("pat", Role.PATIENT)
    case = make_case(patient=patient, preferred_language="en")
    return {"case": case, "patient": patient}


def test_the_service_refuses_a_message_over_5000_characters(thread):
    with pytest.raises(services.CaseError) as caught:
        services.message_post(case_id=thread["case"].id, author=thread["patient"], body="a" * 5001, language="en", attachments=[])
    assert "5000" in " ".join(caught.value.messages) or "5,000" in " ".join(caught.value.messages)
    assert Message.objects.count() == 0
    message = services.message_post(
        case_id=thread["case"].id, author=thread["patient"], body="a" * 5000, language="en", attachments=[]
    )
    assert len(message.body) == 5000


@pytest.fixture
def korean_message_too_long():
    """The Korean catalog with the message-length error in it (the catalogs are filled in later;
    this shows the error is looked up in the request's language at request time)."""
    catalog = trans_real.translation("ko")._catalog
    msgid = "A message can be at most {max_length} characters long."
    catalog[msgid] = "메시지는 {max_length}자까지 쓸 수 있습니다."
    yield
    catalog._catalogs[0].pop(msgid, None)


def test_the_api_refuses_a_message_over_5000_characters_with_a_translated_400(thread, korean_message_too_long):
    client = signed_in(thread["patient"])
    url = f"/api/v1/cases/{thread['case'].reference}/messages/"
    response = client.post(url, {"body": "a" * 5001}, content_type="application/json", headers={"Accept-Language": "ko"})
    assert response.status_code == 400
    error = " ".join(response.json()["body"])
    assert "5000" in error or "5,000" in error
    assert re.search(r"[가-힣]", error), error
    assert Message.objects.count() == 0
    ok = client.post(url, {"body": "a" * 5000}, content_type="application/json")
    assert ok.status_code == 201


def test_the_page_refuses_a_message_over_5000_characters(thread):
    client = signed_in(thread["patient"])
    response = client.post(f"/en/cases/{thread['case'].reference}/messages/", {"body": "a" * 5001})
    assert response.status_code == 400  # the case page again, the text kept
    assert "5000" in response.content.decode() or "5,000" in response.content.decode()
    assert Message.objects.count() == 0


def test_a_coordinator_message_over_the_limit_is_refused_too(thread, directory):
    coordinator = make_user("coord", Role.COORDINATOR)
    client = signed_in(coordinator)
    response = client.post(
        f"/api/v1/cases/{thread['case'].reference}/messages/", {"body": "é" * 5001}, content_type="application/json"
    )
    assert response.status_code == 400
