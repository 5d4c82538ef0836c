"""Writes to the directory. Each is one transaction."""

import datetime
import hashlib
import json
import uuid
from collections.abc import Callable, Hashable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from navigator.accounts.models import Organisation, User
from navigator.accounts.permissions import Role
from navigator.audit import services as audit
from navigator.audit.context import Actor, acting_as, current_actor
from navigator.audit.models import AuditEvent
from navigator.core.bulk import insert_many, objects_kept
from navigator.core.concurrency import update_versioned
from navigator.core.validators import postcode_district
from navigator.directory import feeds, selectors
from navigator.directory.models import (
    Contact,
    DirectoryOrganisation,
    ImportRun,
    ImportStatus,
    Language,
    ListingSuggestion,
    Location,
    Postcode,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from navigator.directory.oruk import csv_layout, export, parse
from navigator.directory.oruk.parse import Record

SERVICE_FIELDS = [
    "name",
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
    "paused",
]
LOCATION_FIELDS = [
    "name",
    "address_1",
    "city",
    "postcode",
    "latitude",
    "longitude",
    "accessibility",
]


def _place(location: Location) -> Location:
    """Fill the district, and the coordinates from the postcode table when none were given
    (flagged as such, so they are not published as the venue's own)."""
    location.postcode_district = postcode_district(location.postcode)
    if location.postcode and (location.latitude is None or location.longitude is None):
        known = Postcode.objects.filter(postcode=location.postcode).first()
        if known:
            location.latitude, location.longitude = known.latitude, known.longitude
            location.coordinates_from_postcode = True
    return location


def _given_place(location: Location, data: Record) -> Location:
    """`location` with the fields `data` gives, placed: coordinates given are the venue's own."""
    for name in LOCATION_FIELDS:
        setattr(location, name, data[name])
    location.coordinates_from_postcode = False
    return _place(location)


def _unhash(listings: QuerySet[Service]) -> None:
    """Listings changed other than by importing their own record: their next import compares
    them in full rather than by their record's digest."""
    listings.exclude(import_hash="").update(import_hash="")


def _set_location(service: Service, data: dict[str, Any] | None) -> None:
    """The service's one location as given (the form edits a single location)."""
    link = service.service_at_locations.select_related("location").first()
    if not data or not any(data.get(name) for name in ("name", "address_1", "postcode")):
        if link:
            link.delete()
        return
    location = link.location if link else Location()
    moved = link is not None and data.get("postcode", location.postcode) != location.postcode
    for name in LOCATION_FIELDS:
        setattr(location, name, data.get(name, getattr(location, name)))
    if "latitude" in data:
        location.coordinates_from_postcode = False
    elif moved:
        location.latitude = location.longitude = None  # look the new postcode up
    _place(location).save()
    if link:  # a venue other listings may share
        _unhash(Service.objects.filter(service_at_locations__location=location))
    else:
        ServiceAtLocation.objects.create(service=service, location=location)


def _set_schedules(service: Service, schedules: list[dict[str, Any]]) -> None:
    service.schedules.all().delete()
    Schedule.objects.bulk_create(Schedule(service=service, **data) for data in schedules)


# Audit ----------------------------------------------------------------------------------------


def listing_snapshot(service: Service) -> audit.Snapshot:
    """What a listing says, for before/after comparison: its own fields with its categories,
    venue and times (which the form edits with it), read from the database."""
    link = service.service_at_locations.select_related("location").first()
    return _snapshot_of(
        service,
        location=link.location if link else None,
        categories=service.categories.values_list("name", flat=True),
        schedules=Schedule.objects.filter(service=service),
        languages=Language.objects.filter(service=service),
        service_areas=ServiceArea.objects.filter(service=service),
    )


def _snapshot_of(
    service: Service,
    *,
    location: Location | None,
    categories: Iterable[str],
    schedules: Iterable[Schedule],
    languages: Iterable[Language],
    service_areas: Iterable[ServiceArea],
) -> audit.Snapshot:
    """A listing's snapshot from its parts (an import has them in memory)."""
    values = audit.snapshot(service)
    place = audit.snapshot(location) if location else {}
    # No venue and a venue with empty fields read the same.
    values |= {f"location {name}": place.get(name) or None for name in LOCATION_FIELDS}
    values["categories"] = sorted(categories)
    values["schedules"] = [str(schedule) for schedule in schedules]
    values["languages"] = sorted(str(language) for language in languages)
    values["service areas"] = sorted(str(area) for area in service_areas)
    return values


def _creation_changes(after: audit.Snapshot) -> dict[str, list[object]]:
    return {
        name: [None, value] for name, value in after.items() if value not in (None, "", False, [])
    }


def _audit_listing(service: Service, before: audit.Snapshot | None) -> None:
    """Record a listing's creation (`before` None) or change in the trail of the organisation
    that owns it, or else of the one whose user changed it. Only the deployment's operator at
    the command line changes an unowned listing with no organisation of their own."""
    actor = current_actor().user
    trail = service.owner_id or getattr(actor, "organisation_id", None)
    if trail is None:
        return
    after = listing_snapshot(service)
    if before is None:
        action, changes = AuditEvent.Action.CREATED, _creation_changes(after)
    else:
        action, changes = AuditEvent.Action.UPDATED, audit.diff(before, after)
        if not changes:
            return
    audit.record(action=action, instance=service, person_id=None, changes=changes, trail=trail)


# Listings -------------------------------------------------------------------------------------


@transaction.atomic
def save_service(
    *,
    service: Service | None,
    organisation: DirectoryOrganisation,
    data: dict[str, Any],
    location: dict[str, Any] | None,
    schedules: list[dict[str, Any]],
    categories: list[TaxonomyTerm],
    languages: list[str] | None = None,
    service_areas: list[str] | None = None,
    owner: Organisation | None = None,
    checked: bool = True,
    expected_version: int | None = None,
) -> Service:
    """Create or change a listing. Saving it through the form counts as checking it. A change
    raises StaleEditError when someone saved the listing since `expected_version`.
    `languages` and `service_areas` by name (None leaves them as they are)."""
    changes: dict[str, Any] = {"organisation": organisation} | {
        name: data[name] for name in [*SERVICE_FIELDS, "navigator_organisation"] if name in data
    }
    if checked:
        changes["last_checked"] = timezone.localdate()
    if service is None:
        before = None
        service = Service.objects.create(owner=owner, **changes)
    else:
        # From the database: a model form has already written what was typed onto `service`.
        saved = Service.objects.get(pk=service.pk)
        before = listing_snapshot(saved)
        version = saved.version if expected_version is None else expected_version
        changes["import_hash"] = ""
        service = update_versioned(saved, expected_version=version, changes=changes)
    service.categories.set(categories)
    _set_location(service, location)
    _set_schedules(service, schedules)
    if languages is not None:
        _set_named(service, Language, languages)
    if service_areas is not None:
        _set_named(service, ServiceArea, service_areas)
    _audit_listing(service, before)
    return service


def _set_named[M: (Language, ServiceArea)](
    service: Service, model: type[M], names: list[str]
) -> None:
    """The listing's languages or areas named `names`: a row already named so keeps the rest of
    what an import gave it (a language's code, an area's extent), the others go."""
    rows = {str(row).casefold(): row for row in model.objects.filter(service=service)}
    keep = {rows[name.casefold()].pk for name in names if name.casefold() in rows}
    model.objects.filter(service=service).exclude(pk__in=keep).delete()
    model.objects.bulk_create(
        model(service=service, name=name) for name in names if name.casefold() not in rows
    )


@transaction.atomic
def mark_checked(*, service: Service) -> Service:
    before = listing_snapshot(service)
    service.last_checked = timezone.localdate()
    service.import_hash = ""
    service.save(update_fields=["last_checked", "import_hash", "updated_at"])
    _audit_listing(service, before)
    return service


@transaction.atomic
def create_directory_organisation(
    *, name: str, provider: User | None = None
) -> DirectoryOrganisation:
    organisation = DirectoryOrganisation.objects.create(name=name)
    if provider is not None:
        organisation.provider_users.add(provider)
    return organisation


@transaction.atomic
@transaction.atomic
def set_provider_users(
    *, organisation: DirectoryOrganisation, expected_version: int, users: list[User]
) -> None:
    """StaleEditError when someone chose the provider users since the form was opened. The
    change goes in the trail of the organisation whose manager made it: who may act on a
    provider's referrals is as much a change of access as a new account."""
    update_versioned(organisation, expected_version=expected_version, changes={})
    before = _provider_user_names(organisation)
    organisation.provider_users.set(users)
    after = _provider_user_names(organisation)
    trail = getattr(current_actor().user, "organisation_id", None)
    if before != after and trail is not None:
        audit.record(
            action=AuditEvent.Action.UPDATED,
            instance=organisation,
            person_id=None,
            changes={"provider_users": [before, after]},
            trail=trail,
        )


def _provider_user_names(organisation: DirectoryOrganisation) -> list[str]:
    return sorted(str(user) for user in organisation.provider_users.all())


# Suggestions ----------------------------------------------------------------------------------


@transaction.atomic
def suggest_change(
    *, service: Service, by: User, changes: dict[str, Any], note: str
) -> ListingSuggestion:
    """Put a change to someone else's listing to the organisation that keeps it. `changes`
    holds only the fields that differ from the listing (plain JSON values)."""
    return ListingSuggestion.objects.create(
        service=service, by=by, by_organisation=by.organisation, changes=changes, note=note
    )


@transaction.atomic
def review_suggestion(
    *, suggestion: ListingSuggestion, by: User, accept: bool
) -> ListingSuggestion:
    """Accept (apply the suggested values to the listing, audited) or decline a suggestion."""
    if accept:
        saved = Service.objects.get(pk=suggestion.service_id)
        before = listing_snapshot(saved)
        service = update_versioned(
            saved, expected_version=saved.version, changes=suggestion.changes | {"import_hash": ""}
        )
        _audit_listing(service, before)
    suggestion.status = (
        ListingSuggestion.Status.ACCEPTED if accept else ListingSuggestion.Status.DECLINED
    )
    suggestion.reviewed_by = by
    suggestion.reviewed_at = timezone.now()
    suggestion.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return suggestion


# Import ---------------------------------------------------------------------------------------


def _organisation_fields(data: Record) -> dict[str, Any]:
    """What a record says of its organisation: a field it leaves empty keeps what is saved
    (a feed may name an organisation on one service in full, on another by name only)."""
    return {k: v for k, v in data.items() if k not in ("id", "contacts") and v}


def _set_contacts(rows: list[Record], **holder: DirectoryOrganisation | Location) -> None:
    """Replace the contacts of `holder` (organisation= or location=) with `rows`."""
    Contact.objects.filter(**holder).delete()
    Contact.objects.bulk_create(Contact(**holder, **_with_id(data)) for data in rows)


def _organisation_for(data: Record) -> DirectoryOrganisation:
    fields = _organisation_fields(data)
    if data["id"]:
        organisation, created = DirectoryOrganisation.objects.update_or_create(
            id=data["id"], defaults=fields | {"name": data["name"] or "Unnamed organisation"}
        )
    else:
        found = DirectoryOrganisation.objects.filter(name__iexact=data["name"]).first()
        created = found is None
        organisation = found or DirectoryOrganisation.objects.create(**fields)
    if data["contacts"]:
        _set_contacts(data["contacts"], organisation=organisation)
    if not created and (fields or data["contacts"]):  # what its other listings say changes
        _unhash(organisation.services.all())
    return organisation


def _term_for(data: Record) -> TaxonomyTerm:
    if data["taxonomy_id"]:
        taxonomy = Taxonomy.objects.filter(id=data["taxonomy_id"]).first()
        if taxonomy is None:
            taxonomy = Taxonomy.objects.filter(name=data["taxonomy"]).first() or (
                Taxonomy.objects.create(id=data["taxonomy_id"], name=data["taxonomy"])
            )
    else:
        taxonomy, _ = Taxonomy.objects.get_or_create(name=data["taxonomy"])
    values = {"taxonomy": taxonomy, "name": data["name"], "code": data["code"]}
    if data["description"]:
        values["description"] = data["description"]
    if data["id"]:
        term = TaxonomyTerm.objects.filter(id=data["id"]).first()
        if term is None:
            return TaxonomyTerm.objects.create(id=data["id"], **values)
        if any(getattr(term, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(term, name, value)
            term.save()
            _unhash(term.services.all())
        return term
    term = TaxonomyTerm.objects.filter(name__iexact=data["name"]).first()
    return term or TaxonomyTerm.objects.create(**values)


class NotYourListing(parse.RecordError):
    """An import may not change a listing another organisation keeps up to date."""


def claim_for_import(
    *,
    service: Service,
    organisation_id: uuid.UUID | None,
    by: User | None,
    editable: set[uuid.UUID] | None = None,
) -> None:
    """Give a listing an import is about to save its owner, or refuse it. A new listing
    belongs to the importer's organisation (a provider may only add listings of the directory
    organisations they are linked to); an existing one keeps its owner and is changed only by
    those who keep it up to date. `by` None is the deployment's operator at the command line,
    who may change anything and leaves the owner as it is. Every importer calls this before
    saving a listing. `editable`: the ids of listings `by` may change, when the importer has
    read them for many listings at once."""
    if by is None:
        return
    if service._state.adding:
        if by.role == Role.VCS_PROVIDER and (
            # An organisation named without an id is none of theirs (as a query for it finds).
            organisation_id is None
            or not by.directory_organisations.filter(pk=organisation_id).exists()
        ):
            raise NotYourListing("Not a listing of an organisation you keep up to date")
        service.owner = by.organisation
    elif not (service.pk in editable if editable is not None else selectors.can_edit(by, service)):
        raise NotYourListing("Another organisation keeps this listing up to date")


@dataclass
class Saved:
    """The organisations and categories an import has saved so far, each by the part of the
    record that gave it, in comparable form (see `_comparable`)."""

    organisations: dict[Hashable, DirectoryOrganisation] = field(default_factory=dict)
    terms: dict[Hashable, TaxonomyTerm] = field(default_factory=dict)


def _once[M: Model](saved: dict[Hashable, M], make: Callable[[Record], M], data: Record) -> M:
    """`make(data)`, or what it made earlier in this import for the same data: a feed names
    the same organisation and categories on many services."""
    key = _comparable(data)
    if key not in saved:
        saved[key] = make(data)
    return saved[key]


def _apply_record(
    record: Record,
    service: Service,
    existing: Service | None,
    source: str,
    saved: Saved,
    digest: str,
) -> Service:
    """Save a claimed listing (see claim_for_import) as the record has it. `saved`: the
    organisations and categories this import has saved so far; `digest`: the record's."""
    before = listing_snapshot(existing) if existing else None
    organisation = _once(saved.organisations, _organisation_for, record["organisation"])
    service.organisation = organisation
    for name in SERVICE_FIELDS:
        setattr(service, name, record[name])
    if record["last_checked"] or existing is None:
        service.last_checked = record["last_checked"]
    service.source, service.gone_from_source = source, None
    service.save()
    service.categories.set([_once(saved.terms, _term_for, term) for term in record["categories"]])
    service.service_at_locations.all().delete()
    for data in record["locations"]:
        location_id = data["id"]
        location = Location.objects.filter(id=location_id).first() if location_id else None
        if location:  # a venue other listings may share
            _unhash(Service.objects.filter(service_at_locations__location=location))
        location = location or Location(**({"id": location_id} if location_id else {}))
        _given_place(location, data).save()
        if "contacts" in data:  # a CSV row has none to give
            _set_contacts(data["contacts"], location=location)
        ServiceAtLocation.objects.get_or_create(
            service=service, location=location, defaults=_with_id({"id": data["link_id"]})
        )
    for kind in RECORD_ROWS:
        kind.model._default_manager.filter(service=service).delete()
        kind.model._default_manager.bulk_create(kind.made(service, record))
    # Last: saving what it shares with other listings emptied it.
    Service.objects.filter(pk=service.pk).update(import_hash=digest)
    _audit_listing(service, before)
    return service


@dataclass(frozen=True)
class RowKind[M: Model]:
    """A list of rows a record holds that belong to its listing alone: an import replaces
    them whole. (Frozen, so a kind of schedules is also a kind of model rows.)"""

    key: str  # the record's key for them, which is also the listing's related name
    model: type[M]

    def made(self, service: Service, record: Record) -> Sequence[M]:
        """The rows `record` gives `service`, unsaved."""
        return [self.model(service=service, **_with_id(data)) for data in record[self.key]]


SCHEDULES = RowKind("schedules", Schedule)
LANGUAGES = RowKind("languages", Language)
SERVICE_AREAS = RowKind("service_areas", ServiceArea)
RECORD_ROWS: tuple[RowKind[Model], ...] = (
    SCHEDULES,
    RowKind("contacts", Contact),
    LANGUAGES,
    SERVICE_AREAS,
)


class RowsByKind:
    """Rows made from records, kept by their kind."""

    def __init__(self) -> None:
        self._rows: dict[RowKind[Model], list[Model]] = {kind: [] for kind in RECORD_ROWS}

    def add[M: Model](self, kind: RowKind[M], rows: Iterable[M]) -> None:
        self._rows[kind] += rows

    def of[M: Model](self, kind: RowKind[M]) -> list[M]:
        # `add` takes only a kind's own model, but a dict cannot say so to mypy.
        return cast(list[M], self._rows[kind])


def _with_id(data: Record) -> Record:
    """The row's fields, without an id the feed did not give (the model then makes one)."""
    return {key: value for key, value in data.items() if key != "id" or value}


def _comparable(value: object, nested: bool = False) -> Hashable:
    """A record in a form two imports of the same listing share: the ids of what it holds
    (which a feed may leave out) are not compared, and lists are compared as sets."""
    if isinstance(value, dict):
        return tuple(
            (key, _comparable(value[key], True))
            for key in sorted(value)
            if key != "not_kept" and not (nested and key in ("id", "link_id", "taxonomy_id"))
        )
    if isinstance(value, list):
        return tuple(sorted((_comparable(item, True) for item in value), key=repr))
    return value


def _same(record: Record, existing: Service, format_: str) -> bool:
    """Whether importing `record` would leave `existing` as it is, judged by reading the
    listing back in the record's own format."""
    if format_ == "json":
        current = parse.record_from_oruk(export.service_to_oruk(existing))
    else:
        current = csv_layout.record_from_csv(csv_layout.service_to_csv_row(existing))
    incoming = dict(record)
    if incoming["last_checked"] is None:
        incoming["last_checked"] = current["last_checked"]
    incoming["organisation"] = {
        key: value or current["organisation"][key] for key, value in record["organisation"].items()
    }
    return _comparable(incoming) == _comparable(current)


def _existing(record: Record) -> Service | None:
    """The listing a record is about: by its id, or (a CSV row without one) by its name and
    organisation."""
    listings = export.services_for_export()
    if record["id"]:
        return listings.filter(id=record["id"]).first()
    organisation = record["organisation"]
    by_organisation = (
        Q(organisation_id=organisation["id"])
        if organisation["id"]
        else Q(organisation__name__iexact=organisation["name"])
    )
    return listings.filter(by_organisation, name__iexact=record["name"]).order_by("pk").first()


def _records(content: bytes, file_name: str) -> tuple[str, list[tuple[str, Any]]]:
    """The format and the raw records of a file (each with a label for the report)."""
    text = content.decode("utf-8-sig")
    stripped = text.lstrip()
    if file_name.lower().endswith(".json") or stripped[:1] in ("{", "["):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise parse.RecordError(
                f"The file is not valid JSON ({error.msg}, line {error.lineno})"
            ) from error
        return "json", [
            (f"Service {n}", raw) for n, raw in enumerate(parse.oruk_services(document), 1)
        ]
    return "csv", [(f"Row {n}", row) for n, row in enumerate(csv_layout.csv_rows(text), 2)]


def _ids(raw_records: list[tuple[str, Any]]) -> set[uuid.UUID]:
    ids = set()
    for _, raw in raw_records:
        with suppress(parse.RecordError, AttributeError):  # reported when the record is read
            found = parse.record_id(raw.get("id"), "service", required=False)
            if found is not None:
                ids.add(found)
    return ids


Read = tuple[Record, str] | parse.RecordError


def _read(raw: Any, format_: str) -> Read:
    """A record read with its digest, or why it cannot be read."""
    try:
        record = (
            parse.record_from_oruk(raw) if format_ == "json" else csv_layout.record_from_csv(raw)
        )
    except parse.RecordError as error:
        return error
    text = json.dumps([format_, record], sort_keys=True, default=str, separators=(",", ":"))
    return record, hashlib.sha256(text.encode()).hexdigest()


def _prefetch(
    chunk: list[Read], known: set[uuid.UUID], by: User | None
) -> tuple[dict[uuid.UUID, Service], set[uuid.UUID] | None]:
    """The listings of a chunk of records that are already in the directory, and the ids of
    those `by` may change, in a few queries: most of a first import's records are new, and
    most of a re-import's have the digest the listing kept from the last, so only the others
    are read with everything an export of them reads, to be compared with their record."""
    digests = {
        read[0]["id"]: read[1]
        for read in chunk
        if not isinstance(read, parse.RecordError) and read[0]["id"]
    }
    ids = set(digests) & known
    if not ids:
        return {}, set()
    editable = None
    if by is not None:
        editable = set(
            selectors.editable_services(by).filter(pk__in=ids).values_list("pk", flat=True)
        )
    listings = Service.objects.only("id", "import_hash").in_bulk(ids)
    stale = [pk for pk, listing in listings.items() if listing.import_hash != digests[pk]]
    return listings | export.services_for_export().in_bulk(stale), editable


def _known_ids(raw_records: list[tuple[str, Any]]) -> set[uuid.UUID]:
    """The ids of the records' services already in the directory, a thousand a query."""
    ids = _ids(raw_records)
    ordered, known = sorted(ids), set()
    for start in range(0, len(ordered), 1000):
        chunk = ordered[start : start + 1000]
        known |= set(Service.objects.filter(pk__in=chunk).values_list("pk", flat=True))
    return known


def _label_name(raw: object) -> str:
    return str((raw.get("name") if isinstance(raw, dict) else "") or "")[:200]


@objects_kept()
def import_records(
    *,
    run: ImportRun,
    format_: str,
    raw_records: list[tuple[str, Any]],
    source: str,
) -> ImportRun:
    """Import parsed records into `run`, each record in its own transaction: created,
    changed, unchanged or skipped (with every reason), then the listings of the same
    `source` the feed no longer has are flagged (never deleted)."""
    rows = []
    seen: set[uuid.UUID] = set()
    saved = Saved()
    new: list[tuple[Record, Service]] = []
    known = _known_ids(raw_records)
    run.total, run.status = len(raw_records), ImportStatus.RUNNING
    run.save(update_fields=["total", "status"])
    prefetched: dict[uuid.UUID, Service] = {}
    editable: set[uuid.UUID] | None = None
    chunk: list[Read] = []
    still: list[uuid.UUID] = []  # unchanged listings, found again in `source`
    rehashed: list[Service] = []  # unchanged, though read in full: their digest is new
    for number, (label, raw) in enumerate(raw_records, 1):
        reason = ""
        if (number - 1) % CHUNK == 0:
            chunk = [_read(raw, format_) for _, raw in raw_records[number - 1 : number - 1 + CHUNK]]
            prefetched, editable = _prefetch(chunk, known, run.by)
        read = chunk[(number - 1) % CHUNK]
        try:
            if isinstance(read, parse.RecordError):
                raise read
            record, digest = read
            existing = prefetched.get(record["id"]) if record["id"] else _existing(record)
            record["id"] = existing.id if existing else record["id"] or uuid.uuid4()
            if record["id"] in seen:
                raise parse.RecordError("The same service appears earlier in the file")
            seen.add(record["id"])
            service = existing or Service(id=record["id"])
            claim_for_import(
                service=service,
                organisation_id=record["organisation"]["id"],
                by=run.by,
                # A CSV row found by its name was not read with its chunk.
                editable=editable if existing is None or existing.pk in prefetched else None,
            )
            if existing and (existing.import_hash == digest or _same(record, existing, format_)):
                outcome = "unchanged"
                still.append(existing.pk)
                if existing.import_hash != digest:
                    existing.import_hash = digest
                    rehashed.append(existing)
            elif existing is None and format_ == "json":
                # Saved with the others of its chunk, in bulk, below.
                outcome = "created"
                service.import_hash = digest
                new.append((record, service))
            else:
                with transaction.atomic():
                    _apply_record(record, service, existing, source, saved, digest)
                outcome = "changed" if existing else "created"
            if record["not_kept"]:
                reason = "Not kept (Navigator has no place for it): " + ", ".join(
                    record["not_kept"]
                )
        except parse.RecordError as error:
            outcome, reason = "skipped", str(error)
        setattr(run, outcome, getattr(run, outcome) + 1)
        rows.append(
            {"record": label, "name": _label_name(raw), "outcome": outcome, "reason": reason}
        )
        if len(new) >= CHUNK or len(still) >= CHUNK:
            _create_many(new, source, saved)
            _still_there(still, rehashed, source)
            new.clear()
            still.clear()
            rehashed.clear()
        if number % PROGRESS_EVERY == 0:
            run.save(update_fields=["created", "changed", "unchanged", "skipped"])
    _create_many(new, source, saved)
    _still_there(still, rehashed, source)
    if source:
        rows.extend(_flag_gone(source, seen, run.by))
        run.gone = sum(row["outcome"] == "gone" for row in rows)
    run.report = {"rows": rows, "problem": ""}
    run.status = ImportStatus.DONE
    run.upload = None
    run.save()
    return run


PROGRESS_EVERY = 100
# New listings of an ORUK feed are saved this many at a time, with a few bulk inserts.
CHUNK = 500


def _still_there(ids: list[uuid.UUID], rehashed: list[Service], source: str) -> None:
    """Unchanged listings: found in `source` (again); those compared in full keep their
    record's digest, so the next import of the same record need not compare them."""
    found = Service.objects.filter(pk__in=ids)
    found.exclude(source=source, gone_from_source__isnull=True).update(
        source=source, gone_from_source=None
    )
    Service.objects.bulk_update(rehashed, ["import_hash"])


def _organisations(records: list[Record], saved: Saved) -> None:
    """Save the organisations of a chunk of records as `_organisation_for` would, one by one,
    but those with an id in a few queries: read together, then created or (where the record
    changes them) updated in bulk. Each lands in `saved`, where `_once` finds it."""
    waiting: dict[Hashable, Record] = {}
    for record in records:
        data = record["organisation"]
        key = _comparable(data)
        if data["id"] and key not in saved.organisations:
            waiting[key] = data
    known = DirectoryOrganisation.objects.in_bulk({data["id"] for data in waiting.values()})
    new: dict[uuid.UUID, DirectoryOrganisation] = {}
    changed: dict[uuid.UUID, DirectoryOrganisation] = {}
    contacts: dict[uuid.UUID, list[Record]] = {}
    for key, data in waiting.items():
        organisation = known.get(data["id"]) or new.get(data["id"])
        values = _organisation_fields(data)
        values["name"] = data["name"] or "Unnamed organisation"
        if data["contacts"]:
            contacts[data["id"]] = data["contacts"]
        if organisation is None:
            organisation = new[data["id"]] = DirectoryOrganisation(id=data["id"], **values)
        elif any(getattr(organisation, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(organisation, name, value)
            if organisation.id not in new:
                changed[organisation.id] = organisation
        saved.organisations[key] = organisation
    DirectoryOrganisation.objects.bulk_create(new.values())
    DirectoryOrganisation.objects.bulk_update(
        changed.values(), ["name", "description", "website", "email"]
    )
    _unhash(Service.objects.filter(organisation__in=[*changed, *(set(contacts) - set(new))]))
    Contact.objects.filter(organisation__in=contacts).delete()
    Contact.objects.bulk_create(
        Contact(organisation_id=organisation_id, **_with_id(data))
        for organisation_id, rows in contacts.items()
        for data in rows
    )


def _create_many(new: list[tuple[Record, Service]], source: str, saved: Saved) -> None:
    """Save new (claimed) listings in bulk, in one transaction, audited with one insert: a
    first import of a national feed would otherwise take some 25 queries a listing."""
    if not new:
        return
    through = Service.categories.through
    known = Location.objects.in_bulk(
        [data["id"] for record, _ in new for data in record["locations"] if data["id"]]
    )
    listings: list[Service] = []
    locations: dict[uuid.UUID, Location] = {}
    links: dict[tuple[uuid.UUID, uuid.UUID], ServiceAtLocation] = {}
    categories: set[tuple[uuid.UUID, uuid.UUID]] = set()
    location_contacts: dict[uuid.UUID, list[Record]] = {}
    rows = RowsByKind()
    snapshots: dict[uuid.UUID, audit.Snapshot] = {}
    with transaction.atomic():
        _organisations([record for record, _ in new], saved)
        for record, service in new:
            service.organisation = _once(
                saved.organisations, _organisation_for, record["organisation"]
            )
            for name in [*SERVICE_FIELDS, "last_checked"]:
                setattr(service, name, record[name])
            service.source = source
            listings.append(service)
            venues: list[ServiceAtLocation] = []
            for data in record["locations"]:
                location = locations.get(data["id"]) or known.get(data["id"])
                location = location or Location(**_with_id({"id": data["id"]}))
                locations[location.id] = _given_place(location, data)
                if "contacts" in data:  # a CSV row has none to give
                    location_contacts[location.id] = data["contacts"]
                link = ServiceAtLocation(
                    service=service, location=location, **_with_id({"id": data["link_id"]})
                )
                links[(service.id, location.id)] = link
                venues.append(link)
            own = RowsByKind()
            for kind in RECORD_ROWS:
                made = kind.made(service, record)
                own.add(kind, made)
                rows.add(kind, made)
            terms = [_once(saved.terms, _term_for, term) for term in record["categories"]]
            categories |= {(service.id, term.id) for term in terms}
            # As listing_snapshot would read it back: the venue of the first link by id, the
            # schedules in the model's order.
            first = min(venues, key=lambda link: link.id, default=None)
            snapshots[service.id] = _snapshot_of(
                service,
                location=first.location if first else None,
                categories=[term.name for term in terms],
                schedules=sorted(own.of(SCHEDULES), key=_schedule_order),
                languages=own.of(LANGUAGES),
                service_areas=own.of(SERVICE_AREAS),
            )
        insert_many(Service, listings)
        insert_many(Location, [loc for loc in locations.values() if loc.pk not in known])
        Location.objects.bulk_update(
            [loc for loc in locations.values() if loc.pk in known],
            [*LOCATION_FIELDS, "postcode_district", "coordinates_from_postcode"],
        )
        _unhash(Service.objects.filter(service_at_locations__location__in=known))
        insert_many(ServiceAtLocation, list(links.values()))
        Contact.objects.filter(
            location__in=[pk for pk in location_contacts if pk in known]
        ).delete()
        insert_many(
            Contact,
            [
                Contact(location_id=location_id, **_with_id(data))
                for location_id, given in location_contacts.items()
                for data in given
            ],
        )
        for kind in RECORD_ROWS:
            insert_many(kind.model, rows.of(kind))
        insert_many(
            through,
            [
                through(service_id=service_id, taxonomyterm_id=term_id)
                for service_id, term_id in categories
            ],
        )
        _audit_created(listings, snapshots)


def _schedule_order(schedule: Schedule) -> tuple[bool, int, bool, datetime.time, uuid.UUID]:
    """Schedule's ordering (weekday, opens_at, id), with the database's place for a null."""
    last = connection.features.nulls_order_largest
    return (
        (schedule.weekday is None) == last,
        schedule.weekday or 0,
        (schedule.opens_at is None) == last,
        schedule.opens_at or datetime.time(),
        schedule.id,
    )


def _audit_created(listings: list[Service], snapshots: dict[uuid.UUID, audit.Snapshot]) -> None:
    """`_audit_listing(service, None)` for many new listings, in one insert."""
    actor_organisation = getattr(current_actor().user, "organisation_id", None)
    audited = [service for service in listings if service.owner_id or actor_organisation]
    audit.record_many(
        action=AuditEvent.Action.CREATED,
        instances=audited,
        person_id=lambda service: None,
        changes=lambda service: _creation_changes(snapshots[service.id]),
        trail=lambda service: service.owner_id or actor_organisation,
    )


def _flag_gone(source: str, seen: set[uuid.UUID], by: User | None) -> list[dict[str, str]]:
    """Flag the listings of `source` this import did not find (those the importer keeps)."""
    listings = Service.objects.all() if by is None else selectors.editable_services(by)
    # Compared here rather than sent as a NOT IN of every id a national feed has.
    found = listings.filter(source=source, gone_from_source__isnull=True).order_by("name")
    gone = [(pk, name) for pk, name in found.values_list("pk", "name") if pk not in seen]
    rows = [
        {
            "record": "Not in the feed",
            "name": name,
            "outcome": "gone",
            "reason": "No longer in the feed: flagged for checking, not deleted",
        }
        for _, name in gone
    ]
    ids = [pk for pk, _ in gone]
    for start in range(0, len(ids), 1000):
        Service.objects.filter(pk__in=ids[start : start + 1000]).update(
            gone_from_source=timezone.localdate()
        )
    return rows


def failed_run(run: ImportRun, problem: str) -> ImportRun:
    """A run that imported nothing, saying why."""
    run.report = {"rows": [], "problem": problem}
    run.status, run.upload = ImportStatus.DONE, None
    run.save()
    return run


def import_directory(
    *,
    content: bytes,
    file_name: str,
    by: User | None,
    run: ImportRun | None = None,
) -> ImportRun:
    """Import ORUK JSON (a paged feed or a list of services) or Navigator's CSV layout.
    Services are matched on their id (a CSV row without one on its name and organisation),
    so importing the same file again changes nothing; `claim_for_import` decides which the
    importer may create or change."""
    format_ = "json" if file_name.lower().endswith(".json") else "csv"
    run = run or ImportRun.objects.create(by=by, file_name=file_name[:255], format=format_)
    try:
        format_, raw_records = _records(content, file_name)
    except UnicodeDecodeError:
        return failed_run(run, "The file is not UTF-8 text")
    except parse.RecordError as error:
        return failed_run(run, str(error))
    run.format = format_
    # An ORUK file is a whole feed, so what it lacks is gone; a CSV upload may be a few rows.
    source = file_name if format_ == "json" else ""
    return import_records(run=run, format_=format_, raw_records=raw_records, source=source)


def import_feed(*, base_url: str, by: User | None, run: ImportRun | None = None) -> ImportRun:
    """Import a published ORUK API: every page of /services and each /services/{id}, all
    read before anything is saved, so a feed failing part-way changes nothing. Listings the
    feed no longer has are flagged."""
    run = run or ImportRun.objects.create(
        by=by, file_name=base_url[:255], feed_url=base_url, format="json"
    )
    run.status = ImportStatus.RUNNING
    run.save(update_fields=["status"])
    try:
        raw_records = feeds.read_feed(base_url)
    except feeds.FeedError as error:
        return failed_run(run, f"{error}. Nothing was imported")
    return import_records(
        run=run, format_="json", raw_records=raw_records, source=feeds.base_url_of(base_url)
    )


def queue_import(
    *, by: User, file_name: str = "", content: bytes | None = None, feed_url: str = ""
) -> ImportRun:
    """An import for the background worker: a published API, or an upload too big to import
    while the person waits. The report page shows its progress."""
    run = ImportRun.objects.create(
        by=by,
        file_name=(file_name or feed_url)[:255],
        feed_url=feed_url,
        format="json" if feed_url or file_name.lower().endswith(".json") else "csv",
        status=ImportStatus.QUEUED,
        upload=content,
    )
    from navigator.directory.tasks import run_import  # tasks imports this module

    transaction.on_commit(lambda: run_import.enqueue(run_id=run.pk))
    return run


def run_queued_import(run: ImportRun) -> ImportRun:
    """Do a queued import, as the person who asked for it."""
    with acting_as(Actor(user=run.by, label="Directory import")):
        if run.feed_url:
            return import_feed(base_url=run.feed_url, by=run.by, run=run)
        return import_directory(
            content=bytes(run.upload or b""), file_name=run.file_name, by=run.by, run=run
        )


@transaction.atomic
def load_postcodes(rows: list[tuple[str, float, float]]) -> dict[str, int]:
    """Insert new postcodes and update the coordinates of known ones, in bulk."""
    known = dict(
        Postcode.objects.filter(postcode__in=[row[0] for row in rows]).values_list("postcode", "pk")
    )
    new = [
        Postcode(postcode=p, latitude=lat, longitude=lon) for p, lat, lon in rows if p not in known
    ]
    changed = [
        Postcode(pk=known[p], postcode=p, latitude=lat, longitude=lon)
        for p, lat, lon in rows
        if p in known
    ]
    Postcode.objects.bulk_create(new, batch_size=1000)
    Postcode.objects.bulk_update(changed, ["latitude", "longitude"], batch_size=1000)
    return {"created": len(new), "updated": len(changed)}
