"""Action items: assigned in the minutes to an invited member, shown on the owner's "My council"
page with their upcoming meetings, reminded 3 days and 1 day before they fall due (once each),
and marked done by the owner or hub staff only. Documents: private, checked by content."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from medhub.council import services
from medhub.council.models import ActionItem, ActionStatus, MeetingDocument
from medhub.council.tasks import remind_actions
from medhub.notifications.models import Notification
from tests.council.conftest import api_for, move_to_past, schedule, signed_in

pytestmark = pytest.mark.django_db


def _held(council):
    meeting = move_to_past(schedule(council))
    services.minutes_record(actor=council["admin"], meeting_id=meeting.pk, minutes="Minutes")
    return meeting


def test_the_minutes_assign_an_action_that_appears_on_the_owners_page(council):
    meeting = _held(council)
    due = timezone.localdate() + datetime.timedelta(days=14)
    response = signed_in(council["coordinator"]).post(
        reverse("council-meeting", kwargs={"meeting_id": meeting.pk}),
        {"action": "action_item", "owner": council["members"]["spine"].pk, "title": "准备中文宣传册", "due_on": due.isoformat()},
    )
    assert response.status_code == 302
    told = Notification.objects.get(recipient=council["spine_user"], kind="council.action")
    assert told.language == "zh-hans"
    page = signed_in(council["spine_user"]).get(reverse("council-mine")).content.decode()
    assert "准备中文宣传册" in page
    mine = api_for(council["spine_user"]).get(reverse("api-council-mine")).json()
    assert [a["title"] for a in mine["actions"]] == ["准备中文宣传册"]
    assert "准备中文宣传册" not in signed_in(council["hotel_user"]).get(reverse("council-mine")).content.decode()


def test_an_action_owner_must_be_invited_to_the_meeting(council):
    from medhub.accounts.models import Role
    from tests.cases.conftest import make_user
    from tests.council.conftest import add_member

    meeting = _held(council)
    late = add_member(make_user("late", Role.PARTNER_STAFF, council["hotel"]), "dining")
    response = api_for(council["admin"]).post(
        reverse("api-council-meeting-actions", kwargs={"meeting_id": meeting.pk}),
        {"owner": late.pk, "title": "x", "due_on": "2030-01-01"},
        format="json",
    )
    assert response.status_code == 400 and "owner" in response.json()


def test_a_member_cannot_assign_actions_of_a_plenary(council):
    meeting = _held(council)
    response = api_for(council["spine_user"]).post(
        reverse("api-council-meeting-actions", kwargs={"meeting_id": meeting.pk}),
        {"owner": council["members"]["spine"].pk, "title": "x", "due_on": "2030-01-01"},
        format="json",
    )
    assert response.status_code == 403


def test_the_owner_marks_their_action_done_others_cannot(council):
    meeting = _held(council)
    action = services.action_add(
        actor=council["admin"],
        meeting_id=meeting.pk,
        owner_id=council["members"]["spine"].pk,
        title="Brochure",
        due_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    url = reverse("api-council-action", kwargs={"action_id": action.pk})
    assert api_for(council["hotel_user"]).patch(url, {"status": "done"}, format="json").status_code == 404
    assert (
        signed_in(council["hotel_user"])
        .post(reverse("council-action", kwargs={"action_id": action.pk}), {"to_state": "done"})
        .status_code
        == 404
    )
    assert api_for(council["outsider"]).patch(url, {"status": "done"}, format="json").status_code == 404
    response = signed_in(council["spine_user"]).post(
        reverse("council-action", kwargs={"action_id": action.pk}), {"to_state": "done"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert api_for(council["coordinator"]).patch(url, {"status": "open"}, format="json").json()["status"] == "open"
    assert api_for(council["spine_user"]).patch(url, {"status": "nonsense"}, format="json").status_code == 400


def test_reminders_go_three_days_and_one_day_before_once_each(council):
    meeting = _held(council)
    today = timezone.localdate()
    action = services.action_add(
        actor=council["admin"],
        meeting_id=meeting.pk,
        owner_id=council["members"]["hotel"].pk,
        title="Rooms",
        due_on=today + datetime.timedelta(days=3),
    )
    far = services.action_add(
        actor=council["admin"],
        meeting_id=meeting.pk,
        owner_id=council["members"]["hotel"].pk,
        title="Later",
        due_on=today + datetime.timedelta(days=20),
    )
    done = services.action_add(
        actor=council["admin"],
        meeting_id=meeting.pk,
        owner_id=council["members"]["derm"].pk,
        title="Done",
        due_on=today + datetime.timedelta(days=1),
    )
    services.action_move(actor=council["admin"], action_id=done.pk, to_state="done")

    def reminders():
        return list(Notification.objects.filter(kind="council.action_due").values_list("recipient__username", flat=True))

    assert remind_actions() == 1
    assert remind_actions() == 0  # the same day again: nothing twice
    assert reminders() == ["hotelier"]
    assert services.remind_due_actions(today=today + datetime.timedelta(days=1)) == 0  # two days before: nothing
    assert services.remind_due_actions(today=today + datetime.timedelta(days=2)) == 1  # one day before
    assert services.remind_due_actions(today=today + datetime.timedelta(days=2)) == 0
    assert reminders() == ["hotelier", "hotelier"]
    action.refresh_from_db()
    far.refresh_from_db()
    assert action.reminded_3_at and action.reminded_1_at and far.reminded_3_at is None


def test_the_reminder_task_is_in_the_schedule(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name="council-action-reminders")
    assert task.task == "medhub.council.tasks.remind_actions" and task.enabled


def test_my_council_lists_upcoming_meetings_with_my_reply(council):
    past = move_to_past(schedule(council, title="Past"))
    schedule(council, title="Next plenary")
    page = signed_in(council["hotel_user"]).get(reverse("council-mine")).content.decode()
    assert "Next plenary" in page and past.title not in page


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\nxref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n168\n%%EOF\n"


def test_documents_are_checked_by_content_and_served_to_invited_members_only(council):
    meeting = schedule(council)
    fake = SimpleUploadedFile("agenda.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = api_for(council["coordinator"]).post(
        reverse("api-council-documents", kwargs={"meeting_id": meeting.pk}), {"file": fake}, format="multipart"
    )
    assert response.status_code == 400
    response = signed_in(council["coordinator"]).post(
        reverse("council-meeting", kwargs={"meeting_id": meeting.pk}),
        {"action": "document", "file": SimpleUploadedFile("agenda.pdf", PDF, content_type="application/pdf")},
    )
    assert response.status_code == 302
    document = MeetingDocument.objects.get()
    url = reverse("council-document", kwargs={"meeting_id": meeting.pk, "document_id": document.pk})
    served = signed_in(council["spine_user"]).get(url)
    assert served.status_code == 200 and served["Cache-Control"] == "private, no-store"
    assert signed_in(council["outsider"]).get(url).status_code == 404
    # Members do not upload.
    response = api_for(council["spine_user"]).post(
        reverse("api-council-documents", kwargs={"meeting_id": meeting.pk}),
        {"file": SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")},
        format="multipart",
    )
    assert response.status_code == 403
    assert ActionItem.objects.count() == 0


def test_attendance_by_organization_counts_held_meetings_and_trainings(council):
    from medhub.council.selectors import attendance_by_organization

    members = council["members"]
    plenary = move_to_past(schedule(council), days=3)
    services.attendance_record(actor=council["admin"], meeting_id=plenary.pk, present_member_ids=[members["derm"].pk])
    services.minutes_record(actor=council["admin"], meeting_id=plenary.pk, minutes="M")
    training = move_to_past(schedule(council, kind="training"), days=2)
    services.attendance_record(
        actor=council["admin"], meeting_id=training.pk, present_member_ids=[members["derm"].pk, members["hotel"].pk]
    )
    services.minutes_record(actor=council["admin"], meeting_id=training.pk, minutes="T")
    move_to_past(schedule(council, title="Not held"), days=1)
    today = timezone.localdate()
    counts = attendance_by_organization(start=today - datetime.timedelta(days=30), end=today)
    assert counts[council["derm"].pk] == {"invited": 1, "present": 1, "trainings": 1}
    assert counts[council["hotel"].pk] == {"invited": 1, "present": 0, "trainings": 1}
    assert counts[council["spine"].pk] == {"invited": 1, "present": 0, "trainings": 0}
