"""The demo hub's partner applications (issue 11): one in every state of the screening, sent and
moved through the partners app's own services, with small fictional certificates as PDFs.

- submitted: a hotel, waiting to be looked at;
- under review: a dermatology clinic the registry lists as active, scored by two reviewers;
- more information requested: an agency whose surety insurance is below the legal minimum;
- approved: an agency found active in the registry; its organization exists (profile completed
  and published) and its contact person was invited;
- rejected: an agency the registry lists as revoked, with the reason.

The bodies are the prospects of the demo's registry file (demo/data/registry_2026-11.csv), so
the registry check shows a real match. Every name, number and document is made up.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from medhub.accounts.models import User
from medhub.directory.models import District
from medhub.partners import services
from medhub.partners.models import Application, Criterion
from medhub.partners.uploads import check_document


def certificate_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page A4 PDF with a few lines of plain ASCII text, written by hand (no renderer
    needed): valid for pypdf and for the upload check."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    rows = [f"BT /F1 18 Tf 60 770 Td ({escape(title)}) Tj ET"]
    for number, line in enumerate(["FICTIONAL DEMO DOCUMENT - NOT A REAL CERTIFICATE", *lines]):
        rows.append(f"BT /F1 11 Tf 60 {730 - 20 * number} Td ({escape(line)}) Tj ET")
    stream = "\n".join(rows).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _document(kind: str, title: str, lines: list[str]):
    upload = SimpleUploadedFile(f"{kind}.pdf", certificate_pdf(title, lines), content_type="application/pdf")
    return kind, check_document(upload)


def _day(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


CRITERIA = [
    ({"ko": "외국인 환자 응대 역량", "en": "Care for foreign patients", "ru": "Работа с иностранными пациентами"}, 3, 5),
    ({"ko": "지원 언어", "en": "Languages served", "ru": "Языки", "mn": "Хэлүүд"}, 2, 5),
    ({"ko": "가격 투명성", "en": "Price transparency", "ru": "Прозрачность цен"}, 2, 5),
    ({"ko": "접근성", "en": "Access and location"}, 1, 5),
]


def _submit(number: int, data: dict, documents: list) -> Application:
    return services.application_submit(data=data, documents=documents, language="en", client=f"demo-partner-{number}")


def _base(**extra) -> dict:
    return {"website": "", "contact_phone": "", "institution_class": "", **extra}


def build_demo_partners() -> None:
    admin = User.objects.filter(username="admin").first()
    coordinator = User.objects.filter(username="coordinator").first()
    if admin is None or coordinator is None:
        return
    for application in Application.objects.all():
        for document in application.documents.all():
            document.file.delete(save=False)
    Application.objects.all().delete()
    User.objects.filter(email__endswith="@demo-applicant.example").delete()
    Criterion.objects.all().delete()
    criteria = [
        services.criterion_save(criterion=Criterion(name=name, weight=weight, max_score=top, position=n), actor=admin)
        for n, (name, weight, top) in enumerate(CRITERIA, start=1)
    ]
    districts = {d.code: d for d in District.objects.all()}

    # Submitted: a hotel, no registry entry needed.
    _submit(
        1,
        _base(
            kind="hotel",
            name="Byeolbit Residence",
            name_ko="별빛 레지던스",
            address="한빛시 서하구 샛별로 120",
            district=districts.get("seoha"),
            phone="+82 2 555 0120",
            email="stay@byeolbit.demo-applicant.example",
            registration_number="",
            contact_name="Yuna Seo",
            contact_email="yuna@demo-applicant.example",
            contact_language="ko",
        ),
        [_document("business_registration", "Business registration", ["Byeolbit Residence", "No. 120-81-00001"])],
    )

    # Under review, scored by two reviewers: a dermatology clinic the registry lists as active.
    clinic = _submit(
        2,
        _base(
            kind="institution",
            institution_class="clinic",
            name="Haetbit Dermatology Clinic",
            name_ko="햇빛 피부과의원",
            address="한빛시 서하구 마루로 18",
            district=districts.get("seoha"),
            phone="+82 2 555 0018",
            email="office@haetbit.demo-applicant.example",
            registration_number="HBM-2024-0016",
            registration_date=_day(-480),
            insurance_cover_krw=150_000_000,
            insurance_expires=_day(200),
            contact_name="Haneul Nam",
            contact_email="haneul@demo-applicant.example",
            contact_language="en",
        ),
        [
            _document("fp_registration", "Foreign-patient registration", ["Haetbit Dermatology Clinic", "HBM-2024-0016"]),
            _document("malpractice_insurance", "Malpractice insurance", ["Cover KRW 150,000,000 a year"]),
        ],
    )
    services.application_review_start(application_id=clinic.id, actor=coordinator)
    for reviewer, values in ((coordinator, (4, 3, 4, 5)), (admin, (5, 3, 3, 4))):
        services.application_score(
            application_id=clinic.id,
            actor=reviewer,
            scores={c.id: v for c, v in zip(criteria, values, strict=True)},
            comment="Good English and Russian desk; prices published.",
        )

    # More information requested: an agency whose surety insurance is below the minimum.
    agency = _submit(
        3,
        _base(
            kind="facilitator",
            name="Hanbit Care Travel",
            name_ko="한빛 케어 트래블",
            address="한빛시 서하구 한빛대로 88",
            district=districts.get("seoha"),
            phone="+82 2 555 0088",
            email="desk@hanbitcare.demo-applicant.example",
            registration_number="HBF-2024-0026",
            registration_date=_day(-440),
            surety_amount_krw=50_000_000,
            surety_expires=_day(120),
            capital_krw=150_000_000,
            contact_name="Алия Сейткали",
            contact_email="aliya@demo-applicant.example",
            contact_language="ru",
        ),
        [
            _document("agency_registration", "Facilitator registration", ["Hanbit Care Travel", "HBF-2024-0026"]),
            _document("surety_insurance", "Surety insurance", ["Amount KRW 50,000,000"]),
        ],
    )
    services.application_review_start(application_id=agency.id, actor=coordinator)
    services.application_request_info(
        application_id=agency.id,
        actor=coordinator,
        message="Пришлите, пожалуйста, полис гарантийного страхования на сумму не менее 100 000 000 вон.",
    )

    # Approved: an agency active in the registry; its profile is completed and published.
    approved = _submit(
        4,
        _base(
            kind="facilitator",
            name="Dari Medical Concierge",
            name_ko="다리 메디컬 컨시어지",
            address="한빛시 청학구 단풍길 61",
            district=districts.get("cheonghak"),
            phone="+82 2 555 0061",
            email="hello@dari.demo-applicant.example",
            registration_number="HBF-2024-0027",
            registration_date=_day(-300),
            surety_amount_krw=100_000_000,
            surety_expires=_day(400),
            capital_krw=200_000_000,
            contact_name="Батбаяр Дорж",
            contact_email="batbayar@demo-applicant.example",
            contact_language="mn",
        ),
        [
            _document("agency_registration", "Facilitator registration", ["Dari Medical Concierge", "HBF-2024-0027"]),
            _document("surety_insurance", "Surety insurance", ["Amount KRW 100,000,000"]),
        ],
    )
    services.application_review_start(application_id=approved.id, actor=coordinator)
    services.application_score(
        application_id=approved.id, actor=coordinator, scores={c.id: v for c, v in zip(criteria, (5, 5, 4, 4), strict=True)}
    )
    services.application_approve(application_id=approved.id, actor=admin)
    organization = Application.objects.get(pk=approved.id).organization
    # What its new staff would fill in on their profile, so the hub can publish it.
    organization.name = {
        "ko": "다리 메디컬 컨시어지",
        "en": "Dari Medical Concierge",
        "ru": "Дари Медикал Консьерж",
        "mn": "Дари Медикал Консьерж",
        "zh-hans": "达利医疗礼宾",
        "ja": "ダリ・メディカル・コンシェルジュ",
    }
    organization.description = {
        "ko": "몽골과 카자흐스탄 환자를 위한 진료 예약과 통역 안내.",
        "en": "Appointments and interpreting for patients from Mongolia and Kazakhstan.",
        "ru": "Запись к врачам и переводчики для пациентов из Монголии и Казахстана.",
        "mn": "Монгол, Казахстаны өвчтөнд эмчийн цаг захиалга, орчуулга.",
        "ja": "モンゴルとカザフスタンの患者のための予約と通訳。",
    }
    organization.languages = ",ko,en,ru,mn,kk,"
    organization.save()
    services.organization_publish(application_id=approved.id, actor=admin)

    # Rejected: the registry lists the agency as revoked.
    rejected = _submit(
        5,
        _base(
            kind="facilitator",
            name="Ppareun Medical Tour",
            name_ko="빠른 의료관광",
            address="한빛시 은하구 구름로 99",
            district=districts.get("eunha"),
            phone="+82 2 555 0099",
            email="fast@ppareun.demo-applicant.example",
            registration_number="HBF-2024-0029",
            registration_date=_day(-600),
            surety_amount_krw=100_000_000,
            surety_expires=_day(60),
            capital_krw=100_000_000,
            contact_name="Min Ma",
            contact_email="min@demo-applicant.example",
            contact_language="ko",
        ),
        [
            _document("agency_registration", "Facilitator registration", ["Ppareun Medical Tour", "HBF-2024-0029"]),
            _document("surety_insurance", "Surety insurance", ["Amount KRW 100,000,000"]),
        ],
    )
    services.application_review_start(application_id=rejected.id, actor=coordinator)
    services.application_reject(
        application_id=rejected.id,
        actor=admin,
        reason="등록 명부에서 유치업자 등록이 취소된 것으로 확인되어 협력기관으로 선정할 수 없습니다.",
    )
