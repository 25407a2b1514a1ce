"""The referral packet for K-medi: a PDF in Korean and the complaint's documents, in one ZIP.

K-medi takes its forms in Korean (DOMAIN.md), so the packet is always in Korean, whatever the
reader's or the complainant's language: its labels are written here in Korean, not looked up
in the message catalog. The complainant's own words are printed as they wrote them (the
original language), followed by a Korean machine translation when the hub has a translation
server (cases/translation.py); the translation is marked as such and never replaces the
original. The documents go beside the PDF in the ZIP as they were sent (PDFs, JPEGs and PNGs:
appending images to a PDF would re-encode them; the originals keep their checksums, listed in
the PDF). Decision 0023.
"""

import io
import zipfile

from babel import Locale
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from medhub.complaints import selectors
from medhub.complaints.models import Complaint
from medhub.core.i18n import pick
from medhub.core.selectors import hub_settings

STATUS_KO = {
    "unconfirmed": "이메일 확인 대기",
    "received": "접수",
    "acknowledged": "접수 확인",
    "forwarded": "해당 기관에 전달",
    "resolved": "해결",
    "withdrawn": "취하",
    "upheld": "민원 인용",
    "not_upheld": "민원 기각",
    "referred": "의료분쟁조정중재원 회부",
}
CATEGORY_KO = {
    "care": "진료의 질 또는 안전",
    "price": "진료비, 청구 또는 환불",
    "communication": "의사소통 또는 통역",
    "service": "숙박, 교통 등 서비스",
    "privacy": "개인정보",
    "conduct": "불친절 또는 부당한 대우",
    "brokering": "불법 브로커(미등록 유치업자)",
    "other": "기타",
}
SUBJECT_KO = {"organization": "등록 기관", "hub": "허브(지원센터)", "broker": "미등록 브로커"}
KIND_KO = {
    "institution": "의료기관",
    "facilitator": "외국인환자 유치업자",
    "hotel": "숙박",
    "restaurant": "음식점",
    "shop": "상점",
    "transport": "교통",
}
ACTION_KO = {
    "complaints.complaint.filed": "민원 제출",
    "complaints.complaint.confirmed": "민원인 이메일 확인",
    "complaints.complaint.acknowledged": "접수 확인",
    "complaints.complaint.forwarded": "해당 기관에 전달",
    "complaints.complaint.answered": "기관 답변",
    "complaints.complaint.closed": "처리 결과 기록",
    "complaints.complaint.withdrawn": "민원 취하",
    "complaints.complaint.referred": "의료분쟁조정중재원 회부",
    "complaints.complaint.kmedi_outcome": "조정 결과 기록",
    "complaints.message.posted": "메시지",
    "complaints.packet.downloaded": "회부 자료 내려받기",
    "complaints.document.opened": "첨부 서류 열람",
}


def language_name_ko(code: str) -> str:
    """The language's name in Korean (러시아어 for ru), from CLDR."""
    base = (code or "").split("-")[0]
    return Locale.parse("ko").languages.get(base, code)


def korean_translation(complaint: Complaint) -> str:
    """The complaint's text in Korean from the hub's translation server; empty when none is
    configured, the complaint is in Korean already or the server does not answer."""
    from medhub.cases.translation import TranslationError, translate_text

    if complaint.language == "ko":
        return ""
    try:
        return translate_text(complaint.text, target="ko", source=complaint.language)
    except TranslationError:
        return ""


def packet_pdf(complaint: Complaint) -> bytes:
    from medhub.travel.documents import html_to_pdf

    documents = list(complaint.documents.all())
    answers = list(complaint.answers.select_related("organization"))
    entries = [
        {"at": entry.created_at, "what": ACTION_KO.get(entry.action, entry.action)}
        for entry in selectors.timeline(complaint)
        if entry.action not in ("complaints.packet.downloaded", "complaints.document.opened")
    ]
    organization = complaint.organization
    with translation.override("ko"):
        html = render_to_string(
            "complaints/pdf/packet.html",
            {
                "complaint": complaint,
                "status_ko": STATUS_KO.get(complaint.status, complaint.status),
                "category_ko": CATEGORY_KO.get(complaint.category, complaint.category),
                "subject_ko": SUBJECT_KO.get(complaint.subject, complaint.subject),
                "organization": organization,
                "organization_name_ko": pick(organization.name, "ko") if organization else "",
                "organization_address_ko": pick(organization.address, "ko") if organization else "",
                "organization_kind_ko": KIND_KO.get(organization.kind, organization.kind) if organization else "",
                "language_ko": language_name_ko(complaint.language),
                "translation_ko": korean_translation(complaint),
                "answers": answers,
                "documents": documents,
                "timeline": entries,
                "hub_name": pick(hub_settings().name, "ko") or "medhub",
                "hub": hub_settings(),
                "fonts": settings.MEDHUB_PDF_FONTS,
                "made_at": timezone.localtime(),
            },
        )
    return html_to_pdf(html)


def packet_file_name(complaint: Complaint) -> str:
    return f"{complaint.reference}-kmedi.zip"


def packet_zip(complaint: Complaint) -> bytes:
    """The ZIP: the Korean PDF and every document of the complaint, numbered in order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{complaint.reference}-kmedi.pdf", packet_pdf(complaint))
        for number, document in enumerate(complaint.documents.all(), start=1):
            with document.file.open("rb") as handle:
                archive.writestr(f"documents/{number:02d}-{document.original_name}", handle.read())
    return buffer.getvalue()
