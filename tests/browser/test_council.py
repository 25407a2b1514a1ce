"""The council in a browser: the administrator signs in (password and TOTP) and schedules a
plenary; a member who reads Chinese answers the invitation's link without signing in, then signs
in and finds the meeting with their reply on "My council" and in their calendar file; the
minutes assign them an action, which appears in their workspace."""

import datetime
import importlib

import pytest
from django.utils import timezone

from medhub.accounts.models import Role
from medhub.council.models import Division, Invitation, Meeting
from medhub.notifications.models import Notification
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_case_journey import sign_in
from tests.cases.conftest import make_user
from tests.council.conftest import add_member, reply_token

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _seed_divisions():
    # A transactional test starts from a flushed database: put the migration's divisions back.
    if not Division.objects.exists():
        seed = importlib.import_module("medhub.council.migrations.0002_seed_divisions")
        from django.apps import apps

        seed.seed(apps, None)


def test_schedule_reply_in_chinese_and_the_action_reaches_the_owner(browser, live_server, live_directory, screenshot, settings):
    settings.MEDHUB_BASE_URL = live_server.url
    _seed_divisions()
    make_user("hubadmin", Role.HUB_ADMIN)
    wei = make_user("wei", Role.PROVIDER_STAFF, live_directory["spine"])
    wei.first_name, wei.last_name, wei.preferred_language = "Wei", "Zhang", "zh-hans"
    wei.save()
    minji = make_user("minji", Role.PROVIDER_STAFF, live_directory["derm"])
    member = add_member(wei, "medical", organization=live_directory["spine"])
    add_member(minji, "medical", organization=live_directory["derm"])

    # The administrator schedules the quarter's plenary, in Korean, on a desktop.
    admin = browser.new_context(viewport=DESKTOP, locale="ko")
    page = admin.new_page()
    sign_in(page, live_server.url, "ko", "hubadmin", "**/ko/**")
    page.goto(f"{live_server.url}/ko/council/meetings/new/")
    start = timezone.localtime() + datetime.timedelta(days=14)
    page.select_option("#id_kind", "plenary")
    page.fill("#id_title", "분기 정기총회")
    page.fill("#id_starts_at", start.strftime("%Y-%m-%dT15:00"))
    page.fill("#id_ends_at", start.strftime("%Y-%m-%dT17:00"))
    page.fill("#id_place", "강서구청 3층 대회의실")
    page.fill("#id_agenda", "1. 분기 실적\n2. 파트너스 데이")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/ko/council/meetings/*/")
    meeting = Meeting.objects.get(title="분기 정기총회")
    assert meeting.invitations.count() == 2
    screenshot(page, "council-meeting-scheduled-ko")

    # The member answers the invitation's link in Chinese, on a phone, without signing in.
    invitation = Notification.objects.get(recipient=wei, kind="council.invitation")
    assert "/zh-hans/council/reply/" in invitation.message
    token = reply_token(invitation.message)
    guest = browser.new_context(viewport=PHONE, locale="zh-CN")
    phone = guest.new_page()
    phone.goto(f"{live_server.url}/zh-hans/council/reply/{token}/?answer=yes")
    assert phone.locator("html").get_attribute("lang") == "zh-hans"
    phone.check("main input[type=radio][name=answer][value=yes]")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_load_state()
    assert Invitation.objects.get(meeting=meeting, member=member).answer == "yes"
    screenshot(phone, "council-reply-zh-hans-phone")
    width = phone.evaluate("window.innerWidth")
    assert phone.evaluate("document.documentElement.scrollWidth") <= width

    # Signed in, the member sees the meeting and their reply, and the meeting is in their calendar.
    own = browser.new_context(viewport=PHONE, locale="zh-CN")
    mine = own.new_page()
    sign_in(mine, live_server.url, "zh-hans", "wei", "**/zh-hans/**")
    mine.goto(f"{live_server.url}/zh-hans/council/mine/")
    upcoming = mine.locator("#upcoming")
    assert "분기 정기총회" in upcoming.inner_text()
    assert mine.locator("#upcoming .reply-yes").count() == 1
    calendar = mine.request.get(f"{live_server.url}/zh-hans/council/mine/calendar.ics")
    assert calendar.ok and "text/calendar" in calendar.headers["content-type"]
    body = calendar.text()
    assert "BEGIN:VEVENT" in body and "SUMMARY:분기 정기총회" in body and "BEGIN:VTIMEZONE" in body

    # The meeting is held; the administrator records attendance and minutes and assigns an action.
    past = timezone.now() - datetime.timedelta(hours=3)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=past, ends_at=past + datetime.timedelta(hours=2))
    page.goto(f"{live_server.url}/ko/council/meetings/{meeting.pk}/")
    page.check(f"#attendance-form input[name=present][value='{member.pk}']")
    page.locator("#attendance-form button[type=submit]").click()
    page.wait_for_load_state()
    page.fill("#minutes-form textarea[name=minutes]", "분기 실적을 보고하고 중국어 안내 책자를 만들기로 함.")
    page.locator("#minutes-form button[type=submit]").click()
    page.wait_for_load_state()
    due = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    page.select_option("#action-form select[name=owner]", str(member.pk))
    page.fill("#action-form input[name=title]", "准备中文版宣传册")
    page.fill("#action-form input[name=due_on]", due)
    page.locator("#action-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "准备中文版宣传册" in page.locator("#meeting-actions").inner_text()
    screenshot(page, "council-minutes-ko")

    # The action is in the owner's workspace.
    mine.goto(f"{live_server.url}/zh-hans/council/mine/")
    assert "准备中文版宣传册" in mine.locator("#actions").inner_text()
    screenshot(mine, "council-mine-zh-hans-phone")
    # Phone-friendly in a right-to-left language too: no page of the council scrolls sideways.
    page.set_viewport_size(PHONE)
    for path in ("council/members/", "council/meetings/", f"council/meetings/{meeting.pk}/", "council/announcements/"):
        response = page.goto(f"{live_server.url}/ar/{path}")
        assert response is not None and response.status == 200, path
        assert page.locator("html").get_attribute("dir") == "rtl"
        width = page.evaluate("window.innerWidth")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{path} scrolls sideways"
        screenshot(page, "council-" + path.strip("/").replace("/", "-") + "-ar-phone")
    for context in (admin, guest, own):
        context.close()
