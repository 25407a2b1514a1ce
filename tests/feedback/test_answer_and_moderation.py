"""The institution answers once (its staff, in its workspace); the hub administrator hides and
restores with a reason from a fixed list, never "negative"; everything audited, the patient told."""

import pytest

from medhub.core.models import LogEntry
from medhub.feedback.models import Feedback, HideReason
from medhub.feedback.services import feedback_give
from medhub.notifications.models import Notification
from tests.feedback.conftest import RATINGS, api_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def given(treated):
    case, patient = treated
    feedback = feedback_give(
        case_id=case.id,
        actor=patient,
        ratings={**RATINGS, "result": 1},
        paid_amount=1_800_000,
        paid_currency="KRW",
        text="The result was poor and nobody explained why.",
        language="en",
    )
    return feedback, patient


# -- the institution's answer --------------------------------------------------------------------


def test_the_institution_answers_once_in_its_workspace(client, given, derm_staff):
    feedback, patient = given
    client.force_login(derm_staff)
    page = client.get("/en/work/feedback/").content.decode()
    assert "The result was poor" in page and "Publish the answer" in page and "20% more than quoted" in page
    sent = client.post(f"/en/work/feedback/{feedback.pk}/answer/", {"text": "We are sorry; please call us.", "language": "en"})
    assert sent.status_code == 302 and sent.url.endswith(f"#feedback-{feedback.pk}")
    feedback.refresh_from_db()
    assert feedback.answer == "We are sorry; please call us." and feedback.answered_by == derm_staff
    assert Notification.objects.filter(recipient=patient, kind="feedback.answered").exists()
    assert LogEntry.objects.filter(action="feedback.feedback.answered", actor=derm_staff).count() == 1
    again = client.post(f"/en/work/feedback/{feedback.pk}/answer/", {"text": "Second try", "language": "en"}, follow=True)
    assert "already been answered" in again.content.decode()
    feedback.refresh_from_db()
    assert feedback.answer == "We are sorry; please call us."
    # The patient reads it on their page.
    client.force_login(patient)
    assert "We are sorry; please call us." in client.get(f"/en/cases/{feedback.case.reference}/feedback/").content.decode()


def test_the_institution_answers_through_the_api_once(given, derm_staff):
    feedback, _patient = given
    api = api_as(derm_staff)
    first = api.post(f"/api/v1/feedback/{feedback.pk}/answer/", {"text": "Thank you", "language": "ko"}, format="json")
    assert first.status_code == 200 and first.json()["answer"] == "Thank you" and first.json()["answer_language"] == "ko"
    second = api.post(f"/api/v1/feedback/{feedback.pk}/answer/", {"text": "Again", "language": "ko"}, format="json")
    assert second.status_code == 400 and "once" in second.content.decode()
    empty = api_as(derm_staff).post(f"/api/v1/feedback/{feedback.pk}/answer/", {"text": "", "language": "ko"}, format="json")
    assert empty.status_code == 400


@pytest.mark.parametrize("who", ["spine_staff", "coordinator", "hub_admin", "patient"])
def test_nobody_else_answers(client, given, who, spine_staff, coordinator, hub_admin):
    feedback, patient = given
    user = {"spine_staff": spine_staff, "coordinator": coordinator, "hub_admin": hub_admin, "patient": patient}[who]
    response = api_as(user).post(f"/api/v1/feedback/{feedback.pk}/answer/", {"text": "x", "language": "en"}, format="json")
    assert response.status_code == (404 if who == "spine_staff" else 403)
    client.force_login(user)
    page = client.post(f"/en/work/feedback/{feedback.pk}/answer/", {"text": "x", "language": "en"})
    assert page.status_code == (404 if who == "spine_staff" else 403)
    feedback.refresh_from_db()
    assert feedback.answered_at is None


# -- moderation -----------------------------------------------------------------------------------


def test_the_administrator_hides_with_a_reason_and_restores_with_a_note(client, given, hub_admin):
    feedback, patient = given
    client.force_login(hub_admin)
    page = client.get("/en/work/feedback/").content.decode()
    assert "Negative feedback is not removed" in page and "Hide" in page
    hidden = client.post(f"/en/work/feedback/{feedback.pk}/moderate/", {"action": "hide", "reason": "personal_data"})
    assert hidden.status_code == 302
    feedback.refresh_from_db()
    assert feedback.is_hidden and feedback.hidden_reason == HideReason.PERSONAL_DATA
    entry = LogEntry.objects.get(action="feedback.feedback.hidden")
    assert entry.actor == hub_admin and entry.data["reason"] == "personal_data"
    told = Notification.objects.get(recipient=patient, kind="feedback.hidden")
    assert "personal data" in told.message
    no_note = client.post(f"/en/work/feedback/{feedback.pk}/moderate/", {"action": "restore", "note": ""}, follow=True)
    assert "required" in no_note.content.decode().lower()
    feedback.refresh_from_db()
    assert feedback.is_hidden
    restored = client.post(f"/en/work/feedback/{feedback.pk}/moderate/", {"action": "restore", "note": "The name was removed."})
    assert restored.status_code == 302
    feedback.refresh_from_db()
    assert not feedback.is_hidden and feedback.hidden_reason == ""
    entry = LogEntry.objects.get(action="feedback.feedback.restored")
    assert entry.data["note"] == "The name was removed." and entry.data["was"]["reason"] == "personal_data"


def test_negative_is_not_a_reason_on_any_door(client, given, hub_admin):
    feedback, _patient = given
    assert "negative" not in HideReason.values
    api = api_as(hub_admin).post(f"/api/v1/feedback/{feedback.pk}/hide/", {"reason": "negative"}, format="json")
    assert api.status_code == 400
    client.force_login(hub_admin)
    client.post(f"/en/work/feedback/{feedback.pk}/moderate/", {"action": "hide", "reason": "negative"})
    from medhub.feedback.services import FeedbackError, feedback_hide

    with pytest.raises(FeedbackError) as refused:
        feedback_hide(feedback_id=feedback.pk, actor=hub_admin, reason="negative")
    assert "never hidden for being negative" in str(refused.value)
    feedback.refresh_from_db()
    assert not feedback.is_hidden


def test_another_reason_needs_its_explanation(given, hub_admin):
    feedback, _patient = given
    api = api_as(hub_admin)
    assert api.post(f"/api/v1/feedback/{feedback.pk}/hide/", {"reason": "other"}, format="json").status_code == 400
    ok = api.post(f"/api/v1/feedback/{feedback.pk}/hide/", {"reason": "other", "note": "Posted twice"}, format="json")
    assert ok.status_code == 200 and ok.json()["hidden"] is True and ok.json()["hidden_note"] == "Posted twice"
    twice = api.post(f"/api/v1/feedback/{feedback.pk}/hide/", {"reason": "off_topic"}, format="json")
    assert twice.status_code == 400
    back = api.post(f"/api/v1/feedback/{feedback.pk}/restore/", {"note": "Checked"}, format="json")
    assert back.status_code == 200 and back.json()["hidden"] is False


@pytest.mark.parametrize("who", ["coordinator", "derm_staff", "patient"])
def test_only_the_administrator_moderates(client, given, who, coordinator, derm_staff):
    feedback, patient = given
    user = {"coordinator": coordinator, "derm_staff": derm_staff, "patient": patient}[who]
    assert api_as(user).post(f"/api/v1/feedback/{feedback.pk}/hide/", {"reason": "off_topic"}, format="json").status_code == 403
    assert api_as(user).post(f"/api/v1/feedback/{feedback.pk}/restore/", {"note": "x"}, format="json").status_code == 403
    client.force_login(user)
    assert client.post(f"/en/work/feedback/{feedback.pk}/moderate/", {"action": "hide", "reason": "off_topic"}).status_code == 403
    assert not Feedback.objects.get().is_hidden
    if who != "patient":
        assert "Negative feedback is not removed" not in client.get("/en/work/feedback/").content.decode()
