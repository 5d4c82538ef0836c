"""Reading a cohort CSV file into rows, with a report on every line that could not be used.

Pure functions: no database access. `services.upload_cohort` gives `parse_cohort_file` the keys
of people already on an open call list (fetched once), so checking 10,000 rows costs no
queries per row.
"""

import codecs
import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from navigator.core.validators import normalise_nhs_number, normalise_phone_number

# The column headings accepted. Case, spaces and hyphens do not matter: "Date of birth",
# "date-of-birth" and "DATE_OF_BIRTH" are the same heading.
NAME_COLUMNS = ("given_name", "family_name")
REQUIRED_COLUMNS = ("date_of_birth", "nhs_number", "phone")
OPTIONAL_COLUMNS = ("reason",)
ACCEPTED_COLUMNS = ("name", *NAME_COLUMNS, *REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
MAX_NAME_LENGTH = 100
MAX_REASON_LENGTH = 200
DATE_FORMATS = (
    (re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})"), ("day", "month", "year")),
    (re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"), ("year", "month", "day")),
)


class FileRefused(ValueError):
    """The file as a whole cannot be read; nothing in it was imported."""


@dataclass
class GoodRow:
    line: int
    given_name: str
    family_name: str
    date_of_birth: datetime.date
    nhs_number: str
    phone: str
    reason: str


@dataclass
class ParsedFile:
    rows: list[GoodRow] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)  # {"line", "reasons"}
    notes: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    rows_read: int = 0

    def report(self) -> dict[str, Any]:
        return {
            "rows_read": self.rows_read,
            "imported": len(self.rows),
            "problems": self.problems,
            "notes": self.notes,
            "unknown_columns": self.unknown_columns,
        }


def heading_key(heading: str) -> str:
    return re.sub(r"[\s\-]+", "_", heading.strip().lower())


def decode(content: bytes) -> tuple[str, list[str]]:
    """The file's text and notes about its encoding; FileRefused unless it is UTF-8."""
    notes = []
    if not content.strip():
        raise FileRefused("The file is empty. Choose a CSV file with a row of column headings")
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileRefused(
            "The file is in UTF-16, not UTF-8. Save it as “CSV UTF-8” and upload it again"
        )
    if content.startswith(b"PK\x03\x04"):
        raise FileRefused(
            "The file is a spreadsheet (such as .xlsx), not a CSV file. Save it as "
            "“CSV UTF-8” and upload that"
        )
    if b"\x00" in content:
        line = content[: content.index(b"\x00")].count(b"\n") + 1
        raise FileRefused(
            f"The file could not be read as CSV: line {line} has a NUL character, so it is "
            "not a text file. Save it as “CSV UTF-8” and upload it again"
        )
    if content.startswith(codecs.BOM_UTF8):
        content = content[len(codecs.BOM_UTF8) :]
        notes.append(
            "The file started with a byte order mark (BOM), as Excel saves “CSV UTF-8” "
            "files. It was removed and the file read as UTF-8"
        )
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise FileRefused(
            f"The file is not UTF-8 text: line {line} has a character that is not UTF-8 "
            "(it may have been saved as Windows or Latin-1 text). Save it as “CSV UTF-8” "
            "and upload it again"
        ) from error
    if not text.strip():
        raise FileRefused("The file is empty. Choose a CSV file with a row of column headings")
    return text, notes


def parse_date(value: str) -> tuple[datetime.date | None, str | None]:
    value = value.strip()
    if not value:
        return None, "No date of birth"
    for pattern, order in DATE_FORMATS:
        match = pattern.fullmatch(value)
        if match:
            parts = dict(zip(order, (int(part) for part in match.groups()), strict=True))
            try:
                date = datetime.date(parts["year"], parts["month"], parts["day"])
            except ValueError:
                return None, f"Impossible date of birth “{value}”: there is no such date"
            if date > timezone.localdate():
                return None, f"Impossible date of birth “{value}”: it is in the future"
            if date.year < 1900:
                return None, f"Impossible date of birth “{value}”: it is before 1900"
            return date, None
    return None, (
        f"Impossible date of birth “{value}”: write dates as DD/MM/YYYY or YYYY-MM-DD, "
        "like 27/03/1958"
    )


def _headings(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Where each accepted column is, and the headings not accepted; refuses bad headings."""
    positions: dict[str, int] = {}
    unknown = []
    for index, heading in enumerate(header):
        key = heading_key(heading)
        if key in ACCEPTED_COLUMNS:
            if key in positions:
                raise FileRefused(f"The column “{heading.strip()}” appears more than once")
            positions[key] = index
        else:
            unknown.append(heading.strip() or f"(column {index + 1} has no heading)")
    missing = [name for name in REQUIRED_COLUMNS if name not in positions]
    has_names = all(name in positions for name in NAME_COLUMNS)
    if not has_names and "name" not in positions:
        missing.insert(0, "name (or given_name and family_name)")
    if missing:
        message = f"The file has no {', '.join(missing)} column"
        if len(missing) > 1:
            message = f"The file has none of these columns: {', '.join(missing)}"
        if unknown:
            message += f". Columns not recognised: {', '.join(unknown)}"
        raise FileRefused(message + f". The accepted columns are {', '.join(ACCEPTED_COLUMNS)}")
    if has_names and "name" in positions:
        unknown.append(f"{header[positions.pop('name')].strip()} (given_name and family_name used)")
    return positions, unknown


def _split_name(value: str) -> tuple[str, str]:
    words = value.split()
    if len(words) < 2:
        return "", ""
    return " ".join(words[:-1]), words[-1]


def parse_cohort_file(
    content: bytes,
    *,
    default_reason: str,
    listed_nhs_numbers: dict[str, str],
    listed_names: dict[tuple[str, str, datetime.date], str],
) -> ParsedFile:
    """Read `content` row by row. `listed_*` map the NHS numbers and (first name, last name,
    date of birth) keys of people already on an open call list to the cohort they are in."""
    text, notes = decode(content)
    parsed = ParsedFile(notes=notes)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(reader, None)
        if header is None:
            raise FileRefused("The file is empty. Choose a CSV file with a row of column headings")
        positions, parsed.unknown_columns = _headings(header)
        seen_numbers: dict[str, int] = {}
        seen_names: dict[tuple[str, str, datetime.date], int] = {}
        blank_lines = 0
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                blank_lines += 1
                continue
            parsed.rows_read += 1
            line = reader.line_num
            row, reasons = _check_row(cells, positions, len(header), default_reason)
            if row is not None:
                row.line = line
                name_key = (row.given_name.lower(), row.family_name.lower(), row.date_of_birth)
                if row.nhs_number in seen_numbers:
                    reasons.append(
                        f"Duplicate row: the same NHS number as line {seen_numbers[row.nhs_number]}"
                    )
                elif name_key in seen_names:
                    reasons.append(
                        "Duplicate row: the same name and date of birth as line "
                        f"{seen_names[name_key]}"
                    )
                elif row.nhs_number in listed_nhs_numbers:
                    reasons.append(
                        "Duplicate: someone with this NHS number is already on the call list "
                        f"(cohort “{listed_nhs_numbers[row.nhs_number]}”)"
                    )
                elif name_key in listed_names:
                    reasons.append(
                        "Duplicate: someone with this name and date of birth is already on the "
                        f"call list (cohort “{listed_names[name_key]}”)"
                    )
                seen_numbers.setdefault(row.nhs_number, line)
                seen_names.setdefault(name_key, line)
            if reasons or row is None:  # (a row refused has its reasons)
                parsed.problems.append({"line": line, "reasons": reasons})
            else:
                parsed.rows.append(row)
    except csv.Error as error:
        raise FileRefused(
            f"The file could not be read as CSV at line {reader.line_num}: {error}"
        ) from error
    if parsed.rows_read == 0:
        raise FileRefused("The file has column headings but no rows of people")
    if blank_lines:
        parsed.notes.append(
            f"{blank_lines} blank line{'s' if blank_lines != 1 else ''} skipped (no values)"
        )
    return parsed


def _check_row(
    cells: list[str], positions: dict[str, int], width: int, default_reason: str
) -> tuple[GoodRow | None, list[str]]:
    """The row, or None, and every reason it cannot be imported."""
    reasons = []
    if len(cells) > width and any(cell.strip() for cell in cells[width:]):
        reasons.append(f"The row has {len(cells)} values but there are {width} column headings")

    def cell(name: str) -> str:
        index = positions.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    if "given_name" in positions:
        given_name, family_name = cell("given_name"), cell("family_name")
        if not given_name or not family_name:
            reasons.append("No first name" if not given_name else "No last name")
    else:
        given_name, family_name = _split_name(cell("name"))
        if not given_name:
            reasons.append(
                "No usable name: give a first and last name, like “Ada Okafor”"
                if cell("name")
                else "No name"
            )
    if max(len(given_name), len(family_name)) > MAX_NAME_LENGTH:
        reasons.append(f"Name is longer than {MAX_NAME_LENGTH} characters")

    date_of_birth, problem = parse_date(cell("date_of_birth"))
    if problem:
        reasons.append(problem)

    nhs_number = ""
    if not cell("nhs_number"):
        reasons.append("Bad NHS number: there is none")
    else:
        try:
            nhs_number = normalise_nhs_number(cell("nhs_number"))
        except ValidationError as error:
            reasons.append(f"Bad NHS number “{cell('nhs_number')}”: {error.messages[0]}")

    phone = ""
    if not cell("phone"):
        reasons.append("No usable phone number: there is none")
    else:
        try:
            phone = normalise_phone_number(cell("phone"))
        except ValidationError as error:
            reasons.append(f"No usable phone number “{cell('phone')}”: {error.messages[0]}")

    reason = cell("reason") or default_reason
    if len(reason) > MAX_REASON_LENGTH:
        reasons.append(f"Reason is longer than {MAX_REASON_LENGTH} characters")

    if reasons or date_of_birth is None:  # (a date of birth missing is one of the reasons)
        return None, reasons
    return (
        GoodRow(
            line=0,
            given_name=given_name,
            family_name=family_name,
            date_of_birth=date_of_birth,
            nhs_number=nhs_number,
            phone=phone,
            reason=reason,
        ),
        reasons,
    )
