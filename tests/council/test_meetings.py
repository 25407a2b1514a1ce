"""Meetings: scheduling (page and API), invitations in each member's language with a reply link
and a calendar file, replies (signed in or by the link), attendance and quorum, minutes,
decisions with the votes of present members, and who may see and record what."""

import datetime

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from medhub.council import links, selectors, services
from medhub.council.models import Answer, Decision, Invitation, Meeting, MeetingStatus
from medhub.notifications.models import Notification
from tests.council.conftest import api_for, move_to_past, reply_token, schedule, signed_in

pytestmark = pytest.mark.django_db


def test_the_administrator_schedules_a_plenary_on_the_page_and_every_member_is_invited_in_their_language(council):
    client = signed_in(council["admin"])
    page = client.get(reverse("council-meeting-new"))
    assert page.status_code == 200
    start = timezone.localtime() + datetime.timedelta(days=20)
    response = client.post(
        reverse("council-meeting-new"),
        {
            "kind": "plenary",
            "title": "2분기 정기총회",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "강서구청 3층",
            "agenda": "1. 보고",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get(title="2분기 정기총회")
    assert meeting.invitations.count() == 3
    spine = Notification.objects.get(recipient=council["spine_user"], kind="council.invitation")
    assert spine.language == "zh-hans"
    assert "/zh-hans/council/reply/" in spine.message
    assert "meeting.ics" in spine.message
    derm = Notification.objects.get(recipient=council["derm_user"], kind="council.invitation")
    assert "/ko/council/reply/" in derm.message


def test_a_coordinator_or_a_member_cannot_schedule_a_meeting(council):
    for user in (council["coordinator"], council["derm_user"], council["outsider"]):
        assert signed_in(user).get(reverse("council-meeting-new")).status_code == 403
        response = api_for(user).post(
            reverse("api-council-meetings"),
            {
                "kind": "plenary",
                "title": "x",
                "starts_at": "2030-01-01T10:00:00+09:00",
                "ends_at": "2030-01-01T12:00:00+09:00",
                "place": "x",
            },
            format="json",
        )
        assert response.status_code == 403
    assert not Meeting.objects.exists()


def test_the_api_schedules_a_division_meeting_and_invites_only_the_division(council):
    from medhub.council.models import Division

    medical = Division.objects.get(code="medical")
    response = api_for(council["admin"]).post(
        reverse("api-council-meetings"),
        {
            "kind": "division",
            "division": medical.pk,
            "title": "Medical division",
            "starts_at": "2030-03-05T15:00:00+09:00",
            "ends_at": "2030-03-05T17:00:00+09:00",
            "video_url": "https://meet.example.org/medical",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    invited = {i["member"] for i in response.json()["invitations"]}
    assert invited == {council["members"]["derm"].pk, council["members"]["spine"].pk}


def test_a_meeting_needs_a_place_or_a_video_link_and_to_end_after_it_starts(council):
    response = api_for(council["admin"]).post(
        reverse("api-council-meetings"),
        {"kind": "plenary", "title": "x", "starts_at": "2030-01-01T10:00:00+09:00", "ends_at": "2030-01-01T09:00:00+09:00"},
        format="json",
    )
    assert response.status_code == 400
    assert {"ends_at", "place"} <= set(response.json())


def test_the_suggested_date_is_a_quarter_after_the_last_meeting_of_the_kind(council):
    meeting = schedule(council, days=5)
    suggested = selectors.suggested_start("plenary")
    local = timezone.localtime(meeting.starts_at)
    assert (suggested.month - local.month) % 12 == 3
    assert selectors.suggested_start("training").weekday() == 3  # the first Thursday of next quarter


# -- replies ---------------------------------------------------------------------------------------


def test_the_reply_link_works_without_signing_in_and_opening_it_changes_nothing(council, client):
    meeting = schedule(council)
    message = Notification.objects.get(recipient=council["spine_user"], kind="council.invitation").message
    token = reply_token(message)
    url = reverse("council-reply", kwargs={"token": token})
    opened = client.get(url + "?answer=yes")
    assert opened.status_code == 200
    invitation = Invitation.objects.get(meeting=meeting, member=council["members"]["spine"])
    assert invitation.answer == Answer.NONE
    assert client.post(url, {"answer": "maybe"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.answer == Answer.MAYBE and invitation.answered_at is not None


def test_a_tampered_reply_link_is_refused(council, client):
    schedule(council)
    token = reply_token(Notification.objects.get(recipient=council["spine_user"], kind="council.invitation").message)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for name in ("council-reply", "council-reply-ics"):
        assert client.get(reverse(name, kwargs={"token": tampered})).status_code == 404
    assert client.post(reverse("council-reply", kwargs={"token": tampered}), {"answer": "yes"}).status_code == 404
    assert not Invitation.objects.exclude(answer="").exists()


def test_an_expired_reply_link_is_refused(council, client, settings):
    meeting = schedule(council)
    invitation = meeting.invitations.first()
    old = signing.TimestampSigner(salt=links.SALT)
    token = links.invitation_token(invitation.pk)
    settings.MEDHUB_COUNCIL_LINK_DAYS = 0
    assert old is not None
    import time

    time.sleep(1.1)
    assert client.post(reverse("council-reply", kwargs={"token": token}), {"answer": "yes"}).status_code == 404
    invitation.refresh_from_db()
    assert invitation.answer == ""


def test_the_reply_link_of_a_cancelled_or_past_meeting_is_refused(council, client):
    meeting = schedule(council)
    invitation = meeting.invitations.first()
    token = links.invitation_token(invitation.pk)
    services.meeting_cancel(actor=council["admin"], meeting_id=meeting.pk)
    assert client.post(reverse("council-reply", kwargs={"token": token}), {"answer": "yes"}).status_code == 404


def test_a_member_replies_signed_in_on_the_page_and_by_the_api(council):
    meeting = schedule(council)
    response = signed_in(council["hotel_user"]).post(
        reverse("council-meeting", kwargs={"meeting_id": meeting.pk}), {"action": "answer", "answer": "no"}
    )
    assert response.status_code == 302
    response = api_for(council["derm_user"]).post(
        reverse("api-council-reply", kwargs={"meeting_id": meeting.pk}), {"answer": "yes"}, format="json"
    )
    assert response.status_code == 200 and response.json()["answer"] == "yes"
    answers = dict(meeting.invitations.values_list("member__person__username", "answer"))
    assert answers == {"hotelier": "no", "derm": "yes", "spine": ""}
    bad = api_for(council["derm_user"]).post(
        reverse("api-council-reply", kwargs={"meeting_id": meeting.pk}), {"answer": "perhaps"}, format="json"
    )
    assert bad.status_code == 400


# -- calendar files --------------------------------------------------------------------------------


def _parse_ics(body: bytes):
    calendar = Calendar.from_ical(body)
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    zones = [c for c in calendar.walk() if c.name == "VTIMEZONE"]
    return calendar, events, zones


def test_the_invitation_ics_is_a_valid_calendar_with_its_time_zone(council, client):
    meeting = schedule(council)
    invitation = meeting.invitations.first()
    response = client.get(reverse("council-reply-ics", kwargs={"token": links.invitation_token(invitation.pk)}))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    _calendar, events, zones = _parse_ics(response.content)
    assert len(events) == 1 and zones and str(zones[0]["TZID"]) == "Asia/Seoul"
    event = events[0]
    assert str(event["SUMMARY"]) == meeting.title
    assert event.decoded("DTSTART") == meeting.starts_at.replace(microsecond=0)
    assert str(event["LOCATION"]) == meeting.place
    assert b"DTSTART;TZID=Asia/Seoul" in response.content


def test_a_members_calendar_lists_their_meetings_but_not_the_ones_they_declined(council):
    yes = schedule(council, title="Coming")
    no = schedule(council, title="Declined", days=12)
    spine = council["members"]["spine"]
    services.invitation_answer(invitation_id=Invitation.objects.get(meeting=no, member=spine).pk, answer="no")
    # Someone else declining a meeting does not take it out of this member's calendar.
    hotel = council["members"]["hotel"]
    services.invitation_answer(invitation_id=Invitation.objects.get(meeting=yes, member=hotel).pk, answer="no")
    response = signed_in(council["spine_user"]).get(reverse("council-calendar"))
    _calendar, events, _zones = _parse_ics(response.content)
    assert [str(e["SUMMARY"]) for e in events] == [yes.title]
    assert signed_in(council["outsider"]).get(reverse("council-calendar")).status_code == 403


# -- who sees what -----------------------------------------------------------------------------------


def test_a_meeting_is_seen_by_hub_staff_and_invited_members_only(council):
    from medhub.council.models import Committee

    meeting = schedule(
        council, kind="committee", committee=Committee.objects.get(code="division-medical"), title="Medical committee"
    )
    url = reverse("council-meeting", kwargs={"meeting_id": meeting.pk})
    api_url = reverse("api-council-meeting", kwargs={"meeting_id": meeting.pk})
    for who in ("admin", "coordinator", "derm_user", "spine_user"):
        assert signed_in(council[who]).get(url).status_code == 200, who
        assert api_for(council[who]).get(api_url).status_code == 200, who
    for who in ("hotel_user", "outsider", "patient"):
        assert signed_in(council[who]).get(url).status_code == 404, who
        assert api_for(council[who]).get(api_url).status_code == 404, who
    listed = api_for(council["hotel_user"]).get(reverse("api-council-meetings")).json()
    assert listed == []
    assert api_for(council["outsider"]).get(reverse("api-council-meetings")).status_code == 403


def test_minutes_are_shown_to_invited_members_only(council):
    meeting = move_to_past(schedule(council, kind="division", division=council["members"]["derm"].division))
    services.minutes_record(actor=council["admin"], meeting_id=meeting.pk, minutes="소위원회 구성 합의")
    url = reverse("council-meeting", kwargs={"meeting_id": meeting.pk})
    assert "소위원회 구성 합의" in signed_in(council["spine_user"]).get(url).content.decode()
    assert signed_in(council["hotel_user"]).get(url).status_code == 404


# -- attendance, quorum, minutes, decisions ------------------------------------------------------------


def test_quorum_is_more_than_half_of_the_invited_voting_members_or_the_meetings_own(council):
    meeting = move_to_past(schedule(council))
    members = council["members"]
    result = services.attendance_record(actor=council["admin"], meeting_id=meeting.pk, present_member_ids=[members["derm"].pk])
    assert result == {"invited": 3, "present": 1, "needed": 2, "met": False}
    result = services.attendance_record(
        actor=council["admin"], meeting_id=meeting.pk, present_member_ids=[members["derm"].pk, members["hotel"].pk]
    )
    assert result["met"] is True
    Meeting.objects.filter(pk=meeting.pk).update(quorum=3)
    assert selectors.quorum(Meeting.objects.get(pk=meeting.pk))["met"] is False


def test_a_non_voting_member_does_not_count_toward_the_quorum(council):
    from medhub.council.models import Member

    Member.objects.filter(pk=council["members"]["hotel"].pk).update(voting=False)
    meeting = move_to_past(schedule(council))
    result = services.attendance_record(
        actor=council["admin"], meeting_id=meeting.pk, present_member_ids=[council["members"]["derm"].pk]
    )
    assert result == {"invited": 2, "present": 1, "needed": 2, "met": False}


def test_attendance_of_a_meeting_still_to_come_or_of_someone_not_invited_is_refused(council):
    meeting = schedule(council)
    response = api_for(council["admin"]).post(
        reverse("api-council-attendance", kwargs={"meeting_id": meeting.pk}), {"present": []}, format="json"
    )
    assert response.status_code == 400
    move_to_past(meeting)
    response = api_for(council["admin"]).post(
        reverse("api-council-attendance", kwargs={"meeting_id": meeting.pk}), {"present": [999999]}, format="json"
    )
    assert response.status_code == 400 and "present" in response.json()


def test_only_members_present_vote_and_each_vote_is_recorded(council):
    meeting = move_to_past(schedule(council))
    members = council["members"]
    services.attendance_record(
        actor=council["admin"], meeting_id=meeting.pk, present_member_ids=[members["derm"].pk, members["spine"].pk]
    )
    url = reverse("api-council-decisions", kwargs={"meeting_id": meeting.pk})
    refused = api_for(council["coordinator"]).post(
        url,
        {"text": "Partners Day on 12 December", "votes": [{"member": members["hotel"].pk, "choice": "for"}]},
        format="json",
    )
    assert refused.status_code == 400 and "votes" in refused.json()
    assert not Decision.objects.exists()
    response = api_for(council["coordinator"]).post(
        url,
        {
            "text": "Partners Day on 12 December",
            "votes": [{"member": members["derm"].pk, "choice": "for"}, {"member": members["spine"].pk, "choice": "abstain"}],
        },
        format="json",
    )
    assert response.status_code == 201
    decision = Decision.objects.get()
    assert dict(decision.votes.values_list("member_id", "choice")) == {members["derm"].pk: "for", members["spine"].pk: "abstain"}
    # The page's form offers only the present members: a vote posted for an absent one is not counted.
    page = signed_in(council["admin"]).post(
        reverse("council-meeting", kwargs={"meeting_id": meeting.pk}),
        {"action": "decision", "text": "Forged", f"vote_{members['hotel'].pk}": "for", f"vote_{members['derm'].pk}": "against"},
    )
    assert page.status_code == 302
    forged = Decision.objects.get(text="Forged")
    assert dict(forged.votes.values_list("member_id", "choice")) == {members["derm"].pk: "against"}
    from medhub.council.models import Vote

    assert not Vote.objects.filter(member=members["hotel"]).exists()


def test_no_decision_before_attendance_is_recorded(council):
    meeting = move_to_past(schedule(council))
    response = signed_in(council["admin"]).post(
        reverse("council-meeting", kwargs={"meeting_id": meeting.pk}), {"action": "decision", "text": "Something"}
    )
    assert response.status_code == 400
    assert not Decision.objects.exists()


def test_the_chair_of_a_committee_records_the_minutes_of_its_meetings_but_a_member_does_not(council):
    from medhub.council.models import Committee

    committee = Committee.objects.get(code="division-medical")
    meeting = move_to_past(schedule(council, kind="committee", committee=committee, title="Medical committee"))
    url = reverse("api-council-minutes", kwargs={"meeting_id": meeting.pk})
    assert api_for(council["spine_user"]).post(url, {"minutes": "x"}, format="json").status_code == 403
    page = signed_in(council["spine_user"]).post(
        reverse("council-meeting", kwargs={"meeting_id": meeting.pk}), {"action": "minutes", "minutes": "x"}
    )
    assert page.status_code == 403
    response = api_for(council["derm_user"]).post(url, {"minutes": "Agreed the interpreter rota."}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "held"
    # The chair of the medical committee is not the chair of a plenary.
    plenary = move_to_past(schedule(council, title="Plenary"))
    response = api_for(council["derm_user"]).post(
        reverse("api-council-minutes", kwargs={"meeting_id": plenary.pk}), {"minutes": "x"}, format="json"
    )
    assert response.status_code == 403


def test_a_coordinator_records_minutes_on_the_page_and_the_meeting_is_held(council):
    meeting = move_to_past(schedule(council))
    response = signed_in(council["coordinator"]).post(
        reverse("council-meeting", kwargs={"meeting_id": meeting.pk}), {"action": "minutes", "minutes": "All agreed."}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.minutes == "All agreed."


def test_cancelling_tells_the_invited_and_a_cancelled_meeting_takes_no_minutes(council):
    meeting = schedule(council)
    response = signed_in(council["admin"]).post(
        reverse("council-meeting", kwargs={"meeting_id": meeting.pk}), {"action": "cancel", "reason": "Typhoon"}
    )
    assert response.status_code == 302
    assert Notification.objects.filter(kind="council.cancelled").count() == 3
    move_to_past(meeting)
    response = api_for(council["admin"]).post(
        reverse("api-council-minutes", kwargs={"meeting_id": meeting.pk}), {"minutes": "x"}, format="json"
    )
    assert response.status_code == 400


def test_the_meetings_list_and_a_meeting_page_take_a_fixed_number_of_queries(council, django_assert_max_num_queries):
    for n in range(6):
        move_to_past(schedule(council, title=f"Meeting {n}"), days=n + 1)
    meeting = Meeting.objects.first()
    services.attendance_record(
        actor=council["admin"], meeting_id=meeting.pk, present_member_ids=[m.pk for m in council["members"].values()]
    )
    services.decision_record(
        actor=council["admin"], meeting_id=meeting.pk, text="A", votes={m.pk: "for" for m in council["members"].values()}
    )
    client = signed_in(council["admin"])
    api = api_for(council["admin"])
    with django_assert_max_num_queries(20):
        assert client.get(reverse("council-meetings")).status_code == 200
    with django_assert_max_num_queries(20):
        assert api.get(reverse("api-council-meetings")).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(reverse("council-meeting", kwargs={"meeting_id": meeting.pk})).status_code == 200
    with django_assert_max_num_queries(25):
        assert api.get(reverse("api-council-meeting", kwargs={"meeting_id": meeting.pk})).status_code == 200
