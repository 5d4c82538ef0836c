"""Open Referral UK (HSDS 3.0) in and out: services as ORUK JSON, the paged list shape, and
the reading of ORUK feeds and of Navigator's CSV layout into plain records for the importer."""

import csv
import datetime
import io
import re
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet

from navigator.core.spreadsheets import inert, restore
from navigator.core.validators import normalise_postcode
from navigator.directory.models import RRULE_DAYS, Schedule, Service, ServiceStatus

# Navigator's own fields, which ORUK has no place for, travel under this key.
EXTENSION = "x_navigator"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
DEFAULT_TAXONOMY = "Navigator categories"

# The CSV layout, one service a row. Schedules: "Tuesday 10:00-12:00 every week; Thursday
# 18:00-19:30"; categories: "Physical activity; Mental wellbeing"; yes/no columns take
# yes/no, true/false or 1/0.
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
    "is_free",
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
    "contact_email",
]


class RecordError(Exception):
    """A record that cannot be imported; the message says why, for the report."""


# Out ----------------------------------------------------------------------------------------


def services_for_export() -> QuerySet[Service]:
    return Service.objects.select_related("organisation").prefetch_related(
        "schedules",
        "categories__taxonomy",
        "contacts",
        "service_at_locations__location",
    )


def _time(value: datetime.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def schedule_to_oruk(schedule: Schedule) -> dict[str, Any]:
    return {
        "id": str(schedule.id),
        "freq": "WEEKLY" if schedule.weekday is not None else None,
        "byday": RRULE_DAYS[schedule.weekday] if schedule.weekday is not None else None,
        "opens_at": _time(schedule.opens_at),
        "closes_at": _time(schedule.closes_at),
        "description": schedule.frequency or str(schedule),
        "rrule": schedule.as_rrule() or None,
    }


def service_to_oruk(service: Service) -> dict[str, Any]:
    """A service as ORUK JSON, with its organisation, locations, schedules and categories."""
    organisation = service.organisation
    return {
        "id": str(service.id),
        "name": service.name,
        "description": service.description,
        "url": service.url or None,
        "email": service.email or None,
        "status": service.status,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "assured_date": service.last_checked.isoformat() if service.last_checked else None,
        "organization": {
            "id": str(organisation.id),
            "name": organisation.name,
            "description": organisation.description,
            "website": organisation.website or None,
            "email": organisation.email or None,
        },
        "cost_options": [
            {"option": "Free", "amount": 0}
            if service.is_free
            else {"option": service.cost_description or "Ask about cost", "amount": None}
        ],
        "schedules": [schedule_to_oruk(schedule) for schedule in service.schedules.all()],
        "service_at_locations": [
            {
                "id": str(link.id),
                "location": {
                    "id": str(link.location.id),
                    "name": link.location.name,
                    "latitude": link.location.latitude,
                    "longitude": link.location.longitude,
                    "accessibility": (
                        [{"description": link.location.accessibility}]
                        if link.location.accessibility
                        else []
                    ),
                    "address": [
                        {
                            "address_1": link.location.address_1,
                            "city": link.location.city,
                            "postal_code": link.location.postcode,
                            "country": "GB",
                        }
                    ],
                },
            }
            for link in service.service_at_locations.all()
        ],
        "attributes": [
            {
                "taxonomy_term": {
                    "id": str(term.id),
                    "code": term.code,
                    "name": term.name,
                    "taxonomy": {"id": str(term.taxonomy.id), "name": term.taxonomy.name},
                }
            }
            for term in service.categories.all()
        ],
        "contacts": [
            {
                "id": str(contact.id),
                "name": contact.name,
                "title": contact.title,
                "email": contact.email or None,
                "phones": [{"number": contact.phone}] if contact.phone else [],
            }
            for contact in service.contacts.all()
        ],
        EXTENSION: {
            "keywords": service.keywords,
            "takes_direct_referrals": service.takes_direct_referrals,
            "how_to_refer": service.how_to_refer,
            "capacity_note": service.capacity_note,
            "is_social_prescribing_service": service.is_social_prescribing_service,
            "paused": service.paused,
        },
    }


def _positive_int(value: str | None, default: int, ceiling: int) -> int:
    try:
        number = int(value or default)
    except ValueError:
        return default
    return max(1, min(number, ceiling))


def paged(services: QuerySet[Service], *, page: str | None, per_page: str | None) -> dict[str, Any]:
    """ORUK's paged list: total_items, total_pages, page_number, size, first_page,
    last_page, empty, contents."""
    size = _positive_int(per_page, DEFAULT_PER_PAGE, MAX_PER_PAGE)
    paginator = Paginator(services, size)
    number = _positive_int(page, 1, max(paginator.num_pages, 1))
    current = paginator.page(number)
    contents = [service_to_oruk(service) for service in current.object_list]
    return {
        "total_items": paginator.count,
        "total_pages": paginator.num_pages if paginator.count else 0,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number >= paginator.num_pages,
        "empty": not contents,
        "contents": contents,
    }


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def service_to_csv_row(service: Service) -> dict[str, str]:
    links = list(service.service_at_locations.all())
    location = links[0].location if links else None
    contacts = list(service.contacts.all())
    contact = contacts[0] if contacts else None
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
        "is_free": _yes(service.is_free),
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
        "latitude": "" if not location or location.latitude is None else str(location.latitude),
        "longitude": "" if not location or location.longitude is None else str(location.longitude),
        "accessibility": location.accessibility if location else "",
        "schedules": "; ".join(_schedule_text(schedule) for schedule in service.schedules.all()),
        "categories": "; ".join(term.name for term in service.categories.all()),
        "contact_name": contact.name if contact else "",
        "contact_phone": contact.phone if contact else "",
        "contact_email": contact.email if contact else "",
    }


WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


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
NUMERIC_COLUMNS = {"minimum_age", "maximum_age", "latitude", "longitude"}


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


# In -----------------------------------------------------------------------------------------


def _uuid(value: Any, what: str, *, required: bool) -> uuid.UUID | None:
    if value in (None, ""):
        if required:
            raise RecordError(f"No {what} id")
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError as error:
        raise RecordError(f"The {what} id “{value}” is not a uuid") from error


def _text(value: Any, limit: int | None = None) -> str:
    text = "" if value is None else str(value).strip()
    return text[:limit] if limit else text


def _age(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        age = int(value)
    except (TypeError, ValueError) as error:
        raise RecordError(f"The age “{value}” is not a whole number") from error
    if not 0 <= age <= 130:
        raise RecordError(f"The age {age} is not between 0 and 130")
    return age


def _status(value: Any) -> str:
    status = _text(value).lower() or ServiceStatus.ACTIVE
    if status not in ServiceStatus.values:
        raise RecordError(
            f"Unknown status “{value}” (expected active, inactive, defunct or temporarily closed)"
        )
    return status


def _date(value: Any) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError as error:
        raise RecordError(f"The date “{value}” is not a date like 2026-03-27") from error


def _postcode(value: Any) -> str:
    if not value:
        return ""
    try:
        return normalise_postcode(str(value))
    except ValidationError as error:
        raise RecordError(f"The postcode “{value}” is not a real UK postcode") from error


def _float(value: Any, what: str, low: float, high: float) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError) as error:
        raise RecordError(f"The {what} “{value}” is not a number") from error
    if not low <= number <= high:
        raise RecordError(f"The {what} {number} is out of range")
    return number


def _parse_time(value: Any) -> datetime.time | None:
    if not value:
        return None
    text = str(value).strip()
    match = re.fullmatch(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])(?::[0-5][0-9])?(?:Z|[+-].*)?", text)
    if not match:
        raise RecordError(f"The time “{value}” is not a time like 10:00")
    return datetime.time(int(match[1]), int(match[2]))


def _bool(value: Any, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"yes", "y", "true", "1"}


def _rrule_parts(rrule: str) -> dict[str, str]:
    parts = {}
    for piece in rrule.removeprefix("RRULE:").split(";"):
        if "=" in piece:
            key, value = piece.split("=", 1)
            parts[key.upper()] = value
    return parts


def _schedules_from_oruk(items: list[dict]) -> list[dict]:
    schedules = []
    for item in items or []:
        rrule = _text(item.get("rrule"), 300)
        parts = _rrule_parts(rrule) if rrule else {}
        byday = _text(item.get("byday") or parts.get("BYDAY", ""))
        if not rrule and (item.get("freq") or byday):
            pieces = [f"FREQ={_text(item.get('freq')) or 'WEEKLY'}"]
            if item.get("interval"):
                pieces.append(f"INTERVAL={item['interval']}")
            if byday:
                pieces.append(f"BYDAY={byday}")
            rrule = ";".join(pieces)
        days = []
        for code in filter(None, (code.strip()[-2:].upper() for code in byday.split(","))):
            if code not in RRULE_DAYS:
                raise RecordError(f"The day “{code}” is not a day of the week")
            days.append(RRULE_DAYS.index(code))
        common = {
            "opens_at": _parse_time(item.get("opens_at")),
            "closes_at": _parse_time(item.get("closes_at")),
            "frequency": _text(item.get("description") or item.get("notes"), 200),
            "rrule": rrule,
        }
        schedules.extend({"weekday": day, **common} for day in days or [None])
    return schedules


def _location_from_oruk(raw: dict) -> dict:
    addresses = raw.get("address") or raw.get("physical_addresses") or []
    if isinstance(addresses, dict):
        addresses = [addresses]
    address = addresses[0] if addresses else {}
    accessibility = raw.get("accessibility") or raw.get("accessibility_for_disabilities") or []
    if isinstance(accessibility, str):
        notes = accessibility
    else:
        notes = "; ".join(
            _text(entry.get("description") or entry.get("accessibility"))
            for entry in accessibility
            if isinstance(entry, dict)
        )
    return {
        "id": _uuid(raw.get("id"), "location", required=False),
        "name": _text(raw.get("name"), 200),
        "address_1": _text(address.get("address_1"), 200),
        "city": _text(address.get("city"), 100),
        "postcode": _postcode(address.get("postal_code") or raw.get("postcode")),
        "latitude": _float(raw.get("latitude"), "latitude", -90, 90),
        "longitude": _float(raw.get("longitude"), "longitude", -180, 180),
        "accessibility": notes,
    }


def _categories_from_oruk(raw: dict) -> list[dict]:
    terms = []
    for attribute in raw.get("attributes") or []:
        term = attribute.get("taxonomy_term") or {}
        if term.get("name"):
            terms.append(term)
    for link in raw.get("taxonomies") or raw.get("service_taxonomys") or []:
        term = link.get("taxonomy") if "taxonomy" in link and "name" not in link else link
        if term and term.get("name"):
            terms.append(term)
    return [
        {
            "id": _uuid(term.get("id"), "category", required=False),
            "code": _text(term.get("code"), 100),
            "name": _text(term.get("name"), 200),
            "taxonomy": _text(
                (term.get("taxonomy") or {}).get("name")
                if isinstance(term.get("taxonomy"), dict)
                else term.get("vocabulary") or DEFAULT_TAXONOMY,
                200,
            )
            or DEFAULT_TAXONOMY,
        }
        for term in terms
    ]


def _cost_from_oruk(raw: dict) -> tuple[bool, str]:
    options = raw.get("cost_options") or []
    for option in options:
        amount = option.get("amount")
        if amount in (0, "0", 0.0) or _text(option.get("option")).lower() == "free":
            return True, ""
    if options:
        first = options[0]
        text = _text(first.get("amount_description") or first.get("option"))
        if first.get("amount") not in (None, ""):
            text = f"£{first['amount']} {text}".strip()
        return False, text[:300]
    fees = _text(raw.get("fees") or raw.get("fees_description"))
    return (fees.lower() == "free", "" if fees.lower() == "free" else fees[:300])


def record_from_oruk(raw: Any) -> dict:
    """A plain record from one ORUK service; RecordError says why it cannot be used."""
    if not isinstance(raw, dict):
        raise RecordError("Not a service object")
    name = _text(raw.get("name"), 200)
    if not name:
        raise RecordError("No name")
    organisation = raw.get("organization") or raw.get("organisation") or {}
    if not organisation.get("name") and not organisation.get("id"):
        raise RecordError("No organisation")
    extra = raw.get(EXTENSION) or {}
    is_free, cost = _cost_from_oruk(raw)
    contacts = []
    for contact in raw.get("contacts") or []:
        phones = contact.get("phones") or []
        contacts.append(
            {
                "name": _text(contact.get("name"), 200),
                "title": _text(contact.get("title"), 200),
                "email": _text(contact.get("email"), 254),
                "phone": _text(phones[0].get("number") if phones else "", 30),
            }
        )
    return {
        "id": _uuid(raw.get("id"), "service", required=True),
        "name": name,
        "description": _text(raw.get("description")),
        "keywords": _text(extra.get("keywords"), 500),
        "url": _text(raw.get("url"), 200),
        "email": _text(raw.get("email"), 254),
        "status": _status(raw.get("status")),
        "minimum_age": _age(raw.get("minimum_age")),
        "maximum_age": _age(raw.get("maximum_age")),
        "is_free": is_free,
        "cost_description": cost,
        "takes_direct_referrals": _bool(extra.get("takes_direct_referrals"), True),
        "how_to_refer": _text(extra.get("how_to_refer")),
        "capacity_note": _text(extra.get("capacity_note"), 300),
        "is_social_prescribing_service": _bool(extra.get("is_social_prescribing_service")),
        "paused": _bool(extra.get("paused")),
        "last_checked": _date(raw.get("assured_date")),
        "organisation": {
            "id": _uuid(organisation.get("id"), "organisation", required=False),
            "name": _text(organisation.get("name"), 200),
            "description": _text(organisation.get("description")),
            "website": _text(organisation.get("website") or organisation.get("url"), 200),
            "email": _text(organisation.get("email"), 254),
        },
        "locations": [
            _location_from_oruk(link.get("location") or {})
            for link in raw.get("service_at_locations") or []
            if link.get("location")
        ],
        "schedules": _schedules_from_oruk(raw.get("schedules") or raw.get("regular_schedules")),
        "categories": _categories_from_oruk(raw),
        "contacts": contacts,
    }


def oruk_services(document: Any) -> list:
    """The services of an ORUK document: a paged object with `contents`, or a list."""
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        if isinstance(document.get("contents"), list):
            return document["contents"]
        if "name" in document and "id" in document:
            return [document]
    raise RecordError(
        "The file is not ORUK JSON: expected a list of services or a page with “contents”"
    )


SCHEDULE_TEXT = re.compile(
    r"^\s*(?P<day>[a-z]+)?\s*(?:(?P<opens>\d{1,2}[:.]\d{2})\s*(?:-|to|–)\s*"
    r"(?P<closes>\d{1,2}[:.]\d{2})|(?P<at>\d{1,2}[:.]\d{2}))?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)


def _schedules_from_text(value: str) -> list[dict]:
    schedules = []
    for piece in filter(None, (part.strip() for part in (value or "").split(";"))):
        match = SCHEDULE_TEXT.match(piece)
        day_word = (match["day"] or "").lower() if match else ""
        weekday = (
            next(
                (index for index, name in enumerate(WEEKDAY_NAMES) if name.startswith(day_word)),
                None,
            )
            if len(day_word) >= 3
            else None
        )
        if match is None or (day_word and weekday is None):
            raise RecordError(f"The schedule “{piece}” does not start with a day of the week")
        schedules.append(
            {
                "weekday": weekday,
                "opens_at": _parse_time(match["opens"] or match["at"]),
                "closes_at": _parse_time(match["closes"]),
                "frequency": _text(match["rest"], 200),
                "rrule": "",
            }
        )
    return schedules


def record_from_csv(row: dict[str, str]) -> dict:
    def get(column: str) -> str:
        return (row.get(column) or "").strip()

    if not get("name"):
        raise RecordError("No name")
    if not get("organisation_name") and not get("organisation_id"):
        raise RecordError("No organisation")
    location = None
    if any(get(c) for c in ("address", "postcode", "latitude", "location_name")):
        location = {
            "id": None,
            "name": get("location_name")[:200],
            "address_1": get("address")[:200],
            "city": get("city")[:100],
            "postcode": _postcode(get("postcode")),
            "latitude": _float(get("latitude"), "latitude", -90, 90),
            "longitude": _float(get("longitude"), "longitude", -180, 180),
            "accessibility": get("accessibility"),
        }
    contact = {
        "name": get("contact_name")[:200],
        "title": "",
        "phone": get("contact_phone")[:30],
        "email": get("contact_email")[:254],
    }
    return {
        "id": _uuid(get("id"), "service", required=False) or uuid.uuid4(),
        "name": get("name")[:200],
        "description": get("description"),
        "keywords": get("keywords")[:500],
        "url": get("url")[:200],
        "email": get("email")[:254],
        "status": _status(get("status")),
        "minimum_age": _age(get("minimum_age")),
        "maximum_age": _age(get("maximum_age")),
        "is_free": _bool(get("is_free")),
        "cost_description": get("cost_description")[:300],
        "takes_direct_referrals": _bool(get("takes_direct_referrals"), True),
        "how_to_refer": get("how_to_refer"),
        "capacity_note": get("capacity_note")[:300],
        "is_social_prescribing_service": _bool(get("is_social_prescribing_service")),
        "paused": _bool(get("paused")),
        "last_checked": _date(get("last_checked")),
        "organisation": {
            "id": _uuid(get("organisation_id"), "organisation", required=False),
            "name": get("organisation_name")[:200],
            "description": "",
            "website": "",
            "email": "",
        },
        "locations": [location] if location else [],
        "schedules": _schedules_from_text(get("schedules")),
        "categories": [
            {"id": None, "code": "", "name": name[:200], "taxonomy": DEFAULT_TAXONOMY}
            for name in filter(None, (part.strip() for part in get("categories").split(";")))
        ],
        "contacts": [contact] if any(contact.values()) else [],
    }


def csv_rows(text: str) -> Iterator[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "name" not in [
        (name or "").strip().lower() for name in reader.fieldnames
    ]:
        raise RecordError("The CSV file has no “name” column. See the column layout on the page")
    for row in reader:
        yield {(key or "").strip().lower(): restore(value or "") for key, value in row.items()}
