"""What the public sees follows the hub's publishing level: internal only (the default), aggregate
scores (with a minimum count), or full feedback (texts and answers, never hidden ones); on the
institution page and in the API, with query counts that do not grow with the feedback."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from medhub.accounts.models import Role
from medhub.core.models import FeedbackPublishing, HubSettings
from medhub.feedback.selectors import institution_aggregate, institution_aggregates
from medhub.feedback.services import feedback_answer, feedback_give, feedback_hide
from tests.cases.conftest import make_user
from tests.feedback.conftest import RATINGS, publish, treated_case

pytestmark = pytest.mark.django_db
PAGE = "/en/institutions/sora-dermatology/"
API = "/api/v1/institutions/sora-dermatology/feedback/"


def give(directory, coordinator, n=1, *, text="Kind staff", paid=1_500_000, **ratings):
    made = []
    for _ in range(n):
        case, patient = treated_case(directory, coordinator)
        made.append(
            feedback_give(
                case_id=case.id,
                actor=patient,
                ratings={**RATINGS, **ratings},
                paid_amount=paid,
                paid_currency="KRW",
                text=text,
                language="en",
            )
        )
    return made


def test_feedback_is_internal_by_default(client, directory, coordinator):
    assert HubSettings.objects.get().feedback_publishing == FeedbackPublishing.INTERNAL
    # The administrator is told why, where the level is chosen.
    assert "Medical Service Act" in str(HubSettings._meta.get_field("feedback_publishing").help_text)
    give(directory, coordinator, 4)
    assert "What treated patients say" not in client.get(PAGE).content.decode()
    body = APIClient().get(API).json()
    assert body["publishing"] == "internal" and body["aggregate"] is None and body["feedback"] == []


def test_aggregate_scores_need_the_minimum_count(client, directory, coordinator, settings):
    settings.MEDHUB_FEEDBACK_MIN_COUNT = 3
    publish(FeedbackPublishing.AGGREGATE)
    give(directory, coordinator, 2)
    assert "What treated patients say" not in client.get(PAGE).content.decode()
    assert APIClient().get(API).json()["aggregate"] is None
    give(directory, coordinator, 1, communication=2, paid=1_650_000)
    page = client.get(PAGE).content.decode()
    assert "What treated patients say" in page and "From 3 patients" in page
    assert "4 of 5" in page  # communication: (5 + 5 + 2) / 3
    assert "Kind staff" not in page  # no texts at this level
    body = APIClient().get(API).json()
    assert body["publishing"] == "aggregate" and body["minimum"] == 3 and body["feedback"] == []
    assert body["aggregate"]["count"] == 3 and body["aggregate"]["averages"]["communication"] == "4.0"
    assert body["aggregate"]["paid_more_share"] == "0.33"


def test_full_feedback_shows_texts_and_answers_but_never_hidden_ones(client, directory, coordinator, derm_staff, settings):
    settings.MEDHUB_FEEDBACK_MIN_COUNT = 2
    admin = make_user("hubadmin2", Role.HUB_ADMIN)
    publish(FeedbackPublishing.FULL)
    first, second, third = give(directory, coordinator, 3)
    feedback_answer(feedback_id=first.pk, actor=derm_staff, text="Thank you for coming", language="en")
    from medhub.feedback.models import Feedback

    Feedback.objects.filter(pk=third.pk).update(text="Call Dr. Kim at 010-1234-5678")
    feedback_hide(feedback_id=third.pk, actor=admin, reason="personal_data")
    page = client.get(PAGE).content.decode()
    assert "From 2 patients" in page and "Kind staff" in page and "Thank you for coming" in page
    assert "010-1234-5678" not in page
    body = APIClient().get(API).json()
    assert body["publishing"] == "full" and body["aggregate"]["count"] == 2
    assert sorted(item["id"] for item in body["feedback"]) == sorted([first.pk, second.pk])
    assert {"case", "patient", "paid_amount", "hidden_reason"}.isdisjoint(body["feedback"][0])
    answered = next(item for item in body["feedback"] if item["id"] == first.pk)
    assert answered["answer"] == "Thank you for coming"


def test_an_unlisted_institution_has_no_public_feedback(directory):
    assert APIClient().get("/api/v1/institutions/maru-stay/feedback/").status_code == 404  # a hotel
    assert APIClient().get("/api/v1/institutions/nobody/feedback/").status_code == 404


def test_aggregates_per_institution_for_the_council(directory, coordinator, derm_staff):
    admin = make_user("hubadmin3", Role.HUB_ADMIN)
    *_visible, c = give(directory, coordinator, 3, paid=1_500_000)
    give(directory, coordinator, 1, paid=1_800_000, result=1)
    case, patient = treated_case(directory, coordinator, institution=directory["spine"])
    feedback_give(case_id=case.id, actor=patient, ratings=RATINGS, paid_amount=10, paid_currency="KRW", language="en")
    feedback_hide(feedback_id=c.pk, actor=admin, reason="off_topic")
    every = institution_aggregates()
    derm = every[directory["derm"].pk]
    assert derm.count == 3 and derm.averages["result"] == Decimal("3.7")  # (5 + 5 + 1) / 3, the hidden one left out
    assert derm.paid_more == 1 and derm.compared == 3 and derm.paid_more_share == Decimal("0.33")
    assert every[directory["spine"].pk].count == 1
    assert institution_aggregate(directory["derm"].pk, include_hidden=True).count == 4
    assert institution_aggregate(directory["dental"].pk) is None


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("level", [FeedbackPublishing.INTERNAL, FeedbackPublishing.AGGREGATE, FeedbackPublishing.FULL])
@pytest.mark.parametrize("url", [PAGE, API])
def test_query_counts_do_not_grow_with_the_feedback(client, directory, coordinator, derm_staff, level, url, settings):
    settings.MEDHUB_FEEDBACK_MIN_COUNT = 1
    publish(level)
    first = give(directory, coordinator, 1)[0]
    feedback_answer(feedback_id=first.pk, actor=derm_staff, text="Thanks", language="en")
    client.get(url)
    few = _count(client, url)
    for item in give(directory, coordinator, 5):
        feedback_answer(feedback_id=item.pk, actor=derm_staff, text="Thanks", language="en")
    client.get(url)
    assert _count(client, url) <= few


def test_the_administrator_chooses_the_level_in_the_hub_settings(admin_client, directory):
    page = admin_client.get("/en/admin/core/hubsettings/1/change/").content.decode()
    assert 'name="feedback_publishing"' in page and "Medical Service Act" in page
    assert "Aggregate scores only" in page and "Full feedback" in page
