"""Open Referral UK (HSDS 3.0) in and out: services as ORUK JSON, the paged list shape, and
the reading of ORUK feeds and of Navigator's CSV layout into plain records for the importer."""

import csv
import datetime
import io
import math
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.encoding import iri_to_uri

from navigator.core.spreadsheets import inert, restore
from navigator.core.validators import normalise_postcode
from navigator.directory.models import (
    RRULE_DAYS,
    Contact,
    DirectoryOrganisation,
    Language,
    Location,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)

# Navigator's own fields, which ORUK has no place for, travel under this key.
EXTENSION = "x_navigator"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 10**9
DEFAULT_TAXONOMY = "Navigator categories"
# The one-to-one fields of a location, for the /service_at_locations list.
LOCATION_SUMMARY = ("id", "location_type", "name", "description", "latitude", "longitude")
# The recurrences the profile's schedule.freq allows.
SCHEDULE_FREQUENCIES = ("WEEKLY", "MONTHLY")

# The CSV layout, one service a row. Schedules: "Tuesday 10:00-12:00 every week; Thursday
# 18:00-19:30"; categories, languages and service areas by name: "Physical activity; Mental
# wellbeing"; yes/no columns take
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
    "contact_email",
    "languages",
    "service_areas",
]


class RecordError(Exception):
    """A record that cannot be imported; the message says why, for the report."""


# Out ----------------------------------------------------------------------------------------


def services_for_export() -> QuerySet[Service]:
    return Service.objects.select_related("organisation").prefetch_related(
        "schedules",
        "categories__taxonomy",
        "contacts",
        "languages",
        "service_areas",
        "service_at_locations__location__contacts",
        "organisation__contacts",
    )


def derived_id(parent: uuid.UUID, part: str) -> str:
    """A stable uuid for what ORUK gives an id and Navigator keeps inside its parent row (a
    cost option, an address, a phone), so each export names it the same."""
    return str(uuid.uuid5(parent, part))


def present(**fields: Any) -> dict[str, Any]:
    """The fields that have a value: ORUK wants a key left out rather than null or empty."""
    return {key: value for key, value in fields.items() if value not in (None, "", [])}


def _time(value: datetime.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def _rrule_parts(rrule: str) -> dict[str, str]:
    parts = {}
    for piece in rrule.removeprefix("RRULE:").split(";"):
        if "=" in piece:
            key, value = piece.split("=", 1)
            parts[key.strip().upper()] = value.strip()
    return parts


def schedule_to_oruk(schedule: Schedule) -> dict[str, Any]:
    """HSDS's recurrence fields (freq, interval, byday, bymonthday) read from the rule."""
    parts = _rrule_parts(schedule.as_rrule())
    interval = parts.get("INTERVAL", "")
    return {"id": str(schedule.id)} | present(
        service_id=str(schedule.service_id),
        freq=parts.get("FREQ") if parts.get("FREQ") in SCHEDULE_FREQUENCIES else None,
        interval=int(interval) if interval.isdigit() else None,
        byday=parts.get("BYDAY"),
        bymonthday=parts.get("BYMONTHDAY"),
        opens_at=_time(schedule.opens_at),
        closes_at=_time(schedule.closes_at),
        description=schedule.frequency,
    )


def cost_options_to_oruk(service: Service) -> list[dict[str, Any]]:
    option_id = {"id": derived_id(service.id, "cost_option")}
    if service.is_free:
        return [option_id | {"option": "Free", "amount": 0}]
    if service.cost_amount is not None:
        amount = service.cost_amount
        number = int(amount) if amount == amount.to_integral_value() else float(amount)
        return [option_id | present(amount=number, amount_description=service.cost_description)]
    if service.cost_description:
        return [option_id | {"option": service.cost_description}]
    return []


def contact_to_oruk(contact: Contact, **holder: str) -> dict[str, Any]:
    """A contact with its phone (HSDS `contact` and `phone`); `holder`: the id of what it
    belongs to (service_id, organization_id or location_id)."""
    phone = {"id": derived_id(contact.id, "phone"), "number": contact.phone} | present(
        extension=contact.phone_extension,
        type=contact.phone_type,
        languages=[
            {"id": derived_id(contact.id, f"phone language {n}")} | present(**language)
            for n, language in enumerate(contact.phone_languages)
        ],
    )
    return (
        {"id": str(contact.id)}
        | holder
        | present(
            name=contact.name,
            title=contact.title,
            email=contact.email,
            phones=[phone] if contact.phone else [],
        )
    )


def location_to_oruk(location: Location, *, contacts: bool = True) -> dict[str, Any]:
    """A location; with its contacts unless `contacts` is False (a list's summary leaves them
    out, so its page reads none)."""
    addresses = []
    if location.address_1 or location.city or location.postcode:
        addresses.append(
            {
                "id": derived_id(location.id, "address"),
                "location_id": str(location.id),
                "address_1": location.address_1,
                "city": location.city,
                "state_province": "",
                "postal_code": location.postcode,
                "country": "GB",
                "address_type": "physical",
            }
        )
    accessibility = []
    if location.accessibility:
        accessibility.append(
            {
                "id": derived_id(location.id, "accessibility"),
                "location_id": str(location.id),
                "description": location.accessibility,
            }
        )
    return {"id": str(location.id), "location_type": "physical"} | present(
        name=location.name,
        latitude=location.latitude,
        longitude=location.longitude,
        addresses=addresses,
        accessibility=accessibility,
        contacts=[
            contact_to_oruk(contact, location_id=str(location.id))
            for contact in location.contacts.all()
        ]
        if contacts
        else [],
    )


def language_to_oruk(language: Language) -> dict[str, Any]:
    return {"id": str(language.id), "service_id": str(language.service_id)} | present(
        name=language.name, code=language.code, note=language.note
    )


def service_area_to_oruk(area: ServiceArea) -> dict[str, Any]:
    return {"id": str(area.id), "service_id": str(area.service_id)} | present(
        name=area.name,
        description=area.description,
        extent=area.extent,
        extent_type=area.extent_type,
        uri=area.uri,
    )


def taxonomy_term_to_oruk(term: TaxonomyTerm) -> dict[str, Any]:
    """A term as the profile has it: the taxonomy by name, with its id alongside."""
    return {
        "id": str(term.id),
        "name": term.name,
        "description": term.description,
        "taxonomy": term.taxonomy.name,
        "taxonomy_id": str(term.taxonomy_id),
    } | present(code=term.code)


def taxonomy_to_oruk(taxonomy: Taxonomy) -> dict[str, Any]:
    return {"id": str(taxonomy.id), "name": taxonomy.name, "description": taxonomy.description}


def organisation_to_oruk(
    organisation: DirectoryOrganisation, *, contacts: bool = False
) -> dict[str, Any]:
    """An organisation; with its contacts when `contacts` (a fully nested service)."""
    return {
        "id": str(organisation.id),
        "name": organisation.name,
        "description": organisation.description,
    } | present(
        website=iri_to_uri(organisation.website),
        email=organisation.email,
        contacts=[
            contact_to_oruk(contact, organization_id=str(organisation.id))
            for contact in organisation.contacts.all()
        ]
        if contacts
        else [],
    )


def service_summary_to_oruk(service: Service) -> dict[str, Any]:
    """The service's one-to-one fields and its organisation: an item of the paged lists."""
    return {"id": str(service.id), "name": service.name, "status": service.status} | present(
        organization_id=str(service.organisation_id),
        description=service.description,
        url=iri_to_uri(service.url),
        email=service.email,
        minimum_age=service.minimum_age,
        maximum_age=service.maximum_age,
        assured_date=service.last_checked.isoformat() if service.last_checked else None,
        organization=organisation_to_oruk(service.organisation),
    )


def service_to_oruk(service: Service) -> dict[str, Any]:
    """A service as ORUK JSON, fully nested: organisation, locations, schedules, categories."""
    return (
        service_summary_to_oruk(service)
        | present(eligibility_description=service.eligibility_description)
        | {
            "organization": organisation_to_oruk(service.organisation, contacts=True),
            "cost_options": cost_options_to_oruk(service),
            "languages": [language_to_oruk(language) for language in service.languages.all()],
            "service_areas": [service_area_to_oruk(area) for area in service.service_areas.all()],
            "schedules": [schedule_to_oruk(schedule) for schedule in service.schedules.all()],
            "service_at_locations": [
                {
                    "id": str(link.id),
                    "service_id": str(service.id),
                    "location_id": str(link.location_id),
                    "location": location_to_oruk(link.location),
                }
                for link in service.service_at_locations.all()
            ],
            "attributes": [
                {
                    "id": derived_id(service.id, f"attribute {term.id}"),
                    "link_id": str(service.id),
                    "link_type": "service",
                    "taxonomy_term_id": str(term.id),
                    "taxonomy_term": taxonomy_term_to_oruk(term),
                }
                for term in service.categories.all()
            ],
            "contacts": [
                contact_to_oruk(contact, service_id=str(service.id))
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
    )


def service_at_location_summary_to_oruk(link: ServiceAtLocation) -> dict[str, Any]:
    """An item of /service_at_locations: the link with its location's and service's own
    fields."""
    location = location_to_oruk(link.location, contacts=False)
    return {
        "id": str(link.id),
        "service_id": str(link.service_id),
        "location_id": str(link.location_id),
        "location": {key: value for key, value in location.items() if key in LOCATION_SUMMARY},
        "service": service_summary_to_oruk(link.service),
    }


def service_at_location_to_oruk(link: ServiceAtLocation) -> dict[str, Any]:
    """/service_at_locations/{id}: the link with its location and fully nested service. The
    profile's OpenAPI document gives this path the compiled *service* schema, which requires
    a name and a status: the service's are repeated at the top so it validates against both."""
    return {
        "id": str(link.id),
        "name": link.service.name,
        "status": link.service.status,
        "service_id": str(link.service_id),
        "location_id": str(link.location_id),
        "location": location_to_oruk(link.location),
        "service": service_to_oruk(link.service),
    }


def taxonomy_with_terms_to_oruk(taxonomy: Taxonomy) -> dict[str, Any]:
    terms = [taxonomy_term_to_oruk(term) for term in taxonomy.terms.all()]
    return taxonomy_to_oruk(taxonomy) | present(taxonomy_terms=terms)


def _positive_int(value: str | None, default: int, ceiling: int) -> int:
    try:
        number = int(value or default)
    except ValueError:
        return default
    return max(1, min(number, ceiling))


def paged(
    items: QuerySet, *, to_oruk: Callable[[Any], dict], page: str | None, per_page: str | None
) -> dict[str, Any]:
    """ORUK's paged list: total_items, total_pages, page_number, size, first_page, last_page,
    empty, contents. A page past the end is an empty page, as the profile's readers expect."""
    size = _positive_int(per_page, DEFAULT_PER_PAGE, MAX_PER_PAGE)
    number = _positive_int(page, 1, MAX_PAGE)
    total = items.count()
    start = (number - 1) * size
    contents = [to_oruk(item) for item in items[start : start + size]] if start < total else []
    total_pages = math.ceil(total / size)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number >= total_pages,
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
        "latitude": "" if not location or location.latitude is None else str(location.latitude),
        "longitude": "" if not location or location.longitude is None else str(location.longitude),
        "accessibility": location.accessibility if location else "",
        "schedules": "; ".join(_schedule_text(schedule) for schedule in service.schedules.all()),
        "categories": "; ".join(term.name for term in service.categories.all()),
        "contact_name": contact.name if contact else "",
        "contact_phone": contact.phone if contact else "",
        "contact_email": contact.email if contact else "",
        "languages": "; ".join(language.name for language in service.languages.all()),
        "service_areas": "; ".join(area.name for area in service.service_areas.all()),
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


# In -----------------------------------------------------------------------------------------


class Problems:
    """Every problem of one record, so a bad row is reported whole rather than its first
    fault only."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def check(
        self, parse: Callable[..., Any], *args: Any, default: Any = None, **kwargs: Any
    ) -> Any:
        try:
            return parse(*args, **kwargs)
        except RecordError as error:
            self.found.append(str(error))
            return default

    def raise_any(self) -> None:
        if self.found:
            raise RecordError("; ".join(self.found))


# Text ids (a spreadsheet's row number, a council's own reference) become this namespace's
# uuid5, so the same text id finds the same listing every time.
TEXT_ID_NAMESPACE = uuid.UUID("6f1d8a52-4c1e-5b7a-9d3e-2a7c0e9b4f10")


def record_id(value: Any, what: str, *, required: bool) -> uuid.UUID | None:
    """The uuid of an id: a uuid as it is, any other stable text by uuid5 of it."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        if value is None and not required:
            return None
        if value is None:
            raise RecordError(f"No {what} id")
        raise RecordError(f"The {what} id is a {type(value).__name__}, not text")
    text = str(value).strip()
    if not text:
        if required:
            raise RecordError(f"No {what} id")
        return None
    if len(text) > 200:
        raise RecordError(f"The {what} id is longer than 200 characters")
    try:
        return uuid.UUID(text)
    except ValueError:
        return uuid.uuid5(TEXT_ID_NAMESPACE, f"{what}:{text}")


def _text(value: Any, limit: int | None = None) -> str:
    if isinstance(value, dict | list):
        raise RecordError(
            f"Text expected, found {'an object' if isinstance(value, dict) else 'a list'}"
        )
    text = "" if value is None else str(value).strip()
    return text[:limit] if limit else text


def _age(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        age = int(float(value)) if not isinstance(value, bool) else None
    except (TypeError, ValueError) as error:
        raise RecordError(f"The age “{value}” is not a whole number") from error
    if age is None or not 0 <= age <= 130:
        raise RecordError(f"The age {value} is not between 0 and 130")
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


def _amount(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).strip().lstrip("£"))
    except (InvalidOperation, TypeError) as error:
        raise RecordError(f"The cost amount “{value}” is not a number") from error
    if not amount.is_finite() or not 0 <= amount < 1_000_000:
        raise RecordError(f"The cost amount {value} is out of range")
    return amount.quantize(Decimal("0.01"))


def weekday_of(value: str) -> int | None:
    """The weekday (0 Monday) of an RFC 5545 code (MO) or a day's name (Mon, monday)."""
    word = value.strip().lower()
    if word.upper() in RRULE_DAYS:
        return RRULE_DAYS.index(word.upper())
    if len(word) < 3:
        return None
    return next((n for n, name in enumerate(WEEKDAY_NAMES) if name.startswith(word)), None)


def parse_time(value: Any) -> datetime.time | None:
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


def _objects(raw: dict, *keys: str) -> list[dict]:
    """The first of `keys` holding a list (or one object) of objects."""
    for key in keys:
        value = raw.get(key)
        if value in (None, "", []):
            continue
        items = [value] if isinstance(value, dict) else value
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise RecordError(f"“{key}” is not a list of objects")
        return items
    return []


def _schedule_from_oruk(item: dict) -> list[dict]:
    """One HSDS schedule as one row per weekday, each with its own day in its rule (a
    schedule for Thursday and Friday is a Thursday row and a Friday row)."""
    parts = _rrule_parts(_text(item.get("rrule")))
    freq = _text(item.get("freq")).upper() or parts.get("FREQ", "")
    interval = _text(item.get("interval")) or parts.get("INTERVAL", "")
    if interval.endswith(".0"):
        interval = interval[:-2]
    byday = _text(item.get("byday")) or parts.get("BYDAY", "")
    bymonthday = _text(item.get("bymonthday")) or parts.get("BYMONTHDAY", "")
    days = []  # (weekday, the BYDAY entry: MO, or 1MO for the first Monday)
    for code in filter(None, (code.strip().upper() for code in byday.split(","))):
        if code[-2:] not in RRULE_DAYS:
            raise RecordError(f"The day “{code}” is not a day of the week")
        days.append((RRULE_DAYS.index(code[-2:]), code))
    common = {
        "opens_at": parse_time(item.get("opens_at")),
        "closes_at": parse_time(item.get("closes_at")),
        "frequency": _text(item.get("description") or item.get("notes"), 200),
    }
    schedule_id = record_id(item.get("id"), "schedule", required=False)
    rows = []
    for weekday, code in days or [(None, "")]:
        pieces = [f"FREQ={freq or 'WEEKLY'}"] if freq or code else []
        if interval and interval != "1":
            pieces.append(f"INTERVAL={interval}")
        if code:
            pieces.append(f"BYDAY={code}")
        if bymonthday:
            pieces.append(f"BYMONTHDAY={bymonthday}")
        rule = ";".join(pieces)
        plain = rule in ("", f"FREQ=WEEKLY;BYDAY={code}")
        the_id = schedule_id if schedule_id and not rows else None
        if schedule_id and rows:
            the_id = uuid.uuid5(schedule_id, code)
        rows.append(
            {"id": the_id, "weekday": weekday, **common, "rrule": "" if plain else rule[:300]}
        )
    return rows


def _location_from_oruk(link: dict) -> dict:
    """A service_at_location's location, with the link's own id."""
    raw = link["location"]
    addresses = _objects(raw, "addresses", "address", "physical_addresses")
    address = next(
        (a for a in addresses if _text(a.get("address_type")).lower() != "postal"),
        addresses[0] if addresses else {},
    )
    accessibility = raw.get("accessibility") or raw.get("accessibility_for_disabilities") or []
    if isinstance(accessibility, str):
        notes = accessibility
    else:
        notes = "; ".join(
            filter(
                None,
                (
                    _text(
                        entry.get("description")
                        or entry.get("details")
                        or entry.get("accessibility")
                    )
                    for entry in _objects({"a": accessibility}, "a")
                ),
            )
        )
    return {
        "id": record_id(raw.get("id"), "location", required=False),
        "link_id": record_id(link.get("id"), "service at location", required=False),
        "name": _text(raw.get("name"), 200),
        "address_1": _text(address.get("address_1"), 200),
        "city": _text(address.get("city"), 100),
        "postcode": _postcode(address.get("postal_code") or raw.get("postcode")),
        "latitude": _float(raw.get("latitude"), "latitude", -90, 90),
        "longitude": _float(raw.get("longitude"), "longitude", -180, 180),
        "accessibility": notes,
        "contacts": _contacts_from_oruk(raw),
    }


def _term_from_oruk(term: dict) -> dict:
    taxonomy = term.get("taxonomy_detail") or term.get("taxonomy")
    taxonomy_name = (
        taxonomy.get("name") if isinstance(taxonomy, dict) else taxonomy or term.get("vocabulary")
    )
    return {
        "id": record_id(term.get("id"), "taxonomy term", required=False),
        "code": _text(term.get("code") or term.get("term"), 100),
        "name": _text(term.get("name"), 200),
        "description": _text(term.get("description")),
        "taxonomy": _text(taxonomy_name, 200) or DEFAULT_TAXONOMY,
        "taxonomy_id": record_id(
            term.get("taxonomy_id") or (taxonomy.get("id") if isinstance(taxonomy, dict) else None),
            "taxonomy",
            required=False,
        ),
    }


def _categories_from_oruk(raw: dict) -> list[dict]:
    terms = [attribute.get("taxonomy_term") or {} for attribute in _objects(raw, "attributes")]
    for link in _objects(raw, "taxonomies", "service_taxonomys"):
        terms.append(link.get("taxonomy") if "taxonomy" in link and "name" not in link else link)
    return [_term_from_oruk(term) for term in terms if isinstance(term, dict) and term.get("name")]


def _cost_from_oruk(raw: dict) -> dict:
    """Free, or an amount with its description, or a description only; HSDS 2's `fees`."""
    options = _objects(raw, "cost_options")
    for option in options:
        amount = _amount(option.get("amount"))
        if amount == 0 or _text(option.get("option")).lower() == "free":
            return {"is_free": True, "cost_amount": None, "cost_description": ""}
    if options:
        first = options[0]
        return {
            "is_free": False,
            "cost_amount": _amount(first.get("amount")),
            "cost_description": _text(first.get("amount_description") or first.get("option"), 300),
        }
    fees = _text(raw.get("fees") or raw.get("fees_description"), 300)
    free = fees.lower() == "free"
    return {"is_free": free, "cost_amount": None, "cost_description": "" if free else fees}


def _extension(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not str(value).strip().isdigit():
        raise RecordError(f"The phone extension “{value}” is not a whole number")
    return int(str(value).strip())


def _phone(phone: dict) -> dict:
    """A phone's fields as a contact row holds them (ids of its languages are derived)."""
    return {
        "phone": _text(phone.get("number"), 30),
        "phone_extension": _extension(phone.get("extension")),
        "phone_type": _text(phone.get("type"), 20),
        "phone_languages": [
            {key: value for key, value in language.items() if key != "id" and value}
            for language in _languages_from_oruk(phone)
        ],
    }


def _phone_contact(phone: dict, name: str) -> dict:
    return {
        "id": record_id(phone.get("id"), "phone", required=False),
        "name": name[:200],
        "title": "",
        "email": "",
    } | _phone(phone)


def _contacts_from_oruk(raw: dict) -> list[dict]:
    """The contacts of a service, an organisation or a location: each contact with its first
    phone; Navigator keeps one number a contact, so each further phone becomes a contact of
    the same name. HSDS 3.0 also puts phones on the holder itself: each becomes a contact
    named by the phone's description."""
    contacts = []
    for contact in _objects(raw, "contacts"):
        first, *more = _objects(contact, "phones") or [{}]
        name = _text(contact.get("name"), 200)
        contacts.append(
            {
                "id": record_id(contact.get("id"), "contact", required=False),
                "name": name,
                "title": _text(contact.get("title"), 200),
                "email": _text(contact.get("email"), 254),
            }
            | _phone(first)
        )
        contacts += [_phone_contact(phone, name) for phone in more]
    contacts += [
        _phone_contact(phone, _text(phone.get("description"))) for phone in _objects(raw, "phones")
    ]
    return contacts


def _languages_from_oruk(raw: dict) -> list[dict]:
    """HSDS 3.0 language objects; HSDS 2's plain list of language names too."""
    value = raw.get("languages")
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        value = [{"name": item} for item in value]
    return [
        {
            "id": record_id(language.get("id"), "language", required=False),
            "name": _text(language.get("name") or language.get("language"), 100),
            "code": _text(language.get("code"), 20),
            "note": _text(language.get("note"), 300),
        }
        for language in _objects({"languages": value}, "languages")
    ]


def _service_areas_from_oruk(raw: dict) -> list[dict]:
    return [
        {
            "id": record_id(area.get("id"), "service area", required=False),
            "name": _text(area.get("name") or area.get("service_area"), 200),
            "description": _text(area.get("description")),
            "extent": _text(area.get("extent")),
            "extent_type": _text(area.get("extent_type"), 20),
            "uri": _text(area.get("uri"), 500),
        }
        for area in _objects(raw, "service_areas")
    ]


# HSDS fields Navigator has no place for, named in the report when a feed gives them.
NOT_KEPT = {
    "funding": "funding",
    "accreditations": "accreditations",
    "alert": "alert",
    "required_documents": "required documents",
    "application_process": "application process",
    "interpretation_services": "interpretation services",
    "program": "programme",
}


def _given(value: Any) -> bool:
    return value not in (None, "", [], {})


def _not_kept(raw: dict) -> list[str]:
    """The labels of what `raw` gives that Navigator has no place for: service fields, and the
    contacts and phones of a service at a location (Navigator keeps those of the service, its
    organisation and its locations, not of the pairing of a service with a location)."""
    labels = [label for key, label in NOT_KEPT.items() if _given(raw.get(key))]
    links = raw.get("service_at_locations")
    links = [link for link in links if isinstance(link, dict)] if isinstance(links, list) else []
    if any(_given(link.get("contacts")) or _given(link.get("phones")) for link in links):
        labels.append("contacts and phones of a service at a location")
    return labels


def record_from_oruk(raw: Any) -> dict:
    """A plain record from one ORUK service; RecordError names every problem it has."""
    if not isinstance(raw, dict):
        raise RecordError("Not a service object")
    problems = Problems()
    name = problems.check(_text, raw.get("name"), 200, default="")
    if not name:
        problems.found.append("No name")
    organisation = raw.get("organization") or raw.get("organisation") or {}
    if not isinstance(organisation, dict):
        problems.found.append("“organization” is not an object")
        organisation = {}
    if not organisation.get("name") and not organisation.get("id"):
        problems.found.append("No organisation")
    extra = raw.get(EXTENSION) if isinstance(raw.get(EXTENSION), dict) else {}
    cost = problems.check(_cost_from_oruk, raw, default={})
    record = {
        "id": problems.check(record_id, raw.get("id"), "service", required=True),
        "name": name,
        "description": problems.check(_text, raw.get("description"), default=""),
        "keywords": _text(extra.get("keywords"), 500),
        "url": problems.check(_text, raw.get("url"), 200, default=""),
        "email": problems.check(_text, raw.get("email"), 254, default=""),
        "status": problems.check(_status, raw.get("status")),
        "minimum_age": problems.check(_age, raw.get("minimum_age")),
        "maximum_age": problems.check(_age, raw.get("maximum_age")),
        "eligibility_description": problems.check(
            _text, raw.get("eligibility_description"), default=""
        ),
        **cost,
        "takes_direct_referrals": _bool(extra.get("takes_direct_referrals"), True),
        "how_to_refer": _text(extra.get("how_to_refer")),
        "capacity_note": _text(extra.get("capacity_note"), 300),
        "is_social_prescribing_service": _bool(extra.get("is_social_prescribing_service")),
        "paused": _bool(extra.get("paused")),
        "last_checked": problems.check(_date, raw.get("assured_date")),
        "organisation": {
            "id": problems.check(record_id, organisation.get("id"), "organisation", required=False),
            "name": problems.check(_text, organisation.get("name"), 200, default=""),
            "description": problems.check(_text, organisation.get("description"), default=""),
            "website": problems.check(
                _text, organisation.get("website") or organisation.get("url"), 200, default=""
            ),
            "email": problems.check(_text, organisation.get("email"), 254, default=""),
            "contacts": problems.check(_contacts_from_oruk, organisation, default=[]),
        },
        "locations": [
            location
            for link in problems.check(_objects, raw, "service_at_locations", default=[])
            if isinstance(link.get("location"), dict)
            and (location := problems.check(_location_from_oruk, link))
        ],
        "schedules": [
            row
            for item in problems.check(_objects, raw, "schedules", "regular_schedules", default=[])
            for row in problems.check(_schedule_from_oruk, item, default=[])
        ],
        "categories": problems.check(_categories_from_oruk, raw, default=[]),
        "contacts": problems.check(_contacts_from_oruk, raw, default=[]),
        "languages": problems.check(_languages_from_oruk, raw, default=[]),
        "service_areas": problems.check(_service_areas_from_oruk, raw, default=[]),
        "not_kept": _not_kept(raw),
    }
    problems.raise_any()
    return record


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


def record_from_csv(row: dict[str, str]) -> dict:
    """A plain record from one CSV row; RecordError names every problem it has. A row without
    an id has the id None: the importer then matches it on its name and organisation."""

    def get(column: str) -> str:
        return (row.get(column) or "").strip()

    problems = Problems()
    if not get("name"):
        problems.found.append("No name")
    if not get("organisation_name") and not get("organisation_id"):
        problems.found.append("No organisation")
    location = None
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
    contact = {
        "id": None,
        "name": get("contact_name")[:200],
        "title": "",
        "phone": get("contact_phone")[:30],
        "email": get("contact_email")[:254],
    }
    # The CSV layout has no column for the rest of a phone.
    held = {"phone_extension": None, "phone_type": "", "phone_languages": []}
    is_free = _bool(get("is_free"))
    record = {
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
        "contacts": [contact | held] if any(contact.values()) else [],
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
