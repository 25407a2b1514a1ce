"""The trust and council screens (issues 11 and 12) at 360 and 1366 px in Korean, Russian and
Arabic, walked as tests/browser/test_screens.py walks the others: each answers, never scrolls
sideways, Arabic runs right to left, and a full-page screenshot is kept under
test-output/screenshots/ (trust-<who>-<page>-<lang>-<width>.png) for a person to look at.

Each person sees their own pages: the public (applying as a partner, filing a complaint, Partners
Day, an institution page with its published feedback scores), a treated patient (the feedback form,
their complaints), the hub's coordinator and administrator (the registry and its imports,
applications, complaints, renewals, feedback, the council and the evaluation), an institution's
staff (renewals, complaints about them, feedback to answer, their council page) and an agency's.

Every screen is checked even when an earlier one fails: the failures are listed together at the end."""

import datetime
import importlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from medhub.accounts.models import Role
from medhub.complaints import services as complaints
from medhub.council import services as council
from medhub.council.models import Division, SeatRole
from medhub.evaluation import services as evaluation
from medhub.evaluation.models import RoundStatus
from medhub.feedback import services as feedback
from medhub.partners import services as partners
from medhub.partners.models import Criterion
from medhub.registry import services as registry
from medhub.registry.models import ImportJob
from medhub.verification import services as verification
from medhub.verification.models import Item
from tests import factories, files
from tests.browser.test_screens import LANGUAGES, WIDTHS, check, signed_in_context
from tests.cases.conftest import make_user
from tests.council.conftest import add_member, move_to_past, schedule
from tests.feedback.conftest import RATINGS, publish, treated_case
from tests.partners.conftest import submit
from tests.registry.conftest import ROWS, csv_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAST_YEAR = timezone.localdate().year - 1


def _seed_council() -> None:
    # A transactional test starts from a flushed database: put the migration's divisions back.
    if not Division.objects.exists():
        from django.apps import apps

        importlib.import_module("medhub.council.migrations.0002_seed_divisions").seed(apps, None)


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, files.pdf_bytes(), content_type="application/pdf")


def build_trust_world(directory, tmp_path) -> dict:
    """Something on every trust and council page: registry entries and a previewed import,
    applications in several states with scores, complaints about the clinic and the agency (one
    taken up for mediation), feedback given and answered, a renewal waiting, a council with a held
    meeting, an action and an announcement, and two evaluations (last year's published)."""
    derm, today = directory["derm"], timezone.localdate()
    admin = make_user("hubadmin", Role.HUB_ADMIN)
    coordinator = make_user("coord", Role.COORDINATOR)
    derm_staff = make_user("derm-staff", Role.PROVIDER_STAFF, derm)
    agency = factories.partner("facilitator", slug="trust-agency", name={"en": "Bridge Travel", "ko": "브리지 여행"})
    agent = make_user("agent", Role.FACILITATOR_STAFF, agency)

    # The registry: a file applied, then a second one (one clinic closed, one new) previewed.
    path = tmp_path / "registry.csv"
    path.write_bytes(csv_bytes())
    registry.import_file(str(path))
    changed = [
        ("폐업", *ROWS[0][1:]),
        *ROWS[1:],
        ("정상", "푸른 피부과의원", "한푸름", "의원", "한빛시", "마루구", "한빛시 마루구 샛별로 21", ""),
    ]
    job = registry.import_upload(upload=SimpleUploadedFile("registry-december.csv", csv_bytes(changed)), actor=admin)
    registry.import_preview(job.pk)  # ran already after commit, unless the outbox waits
    assert ImportJob.objects.get(pk=job.pk).state == ImportJob.State.PREVIEWED

    # Applications: an institution under review and scored, an agency asked for more, a hotel just sent.
    Criterion.objects.create(name={"en": "Quality of care", "ko": "진료 품질"}, weight=2, max_score=5, position=1)
    Criterion.objects.create(name={"en": "Languages served", "ko": "지원 언어"}, weight=1, max_score=10, position=2)
    clinic = submit("institution", client_address="10.0.0.1")
    partners.application_review_start(application_id=clinic.id, actor=coordinator)
    partners.application_score(
        application_id=clinic.id,
        actor=coordinator,
        scores={c.id: c.max_score - 1 for c in Criterion.objects.all()},
        comment="Staff speak Russian and Mongolian.",
    )
    asked = submit("facilitator", client_address="10.0.0.2")
    partners.application_review_start(application_id=asked.id, actor=coordinator)
    partners.application_request_info(
        application_id=asked.id, actor=coordinator, message="Send the surety certificate again, please."
    )
    submit("hotel", client_address="10.0.0.3")

    # Feedback: one given and answered, one given and waiting for the clinic's answer, one case still to rate.
    answered_case, answered_patient = treated_case(directory, coordinator)
    given = feedback.feedback_give(
        case_id=answered_case.id,
        actor=answered_patient,
        ratings=RATINGS,
        paid_amount=1_500_000,
        paid_currency="KRW",
        text="Врачи внимательные, переводчик был всё время рядом.",
        language="ru",
    )
    feedback.feedback_answer(feedback_id=given.id, actor=derm_staff, text="감사합니다. 다음에도 잘 모시겠습니다.", language="ko")
    waiting_case, waiting_patient = treated_case(directory, coordinator, state="closed")
    feedback.feedback_give(
        case_id=waiting_case.id,
        actor=waiting_patient,
        ratings={**RATINGS, "price_honesty": 2},
        paid_amount=1_900_000,
        paid_currency="KRW",
        text="شكراً للعيادة، لكن المبلغ النهائي كان أعلى من العرض.",
        language="ar",
    )
    case, patient = treated_case(directory, coordinator)
    publish("aggregate")

    # Complaints: the patient's about the clinic (forwarded, so the clinic answers), the public's
    # about the agency (forwarded), a report of brokering.
    mine = complaints.complaint_file(
        data={
            "category": "care",
            "subject": "organization",
            "organization": derm,
            "case": case,
            "text": "После лазерной терапии остались ожоги на щеке, клиника не отвечает на мои сообщения.",
        },
        documents=[],
        language="ru",
        filer=patient,
        client="10.0.1.1",
        throttled=False,
    )
    complaints.complaint_acknowledge(complaint_id=mine.id, actor=coordinator)
    complaints.complaint_forward(complaint_id=mine.id, actor=coordinator)
    complaints.complaint_message_post(
        complaint_id=mine.id, actor=coordinator, body="Мы передали вашу жалобу клинике.", from_hub=True
    )
    about_agency = complaints.complaint_file(
        data={
            "category": "conduct",
            "subject": "organization",
            "organization": agency,
            "name": "عمر الحسن",
            "email": "omar@example.org",
            "text": "لم يرد موظف الوكالة على رسائلي لمدة أسبوع، ثم ألغى موعدي دون إبلاغي.",
        },
        documents=[],
        language="ar",
        client="10.0.1.2",
        throttled=False,
    )
    from medhub.complaints.links import verify_token

    complaints.complaint_confirm_email(complaint_id=about_agency.id, token=verify_token(about_agency.id))
    complaints.complaint_acknowledge(complaint_id=about_agency.id, actor=coordinator)
    complaints.complaint_forward(complaint_id=about_agency.id, actor=coordinator)
    complaints.complaint_file(
        data={
            "category": "brokering",
            "subject": "broker",
            "organization": None,
            "broker_details": "“Seoul Glow Trips”, Instagram @seoulglow.trips (fictional)",
            "text": "Someone on Instagram offered a package with free hotel nights against a deposit.",
        },
        documents=[],
        language="en",
        filer=make_user("visitor", Role.PATIENT),
        client="10.0.1.3",
        throttled=False,
    )

    # A renewal waiting in the administrator's queue.
    verification.renewal_submit(
        organization_id=derm.id,
        actor=derm_staff,
        item=Item.INSURANCE,
        upload=_pdf("insurance-renewal.pdf"),
        expires_on=today + datetime.timedelta(days=365),
        cover_krw=200_000_000,
        certificate_number="INS-2027-0042",
    )

    # The council: the clinic's staff chairs the medical division; a held meeting with minutes and
    # an action for them, one to come, an announcement, the patient's complaint taken up for mediation.
    _seed_council()
    world = {"admin": admin}
    member = add_member(
        derm_staff,
        "medical",
        organization=derm,
        admin=admin,
        role=SeatRole.CHAIR,
        seats=[("division-medical", SeatRole.CHAIR), ("mediation", SeatRole.CHAIR)],
        phone="+82 2 1234 5678",
        share_email=True,
    )
    add_member(agent, "attraction", organization=agency, admin=admin)
    held = move_to_past(schedule(world, title="Third-quarter plenary"))
    council.minutes_record(
        actor=admin, meeting_id=held.pk, minutes="Partners Day on 12 December; brochures in Russian and Arabic."
    )
    council.action_add(
        actor=admin, meeting_id=held.pk, owner_id=member.pk, title="Arabic brochure", due_on=today + datetime.timedelta(days=10)
    )
    schedule(world, title="Fourth-quarter plenary", days=20)
    announcement = council.announcement_send(
        actor=admin,
        audience="all",
        subject={"ko": "파트너스 데이 안내", "en": "Partners Day"},
        body={"ko": "12월 12일 구청 대강당에서 열립니다.", "en": "On 12 December in the district office's hall."},
    )
    mediation = council.mediation_take_up(actor=admin, complaint=mine, note="The clinic and the patient disagree on the cause.")

    # The evaluation: last year's published with an award, this year's being scored.
    past = evaluation.round_open(actor=admin, year=LAST_YEAR)
    evaluation.round_move(actor=admin, round_id=past.pk, to_state=RoundStatus.SCORING)
    evaluation.award_give(
        actor=admin,
        round_id=past.pk,
        winner_id=derm.pk,
        name={"ko": "구청장 표창", "en": "Mayor's commendation"},
        category="excellence",
        citation={"ko": "외국인 환자 유치에 기여한 공로", "en": "For the care of foreign patients"},
    )
    evaluation.round_move(actor=admin, round_id=past.pk, to_state=RoundStatus.PUBLISHED)
    current = evaluation.round_open(actor=admin, year=today.year)
    evaluation.round_move(actor=admin, round_id=current.pk, to_state=RoundStatus.SCORING)

    hub_pages = {
        "registry": "work/registry/",
        "prospects": "work/registry/prospects/",
        "applications": "work/partners/applications/",
        "application": f"work/partners/applications/{clinic.id}/",
        "application-asked": f"work/partners/applications/{asked.id}/",
        "complaints": "complaints/hub/",
        "complaint": f"complaints/hub/{mine.reference}/",
        "feedback": "work/feedback/",
        "council-members": "council/members/",
        "council-meetings": "council/meetings/",
        "council-meeting": f"council/meetings/{held.pk}/",
        "council-announcements": "council/announcements/",
        "council-announcement": f"council/announcements/{announcement.pk}/",
        "council-mediations": "council/mediation/",
        "council-mediation": f"council/mediation/{mediation.pk}/",
        "evaluations": "evaluation/",
        "evaluation": f"evaluation/{current.pk}/",
        "evaluation-partner": f"evaluation/{current.pk}/partners/{derm.pk}/",
        "evaluation-awards": f"evaluation/{current.pk}/awards/",
        "evaluation-published": f"evaluation/{past.pk}/",
    }
    admin_pages = {
        "imports": "work/registry/imports/",
        "import-previewed": f"work/registry/imports/{job.pk}/",
        "application": f"work/partners/applications/{clinic.id}/",
        "criteria": "work/partners/criteria/",
        "complaint": f"complaints/hub/{about_agency.reference}/",
        "renewals": "work/verification/renewals/",
        "feedback": "work/feedback/",
        "council-member-new": "council/members/new/",
        "council-member": f"council/members/{member.pk}/",
        "council-meeting-new": "council/meetings/new/",
        "council-meeting": f"council/meetings/{held.pk}/",
        "council-announcement-new": "council/announcements/new/",
        "evaluation": f"evaluation/{current.pk}/",
        "evaluation-awards": f"evaluation/{current.pk}/awards/",
    }
    return {
        "people": {
            "patient": patient,
            "coordinator": coordinator,
            "admin": admin,
            "institution": derm_staff,
            "agency": agent,
        },
        "pages": {
            "patient": {
                "feedback-form": f"cases/{case.reference}/feedback/",
                "complaints": "complaints/mine/",
                "complaint": f"complaints/mine/{mine.reference}/",
                "complaint-new": "complaints/new/",
            },
            "coordinator": hub_pages,
            "admin": admin_pages,
            "institution": {
                "verification": "work/verification/",
                "complaints": "complaints/organization/",
                "complaint": f"complaints/organization/{mine.reference}/",
                "feedback": "work/feedback/",
                "council-mine": "council/mine/",
                "council-members": "council/members/",
                "council-meeting": f"council/meetings/{held.pk}/",
            },
            "agency": {
                "verification": "work/verification/",
                "complaints": "complaints/organization/",
                "complaint": f"complaints/organization/{about_agency.reference}/",
                "council-mine": "council/mine/",
            },
        },
    }


PUBLIC = {
    "apply": "partners/apply/",
    "complaint-new": "complaints/new/",
    "partners-day": "partners-day/",
    "institution": "institutions/sora-dermatology/",
}


# Form fields a screen reader could not name: no <label>, no aria-label(ledby), no title.
UNLABELLED = """() => [...document.querySelectorAll("main input, main select, main textarea")]
    .filter((el) => !["hidden", "submit", "button"].includes(el.type) && !el.closest("[aria-hidden=true]"))
    .filter((el) => !el.labels.length && !el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby") && !el.title)
    .map((el) => `${el.tagName.toLowerCase()}[name=${el.name}]`)"""

# Buttons and links reaching past the right or left edge of the screen.
OFF_SCREEN = """(width) => [...document.querySelectorAll("main button, main a.btn, main .btn-primary")]
    .filter((el) => { const r = el.getBoundingClientRect(); return r.width && (r.right > width + 1 || r.left < -1); })
    .map((el) => el.textContent.trim().slice(0, 40))"""


def walk_all(page, base_url: str, pages: dict, who: str, screenshot, failures: list) -> None:
    """Every page at both widths in every language; a failure is noted and the walk goes on."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800 if width < 500 else 900})
        for lang in LANGUAGES:
            for key, path in pages.items():
                where = f"{who} {key} {lang} {width}"
                try:
                    check(page, f"{base_url}/{lang}/{path}", lang, f"trust-{who}-{key}-{lang}-{width}", screenshot)
                except (AssertionError, pytest.fail.Exception) as failure:
                    failures.append(f"{where}: {failure}".splitlines()[0])
                    continue
                if unlabelled := page.evaluate(UNLABELLED):
                    failures.append(f"{where}: fields without a label: {unlabelled}")
                if off := page.evaluate(OFF_SCREEN, width):
                    failures.append(f"{where}: buttons off the screen: {off}")


@pytest.fixture
def trust_world(live_directory, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "private"}},
    }
    settings.MEDHUB_THROTTLES = {**settings.MEDHUB_THROTTLES, "partner-application": (1000, 3600)}
    settings.MEDHUB_FEEDBACK_MIN_COUNT = 1  # the clinic's two feedbacks are published as scores
    return build_trust_world(live_directory, tmp_path)


def test_public_trust_pages(browser, live_server, trust_world, screenshot):
    context = browser.new_context()
    page = context.new_page()
    failures: list[str] = []
    walk_all(page, live_server.url, PUBLIC, "public", screenshot, failures)
    context.close()
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("who", ["patient", "coordinator", "admin", "institution", "agency"])
def test_signed_in_trust_pages(browser, live_server, trust_world, screenshot, who):
    context = signed_in_context(browser, live_server.url, trust_world["people"][who])
    page = context.new_page()
    failures: list[str] = []
    walk_all(page, live_server.url, trust_world["pages"][who], who, screenshot, failures)
    context.close()
    assert not failures, "\n".join(failures)
