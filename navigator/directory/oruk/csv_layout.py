"""Navigator's CSV layout of the directory, one service a row: written for a spreadsheet
(formulas made inert) and read back into the importer's plain records."""

import csv
import io
import re
from collections.abc import Iterable, Iterator

from navigator.core.spreadsheets import inert, restore
from navigator.directory.models import (
    Schedule,
    Service,
)
from navigator.directory.oruk.export import DEFAULT_TAXONOMY
from navigator.directory.oruk.parse import (
    WEEKDAY_NAMES,
    Problems,
    Record,
    RecordError,
    _age,
    _amount,
    _bool,
    _date,
    _extension,
    _float,
    _postcode,
    _status,
    _text,
    parse_time,
    record_id,
    weekday_of,
)

# The CSV layout, one service a row. Schedules: "Tuesday 10:00-12:00 every week; Thursday
# 18:00-19:30"; categories, languages (of the service and of its contact's phone) and service
# areas by name: "Physical activity; Mental wellbeing"; yes/no columns take yes/no, true/false
# or 1/0. The contact is the service's first, with its phone's extension and type.
CSV_COLUMNS = [
    "id",
    "name",
    "organisation_id",
    "organisation_name",
    "description",
    "keywords",
    "url",
    "email",
    "status",
    "minimum_age",
    "maximum_age",
    "eligibility_description",
    "is_free",
    "cost_amount",
    "cost_description",
    "takes_direct_referrals",
    "how_to_refer",
    "capacity_note",
    "is_social_prescribing_service",
    "last_checked",
    "paused",
    "location_name",
    "address",
    "city",
    "postcode",
    "latitude",
    "longitude",
    "accessibility",
    "schedules",
    "categories",
    "contact_name",
    "contact_phone",
    "contact_phone_extension",
    "contact_phone_type",
    "contact_phone_languages",
    "contact_email",
    "languages",
    "service_areas",
]


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def service_to_csv_row(service: Service) -> dict[str, str]:
    links = list(service.service_at_locations.all())
    location = links[0].location if links else None
    contacts = list(service.contacts.all())
    contact = contacts[0] if contacts else None
    latitude, longitude = location.given_coordinates if location else (None, None)
    return {
        "id": str(service.id),
        "name": service.name,
        "organisation_id": str(service.organisation.id),
        "organisation_name": service.organisation.name,
        "description": service.description,
        "keywords": service.keywords,
        "url": service.url,
        "email": service.email,
        "status": service.status,
        "minimum_age": "" if service.minimum_age is None else str(service.minimum_age),
        "maximum_age": "" if service.maximum_age is None else str(service.maximum_age),
        "eligibility_description": service.eligibility_description,
        "is_free": _yes(service.is_free),
        "cost_amount": "" if service.cost_amount is None else str(service.cost_amount),
        "cost_description": service.cost_description,
        "takes_direct_referrals": _yes(service.takes_direct_referrals),
        "how_to_refer": service.how_to_refer,
        "capacity_note": service.capacity_note,
        "is_social_prescribing_service": _yes(service.is_social_prescribing_service),
        "last_checked": service.last_checked.isoformat() if service.last_checked else "",
        "paused": _yes(service.paused),
        "location_name": location.name if location else "",
        "address": location.address_1 if location else "",
        "city": location.city if location else "",
        "postcode": location.postcode if location else "",
        "latitude": "" if latitude is None else str(latitude),
        "longitude": "" if longitude is None else str(longitude),
        "accessibility": location.accessibility if location else "",
        "schedules": "; ".join(_schedule_text(schedule) for schedule in service.schedules.all()),
        "categories": "; ".join(term.name for term in service.categories.all()),
        "contact_name": contact.name if contact else "",
        "contact_phone": contact.phone if contact else "",
        "contact_phone_extension": str(contact.phone_extension or "") if contact else "",
        "contact_phone_type": contact.phone_type if contact else "",
        "contact_phone_languages": "; ".join(
            language.get("name", "") for language in contact.phone_languages
        )
        if contact
        else "",
        "contact_email": contact.email if contact else "",
        "languages": "; ".join(language.name for language in service.languages.all()),
        "service_areas": "; ".join(area.name for area in service.service_areas.all()),
    }


def _schedule_text(schedule: Schedule) -> str:
    parts = []
    if schedule.weekday is not None:
        parts.append(WEEKDAY_NAMES[schedule.weekday].capitalize())
    if schedule.opens_at:
        times = schedule.opens_at.strftime("%H:%M")
        if schedule.closes_at:
            times += "-" + schedule.closes_at.strftime("%H:%M")
        parts.append(times)
    if schedule.frequency:
        parts.append(schedule.frequency)
    return " ".join(parts)


# Exported text that a spreadsheet would run as a formula is made inert, and the importer
# restores it; numbers (a negative longitude) are left as they are.
NUMERIC_COLUMNS = {"minimum_age", "maximum_age", "cost_amount", "latitude", "longitude"}


def _cell(column: str, value: str) -> object:
    return value if column in NUMERIC_COLUMNS else inert(value)


def write_csv(services: Iterable[Service]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for service in services:
        row = service_to_csv_row(service)
        writer.writerow({column: _cell(column, value) for column, value in row.items()})
    return out.getvalue()


SCHEDULE_TEXT = re.compile(
    r"^\s*(?P<day>[a-z]+)?\s*(?:(?P<opens>\d{1,2}[:.]\d{2})\s*(?:-|to|–)\s*"
    r"(?P<closes>\d{1,2}[:.]\d{2})|(?P<at>\d{1,2}[:.]\d{2}))?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)


def _schedules_from_text(value: str) -> list[Record]:
    schedules = []
    for piece in filter(None, (part.strip() for part in (value or "").split(";"))):
        match = SCHEDULE_TEXT.match(piece)
        day_word = (match["day"] or "") if match else ""
        weekday = weekday_of(day_word) if len(day_word) >= 3 else None
        if match is None or (day_word and weekday is None):
            raise RecordError(f"The schedule “{piece}” does not start with a day of the week")
        schedules.append(
            {
                "weekday": weekday,
                "opens_at": parse_time(match["opens"] or match["at"]),
                "closes_at": parse_time(match["closes"]),
                "id": None,
                "frequency": _text(match["rest"], 200),
                "rrule": "",
            }
        )
    return schedules


def _names(value: str) -> list[str]:
    """ "Welsh; English" as ["Welsh", "English"]."""
    return [part.strip() for part in value.split(";") if part.strip()]


def record_from_csv(row: dict[str, str]) -> Record:
    """A plain record from one CSV row; RecordError names every problem it has. A row without
    an id has the id None: the importer then matches it on its name and organisation."""

    def get(column: str) -> str:
        return (row.get(column) or "").strip()

    problems = Problems()
    if not get("name"):
        problems.found.append("No name")
    if not get("organisation_name") and not get("organisation_id"):
        problems.found.append("No organisation")
    location: Record | None = None
    if any(get(c) for c in ("address", "postcode", "latitude", "location_name")):
        location = {
            "id": None,
            "link_id": None,
            "name": get("location_name")[:200],
            "address_1": get("address")[:200],
            "city": get("city")[:100],
            "postcode": problems.check(_postcode, get("postcode"), default=""),
            "latitude": problems.check(_float, get("latitude"), "latitude", -90, 90),
            "longitude": problems.check(_float, get("longitude"), "longitude", -180, 180),
            "accessibility": get("accessibility"),
        }
    contact: Record = {
        "id": None,
        "name": get("contact_name")[:200],
        "title": "",
        "phone": get("contact_phone")[:30],
        "phone_extension": problems.check(_extension, get("contact_phone_extension")),
        "phone_type": get("contact_phone_type")[:20],
        "phone_languages": [
            {"name": name[:100]} for name in _names(get("contact_phone_languages"))
        ],
        "email": get("contact_email")[:254],
    }
    is_free = _bool(get("is_free"))
    record: Record = {
        "id": problems.check(record_id, get("id"), "service", required=False),
        "name": get("name")[:200],
        "description": get("description"),
        "keywords": get("keywords")[:500],
        "url": get("url")[:200],
        "email": get("email")[:254],
        "status": problems.check(_status, get("status")),
        "minimum_age": problems.check(_age, get("minimum_age")),
        "maximum_age": problems.check(_age, get("maximum_age")),
        "eligibility_description": get("eligibility_description"),
        "is_free": is_free,
        "cost_amount": None if is_free else problems.check(_amount, get("cost_amount")),
        "cost_description": "" if is_free else get("cost_description")[:300],
        "takes_direct_referrals": _bool(get("takes_direct_referrals"), True),
        "how_to_refer": get("how_to_refer"),
        "capacity_note": get("capacity_note")[:300],
        "is_social_prescribing_service": _bool(get("is_social_prescribing_service")),
        "paused": _bool(get("paused")),
        "last_checked": problems.check(_date, get("last_checked")),
        "organisation": {
            "id": problems.check(record_id, get("organisation_id"), "organisation", required=False),
            "name": get("organisation_name")[:200],
            "description": "",
            "website": "",
            "email": "",
            "contacts": [],
        },
        "locations": [location] if location else [],
        "schedules": problems.check(_schedules_from_text, get("schedules"), default=[]),
        "categories": [
            {
                "id": None,
                "code": "",
                "name": name[:200],
                "description": "",
                "taxonomy": DEFAULT_TAXONOMY,
                "taxonomy_id": None,
            }
            for name in _names(get("categories"))
        ],
        "contacts": [contact] if any(contact.values()) else [],
        "languages": [
            {"id": None, "name": name[:100], "code": "", "note": ""}
            for name in _names(get("languages"))
        ],
        "service_areas": [
            {
                "id": None,
                "name": name[:200],
                "description": "",
                "extent": "",
                "extent_type": "",
                "uri": "",
            }
            for name in _names(get("service_areas"))
        ],
        "not_kept": [],
    }
    problems.raise_any()
    return record


def csv_rows(text: str) -> Iterator[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "name" not in [
        (name or "").strip().lower() for name in reader.fieldnames
    ]:
        raise RecordError("The CSV file has no “name” column. See the column layout on the page")
    for row in reader:
        yield {(key or "").strip().lower(): restore(value or "") for key, value in row.items()}
