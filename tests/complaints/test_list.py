"""The hub's list: filters by status, category and overdue, sorted by the next deadline, overdue
marked; a bounded number of queries however many complaints there are."""

import re

from medhub.complaints.models import Complaint, ComplaintStatus
from tests.complaints.conftest import age, file_complaint, signed_in
from tests.conftest import api_token


def _references(html: str) -> list[str]:
    return re.findall(r'id="complaint-(CP-[^"]+)"', html)


def _three(world):
    fresh = file_complaint(world)
    late_ack = age(file_complaint(world, category="price"), 6)  # not acknowledged after 6 days
    late_resolve = age(file_complaint(world, subject="hub", category="conduct"), 20)
    Complaint.objects.filter(pk=late_resolve.pk).update(status=ComplaintStatus.ACKNOWLEDGED)
    closed = age(file_complaint(world, category="other"), 30)
    Complaint.objects.filter(pk=closed.pk).update(status=ComplaintStatus.RESOLVED)
    return fresh, late_ack, late_resolve, closed


def test_overdue_complaints_are_marked_and_filtered(world):
    fresh, late_ack, late_resolve, closed = _three(world)
    hub = signed_in(world["coordinator"])
    page = hub.get("/en/complaints/hub/").content.decode()
    # Sorted by the next deadline: the most overdue first, closed complaints last.
    assert _references(page) == [late_resolve.reference, late_ack.reference, fresh.reference, closed.reference]
    assert f'id="complaint-{late_ack.reference}" class="overdue"' in page
    assert f'id="complaint-{fresh.reference}" class=""' in page
    overdue = hub.get("/en/complaints/hub/?overdue=on").content.decode()
    assert sorted(_references(overdue)) == sorted([late_ack.reference, late_resolve.reference])


def test_filters_by_status_and_category_and_a_bad_value_is_a_400(world):
    fresh, late_ack, _late_resolve, closed = _three(world)
    hub = signed_in(world["coordinator"])
    assert _references(hub.get("/en/complaints/hub/?category=price").content.decode()) == [late_ack.reference]
    assert _references(hub.get("/en/complaints/hub/?status=resolved").content.decode()) == [closed.reference]
    assert _references(hub.get("/en/complaints/hub/?sort=-filed").content.decode())[0] == fresh.reference
    assert hub.get("/en/complaints/hub/?status=nonsense").status_code == 400


def test_the_api_list_has_the_same_filters(client, world):
    _fresh, late_ack, late_resolve, _closed = _three(world)
    auth = {"HTTP_AUTHORIZATION": f"Token {api_token(world['coordinator'])}"}
    rows = client.get("/api/v1/complaints/?overdue=true", **auth).json()["results"]
    assert {row["reference"] for row in rows} == {late_ack.reference, late_resolve.reference}
    assert all(row["overdue"] for row in rows)
    rows = client.get("/api/v1/complaints/", **auth).json()["results"]
    assert rows[0]["reference"] == late_resolve.reference
    assert client.get("/api/v1/complaints/?category=nonsense", **auth).status_code == 400


def test_lists_take_a_bounded_number_of_queries(client, world, django_assert_max_num_queries, settings):
    settings.MEDHUB_THROTTLES = {**settings.MEDHUB_THROTTLES, "complaint": (100, 3600), "inquiry-email": (100, 3600)}
    for number in range(12):
        complaint = file_complaint(world, organization=world["spine"] if number % 2 else world["derm"])
        Complaint.objects.filter(pk=complaint.pk).update(forwarded_at=complaint.received_at, status=ComplaintStatus.FORWARDED)
    hub = signed_in(world["coordinator"])
    hub.get("/en/complaints/hub/")  # warm the per-process caches (hub settings, languages)
    with django_assert_max_num_queries(12):
        assert hub.get("/en/complaints/hub/").status_code == 200
    auth = {"HTTP_AUTHORIZATION": f"Token {api_token(world['coordinator'])}"}
    client.get("/api/v1/complaints/", **auth)
    with django_assert_max_num_queries(12):
        assert len(client.get("/api/v1/complaints/?page_size=50", **auth).json()["results"]) == 12
    derm = {"HTTP_AUTHORIZATION": f"Token {api_token(world['derm_staff'])}"}
    client.get("/api/v1/complaints/organization/", **derm)
    with django_assert_max_num_queries(14):
        assert len(client.get("/api/v1/complaints/organization/", **derm).json()["results"]) == 6
    mine = {"HTTP_AUTHORIZATION": f"Token {api_token(world['patient'])}"}
    client.get("/api/v1/complaints/mine/", **mine)
    with django_assert_max_num_queries(14):
        assert len(client.get("/api/v1/complaints/mine/?page_size=50", **mine).json()["results"]) == 12
    organization_page = signed_in(world["derm_staff"])
    organization_page.get("/en/complaints/organization/")
    with django_assert_max_num_queries(12):
        assert organization_page.get("/en/complaints/organization/").status_code == 200


def test_the_clock_runs_across_a_weekend(world, monkeypatch):
    """Received on a Friday evening in Seoul: still in time on Monday, overdue on Wednesday."""
    import datetime
    import zoneinfo

    from django.utils import timezone

    seoul = zoneinfo.ZoneInfo("Asia/Seoul")
    clock = {"now": datetime.datetime(2026, 11, 27, 18, 0, tzinfo=seoul)}  # a Friday
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    complaint = file_complaint(world)
    assert complaint.acknowledge_due == datetime.datetime(2026, 12, 1, 23, 59, 59, tzinfo=seoul)  # Tuesday
    hub = signed_in(world["coordinator"])
    clock["now"] = datetime.datetime(2026, 11, 30, 10, 0, tzinfo=seoul)  # Monday
    assert _references(hub.get("/en/complaints/hub/?overdue=on").content.decode()) == []
    clock["now"] = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=seoul)  # Wednesday
    assert _references(hub.get("/en/complaints/hub/?overdue=on").content.decode()) == [complaint.reference]
    # Acknowledged late, it is on time again until the resolution is due (14 days after receipt).
    hub.post(f"/en/complaints/hub/{complaint.reference}/", {"action": "acknowledge"})
    assert _references(hub.get("/en/complaints/hub/?overdue=on").content.decode()) == []
    clock["now"] = datetime.datetime(2026, 12, 11, 18, 1, tzinfo=seoul)
    hub = signed_in(world["coordinator"])  # a session started two weeks earlier has expired
    assert _references(hub.get("/en/complaints/hub/?overdue=on").content.decode()) == [complaint.reference]


def test_acknowledging_twice_acknowledges_once(world):
    from medhub.notifications.models import Notification

    complaint = file_complaint(world)
    hub = signed_in(world["coordinator"])
    for _ in range(2):
        assert hub.post(f"/en/complaints/hub/{complaint.reference}/", {"action": "acknowledge"}).status_code == 302
    assert Notification.objects.filter(recipient=world["patient"], kind="complaints.acknowledged").count() == 1
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ACKNOWLEDGED
