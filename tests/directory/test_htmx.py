"""The htmx partial updates ask the same views as a plain browser: a request with
``HX-Request: true`` gets the same page (htmx picks the region out of it with hx-select), and the
rules (a taken slot, a bad filter) answer the same way."""

import re

import pytest

from medhub.accounts.models import Role
from medhub.cases.models import CaseState
from medhub.scheduling.models import Appointment
from tests.cases.conftest import make_user
from tests.scheduling.test_booking import accepted_case, tomorrow_slots

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def coordinator(db):
    return make_user("coord", Role.COORDINATOR)


def region(html: str, element_id: str) -> str:
    """The element with ``element_id`` (a <section> or <div>, nested ones counted)."""
    start = re.search(rf'<(section|div|ul|span|p)\b[^>]*\bid="{element_id}"', html)
    assert start, f"#{element_id} is not on the page"
    tag = start.group(1)
    depth, pos = 0, start.start()
    for m in re.finditer(rf"<{tag}\b|</{tag}>", html[pos:]):
        depth += -1 if m.group(0).startswith("</") else 1
        if depth == 0:
            return html[pos : pos + m.end()]
    raise AssertionError(f"#{element_id} is not closed")


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


@pytest.mark.django_db
def test_search_answers_htmx_with_the_same_results(client, directory):
    url = "/en/search/?q=skin&specialty=dermatology"
    plain = client.get(url)
    partial = client.get(url, **HX)
    assert plain.status_code == partial.status_code == 200
    results = region(partial.content.decode(), "results")
    assert results == region(plain.content.decode(), "results")
    assert "Sora Dermatology Clinic" in results
    # The form drives the update: hx-get on change and submit, the URL pushed, #results picked.
    form = plain.content.decode()
    assert 'hx-get="/en/search/"' in form and 'hx-push-url="true"' in form and 'hx-select="#results"' in form
    # The home page's form stays a plain form that opens the search page.
    assert "hx-get" not in client.get("/en/").content.decode().split('role="search"')[0].rsplit("<form", 1)[-1]


@pytest.mark.django_db
def test_a_bad_filter_answers_400_with_its_error_in_place(client, directory):
    response = client.get("/en/search/?price_min=500&price_max=100", **HX)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The highest price cannot be below the lowest price." in region(html, "id_price_max-errors")
    assert "could not be used" in region(html, "results")
    # The form names the error holders it takes along (hx-select-oob).
    assert "#id_price_max-errors" in html


@pytest.mark.django_db
def test_booking_through_htmx_redirects_to_the_page_that_shows_it(client, directory, coordinator):
    case, patient = accepted_case(directory, coordinator)
    first = tomorrow_slots(directory["derm"])[0]
    client.force_login(patient)
    page = client.get(f"/en/cases/{case.reference}/", **HX).content.decode()
    schedule = region(page, "schedule")
    assert f'hx-post="/en/cases/{case.reference}/book/"' in schedule and 'hx-select="#schedule"' in schedule

    response = client.post(f"/en/cases/{case.reference}/book/", {"slot": str(first.id)}, **HX)
    assert response.status_code == 302
    assert response["Location"] == f"/en/cases/{case.reference}/#schedule"
    assert Appointment.objects.get().slot == first
    case.refresh_from_db()
    assert case.state == CaseState.SCHEDULED
    # What htmx asks next (it follows the redirect): the page, with the booking in #schedule.
    after = client.get(response["Location"], **HX)
    assert after.status_code == 200
    html = after.content.decode()
    schedule = region(html, "schedule")
    assert "Your appointment is booked." in schedule
    assert "Add to your calendar" in schedule
    assert "Your appointment is booked." not in region(html, "thread")
    assert "Scheduled" in region(html, "case-state")


@pytest.mark.django_db
def test_a_taken_slot_is_refused_in_the_schedule_with_or_without_htmx(client, directory, coordinator):
    case, patient = accepted_case(directory, coordinator, "HB-LATE")
    other_case, other = accepted_case(directory, coordinator, "HB-EARLY")
    slot, spare = tomorrow_slots(directory["derm"])
    client.force_login(other)
    client.post(f"/en/cases/{other_case.reference}/book/", {"slot": str(slot.id)})
    client.force_login(patient)
    for headers in ({}, HX):
        response = client.post(f"/en/cases/{case.reference}/book/", {"slot": str(slot.id)}, **headers)
        assert response.status_code == 302
        html = client.get(response["Location"], **headers).content.decode()
        schedule = region(html, "schedule")
        assert "Someone has just booked this slot. Please choose another." in schedule
        assert "just booked" not in region(html, "thread")
        # The slot list is fresh: the taken slot is gone, the spare one is offered.
        assert f'value="{spare.id}"' in schedule and f'value="{slot.id}"' not in schedule
    assert Appointment.objects.filter(case=case).count() == 0


@pytest.mark.django_db
def test_case_board_answers_htmx_with_the_same_table(client, directory, coordinator):
    client.force_login(coordinator)
    accepted_case(directory, coordinator, "HB-BOARD")
    url = "/en/work/cases/?state=accepted"
    plain, partial = client.get(url), client.get(url, **HX)
    assert plain.status_code == partial.status_code == 200
    assert without_csrf(region(plain.content.decode(), "board-results")) == without_csrf(
        region(partial.content.decode(), "board-results")
    )
    assert "HB-BOARD" in region(plain.content.decode(), "board-results")


@pytest.mark.django_db
def test_search_pages_through_htmx_and_the_links_still_work_without_it(client, directory, monkeypatch):
    from html import unescape

    monkeypatch.setattr("medhub.directory.views.PAGE_SIZE", 1)
    plain = client.get("/en/search/").content.decode()
    pager = region(plain, "results").split('<nav class="pager"', 1)[1].split("</nav>", 1)[0]
    # htmx takes the next page's #results in place of this one and pushes its address.
    assert 'hx-target="#results"' in pager and 'hx-select="#results"' in pager and 'hx-push-url="true"' in pager
    following = re.search(r'<a rel="next" href="([^"]+)" hx-get="([^"]+)"', pager)
    assert following, pager
    href, hx_get = (unescape(value) for value in following.groups())
    assert href.startswith("?") and href.endswith("page=2")  # a plain link for a browser without JavaScript
    assert hx_get == "/en/search/" + href
    second_plain = client.get("/en/search/" + href)
    second_partial = client.get(hx_get, **HX)
    assert second_plain.status_code == second_partial.status_code == 200
    second = region(second_partial.content.decode(), "results")
    assert second == region(second_plain.content.decode(), "results")
    assert "Page 2 of" in second and 'rel="prev"' in second
    assert second != region(plain, "results")
