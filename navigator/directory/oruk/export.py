"""Open Referral UK (HSDS 3.0) out: services and what they hold as ORUK JSON, and the paged
list shape of the published API."""

import datetime
import math
import uuid
from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.encoding import iri_to_uri

from navigator.directory.models import (
    Contact,
    DirectoryOrganisation,
    Language,
    Location,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
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


def rrule_parts(rrule: str) -> dict[str, str]:
    parts = {}
    for piece in rrule.removeprefix("RRULE:").split(";"):
        if "=" in piece:
            key, value = piece.split("=", 1)
            parts[key.strip().upper()] = value.strip()
    return parts


def schedule_to_oruk(schedule: Schedule) -> dict[str, Any]:
    """HSDS's recurrence fields (freq, interval, byday, bymonthday) read from the rule."""
    parts = rrule_parts(schedule.as_rrule())
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
    latitude, longitude = location.given_coordinates
    return {"id": str(location.id), "location_type": "physical"} | present(
        name=location.name,
        latitude=latitude,
        longitude=longitude,
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


def paged[M: Model](
    items: QuerySet[M],
    *,
    to_oruk: Callable[[M], dict[str, Any]],
    page: str | None,
    per_page: str | None,
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
