"""Who may do what, through the pages and the API: the administrator runs the evaluation, hub
staff score it, the winner's staff download their certificate once published, everyone sees the
Partners Day page of published rounds, and nobody else sees anything."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from medhub.evaluation import services
from medhub.evaluation.models import Award, Round, RoundStatus
from tests.evaluation.conftest import YEAR, api_for, at, booked_case, signed_in

OUTSIDERS = ("derm_staff", "spine_staff", "agency_staff", "hotel_staff", "interpreter", "patient")


@pytest.fixture
def evaluation(world):
    booked_case(world["derm"], booked_at=at(5), reference="HB-A-0001")
    round_ = services.round_open(actor=world["admin"], year=YEAR)
    services.round_move(actor=world["admin"], round_id=round_.pk, to_state=RoundStatus.SCORING)
    award = services.award_give(
        actor=world["admin"],
        round_id=round_.pk,
        winner_id=world["derm"].pk,
        name={"ko": "구청장 표창", "en": "Mayor's commendation"},
        category="excellence",
        citation={"ko": "외국인 환자 유치에 기여한 공로", "en": "For the care of foreign patients"},
    )
    return {"round": Round.objects.get(pk=round_.pk), "award": award}


def _staff_pages(r, world):
    return [
        reverse("evaluation-rounds"),
        reverse("evaluation-round", kwargs={"round_id": r.pk}),
        reverse("evaluation-round", kwargs={"round_id": r.pk}) + "?group=tourism",
        reverse("evaluation-partner", kwargs={"round_id": r.pk, "organization_id": world["derm"].pk}),
        reverse("evaluation-awards", kwargs={"round_id": r.pk}),
    ]


@pytest.mark.parametrize("who", ["admin", "coordinator"])
def test_hub_staff_see_every_page_and_the_api(world, evaluation, who):
    client = signed_in(world[who])
    for url in _staff_pages(evaluation["round"], world):
        assert client.get(url).status_code == 200, url
    api = api_for(world[who])
    r = evaluation["round"]
    for name in (
        "api-evaluation-round",
        "api-evaluation-criteria",
        "api-evaluation-scores",
        "api-evaluation-results",
        "api-evaluation-awards",
    ):
        assert api.get(reverse(name, kwargs={"round_id": r.pk})).status_code == 200, name
    assert api.get(reverse("api-evaluation-rounds")).status_code == 200


@pytest.mark.parametrize("who", OUTSIDERS)
def test_nobody_else_sees_the_evaluation(world, evaluation, who):
    client = signed_in(world[who])
    for url in _staff_pages(evaluation["round"], world):
        assert client.get(url).status_code == 403, url
    api = api_for(world[who])
    r = evaluation["round"]
    assert api.get(reverse("api-evaluation-rounds")).status_code == 403
    assert api.get(reverse("api-evaluation-results", kwargs={"round_id": r.pk})).status_code == 403
    assert api.post(reverse("api-evaluation-compute", kwargs={"round_id": r.pk})).status_code == 403
    assert (
        api.post(
            reverse("api-evaluation-scores", kwargs={"round_id": r.pk}),
            {"organization": world["derm"].pk, "score": 99},
            format="json",
        ).status_code
        == 403
    )


def test_anonymous_is_sent_to_sign_in_and_refused_by_the_api(world, evaluation):
    client = Client()
    for url in _staff_pages(evaluation["round"], world):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    assert client.get(reverse("api-evaluation-rounds")).status_code in (401, 403)
    assert client.get(reverse("evaluation-certificate", kwargs={"award_id": evaluation["award"].pk})).status_code == 302


def test_only_the_administrator_opens_publishes_weighs_and_gives_awards(world, evaluation):
    r = evaluation["round"]
    coordinator = signed_in(world["coordinator"])
    assert coordinator.post(reverse("evaluation-rounds"), {"year": YEAR - 1}).status_code == 403
    assert coordinator.post(reverse("evaluation-move", kwargs={"round_id": r.pk}), {"to": "published"}).status_code == 403
    assert coordinator.post(reverse("evaluation-weights", kwargs={"round_id": r.pk}), {}).status_code == 403
    assert coordinator.post(reverse("evaluation-awards", kwargs={"round_id": r.pk}), {}).status_code == 403
    api = api_for(world["coordinator"])
    assert api.post(reverse("api-evaluation-rounds"), {"year": YEAR - 1}, format="json").status_code == 403
    assert (
        api.post(reverse("api-evaluation-move", kwargs={"round_id": r.pk}), {"status": "published"}, format="json").status_code
        == 403
    )
    criterion = r.criteria.first()
    url = reverse("api-evaluation-criterion", kwargs={"round_id": r.pk, "criterion_id": criterion.pk})
    assert api.patch(url, {"weight": 3}, format="json").status_code == 403
    assert api.delete(reverse("api-evaluation-award", kwargs={"award_id": evaluation["award"].pk})).status_code == 403
    # …but the coordinator scores and recomputes.
    assert api.post(reverse("api-evaluation-compute", kwargs={"round_id": r.pk})).status_code == 200
    response = api.post(
        reverse("api-evaluation-scores", kwargs={"round_id": r.pk}),
        {"organization": world["derm"].pk, "score": 88},
        format="json",
    )
    assert response.status_code == 201
    page = coordinator.post(
        reverse("evaluation-partner", kwargs={"round_id": r.pk, "organization_id": world["spine"].pk}), {"score": 61}
    )
    assert page.status_code == 302
    assert r.committee_scores.get(organization=world["spine"]).score == 61


def test_the_administrator_runs_it_through_the_pages(world, evaluation):
    admin = signed_in(world["admin"])
    response = admin.post(reverse("evaluation-rounds"), {"year": YEAR - 1})
    older = Round.objects.get(year=YEAR - 1)
    assert response.status_code == 302 and older.status == RoundStatus.DRAFT
    criteria = list(older.criteria.all())
    data = {f"weight_{c.pk}": 10 for c in criteria}
    assert admin.post(reverse("evaluation-weights", kwargs={"round_id": older.pk}), data).status_code == 302
    assert set(older.criteria.values_list("weight", flat=True)) == {10}
    admin.post(reverse("evaluation-move", kwargs={"round_id": older.pk}), {"to": "scoring"})
    older.refresh_from_db()
    assert older.status == RoundStatus.SCORING and older.computed_at is not None
    assert admin.post(reverse("evaluation-compute", kwargs={"round_id": older.pk})).status_code == 302
    award_data = {
        "name_ko": "우수 협력기관상",
        "name_en": "Partner of the year",
        "category": "partner_of_the_year",
        "winner": world["spine"].pk,
        "citation_ko": "신속한 답변",
        "citation_en": "For quick answers",
    }
    assert admin.post(reverse("evaluation-awards", kwargs={"round_id": older.pk}), award_data).status_code == 302
    assert older.awards.get().winner == world["spine"]
    bad = admin.post(reverse("evaluation-awards", kwargs={"round_id": older.pk}), {**award_data, "name_ko": ""})
    assert bad.status_code == 400
    asked = admin.post(reverse("evaluation-move", kwargs={"round_id": older.pk}), {"to": "published"})
    assert asked.status_code == 200 and "Partners Day" in asked.content.decode()  # publishing is confirmed first
    older.refresh_from_db()
    assert older.status == RoundStatus.SCORING
    admin.post(reverse("evaluation-move", kwargs={"round_id": older.pk}), {"to": "published", "confirmed": "yes"})
    older.refresh_from_db()
    assert older.status == RoundStatus.PUBLISHED
    bogus = admin.post(reverse("evaluation-move", kwargs={"round_id": older.pk}), {"to": "nonsense"}, follow=True)
    assert bogus.status_code == 200 and "is not a status" in bogus.content.decode()


def test_the_api_runs_it_too(world, evaluation):
    api = api_for(world["admin"])
    response = api.post(reverse("api-evaluation-rounds"), {"year": YEAR - 1}, format="json")
    assert response.status_code == 201, response.content
    round_id = response.json()["id"]
    assert len(response.json()["criteria"]) == 7
    assert api.post(reverse("api-evaluation-rounds"), {"year": YEAR - 1}, format="json").status_code == 400
    criterion = response.json()["criteria"][0]["id"]
    url = reverse("api-evaluation-criterion", kwargs={"round_id": round_id, "criterion_id": criterion})
    assert api.patch(url, {"weight": 40}, format="json").json()["weight"] == 40
    assert api.patch(url, {"weight": 400}, format="json").status_code == 400
    moved = api.post(reverse("api-evaluation-move", kwargs={"round_id": round_id}), {"status": "published"}, format="json")
    assert moved.status_code == 400  # a draft is not published before it is scored
    moved = api.post(reverse("api-evaluation-move", kwargs={"round_id": round_id}), {"status": "scoring"}, format="json")
    assert moved.json()["status"] == "scoring"
    for org, score in ((world["derm"], 70), (world["spine"], 90)):
        entered = api.post(
            reverse("api-evaluation-scores", kwargs={"round_id": round_id}),
            {"organization": org.pk, "score": score},
            format="json",
        )
        assert entered.status_code == 201
    results = api.get(reverse("api-evaluation-results", kwargs={"round_id": round_id}) + "?group=institutions").json()
    assert [r["organization"] for r in results] == [world["spine"].pk, world["derm"].pk]
    assert results and results[0]["rank"] == 1 and len(results[0]["figures"]) == 7
    assert {f["metric"] for f in results[0]["figures"]} >= {"patients", "answer_time", "committee"}
    assert api.get(reverse("api-evaluation-results", kwargs={"round_id": round_id}) + "?group=nope").status_code == 400
    award = api.post(
        reverse("api-evaluation-awards", kwargs={"round_id": round_id}),
        {
            "names": {"ko": "특별상", "en": "Special award"},
            "category": "special",
            "winner": world["hotel"].pk,
            "citations": {"ko": "따뜻한 환대", "en": "For a warm welcome"},
        },
        format="json",
    )
    assert award.status_code == 201, award.content
    assert (
        api.post(
            reverse("api-evaluation-awards", kwargs={"round_id": round_id}),
            {"names": {"en": "x"}, "category": "special", "winner": world["hotel"].pk, "citations": {"en": "y"}},
            format="json",
        ).status_code
        == 400
    )
    assert api.delete(reverse("api-evaluation-award", kwargs={"award_id": award.json()["id"]})).status_code == 204


def _pdf_text(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_certificate_is_a_real_pdf_in_korean_and_english(world, evaluation):
    response = signed_in(world["coordinator"]).get(reverse("evaluation-certificate", kwargs={"award_id": evaluation["award"].pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    assert "구청장 표창" in text and "Mayor" in text and "commendation" in text
    assert "외국인 환자" in text and "foreign patients" in text
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 2


def test_the_winners_staff_download_the_certificate_once_published(world, evaluation):
    award, r = evaluation["award"], evaluation["round"]
    page = reverse("evaluation-certificate", kwargs={"award_id": award.pk})
    api_url = reverse("api-evaluation-certificate", kwargs={"award_id": award.pk})
    assert signed_in(world["derm_staff"]).get(page).status_code == 403
    assert api_for(world["derm_staff"]).get(api_url).status_code == 404
    services.round_move(actor=world["admin"], round_id=r.pk, to_state=RoundStatus.PUBLISHED)
    response = signed_in(world["derm_staff"]).get(page)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert api_for(world["derm_staff"]).get(api_url).status_code == 200
    for who in ("spine_staff", "agency_staff", "hotel_staff", "patient", "interpreter"):
        assert signed_in(world[who]).get(page).status_code == 403, who
        assert api_for(world[who]).get(api_url).status_code == 404, who


def test_publishing_gates_the_partners_day_page(world, evaluation):
    r = evaluation["round"]
    public = Client()
    assert public.get(reverse("partners-day-year", kwargs={"year": r.year})).status_code == 404
    page = public.get(reverse("partners-day"))
    assert page.status_code == 200 and "Mayor" not in page.content.decode()
    assert public.get(reverse("api-evaluation-partners-day", kwargs={"year": r.year})).status_code == 404

    services.round_move(actor=world["admin"], round_id=r.pk, to_state=RoundStatus.PUBLISHED)
    translation.activate("en")  # a request leaves its language active in the test's thread
    page = public.get(reverse("partners-day-year", kwargs={"year": r.year}))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Mayor&#x27;s commendation" in html and "For the care of foreign patients" in html
    assert "Sora Dermatology Clinic" in html
    assert "certificate.pdf" not in html  # only the winner's staff and hub staff get the link
    assert "certificate.pdf" in signed_in(world["derm_staff"]).get(reverse("partners-day")).content.decode()
    api = public.get(reverse("api-evaluation-partners-day", kwargs={"year": r.year})).json()
    assert api["year"] == r.year and api["awards"][0]["names"]["ko"] == "구청장 표창"
    assert api["podium"][0]["partners"][0]["rank"] == 1


@pytest.mark.parametrize("language", ["ko", "en", "zh-hans", "ja", "ru"])
def test_the_partners_day_page_speaks_every_language(world, evaluation, language, settings):
    services.round_move(actor=world["admin"], round_id=evaluation["round"].pk, to_state=RoundStatus.PUBLISHED)
    with translation.override(language):
        url = reverse("partners-day")
    response = Client().get(url)
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()


def test_winners_staff_are_told_when_the_round_is_published(world, evaluation, django_capture_on_commit_callbacks):
    from medhub.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        services.round_move(actor=world["admin"], round_id=evaluation["round"].pk, to_state=RoundStatus.PUBLISHED)
    notes = Notification.objects.filter(kind="evaluation.award")
    assert [n.recipient for n in notes] == [world["derm_staff"]]


def test_a_published_round_keeps_its_awards(world, evaluation):
    services.round_move(actor=world["admin"], round_id=evaluation["round"].pk, to_state=RoundStatus.PUBLISHED)
    admin = signed_in(world["admin"])
    admin.post(reverse("evaluation-award-withdraw", kwargs={"award_id": evaluation["award"].pk}))
    assert Award.objects.filter(pk=evaluation["award"].pk).exists()


def test_a_figure_is_shown_with_its_source_on_the_page_and_in_the_api(world, evaluation):
    r = evaluation["round"]
    translation.activate("en")
    html = (
        signed_in(world["coordinator"])
        .get(reverse("evaluation-partner", kwargs={"round_id": r.pk, "organization_id": world["derm"].pk}))
        .content.decode()
    )
    assert "1 case booked through the hub in the year" in html
    assert reverse("work-case", kwargs={"reference": "HB-A-0001"}) in html
    results = api_for(world["coordinator"]).get(reverse("api-evaluation-results", kwargs={"round_id": r.pk})).json()
    patients = next(f for f in results[0]["figures"] if f["metric"] == "patients")
    assert patients["source"]["refs"] == ["HB-A-0001"]
    assert patients["source_text"] == "1 case booked through the hub in the year"
    assert patients["value_text"] == "1"
