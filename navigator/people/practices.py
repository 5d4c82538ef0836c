"""NHS Digital's GP practice file (epraccur.csv, from the Organisation Data Service) read into
rows to load, each bad row reported with its line number instead of stopping the load.

The file has no header. The columns Navigator reads (1-based, as NHS Digital numbers them):
1 Organisation Code, 2 Name, 5 to 9 Address lines 1 to 5, 10 Postcode, 11 Open Date, 12 Close Date
(both YYYYMMDD, or empty), 13 Status Code (A active, C closed, D dormant, P proposed),
15 Commissioner, 18 Contact Telephone Number. The others (national grouping, high level health
geography, sub-type, provider/purchaser dates, amended record indicator, provider/purchaser,
prescribing setting and the null columns) are ignored. The file has 27 columns; a 28th, added
by the deployment, may give the practice's generic secure e-mail address."""

import csv
import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from navigator.core.validators import normalise_postcode
from navigator.people.models import PracticeStatus

CODE, NAME = 0, 1
ADDRESS = slice(4, 9)
POSTCODE, OPENED, CLOSED, STATUS = 9, 10, 11, 12
COMMISSIONER, PHONE = 14, 17
EMAIL = 27  # the optional extra column
# Enough columns to reach the status code; the rest may be cut short.
REQUIRED_COLUMNS = STATUS + 1
ODS_CODE = re.compile(r"^[A-Z0-9]{3,10}$")


@dataclass
class PracticeRow:
    ods_code: str
    name: str
    address: str
    postcode: str
    phone: str
    status: str
    opened_on: datetime.date | None
    closed_on: datetime.date | None
    commissioner: str
    email: str


@dataclass
class Parsed:
    rows: list[PracticeRow] = field(default_factory=list)
    # (line number, what is wrong), in the file's order.
    problems: list[tuple[int, str]] = field(default_factory=list)


def secure_email_problem(address: str) -> str:
    """Why `address` may not receive patient details, or "" when it may: it must be an e-mail
    address on a secure domain (`NAVIGATOR_SECURE_EMAIL_DOMAINS`, NHSmail's nhs.net)."""
    try:
        validate_email(address)
    except ValidationError:
        return "Enter an e-mail address in the correct format, like name@nhs.net"
    domain = address.rsplit("@", 1)[1].lower()
    domains = settings.NAVIGATOR_SECURE_EMAIL_DOMAINS
    if domain not in domains:
        return f"Enter a secure e-mail address, ending in {' or '.join('@' + d for d in domains)}"
    return ""


def _date(value: str, column: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        raise ValueError(f"{column} must be a date written YYYYMMDD") from None


def _row(cells: list[str]) -> PracticeRow:
    if len(cells) < REQUIRED_COLUMNS:
        raise ValueError(
            f"has {len(cells)} columns; the practice file has at least {REQUIRED_COLUMNS}"
        )
    cell = [value.strip() for value in cells]
    code = cell[CODE].upper()
    if not ODS_CODE.match(code):
        raise ValueError("the organisation code must be 3 to 10 letters and digits")
    if not cell[NAME]:
        raise ValueError("the practice has no name")
    status = cell[STATUS].upper()
    if status not in PracticeStatus.values:
        raise ValueError("the status code must be A, C, D or P")
    email = cell[EMAIL] if len(cell) > EMAIL else ""
    if email and (problem := secure_email_problem(email)):
        raise ValueError(problem.replace("Enter", "the e-mail must be", 1))
    try:
        postcode = normalise_postcode(cell[POSTCODE]) if cell[POSTCODE] else ""
    except ValidationError:
        raise ValueError("the postcode is not a UK postcode") from None
    return PracticeRow(
        ods_code=code,
        name=cell[NAME][:200],
        address="\n".join(line.title() for line in cell[ADDRESS] if line),
        postcode=postcode,
        phone=cell[PHONE][:20] if len(cell) > PHONE else "",
        status=status,
        opened_on=_date(cell[OPENED], "the open date"),
        closed_on=_date(cell[CLOSED], "the close date"),
        commissioner=cell[COMMISSIONER][:10] if len(cell) > COMMISSIONER else "",
        email=email,
    )


def parse(lines: Iterable[str]) -> Parsed:
    """Every row of the file, or why it cannot be loaded. A code seen twice keeps its first
    row; the second is reported."""
    parsed = Parsed()
    seen: set[str] = set()
    for number, values in _numbered(lines):
        if not any(value.strip() for value in values):
            continue
        try:
            row = _row(values)
        except ValueError as problem:
            parsed.problems.append((number, str(problem)))
            continue
        if row.ods_code in seen:
            parsed.problems.append((number, f"{row.ods_code} is already on an earlier line"))
            continue
        seen.add(row.ods_code)
        parsed.rows.append(row)
    return parsed


def _numbered(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """Each row with the file line it starts on (a quoted value may hold a line break)."""
    reader = csv.reader(lines)
    start = 1
    for values in reader:
        yield start, values
        start = reader.line_num + 1
