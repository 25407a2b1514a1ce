"""Reading the registry file: encodings, the header below title rows, columns in any order,
extra columns, XLSX, the mapping of 업종명 and 운영상태, and refused rows with their numbers."""

import io

import pytest

from medhub.registry import parsing
from medhub.registry.parsing import Row, RowError
from tests.registry.conftest import HEADER, csv_bytes, xlsx_bytes


def read(data: bytes):
    items = list(parsing.read_rows(io.BytesIO(data)))
    return [i for i in items if isinstance(i, Row)], [i for i in items if isinstance(i, RowError)]


def summary(rows):
    return [(r.number, r.kind, r.institution_class, r.name, r.status, r.address) for r in rows]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949"])
def test_every_published_encoding_reads_the_same(encoding):
    rows, errors = read(csv_bytes(encoding=encoding))
    expected, _ = read(csv_bytes(encoding="utf-8"))
    assert summary(rows) == summary(expected)
    assert len(rows) == 7 and len(errors) == 2
    assert rows[0].name == "소라 피부과의원" and rows[0].representative == "김소라" and rows[0].address_detail == "3층"


def test_cp949_is_recognized_when_its_only_korean_is_on_the_last_line():
    lines = [HEADER, *[[str(n), "정상", f"Clinic {n}", "Kim", "의원", "A", "B", f"Road {n}", "", ""] for n in range(1, 3000)]]
    lines.append(["3000", "정상", "마지막 의원", "김", "의원", "A", "B", "Road 3000", "", ""])
    data = "\n".join(",".join(line) for line in lines).encode("cp949")
    rows, errors = read(data)
    assert not errors and rows[-1].name == "마지막 의원" and len(rows) == 3000


def test_the_header_is_found_below_title_rows_and_row_numbers_are_the_sheets():
    rows, errors = read(csv_bytes())
    assert rows[0].number == 5  # three title rows (one empty), the header on row 4
    assert [(e.row, e.code) for e in errors] == [(12, "no_name"), (13, "kind_refused")]
    assert errors[1].value == "약국"


def test_columns_in_any_order_and_extra_columns_are_ignored():
    shuffled = [9, 7, 2, 0, 8, 4, 1, 6, 3, 5]  # 비고 first, 주소, 상호명, 번호 ...
    rows, errors = read(csv_bytes(order=shuffled))
    plain, _ = read(csv_bytes())
    assert summary(rows) == summary(plain)
    assert len(errors) == 2


def test_an_xlsx_workbook_reads_like_the_csv():
    rows, errors = read(xlsx_bytes())
    plain, plain_errors = read(csv_bytes())
    assert summary(rows) == summary(plain)
    assert [(e.row, e.code) for e in errors] == [(e.row, e.code) for e in plain_errors]


@pytest.mark.parametrize(
    ("business_type", "kind", "klass"),
    [
        ("의원", "institution", "clinic"),
        ("치과의원", "institution", "clinic"),
        ("한의원", "institution", "clinic"),
        ("병원", "institution", "hospital"),
        ("치과병원", "institution", "hospital"),
        ("한방병원", "institution", "hospital"),
        ("요양병원", "institution", "hospital"),
        ("종합병원", "institution", "general-hospital"),
        ("상급종합병원", "institution", "tertiary-hospital"),
        ("유치업자", "facilitator", ""),
        (" 종합 병원 ", "institution", "general-hospital"),
    ],
)
def test_the_type_gives_kind_and_class(business_type, kind, klass):
    rows, _ = read(csv_bytes([("정상", "가나 의원", "", business_type, "A", "B", "길 1", "")]))
    assert (rows[0].kind, rows[0].institution_class) == (kind, klass)


@pytest.mark.parametrize(("text", "status"), [("정상", "active"), ("휴업", "suspended"), ("폐업", "closed"), ("취소", "revoked")])
def test_the_status_column_gives_the_status(text, status):
    rows, _ = read(csv_bytes([(text, "가나 의원", "", "의원", "A", "B", "길 1", "")]))
    assert rows[0].status == status


@pytest.mark.parametrize(
    ("row", "code"),
    [
        (("정상", "  ", "", "의원", "A", "B", "길 1", ""), "no_name"),
        (("정상", "가나 약국", "", "약국", "A", "B", "길 1", ""), "kind_refused"),
        (("정상", "가나 산후조리원", "", "산후조리원", "A", "B", "길 1", ""), "kind_refused"),
        (("정상", "가나 의원", "", "", "A", "B", "길 1", ""), "no_kind"),
        (("영업중", "가나 의원", "", "의원", "A", "B", "길 1", ""), "unknown_status"),
        (("정상", "가나 의원", "", "의원", "A", "B", "", ""), "no_address"),
        (("정상", "가" * 201, "", "의원", "A", "B", "길 1", ""), "too_long"),
    ],
)
def test_a_refused_row_says_why_and_never_stops_the_others(row, code):
    good = ("정상", "다라 의원", "", "의원", "A", "B", "길 2", "")
    rows, errors = read(csv_bytes([good, row, good]))
    assert [e.row for e in errors] == [6] and errors[0].code == code
    assert len(rows) == 2
    assert parsing.error_message(errors[0].code, errors[0].value)


def test_names_and_addresses_are_normalized_nfkc_with_spaces_collapsed():
    rows, _ = read(csv_bytes([("정상", "  소라\u3000피부과의원 ", "", "의원", "A", "B", "한빛시  서하구 마루로 １２", "")]))
    assert rows[0].normalized_name == "소라 피부과의원"
    assert rows[0].normalized_address == "한빛시 서하구 마루로 12"
    again, _ = read(csv_bytes([("정상", "소라 피부과의원", "", "의원", "A", "B", "한빛시 서하구 마루로 12", "")]))
    assert rows[0].identity == again[0].identity


def test_kind_is_part_of_the_identity():
    rows, _ = read(
        csv_bytes([("정상", "가나", "", "의원", "A", "B", "길 1", ""), ("정상", "가나", "", "유치업자", "A", "B", "길 1", "")])
    )
    assert rows[0].identity != rows[1].identity


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"name,address\nA,B\n",
        "번호,상호명,주소\n1,가나,길\n".encode(),  # 운영상태 and 업종명 missing
        b"\xff\xfe\x00\x00\x81\x82garbage\xc3",
        b"PK\x03\x04 not really a workbook",
    ],
)
def test_a_file_without_the_registry_header_is_refused_as_a_whole(data):
    with pytest.raises(parsing.RegistryFileError):
        list(parsing.read_rows(io.BytesIO(data)))


def test_the_header_must_be_within_the_first_twenty_rows():
    with pytest.raises(parsing.RegistryFileError):
        list(parsing.read_rows(io.BytesIO(csv_bytes(titles=[["title"]] * 20))))
    rows, _ = read(csv_bytes(titles=[["title"]] * 19))
    assert rows[0].number == 21
