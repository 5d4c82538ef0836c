"""Open Referral UK (HSDS 3.0) in: one service of a feed read into a plain record for the
importer, with every problem it has named."""

import datetime
import re
import uuid
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, overload

from django.core.exceptions import ValidationError

from navigator.core.validators import normalise_postcode
from navigator.directory.models import (
    RRULE_DAYS,
    ServiceStatus,
)
from navigator.directory.oruk.export import DEFAULT_TAXONOMY, EXTENSION, rrule_parts

# A record read for the importer (record_from_oruk, csv_layout.record_from_csv): plain values
# by field name, with lists of such records for what the listing holds.
Record = dict[str, Any]
# An object of the feed's JSON.
JSONObject = dict[str, Any]


class RecordError(Exception):
    """A record that cannot be imported; the message says why, for the report."""


class Problems:
    """Every problem of one record, so a bad row is reported whole rather than its first
    fault only."""

    def __init__(self) -> None:
        self.found: list[str] = []

    @overload
    def check[T, D](
        self, parse: Callable[..., T], *args: Any, default: D, **kwargs: Any
    ) -> T | D: ...

    @overload
    def check[T](self, parse: Callable[..., T], *args: Any, **kwargs: Any) -> T | None: ...

    def check(
        self, parse: Callable[..., object], *args: Any, default: object = None, **kwargs: Any
    ) -> object:
        """`parse(*args, **kwargs)`, or `default` with the problem it found noted."""
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
    if type(value) is str:  # most values: a feed has tens of them a service
        text = value.strip()
    elif value is None:
        return ""
    elif isinstance(value, dict | list):
        raise RecordError(
            f"Text expected, found {'an object' if isinstance(value, dict) else 'a list'}"
        )
    else:
        text = str(value).strip()
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


STATUSES = frozenset(ServiceStatus.values)


def _status(value: Any) -> str:
    status = _text(value).lower() or ServiceStatus.ACTIVE
    if status not in STATUSES:
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


WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def weekday_of(value: str) -> int | None:
    """The weekday (0 Monday) of an RFC 5545 code (MO) or a day's name (Mon, monday)."""
    word = value.strip().lower()
    if word.upper() in RRULE_DAYS:
        return RRULE_DAYS.index(word.upper())
    if len(word) < 3:
        return None
    return next((n for n, name in enumerate(WEEKDAY_NAMES) if name.startswith(word)), None)


TIME = re.compile(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])(?::[0-5][0-9])?(?:Z|[+-].*)?")


def parse_time(value: Any) -> datetime.time | None:
    if not value:
        return None
    text = str(value).strip()
    match = TIME.fullmatch(text)
    if not match:
        raise RecordError(f"The time “{value}” is not a time like 10:00")
    return datetime.time(int(match[1]), int(match[2]))


def _bool(value: Any, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"yes", "y", "true", "1"}


def _objects(raw: JSONObject, *keys: str) -> list[JSONObject]:
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


def _schedule_from_oruk(item: JSONObject) -> list[Record]:
    """One HSDS schedule as one row per weekday, each with its own day in its rule (a
    schedule for Thursday and Friday is a Thursday row and a Friday row)."""
    parts = rrule_parts(_text(item.get("rrule")))
    freq = _text(item.get("freq")).upper() or parts.get("FREQ", "")
    interval = _text(item.get("interval")) or parts.get("INTERVAL", "")
    if interval.endswith(".0"):
        interval = interval[:-2]
    byday = _text(item.get("byday")) or parts.get("BYDAY", "")
    bymonthday = _text(item.get("bymonthday")) or parts.get("BYMONTHDAY", "")
    # (weekday, the BYDAY entry: MO, or 1MO for the first Monday)
    days: list[tuple[int | None, str]] = []
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
    rows: list[Record] = []
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


def _location_from_oruk(link: JSONObject) -> Record:
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


def _term_from_oruk(term: JSONObject) -> Record:
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


def _categories_from_oruk(raw: JSONObject) -> list[Record]:
    terms = [attribute.get("taxonomy_term") or {} for attribute in _objects(raw, "attributes")]
    for link in _objects(raw, "taxonomies", "service_taxonomys"):
        terms.append(link.get("taxonomy") if "taxonomy" in link and "name" not in link else link)
    return [_term_from_oruk(term) for term in terms if isinstance(term, dict) and term.get("name")]


def _cost_from_oruk(raw: JSONObject) -> Record:
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


def _phone(phone: JSONObject) -> Record:
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


def _phone_contact(phone: JSONObject, name: str) -> Record:
    return {
        "id": record_id(phone.get("id"), "phone", required=False),
        "name": name[:200],
        "title": "",
        "email": "",
    } | _phone(phone)


def _contacts_from_oruk(raw: JSONObject) -> list[Record]:
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


def _languages_from_oruk(raw: JSONObject) -> list[Record]:
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


def _service_areas_from_oruk(raw: JSONObject) -> list[Record]:
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


def _not_kept(raw: JSONObject) -> list[str]:
    """The labels of what `raw` gives that Navigator has no place for: service fields, and the
    contacts and phones of a service at a location (Navigator keeps those of the service, its
    organisation and its locations, not of the pairing of a service with a location)."""
    labels = [label for key, label in NOT_KEPT.items() if _given(raw.get(key))]
    links = raw.get("service_at_locations")
    links = [link for link in links if isinstance(link, dict)] if isinstance(links, list) else []
    if any(_given(link.get("contacts")) or _given(link.get("phones")) for link in links):
        labels.append("contacts and phones of a service at a location")
    return labels


def record_from_oruk(raw: Any) -> Record:
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
    extension = raw.get(EXTENSION)
    extra = extension if isinstance(extension, dict) else {}
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


def oruk_services(document: Any) -> list[Any]:
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
