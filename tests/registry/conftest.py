"""Registry files as the public data portal publishes them, built in memory for each test."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from medhub.accounts.models import Role
from tests.cases.conftest import make_user

TITLE_ROWS = [["한빛시 외국인환자 유치기관 등록 현황"], ["기준일자: 2026-11-30"], []]
HEADER = ["번호", "운영상태", "상호명", "대표자명", "업종명", "시도", "시군구", "주소", "상세주소", "비고"]

# (운영상태, 상호명, 대표자명, 업종명, 시도, 시군구, 주소, 상세주소)
ROWS = [
    ("정상", "소라 피부과의원", "김소라", "의원", "한빛시", "서하구", "한빛시 서하구 마루로 12", "3층"),
    ("정상", "하늘 척추병원", "이하늘", "병원", "한빛시", "마루구", "한빛시 마루구 샛별로 7", ""),
    ("정상", "새봄 한의원", "박새봄", "한의원", "한빛시", "서하구", "한빛시 서하구 물결로 30", "2층"),
    ("정상", "한빛 종합병원", "정한빛", "종합병원", "한빛시", "마루구", "한빛시 마루구 청솔로 100", ""),
    ("휴업", "바다 치과병원", "최바다", "치과병원", "한빛시", "서하구", "한빛시 서하구 소나무길 5", ""),
    ("정상", "별빛 메디컬 트래블", "한별", "유치업자", "한빛시", "서하구", "한빛시 서하구 마루로 200", "5층 501호"),
    ("정상", "먼곳 의원", "오먼곳", "의원", "다른도", "다른구", "다른도 다른구 큰길 1", ""),
    ("정상", "", "이름없음", "의원", "한빛시", "서하구", "한빛시 서하구 마루로 1", ""),
    ("정상", "온누리 약국", "김약사", "약국", "한빛시", "서하구", "한빛시 서하구 마루로 2", ""),
]


def table(rows=ROWS, *, header=HEADER, titles=TITLE_ROWS, order=None):
    """The registry as rows of text: title rows, the header, then numbered rows (번호 … 비고)."""
    out = [list(t) for t in titles]
    head = list(header)
    body = [[str(n), *row, "메모"] for n, row in enumerate(rows, start=1)]
    if order is not None:
        head = [head[i] for i in order]
        body = [[r[i] for i in order] for r in body]
    out.append(head)
    out.extend(body)
    return out


def csv_bytes(rows=ROWS, *, encoding="utf-8-sig", **kwargs) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(table(rows, **kwargs))
    return text.getvalue().encode(encoding)


def xlsx_bytes(rows=ROWS, **kwargs) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for record in table(rows, **kwargs):
        sheet.append(record or [None])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(data: bytes | None = None, name: str = "registry.csv"):
    return SimpleUploadedFile(name, data if data is not None else csv_bytes(), content_type="text/csv")


@pytest.fixture
def registry_file(tmp_path):
    def write(rows=ROWS, name="registry.csv", **kwargs):
        path = tmp_path / name
        path.write_bytes(xlsx_bytes(rows, **kwargs) if name.endswith(".xlsx") else csv_bytes(rows, **kwargs))
        return path

    return write


@pytest.fixture
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "private"}},
    }


@pytest.fixture
def people(db):
    """One person of every role, and an outsider (signed in, no role)."""
    from medhub.accounts.models import User
    from medhub.directory.models import Organization

    institution = Organization.objects.create(
        kind="institution", slug="people-clinic", name={"ko": "사람 의원"}, institution_class="clinic"
    )
    agency = Organization.objects.create(kind="facilitator", slug="people-agency", name={"ko": "사람 여행"})
    hotel = Organization.objects.create(kind="hotel", slug="people-hotel", name={"ko": "사람 호텔"})
    found = {
        "admin": make_user("r-admin", Role.HUB_ADMIN),
        "coordinator": make_user("r-coordinator", Role.COORDINATOR),
        "provider": make_user("r-provider", Role.PROVIDER_STAFF, institution),
        "facilitator": make_user("r-facilitator", Role.FACILITATOR_STAFF, agency),
        "partner": make_user("r-partner", Role.PARTNER_STAFF, hotel),
        "interpreter": make_user("r-interpreter", Role.INTERPRETER),
        "patient": make_user("r-patient", Role.PATIENT),
    }
    found["outsider"] = User.objects.create_user(username="r-outsider", email="outsider@example.com", password="pw-123456789")
    return found
