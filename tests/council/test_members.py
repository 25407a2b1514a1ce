"""The council's members: divisions and committees seeded in every language, the administrator
seats people, the directory shows members what each agreed to share, and nobody outside sees it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from medhub.council.menu import shows_link
from medhub.council.models import Committee, Division, Member, SeatRole
from tests.council.conftest import add_member, api_for, signed_in

pytestmark = pytest.mark.django_db


def test_the_six_divisions_and_their_committees_are_seeded_and_named_in_every_language(db):
    from django.conf import settings

    codes = list(Division.objects.values_list("code", flat=True))
    assert codes == ["medical", "attraction", "shopping", "accommodation", "dining", "social"]
    for division in Division.objects.all():
        assert set(division.name) == {code for code, _name in settings.LANGUAGES}
    assert Committee.objects.filter(kind="division").count() == 6
    assert Committee.objects.filter(kind="executive").exists() and Committee.objects.filter(kind="mediation").exists()
    with translation.override("zh-hans"):
        assert str(Division.objects.get(code="dining")) == "餐饮分会"


def test_members_and_hub_staff_see_the_directory_outsiders_do_not(council):
    for who in ("admin", "coordinator", "derm_user", "hotel_user"):
        assert signed_in(council[who]).get(reverse("council-directory")).status_code == 200, who
        assert api_for(council[who]).get(reverse("api-council-members")).status_code == 200, who
    for who in ("outsider", "patient"):
        assert signed_in(council[who]).get(reverse("council-directory")).status_code == 403, who
        assert api_for(council[who]).get(reverse("api-council-members")).status_code == 403, who
        assert api_for(council[who]).get(reverse("api-council-divisions")).status_code == 403, who


def test_the_directory_shows_only_the_contacts_a_member_agreed_to_share(council):
    page = signed_in(council["spine_user"]).get(reverse("council-directory")).content.decode()
    assert "derm@example.com" in page  # shared
    assert "+82 10 5555 0000" not in page  # the hotelier did not share their phone
    rows = {m["name"]: m for m in api_for(council["spine_user"]).get(reverse("api-council-members")).json()}
    assert rows["Minji Kim"]["email"] == "derm@example.com"
    assert rows["Olga Petrova"]["phone"] is None and rows["Olga Petrova"]["email"] is None
    # Hub staff see every contact.
    rows = {m["name"]: m for m in api_for(council["coordinator"]).get(reverse("api-council-members")).json()}
    assert rows["Olga Petrova"]["phone"] == "+82 10 5555 0000"


def test_a_member_chooses_what_to_share_on_their_page_and_by_the_api(council):
    response = signed_in(council["hotel_user"]).post(reverse("council-mine"), {"share_phone": "on", "phone": "+82 10 5555 0000"})
    assert response.status_code == 302
    assert Member.objects.get(pk=council["members"]["hotel"].pk).share_phone is True
    response = api_for(council["hotel_user"]).put(
        reverse("api-council-sharing"), {"share_email": True, "share_phone": False, "phone": ""}, format="json"
    )
    assert response.status_code == 200
    member = Member.objects.get(pk=council["members"]["hotel"].pk)
    assert (member.share_email, member.share_phone) == (True, False)
    assert (
        api_for(council["outsider"])
        .put(reverse("api-council-sharing"), {"share_email": True, "share_phone": False}, format="json")
        .status_code
        == 403
    )


def test_the_administrator_adds_a_member_on_the_page_with_committee_seats(council, django_capture_on_commit_callbacks):
    executive = Committee.objects.get(code="executive")
    dining = Division.objects.get(code="dining")
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(council["admin"]).post(
            reverse("council-member-new"),
            {
                "person": "outsider@example.com",
                "division": dining.pk,
                "role": "vice_chair",
                "term_start": "2026-01-01",
                "term_end": "2027-12-31",
                "voting": "on",
                "committees": [executive.pk],
                "chairs": [executive.pk],
            },
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    member = Member.objects.get(person=council["outsider"])
    assert member.role == SeatRole.VICE_CHAIR and member.division == dining
    assert list(member.seats.values_list("committee__code", "role")) == [("executive", "chair")]
    assert shows_link(council["outsider"]) is True


def test_a_term_that_ends_before_it_starts_and_a_second_seat_are_refused(council):
    medical = Division.objects.get(code="medical")
    response = api_for(council["admin"]).post(
        reverse("api-council-members"),
        {"person": council["outsider"].pk, "division": medical.pk, "term_start": "2026-05-01", "term_end": "2026-01-01"},
        format="json",
    )
    assert response.status_code == 400 and "term_end" in response.json()
    response = api_for(council["admin"]).post(
        reverse("api-council-members"),
        {"person": council["derm_user"].pk, "division": medical.pk, "term_start": "2026-05-01"},
        format="json",
    )
    assert response.status_code == 400 and "person" in response.json()


def test_only_the_administrator_adds_or_changes_members(council):
    medical = Division.objects.get(code="medical")
    for who in ("coordinator", "derm_user", "outsider"):
        assert signed_in(council[who]).get(reverse("council-member-new")).status_code == 403, who
        response = api_for(council[who]).post(
            reverse("api-council-members"),
            {"person": council["patient"].pk, "division": medical.pk, "term_start": "2026-01-01"},
            format="json",
        )
        assert response.status_code == 403, who
        url = reverse("api-council-member", kwargs={"member_id": council["members"]["spine"].pk})
        assert api_for(council[who]).patch(url, {"role": "chair"}, format="json").status_code == 403, who
    response = api_for(council["admin"]).patch(
        reverse("api-council-member", kwargs={"member_id": council["members"]["spine"].pk}),
        {"role": "vice_chair", "seats": [{"committee": Committee.objects.get(code="mediation").pk, "role": "member"}]},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["role"] == "vice_chair" and [s["role"] for s in response.json()["seats"]] == ["member"]


def test_a_member_whose_term_ended_no_longer_sees_the_directory(council):
    Member.objects.filter(pk=council["members"]["hotel"].pk).update(term_end=timezone.localdate() - datetime.timedelta(days=1))
    assert signed_in(council["hotel_user"]).get(reverse("council-directory")).status_code == 403
    names = [m["name"] for m in api_for(council["admin"]).get(reverse("api-council-members")).json()]
    assert "Olga Petrova" not in names


def test_the_header_links_my_council_for_members_only(council):
    page = signed_in(council["spine_user"]).get(reverse("council-mine")).content.decode()
    assert reverse("council-mine") in page
    assert signed_in(council["outsider"]).get(reverse("council-mine")).status_code == 403
    from django.test import Client

    client = Client()
    client.force_login(council["patient"])
    home = client.get("/en/").content.decode()
    assert reverse("council-mine") not in home and reverse("council-meetings") not in home
    staff_home = signed_in(council["coordinator"]).get("/en/").content.decode()
    assert reverse("council-meetings") in staff_home


def test_the_directory_takes_a_fixed_number_of_queries(council, directory, django_assert_max_num_queries):
    from medhub.accounts.models import Role
    from tests.cases.conftest import make_user

    for n in range(8):
        user = make_user(f"member{n}", Role.PARTNER_STAFF, directory["hotel"])
        add_member(user, "dining", seats=[("division-dining", "member"), ("executive", "member")])
    client = signed_in(council["spine_user"])
    api = api_for(council["spine_user"])
    with django_assert_max_num_queries(16):
        assert client.get(reverse("council-directory")).status_code == 200
    with django_assert_max_num_queries(16):
        response = api.get(reverse("api-council-members"))
    assert len(response.json()) == 11


def test_the_administrator_renames_or_retires_a_division_others_cannot(council):
    dining = Division.objects.get(code="dining")
    url = reverse("api-council-division", kwargs={"division_id": dining.pk})
    for who in ("coordinator", "derm_user", "outsider"):
        assert api_for(council[who]).patch(url, {"active": False}, format="json").status_code == 403, who
    response = api_for(council["admin"]).patch(url, {"name": {"en": "Food"}}, format="json")
    assert response.status_code == 400 and "name" in response.json()
    response = api_for(council["admin"]).patch(
        url, {"name": {"ko": "음식분과", "en": "Food and drink"}, "active": False}, format="json"
    )
    assert response.status_code == 200
    dining.refresh_from_db()
    assert dining.name == {"ko": "음식분과", "en": "Food and drink"} and dining.active is False
