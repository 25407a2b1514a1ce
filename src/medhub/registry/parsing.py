"""Reading the national registry file as the public data portal publishes it.

Columns 번호, 운영상태, 상호명, 대표자명, 업종명, 시도, 시군구, 주소, 상세주소, in any order, extra
columns ignored; the header may sit below title rows (it is the first of the first 20 rows that
holds the required column names). CSV in UTF-8, UTF-8 with BOM or CP949 (the whole file is
checked as UTF-8 first, in one streaming pass, then as CP949), or XLSX (the first sheet, read
with openpyxl in read-only mode). Rows are read one at a time: memory does not grow with the
file.

``read_rows`` yields a ``Row`` for each valid data row and a ``RowError`` for each refused one
(its row number as a spreadsheet shows it, and a code its message is worded from in the reader's
language); a refused row never stops the others. A file that cannot be read at all raises
``RegistryFileError``.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

HEADER_SEARCH_ROWS = 20
MAX_ROWS = 1_000_000  # far above the national registry (about 20,000 rows): a bound on a hostile file
XLSX_SIGNATURE = b"PK\x03\x04"

# Column names of the file and the fields they fill.
COLUMNS = {
    "번호": "number",
    "운영상태": "status",
    "상호명": "name",
    "대표자명": "representative",
    "업종명": "business_type",
    "시도": "province",
    "시군구": "district",
    "주소": "address",
    "상세주소": "address_detail",
}
REQUIRED = ("운영상태", "상호명", "업종명", "주소")

# 업종명 → (kind, institution class). Anything else (a pharmacy, a postpartum care centre) cannot
# register for foreign patients and is refused.
INSTITUTION, FACILITATOR = "institution", "facilitator"
KINDS = {
    "의원": (INSTITUTION, "clinic"),
    "치과의원": (INSTITUTION, "clinic"),
    "한의원": (INSTITUTION, "clinic"),
    "병원": (INSTITUTION, "hospital"),
    "치과병원": (INSTITUTION, "hospital"),
    "한방병원": (INSTITUTION, "hospital"),
    "요양병원": (INSTITUTION, "hospital"),
    "종합병원": (INSTITUTION, "general-hospital"),
    "상급종합병원": (INSTITUTION, "tertiary-hospital"),
    "유치업자": (FACILITATOR, ""),
}
# 운영상태 → status.
STATUSES = {"정상": "active", "휴업": "suspended", "폐업": "closed", "취소": "revoked"}

# The longest value each field keeps (the model's column sizes).
LIMITS = {
    "name": 200,
    "representative": 100,
    "province": 40,
    "district": 60,
    "address": 300,
    "address_detail": 200,
    "business_type": 40,
}


class RegistryFileError(ValueError):
    """The file as a whole cannot be read (its message is translated)."""


def normalize(text: str) -> str:
    """Unicode NFKC, whitespace collapsed to single spaces and trimmed: how names and addresses
    are compared."""
    return " ".join(unicodedata.normalize("NFKC", text or "").split())


def _column_key(text: str) -> str:
    """A header cell compared without any whitespace (``상 호 명`` and ``상호명 `` are 상호명)."""
    return "".join(unicodedata.normalize("NFKC", str(text or "")).replace("\ufeff", "").split())


def identity_of(kind: str, normalized_name: str, normalized_address: str) -> str:
    """The unique key of a registered body: kind, normalized name and normalized road address."""
    return hashlib.sha256(f"{kind}\x1f{normalized_name}\x1f{normalized_address}".encode()).hexdigest()


@dataclass(slots=True)
class Row:
    number: int
    kind: str
    institution_class: str
    business_type: str
    name: str
    normalized_name: str
    representative: str
    province: str
    district: str
    address: str
    normalized_address: str
    address_detail: str
    status: str
    identity: str

    # The fields an import compares and stores (the identity's own fields never change).
    STORED = (
        "institution_class",
        "business_type",
        "name",
        "representative",
        "province",
        "district",
        "address",
        "address_detail",
        "status",
    )

    def fingerprint(self) -> str:
        return fingerprint_of(*(getattr(self, field) for field in Row.STORED))


def fingerprint_of(*values: str) -> str:
    return hashlib.sha1("\x1f".join(values).encode(), usedforsecurity=False).hexdigest()


@dataclass(slots=True)
class RowError:
    row: int
    code: str
    value: str = ""

    def as_json(self) -> dict:
        return {"row": self.row, "code": self.code, "value": self.value}


def error_message(code: str, value: str = "") -> str:
    """The reason a row was refused, in the active language."""
    if code == "no_name":
        return _("The name (상호명) is empty.")
    if code == "no_kind":
        return _("The type (업종명) is empty.")
    if code == "kind_refused":
        return _("“%(value)s” cannot register: only medical institutions and facilitators are in the registry.") % {
            "value": value
        }
    if code == "no_status":
        return _("The status (운영상태) is empty.")
    if code == "unknown_status":
        return _("The status “%(value)s” is not one of 정상, 휴업, 폐업 or 취소.") % {"value": value}
    if code == "no_address":
        return _("The road address (주소) is empty.")
    if code == "too_long":
        return _("The column %(value)s is longer than the registry keeps.") % {"value": value}
    if code == "duplicate":
        return _("The same body as row %(value)s (same kind, name and address): counted once.") % {"value": value}
    return code


# -- reading the file -------------------------------------------------------------------------


def is_xlsx(head: bytes) -> bool:
    return head.startswith(XLSX_SIGNATURE)


def detect_encoding(binary) -> str:
    """``utf-8-sig`` when the whole file decodes as UTF-8 (a BOM or none), else ``cp949``; read in
    chunks, so a CP949 character on the last line is still found."""
    for encoding in ("utf-8-sig", "cp949"):
        binary.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := binary.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        finally:
            binary.seek(0)
        return encoding
    raise RegistryFileError(_("The file is neither UTF-8 nor CP949 text, nor an Excel workbook (XLSX)."))


def _csv_records(binary) -> Iterator[list[str]]:
    encoding = detect_encoding(binary)
    text = io.TextIOWrapper(binary, encoding=encoding, newline="")
    try:
        yield from csv.reader(text)
    except csv.Error as exc:
        raise RegistryFileError(_("The CSV file could not be read: %(error)s") % {"error": exc}) from exc
    finally:
        text.detach()  # the caller closes its own file


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_records(binary) -> Iterator[list[str]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(binary, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise RegistryFileError(_("The Excel workbook could not be opened; it may be damaged.")) from exc
    try:
        sheet = workbook.worksheets[0]
        expected = 1
        for cells in sheet.iter_rows():
            # Read-only sheets skip rows with no cells at all: keep the numbering of the sheet.
            number = next((c.row for c in cells if getattr(c, "row", None)), expected)
            while expected < number:
                yield []
                expected += 1
            yield [_cell(c.value) for c in cells]
            expected += 1
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise RegistryFileError(_("The Excel workbook could not be read; it may be damaged.")) from exc
    finally:
        workbook.close()


def records(binary) -> Iterator[list[str]]:
    """The file's rows as lists of text, from its first row."""
    binary.seek(0)
    head = binary.read(4)
    binary.seek(0)
    return _xlsx_records(binary) if is_xlsx(head) else _csv_records(binary)


def find_header(numbered: Iterator[tuple[int, list[str]]]) -> dict[str, int]:
    """Consumes rows up to the header and returns {field: column index}."""
    for number, record in numbered:
        keys = [_column_key(cell) for cell in record]
        if all(name in keys for name in REQUIRED):
            columns = {}
            for index, key in enumerate(keys):
                if key in COLUMNS and COLUMNS[key] not in columns:
                    columns[COLUMNS[key]] = index
            return columns
        if number >= HEADER_SEARCH_ROWS:
            break
    raise RegistryFileError(
        _("No header row with the columns %(columns)s was found in the first %(count)d rows.")
        % {"columns": ", ".join(REQUIRED), "count": HEADER_SEARCH_ROWS}
    )


def check_file(binary) -> None:
    """Raises RegistryFileError unless the file can be read and has the registry's header."""
    find_header(enumerate(records(binary), start=1))


def read_rows(binary) -> Iterator[Row | RowError]:
    """Every data row below the header, as a Row or a RowError (empty rows are skipped)."""
    numbered = enumerate(records(binary), start=1)
    columns = find_header(numbered)

    def get(record: list[str], field: str) -> str:
        index = columns.get(field)
        return record[index].strip() if index is not None and index < len(record) else ""

    for number, record in numbered:
        if number > MAX_ROWS:
            raise RegistryFileError(_("The file has more than %(count)d rows.") % {"count": MAX_ROWS})
        if not any((cell or "").strip() for cell in record):
            continue
        values = {field: normalize(get(record, field)) for field in LIMITS}
        name = values["name"]
        if not name:
            yield RowError(number, "no_name")
            continue
        business_type = values["business_type"]
        if not business_type:
            yield RowError(number, "no_kind")
            continue
        kind_class = KINDS.get(business_type.replace(" ", ""))
        if kind_class is None:
            yield RowError(number, "kind_refused", business_type[:80])
            continue
        status_text = normalize(get(record, "status")).replace(" ", "")
        if not status_text:
            yield RowError(number, "no_status")
            continue
        status = STATUSES.get(status_text)
        if status is None:
            yield RowError(number, "unknown_status", status_text[:40])
            continue
        address = values["address"]
        if not address:
            yield RowError(number, "no_address")
            continue
        too_long = next((field for field, limit in LIMITS.items() if len(values[field]) > limit), None)
        if too_long:
            header = next(key for key, field in COLUMNS.items() if field == too_long)
            yield RowError(number, "too_long", header)
            continue
        kind, institution_class = kind_class
        # Display values are kept as the file writes them (NFKC, spaces collapsed); the
        # comparison keys are the same text (decision 0020: no case folding, no abbreviations).
        yield Row(
            number=number,
            kind=kind,
            institution_class=institution_class,
            business_type=business_type,
            name=name,
            normalized_name=name,
            representative=values["representative"],
            province=values["province"],
            district=values["district"],
            address=address,
            normalized_address=address,
            address_detail=values["address_detail"],
            status=status,
            identity=identity_of(kind, name, address),
        )
