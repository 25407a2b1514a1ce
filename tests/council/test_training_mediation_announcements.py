"""Training certificates (a real PDF with the attendee's name, in their language and Korean), the
dispute-mediation committee taking up a complaint and recording its recommendation, and
announcements with read receipts."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from medhub.accounts.models import Role
from medhub.complaints.models import Complaint, ComplaintStatus
from medhub.council import services
from medhub.council.models import Announcement, Division, Mediation, Receipt
from medhub.notifications.models import Notification
from tests.cases.conftest import make_user
from tests.council.conftest import api_for, move_to_past, schedule, signed_in

pytestmark = pytest.mark.django_db


def _training(council):
    meeting = move_to_past(schedule(council, kind="training", title="Medical interpretation basics"))
    members = council["members"]
    services.attendance_record(
        actor=council["admin"], meeting_id=meeting.pk, present_member_ids=[members["spine"].pk, members["derm"].pk]
    )
    services.minutes_record(actor=council["admin"], meeting_id=meeting.pk, minutes="Held.")
    return meeting


def _text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def test_an_attendee_downloads_a_certificate_with_their_name_in_their_language_and_korean(council):
    meeting = _training(council)
    invitation = meeting.invitations.get(member=council["members"]["spine"])
    url = reverse("council-certificate", kwargs={"meeting_id": meeting.pk, "invitation_id": invitation.pk})
    response = signed_in(council["spine_user"]).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2  # Chinese, then Korean
    text = _text(response.content)
    assert "Wei Zhang" in text and "Medical interpretation basics" in text
    api = api_for(council["coordinator"]).get(
        reverse("api-council-certificate", kwargs={"meeting_id": meeting.pk, "invitation_id": invitation.pk})
    )
    assert api.status_code == 200 and api.content.startswith(b"%PDF-")


def test_a_korean_attendee_gets_one_korean_page(council):
    meeting = _training(council)
    invitation = meeting.invitations.get(member=council["members"]["derm"])
    response = signed_in(council["derm_user"]).get(
        reverse("council-certificate", kwargs={"meeting_id": meeting.pk, "invitation_id": invitation.pk})
    )
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1
    assert "Minji Kim" in _text(response.content)


def test_no_certificate_for_the_absent_nor_for_someone_elses_attendance(council):
    meeting = _training(council)
    absent = meeting.invitations.get(member=council["members"]["hotel"])
    url = reverse("council-certificate", kwargs={"meeting_id": meeting.pk, "invitation_id": absent.pk})
    assert signed_in(council["hotel_user"]).get(url).status_code == 404
    spine = meeting.invitations.get(member=council["members"]["spine"])
    other = reverse("council-certificate", kwargs={"meeting_id": meeting.pk, "invitation_id": spine.pk})
    assert signed_in(council["derm_user"]).get(other).status_code == 404
    assert signed_in(council["outsider"]).get(other).status_code == 404
    api = reverse("api-council-certificate", kwargs={"meeting_id": meeting.pk, "invitation_id": absent.pk})
    assert api_for(council["admin"]).get(api).status_code == 400


# -- mediation ---------------------------------------------------------------------------------------


def _complaint(council, status=ComplaintStatus.ACKNOWLEDGED):
    return Complaint.objects.create(
        reference="CP-2026-0001",
        status=status,
        category="price",
        subject="organization",
        organization=council["derm"],
        name="Anna",
        email="anna@example.com",
        language="ru",
        text="Счёт вдвое больше сметы.",
    )


def test_the_administrator_takes_up_a_complaint_and_the_mediation_chair_records_the_recommendation(council):
    complaint = _complaint(council)
    response = signed_in(council["admin"]).post(
        reverse("council-mediations"), {"complaint": complaint.reference, "note": "Price"}
    )
    assert response.status_code == 302
    mediation = Mediation.objects.get()
    url = reverse("api-council-recommendation", kwargs={"mediation_id": mediation.pk})
    # The medical division's member is not on the mediation committee.
    assert api_for(council["spine_user"]).post(url, {"recommendation": "x"}, format="json").status_code == 404
    assert (
        signed_in(council["spine_user"]).get(reverse("council-mediation", kwargs={"mediation_id": mediation.pk})).status_code
        == 404
    )
    response = api_for(council["derm_user"]).post(url, {"recommendation": "Refund the difference."}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "recommended"
    page = signed_in(council["admin"]).get(reverse("council-mediation", kwargs={"mediation_id": mediation.pk})).content.decode()
    assert "Refund the difference." in page
    again = api_for(council["admin"]).post(url, {"recommendation": "Other"}, format="json")
    assert again.status_code == 400


def test_a_complaint_is_taken_up_once_and_never_an_unconfirmed_one(council):
    complaint = _complaint(council, status=ComplaintStatus.UNCONFIRMED)
    url = reverse("api-council-mediations")
    response = api_for(council["admin"]).post(url, {"complaint": complaint.reference}, format="json")
    assert response.status_code == 400
    Complaint.objects.filter(pk=complaint.pk).update(status=ComplaintStatus.RECEIVED)
    assert api_for(council["admin"]).post(url, {"complaint": complaint.reference}, format="json").status_code == 201
    assert api_for(council["admin"]).post(url, {"complaint": complaint.reference}, format="json").status_code == 400
    assert api_for(council["admin"]).post(url, {"complaint": "NOPE"}, format="json").status_code == 400


def test_only_the_administrator_takes_up_complaints(council):
    complaint = _complaint(council)
    for who in ("coordinator", "derm_user", "outsider"):
        response = api_for(council[who]).post(
            reverse("api-council-mediations"), {"complaint": complaint.reference}, format="json"
        )
        assert response.status_code == 403, who
    assert api_for(council["outsider"]).get(reverse("api-council-mediations")).status_code == 403
    assert signed_in(council["outsider"]).get(reverse("council-mediations")).status_code == 403
    assert not Mediation.objects.exists()


# -- announcements -----------------------------------------------------------------------------------


def test_an_announcement_to_a_division_reaches_its_members_in_their_language_with_read_receipts(council):
    medical = Division.objects.get(code="medical")
    response = signed_in(council["admin"]).post(
        reverse("council-announcement-new"),
        {
            "audience": "division",
            "division": medical.pk,
            "subject_ko": "분과 회의 안내",
            "subject_zh-hans": "分会会议通知",
            "body_ko": "다음 주 목요일에 만납니다.",
            "body_zh-hans": "下周四见。",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    announcement = Announcement.objects.get()
    assert set(Receipt.objects.values_list("member__person__username", flat=True)) == {"derm", "spine"}
    spine = Notification.objects.get(recipient=council["spine_user"], kind="council.announcement")
    assert "下周四见" in spine.message and spine.language == "zh-hans"
    derm = Notification.objects.get(recipient=council["derm_user"], kind="council.announcement")
    assert "다음 주 목요일" in derm.message
    assert not Notification.objects.filter(recipient=council["hotel_user"], kind="council.announcement").exists()

    url = reverse("council-announcement", kwargs={"announcement_id": announcement.pk})
    assert signed_in(council["hotel_user"]).get(url).status_code == 404
    with translation.override("zh-hans"):
        zh_url = reverse("council-announcement", kwargs={"announcement_id": announcement.pk})
    assert "下周四见" in signed_in(council["spine_user"]).get(zh_url).content.decode()
    receipts = dict(Receipt.objects.values_list("member__person__username", "read_at"))
    assert receipts["spine"] is not None and receipts["derm"] is None
    staff = api_for(council["coordinator"]).get(reverse("api-council-announcement", kwargs={"announcement_id": announcement.pk}))
    read = {r["member_name"]: r["read_at"] for r in staff.json()["receipts"]}
    assert read["Wei Zhang"] and read["Minji Kim"] is None
    page = signed_in(council["admin"]).get(url).content.decode()
    assert "Read by 1 of 2 members." in page


def test_an_announcement_needs_korean_and_only_the_administrator_sends_one(council):
    url = reverse("api-council-announcements")
    payload = {"audience": "all", "subject": {"en": "Hello"}, "body": {"en": "Text"}}
    response = api_for(council["admin"]).post(url, payload, format="json")
    assert response.status_code == 400 and {"subject", "body"} <= set(response.json())
    payload = {"audience": "all", "subject": {"ko": "안내"}, "body": {"ko": "본문"}}
    for who in ("coordinator", "derm_user", "outsider"):
        assert api_for(council[who]).post(url, payload, format="json").status_code == 403, who
    response = api_for(council["admin"]).post(url, payload, format="json")
    assert response.status_code == 201 and len(response.json()["receipts"]) == 3
    hotel = Notification.objects.get(recipient=council["hotel_user"], kind="council.announcement")
    assert "본문" in hotel.message  # no Russian translation: Korean
    assert api_for(council["hotel_user"]).get(url).json()[0]["subject_text"] == "안내"
    assert api_for(council["outsider"]).get(url).status_code == 403


def test_the_announcements_list_takes_a_fixed_number_of_queries(council, django_assert_max_num_queries):
    for n in range(5):
        services.announcement_send(actor=council["admin"], audience="all", subject={"ko": f"안내 {n}"}, body={"ko": "본문"})
    admin, member, api = signed_in(council["admin"]), signed_in(council["spine_user"]), api_for(council["spine_user"])
    with django_assert_max_num_queries(16):
        assert admin.get(reverse("council-announcements")).status_code == 200
    with django_assert_max_num_queries(16):
        assert member.get(reverse("council-announcements")).status_code == 200
    with django_assert_max_num_queries(14):
        assert len(api.get(reverse("api-council-announcements")).json()) == 5


def test_an_outsider_sees_nothing_of_the_council(council):
    outsider = make_user("stranger", Role.FACILITATOR_STAFF)
    client = signed_in(outsider)
    for name in (
        "council-home",
        "council-mine",
        "council-directory",
        "council-meetings",
        "council-announcements",
        "council-mediations",
    ):
        assert client.get(reverse(name)).status_code == 403, name


def test_the_complaints_pages_can_show_the_recommendation_through_the_councils_template_tag(council):
    from django.template import Context, Template

    complaint = _complaint(council)
    template = Template(
        '{% load council_mediation %}{% mediation_of complaint as mediation %}{% include "council/_mediation_note.html" %}'
    )
    assert "council-mediation" not in template.render(Context({"complaint": complaint}))
    mediation = services.mediation_take_up(actor=council["admin"], complaint=complaint)
    services.mediation_recommend(actor=council["admin"], mediation_id=mediation.pk, recommendation="Refund half.")
    assert "Refund half." in template.render(Context({"complaint": complaint}))


def test_every_council_change_leaves_an_audit_row(council):
    from medhub.core.models import LogEntry

    meeting = schedule(council)
    invitation = meeting.invitations.first()
    services.invitation_answer(invitation_id=invitation.pk, answer="yes")
    move_to_past(meeting)
    services.attendance_record(actor=council["admin"], meeting_id=meeting.pk, present_member_ids=[invitation.member_id])
    services.minutes_record(actor=council["admin"], meeting_id=meeting.pk, minutes="M")
    services.decision_record(actor=council["admin"], meeting_id=meeting.pk, text="D", votes={invitation.member_id: "for"})
    action = services.action_add(
        actor=council["admin"], meeting_id=meeting.pk, owner_id=invitation.member_id, title="A", due_on=meeting.starts_at.date()
    )
    services.action_move(actor=council["admin"], action_id=action.pk, to_state="done")
    services.announcement_send(actor=council["admin"], audience="all", subject={"ko": "S"}, body={"ko": "B"})
    actions = set(LogEntry.objects.values_list("action", flat=True))
    assert {
        "council.member.added",
        "council.meeting.scheduled",
        "council.meeting.invited",
        "council.meeting.replied",
        "council.meeting.attendance",
        "council.meeting.minutes",
        "council.decision.recorded",
        "council.action.added",
        "council.action.moved",
        "council.announcement.sent",
    } <= actions


def test_the_page_doors_refuse_what_the_api_refuses(council):
    complaint = _complaint(council)
    for who in ("coordinator", "derm_user", "spine_user"):
        client = signed_in(council[who])
        assert client.get(reverse("council-announcement-new")).status_code == 403, who
        response = client.post(reverse("council-announcement-new"), {"audience": "all", "subject_ko": "안내", "body_ko": "본문"})
        assert response.status_code == 403, who
    assert not Announcement.objects.exists()
    # The mediation committee's members read the list; only the administrator takes a complaint up.
    response = signed_in(council["derm_user"]).post(reverse("council-mediations"), {"complaint": complaint.reference})
    assert response.status_code == 403
    assert (
        signed_in(council["coordinator"]).post(reverse("council-mediations"), {"complaint": complaint.reference}).status_code
        == 403
    )
    mediation = services.mediation_take_up(actor=council["admin"], complaint=complaint)
    # The chair records the recommendation on the page.
    url = reverse("council-mediation", kwargs={"mediation_id": mediation.pk})
    assert signed_in(council["derm_user"]).post(url, {"recommendation": "Mediate with the clinic."}).status_code == 302
    mediation.refresh_from_db()
    assert mediation.recommendation == "Mediate with the clinic."


def test_an_outsider_can_neither_reply_nor_record_anything(council):
    meeting = move_to_past(schedule(council), days=0)
    api = api_for(council["outsider"])
    for name, payload in (
        ("api-council-reply", {"answer": "yes"}),
        ("api-council-attendance", {"present": []}),
        ("api-council-minutes", {"minutes": "x"}),
        ("api-council-decisions", {"text": "x", "votes": []}),
        ("api-council-cancel", {}),
    ):
        assert api.post(reverse(name, kwargs={"meeting_id": meeting.pk}), payload, format="json").status_code == 404, name
    page = signed_in(council["outsider"])
    for action in ("answer", "attendance", "minutes", "decision", "action_item", "document", "cancel", "invite"):
        response = page.post(reverse("council-meeting", kwargs={"meeting_id": meeting.pk}), {"action": action})
        assert response.status_code == 404, action
    meeting.refresh_from_db()
    assert meeting.status == "scheduled" and not meeting.minutes


# -- training participants from outside the council ----------------------------------------------------


def test_partner_staff_outside_the_council_take_a_training_and_get_their_certificate(council):
    from medhub.council.models import Participant

    guest = make_user("guest", Role.PARTNER_STAFF, council["hotel"])
    guest.first_name, guest.last_name, guest.preferred_language = "Aizhan", "Seitova", "kk"
    guest.save()
    training = schedule(council, kind="training", title="Medical interpretation basics")
    url = reverse("council-meeting", kwargs={"meeting_id": training.pk})
    assert signed_in(council["coordinator"]).post(url, {"action": "participant", "person": "guest"}).status_code == 403
    assert signed_in(council["admin"]).post(url, {"action": "participant", "person": "guest"}).status_code == 302
    participant = Participant.objects.get(person=guest)
    assert participant.organization == council["hotel"]
    told = Notification.objects.get(recipient=guest, kind="council.training")
    assert told.language == "kk" and f"/kk/council/trainings/{training.pk}/" in told.message
    # A council member is invited as a member, a patient is not partner staff, nobody twice.
    api = api_for(council["admin"])
    add = reverse("api-council-participants", kwargs={"meeting_id": training.pk})
    assert api.post(add, {"person": council["spine_user"].pk}, format="json").status_code == 400
    assert api.post(add, {"person": council["patient"].pk}, format="json").status_code == 400
    assert api.post(add, {"person": guest.pk}, format="json").status_code == 400
    plenary = schedule(council)
    other = reverse("api-council-participants", kwargs={"meeting_id": plenary.pk})
    assert api.post(other, {"person": council["outsider"].pk}, format="json").status_code == 400

    move_to_past(training)
    attendance = reverse("api-council-participants-attendance", kwargs={"meeting_id": training.pk})
    assert api_for(council["spine_user"]).post(attendance, {"present": [participant.pk]}, format="json").status_code == 403
    response = api_for(council["coordinator"]).post(attendance, {"present": [participant.pk]}, format="json")
    assert response.status_code == 200 and response.json()[0]["present"] is True
    services.minutes_record(actor=council["admin"], meeting_id=training.pk, minutes="Held.")

    page = signed_in(guest).get(reverse("council-training", kwargs={"meeting_id": training.pk}))
    assert page.status_code == 200
    certificate = reverse("council-participant-certificate", kwargs={"meeting_id": training.pk, "participant_id": participant.pk})
    assert certificate in page.content.decode()
    response = signed_in(guest).get(certificate)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2 and "Aizhan Seitova" in _text(response.content)
    for who in ("spine_user", "outsider"):
        assert signed_in(council[who]).get(certificate).status_code == 404, who
        assert signed_in(council[who]).get(reverse("council-training", kwargs={"meeting_id": training.pk})).status_code == 404
    api_certificate = reverse(
        "api-council-participant-certificate", kwargs={"meeting_id": training.pk, "participant_id": participant.pk}
    )
    assert api_for(council["coordinator"]).get(api_certificate).status_code == 200
    assert api_for(council["outsider"]).get(api_certificate).status_code == 404


def test_the_hub_complaint_page_shows_the_committees_recommendation(council):
    complaint = _complaint(council)
    mediation = services.mediation_take_up(actor=council["admin"], complaint=complaint)
    services.mediation_recommend(actor=council["admin"], mediation_id=mediation.pk, recommendation="Refund half.")
    page = signed_in(council["admin"]).get(reverse("complaint-work", args=[complaint.reference]))
    assert page.status_code == 200
    assert "Refund half." in page.content.decode()
