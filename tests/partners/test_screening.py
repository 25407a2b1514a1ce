"""Screening: who may do what (page and API), the status table, asking for more information
through a signed link, scores, and every step in the audit log."""

import re

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from medhub.core.models import LogEntry
from medhub.partners import services
from medhub.partners.links import answer_token
from medhub.partners.models import Application, InfoRequest, Review
from tests.partners.conftest import pdf, signed_in, submit, token_header

pytestmark = pytest.mark.django_db


def page(application) -> str:
    return reverse("partner-application", kwargs={"application_id": application.id})


def api(application, action="") -> str:
    base = f"/api/v1/partner-applications/{application.id}/"
    return f"{base}{action}/" if action else base


def under_review(hub, kind="facilitator"):
    application = submit(kind)
    services.application_review_start(application_id=application.id, actor=hub["coordinator"])
    return application


# -- who sees what ----------------------------------------------------------------------------


def test_hub_staff_see_the_list_and_the_application(hub):
    application = submit("institution")
    for who in ("coordinator", "admin"):
        client = signed_in(hub[who])
        listing = client.get("/en/work/partners/applications/")
        assert listing.status_code == 200 and application.reference in listing.content.decode()
        detail = client.get(page(application))
        assert detail.status_code == 200
        body = detail.content.decode()
        assert "Haneul Skin Clinic" in body and 'data-check="insurance_minimum"' in body
        assert "no-store" in detail["Cache-Control"]


@pytest.mark.parametrize("who", ["provider", "agency", "interpreter", "patient"])
def test_outsiders_are_refused_on_every_door(hub, who):
    application = submit()
    client = signed_in(hub[who])
    assert client.get("/en/work/partners/applications/").status_code == 403
    assert client.get(page(application)).status_code == 403
    assert client.post(page(application), {"action": "review"}).status_code == 403
    document = application.documents.first()
    assert client.get(f"/en/work/partners/applications/{application.id}/documents/{document.id}/").status_code == 403
    assert client.get("/en/work/partners/criteria/").status_code == 403
    assert client.get("/api/v1/partner-applications/").status_code == 403
    assert client.get(api(application)).status_code == 403
    assert client.post(api(application, "review")).status_code == 403
    assert Application.objects.get().status == "submitted"


def test_anonymous_visitors_are_sent_to_sign_in(hub):
    application = submit()
    response = Client().get(page(application))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Client().get("/api/v1/partner-applications/").status_code == 403


def test_a_password_only_staff_session_is_not_enough(hub):
    submit()
    client = Client()
    client.force_login(hub["coordinator"])  # no TOTP step in this session
    assert client.get("/en/work/partners/applications/").status_code == 302
    assert client.get("/api/v1/partner-applications/").status_code == 403


def test_lists_filter_by_status_kind_and_overdue(hub):
    late = submit("hotel")
    Application.objects.filter(pk=late.pk).update(submitted_at=late.submitted_at.replace(year=late.submitted_at.year - 1))
    fresh = under_review(hub, "institution")
    client = signed_in(hub["coordinator"])
    body = client.get("/en/work/partners/applications/?status=under_review").content.decode()
    assert fresh.reference in body and late.reference not in body
    body = client.get("/en/work/partners/applications/?overdue=true").content.decode()
    assert late.reference in body and fresh.reference not in body
    rows = client.get("/api/v1/partner-applications/?kind=hotel").json()["results"]
    assert [r["reference"] for r in rows] == [late.reference] and rows[0]["overdue"] is True
    assert client.get("/api/v1/partner-applications/?status=nonsense").status_code == 400
    assert client.get("/en/work/partners/applications/?kind=nonsense").status_code == 400


def test_lists_cost_the_same_queries_for_many_applications(hub, django_assert_max_num_queries):
    for kind in ("hotel", "institution", "facilitator", "shop", "transport", "restaurant"):
        submit(kind)
    client = signed_in(hub["coordinator"])
    client.get("/en/work/partners/applications/")  # warm the session and the hub's settings
    with django_assert_max_num_queries(12):
        assert client.get("/en/work/partners/applications/").status_code == 200
    headers = token_header(hub["coordinator"])
    with django_assert_max_num_queries(12):
        assert len(client.get("/api/v1/partner-applications/", **headers).json()["results"]) == 6
    for kind in ("hotel", "shop", "shop", "transport"):
        submit(kind)
    with django_assert_max_num_queries(12):
        assert client.get("/en/work/partners/applications/").status_code == 200
    with django_assert_max_num_queries(12):
        assert len(client.get("/api/v1/partner-applications/", **headers).json()["results"]) == 10


# -- the status table ---------------------------------------------------------------------------


def test_review_starts_through_the_page_and_is_audited(hub):
    application = submit()
    client = signed_in(hub["coordinator"])
    assert client.post(page(application), {"action": "review"}).status_code == 302
    application.refresh_from_db()
    assert application.status == "under_review"
    entry = LogEntry.objects.get(action="partners.application.review_started")
    assert entry.actor == hub["coordinator"] and entry.data == {"from_state": "submitted", "to_state": "under_review"}
    # Starting it again is a clear refusal, not a 500.
    response = client.post(page(application), {"action": "review"})
    assert response.status_code == 400 and "cannot become" in response.content.decode()


def test_review_starts_through_the_api(hub):
    application = submit()
    response = signed_in(hub["coordinator"]).post(api(application, "review"))
    assert response.status_code == 200 and response.json()["status"] == "under_review"
    response = signed_in(hub["coordinator"]).post(api(application, "review"))
    assert response.status_code == 400


def test_an_application_is_not_approved_before_review(hub):
    application = submit()
    response = signed_in(hub["admin"]).post(api(application, "approve"))
    assert response.status_code == 400
    assert not Application.objects.get().organization_id


def test_coordinators_review_but_only_the_administrator_decides(hub):
    application = under_review(hub)
    coordinator = signed_in(hub["coordinator"])
    assert coordinator.post(page(application), {"action": "approve", "confirmed": "yes"}).status_code == 403
    assert coordinator.post(page(application), {"action": "reject", "reason": "no", "confirmed": "yes"}).status_code == 403
    assert coordinator.post(api(application, "approve")).status_code == 403
    assert coordinator.post(api(application, "reject"), {"reason": "no"}).status_code == 403
    assert Application.objects.get().status == "under_review"
    with pytest.raises(services.ApplicationError):
        services.application_approve(application_id=application.id, actor=hub["coordinator"])


def test_rejecting_needs_a_reason_and_tells_the_applicant(hub, django_capture_on_commit_callbacks):
    application = under_review(hub)
    client = signed_in(hub["admin"])
    # The page asks to confirm, with a reason field; without a reason it asks again.
    confirm = client.post(page(application), {"action": "reject", "reason": ""})
    assert confirm.status_code == 200 and 'name="reason"' in confirm.content.decode()
    again = client.post(page(application), {"action": "reject", "reason": "  ", "confirmed": "yes"})
    assert again.status_code == 400 and "Give the reason" in again.content.decode()
    assert signed_in(hub["admin"]).post(api(application, "reject"), {"reason": ""}).status_code == 400
    assert Application.objects.get().status == "under_review"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(page(application), {"action": "reject", "reason": "Капитал ниже порога.", "confirmed": "yes"})
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.status == "rejected" and application.decision_reason == "Капитал ниже порога."
    assert application.decided_by == hub["admin"]
    [message] = mail.outbox
    assert message.to == ["batbayar@steppe-bridge.example"] and "Капитал ниже порога." in message.body
    assert LogEntry.objects.filter(action="partners.application.rejected", data__reason="Капитал ниже порога.").exists()
    # Final: no way back.
    assert client.post(page(application), {"action": "review"}).status_code == 400


def test_the_api_rejects_with_a_reason(hub):
    application = under_review(hub)
    response = signed_in(hub["admin"]).post(
        api(application, "reject"), {"reason": "Not registered."}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    assert response.json()["decision_reason"] == "Not registered."


# -- more information -------------------------------------------------------------------------


def answer_link(message) -> str:
    return re.search(r"https?://\S+/partners/apply/answer/\S+/", message.body).group(0)


def test_asking_for_more_information_and_the_answer_by_link(hub, django_capture_on_commit_callbacks):
    application = under_review(hub)
    client = signed_in(hub["coordinator"])
    confirm = client.post(page(application), {"action": "request_info", "message": "Пришлите устав агентства."})
    assert confirm.status_code == 200 and "Пришлите устав агентства." in confirm.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            page(application), {"action": "request_info", "message": "Пришлите устав агентства.", "confirmed": "yes"}
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "info_requested"
    [message] = mail.outbox
    assert message.to == ["batbayar@steppe-bridge.example"] and "Пришлите устав агентства." in message.body
    link = answer_link(message)
    assert "/mn/" in link  # in the applicant's language

    path = link.split("://", 1)[1].split("/", 1)[1]
    applicant = Client()
    form = applicant.get(f"/{path}")
    assert form.status_code == 200 and "Пришлите устав агентства." in form.content.decode()
    empty = applicant.post(f"/{path}", {"answer": ""})
    assert empty.status_code == 400
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = applicant.post(f"/{path}", {"answer": "Устав во вложении.", "files": [pdf("charter.pdf")]})
    assert sent.status_code == 200
    application.refresh_from_db()
    assert application.status == "under_review"
    info = InfoRequest.objects.get()
    assert info.answer == "Устав во вложении." and info.documents.get().original_name == "charter.pdf"
    assert LogEntry.objects.filter(action="partners.application.info_answered", object_id=application.id).exists()
    # The reviewers are told (each in their language).
    assert {m.to[0] for m in mail.outbox} >= {"coord@example.com", "hubadmin@example.com"}
    # The link answers once.
    assert applicant.post(f"/{path}", {"answer": "again"}).status_code == 400
    assert InfoRequest.objects.get().answer == "Устав во вложении."
    # The reviewer sees the answer and can open the file.
    detail = client.get(page(application)).content.decode()
    assert "Устав во вложении." in detail and "charter.pdf" in detail


def test_a_tampered_or_expired_answer_link_is_refused(hub, settings):
    application = under_review(hub)
    info = services.application_request_info(application_id=application.id, actor=hub["coordinator"], message="More, please.")
    token = answer_token(info.id)
    url = reverse("partner-application-answer", kwargs={"token": token[:-3] + ("abc" if not token.endswith("abc") else "xyz")})
    response = Client().get(url)
    assert response.status_code == 400 and "does not work" in response.content.decode()
    forged = signing.dumps({"r": info.id}, salt="another.salt", compress=True)
    assert Client().get(reverse("partner-application-answer", kwargs={"token": forged})).status_code == 400
    settings.MEDHUB_APPLICATION_LINK_DAYS = 0
    expired = Client().post(reverse("partner-application-answer", kwargs={"token": token}), {"answer": "late"})
    assert expired.status_code == 400
    assert InfoRequest.objects.get().answered_at is None


def test_the_api_asks_for_more_information(hub, django_capture_on_commit_callbacks):
    application = under_review(hub)
    client = signed_in(hub["coordinator"])
    assert client.post(api(application, "request-info"), {"message": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(api(application, "request-info"), {"message": "Send the surety policy."})
    assert response.status_code == 200 and response.json()["status"] == "info_requested"
    assert response.json()["info_requests"][0]["message"] == "Send the surety policy."
    assert answer_link(mail.outbox[-1])


# -- scores -------------------------------------------------------------------------------------


def test_each_reviewer_scores_once_and_may_change_it_until_the_decision(hub):
    application = under_review(hub)
    quality, languages = hub["quality"], hub["languages"]
    first = signed_in(hub["coordinator"])
    data = {"action": "score", f"criterion_{quality.id}": "4", f"criterion_{languages.id}": "5", "comment": "Solid."}
    assert first.post(page(application), data).status_code == 302
    data[f"criterion_{quality.id}"] = "5"
    assert first.post(page(application), data).status_code == 302
    assert Review.objects.filter(reviewer=hub["coordinator"]).count() == 1
    second = signed_in(hub["second"])
    response = second.post(
        api(application, "scores"), {"scores": {str(quality.id): 3, str(languages.id): 10}}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    # Weighted: (2×5 + 1×5) / (2×5 + 1×10) = 75 %; (2×3 + 1×10) / 20 = 80 %; average 77.5 %.
    assert sorted(r["weighted_percent"] for r in body["reviews"]) == [75.0, 80.0]
    assert body["average_percent"] == 77.5
    assert "77.5" in first.get(page(application)).content.decode()
    assert LogEntry.objects.filter(action="partners.application.scored").count() == 3


def test_scores_are_checked(hub):
    application = under_review(hub)
    quality, languages = hub["quality"], hub["languages"]
    client = signed_in(hub["coordinator"])
    over = client.post(page(application), {"action": "score", f"criterion_{quality.id}": "6", f"criterion_{languages.id}": "1"})
    assert over.status_code == 400 and "from 0 to 5" in over.content.decode()
    missing = client.post(api(application, "scores"), {"scores": {str(quality.id): 2}}, content_type="application/json")
    assert missing.status_code == 400
    words = client.post(page(application), {"action": "score", f"criterion_{quality.id}": "four"})
    assert words.status_code == 400
    assert not Review.objects.exists()


def test_scores_are_closed_once_decided(hub):
    application = under_review(hub)
    services.application_reject(application_id=application.id, actor=hub["admin"], reason="Closed agency.")
    response = signed_in(hub["coordinator"]).post(
        api(application, "scores"),
        {"scores": {str(hub["quality"].id): 1, str(hub["languages"].id): 1}},
        content_type="application/json",
    )
    assert response.status_code == 400 and not Review.objects.exists()


def test_retired_criteria_keep_their_old_scores_but_are_not_asked(hub):
    application = under_review(hub)
    services.application_score(
        application_id=application.id,
        actor=hub["coordinator"],
        scores={hub["quality"].id: 5, hub["languages"].id: 10},
    )
    hub["languages"].active = False
    hub["languages"].save()
    body = signed_in(hub["second"]).get(page(application)).content.decode()
    assert f'name="criterion_{hub["languages"].id}"' not in body and "Languages served" in body


# -- documents ----------------------------------------------------------------------------------


def test_documents_are_downloaded_through_a_checked_and_audited_view(hub):
    application = submit("institution")
    document = application.documents.first()
    url = f"/en/work/partners/applications/{application.id}/documents/{document.id}/"
    response = signed_in(hub["coordinator"]).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff" and "no-store" in response["Cache-Control"]
    assert LogEntry.objects.filter(action="partners.document.opened", actor=hub["coordinator"]).count() == 1
    other = submit("hotel")
    wrong = f"/en/work/partners/applications/{other.id}/documents/{document.id}/"
    assert signed_in(hub["coordinator"]).get(wrong).status_code == 404
    api_url = f"/api/v1/partner-applications/{application.id}/documents/{document.id}/"
    assert signed_in(hub["admin"]).get(api_url).status_code == 200
    assert signed_in(hub["provider"]).get(api_url).status_code == 403


# -- criteria -----------------------------------------------------------------------------------


def test_the_administrator_sets_the_criteria(hub):
    client = signed_in(hub["admin"])
    assert client.get("/en/work/partners/criteria/").status_code == 200
    response = client.post(
        "/en/work/partners/criteria/",
        {"name_en": "Price honesty", "name_ko": "가격 투명성", "weight": "3", "max_score": "5", "active": "on", "position": "3"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert LogEntry.objects.filter(action="partners.criterion.saved").exists()
    bad = client.post("/en/work/partners/criteria/", {"weight": "1", "max_score": "0", "position": "1"})
    assert bad.status_code == 400
    assert signed_in(hub["coordinator"]).get("/en/work/partners/criteria/").status_code == 403
    names = [c["name"] for c in signed_in(hub["coordinator"]).get("/api/v1/partner-criteria/?lang=en").json()]
    assert "Price honesty" in names


def test_a_superuser_reviews_and_decides(hub, admin_client):
    application = under_review(hub)
    assert admin_client.get(page(application)).status_code == 200
    assert admin_client.post(api(application, "approve")).status_code == 200


def test_saving_again_keeps_a_score_on_a_retired_criterion(hub):
    application = under_review(hub)
    actor, quality, languages = hub["coordinator"], hub["quality"], hub["languages"]
    services.application_score(application_id=application.id, actor=actor, scores={quality.id: 5, languages.id: 10})
    languages.active = False
    languages.save()
    services.application_score(application_id=application.id, actor=actor, scores={quality.id: 3})
    assert dict(Review.objects.get().scores.values_list("criterion_id", "value")) == {quality.id: 3, languages.id: 10}


def test_the_list_pages_by_fifty_and_keeps_its_filters(hub, monkeypatch):
    from medhub.partners import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for _ in range(3):
        submit("shop")
    submit("hotel")
    client = signed_in(hub["admin"])
    first = client.get("/en/work/partners/applications/?kind=shop").content.decode()
    assert "3 applications" in first and "kind=shop&amp;page=2" in first and "Screening criteria" in first
    second = client.get("/en/work/partners/applications/?kind=shop&page=2").content.decode()
    assert second.count('id="application-') == 1
