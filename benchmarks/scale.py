"""Scale data for the benchmarks: a national directory and a year of a national-scale service.

Built for speed, and the same on SQLite and PostgreSQL. Rows that need randomness (services,
people, referrals) are written in batches: by COPY on PostgreSQL, with the loaded tables'
foreign keys and indexes made after the load; by bulk_create on SQLite. Rows that follow from
a referral (its reasons, contacts, coded events, closure, plan, activity referrals, outcome
measures and feedback) are written by one INSERT ... SELECT over the referrals each, using only
SQL both databases share (CASE, %, column copies), so a million referrals take minutes, not
hours.

Full-text search: on SQLite the FTS5 table is kept in step by the triggers of directory
migration 0002, which fire for bulk_create too; on PostgreSQL the GIN index is on an expression
over the service's own columns, so there is nothing else to keep up to date.
"""

import datetime
import itertools
import multiprocessing
import os
import random
import time
import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, connections, models, reset_queries, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from navigator.accounts.models import Organisation, User
from navigator.accounts.permissions import Role
from navigator.activities.models import Accompaniment, ActivityReferral
from navigator.contacts.models import CaseloadSettings, Closure, Contact
from navigator.core.bulk import insert_many, insert_rows
from navigator.directory.models import (
    DirectoryOrganisation,
    Location,
    Postcode,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)
from navigator.feedback.models import FeedbackResponse
from navigator.outcomes.models import Administration, Score
from navigator.people.models import GPPractice, Person
from navigator.plans.models import SupportPlan
from navigator.referrals.models import (
    CodedEvent,
    DeclineReason,
    Referral,
    ReferralReason,
    SourceType,
)
from navigator.referrals.states import State
from navigator.reports.models import MonthTally, Tally
from navigator.reports.selectors.tallies import rebuild

BATCH = 5_000
ORGANISATION = "Benchmark Social Prescribing"  # the very large service: the worst case
SERVICE_PREFIX = "Benchmark service"  # the ordinary services of the national picture
PARTNER = "Benchmark Partner Service"  # receives the onward referrals
PROVIDER_PREFIX = "Benchmark provider"
TAXONOMY = "Benchmark categories"
REASONS = 10
# GP practices are local: a service (about a primary care network) takes referrals from its
# own few, as England's 6,300 practices are shared among 1,300 networks; the very large
# service from many more.
PRACTICES_PER_SERVICE = 5
LARGE_PRACTICES = 60
# The directory listings each service sends its activity referrals to (of 50,000 nationally).
LISTINGS_PER_SERVICE = 20
REFERRALS_PER_PERSON = 4  # people come back: a person has a few referrals over the year
# A national year: about 1,300 social prescribing services with 3,500 link workers between
# them, each link worker seeing 200 to 250 people a year. One service has a tenth of all the
# referrals, and one of its link workers a quarter of those (10,000 open cases at full scale):
# the extreme pages are measured as well as the common ones.
SERVICES_NATIONALLY = 1_300
REFERRALS_PER_SERVICE = 700
LINK_WORKERS_PER_SERVICE = (2, 3, 3)  # 2.7 on average: 3,500 nationally
LARGE_SHARE = 10  # per cent of the referrals, to the very large service
LARGE_LINK_WORKERS = 40
HEAVY_SHARE = 4  # one in this many of the large service's allocated referrals: one worker

# Where the searches are made from: LS6 2AB, in the densest part of the generated directory.
HOME_POSTCODE = "LS6 2AB"
HOME = (53.82, -1.576)

ACTIVITIES = (
    "walking", "gardening", "choir", "knitting", "yoga", "football", "painting", "cooking",
    "reading", "chess", "swimming", "dance", "pottery", "photography", "singing", "cycling",
    "allotment", "bowls", "pilates", "woodwork", "drama", "baking", "birdwatching", "crochet",
    "sewing", "quiz", "bingo", "badminton", "tennis", "running", "meditation", "history",
    "computers", "language", "poetry", "ukulele", "drumming", "fishing", "climbing", "boxing",
)  # fmt: skip
KINDS = ("group", "club", "circle", "class", "session", "meet-up", "workshop", "project")
PLACES = (
    "the park", "the library", "the church hall", "the community centre", "the leisure centre",
    "the allotments", "the museum", "the cafe", "the sports hall", "the village hall",
)  # fmt: skip
TOWNS = (
    "Headingley", "Chapel Allerton", "Armley", "Horsforth", "Otley", "Roundhay", "Pudsey",
    "Morley", "Halifax", "Hebden Bridge", "Bradford", "Wakefield", "Harrogate", "York",
)  # fmt: skip
CATEGORIES = (
    "Physical activity", "Arts and crafts", "Music", "Nature and gardening", "Food",
    "Learning", "Social groups", "Money and debt", "Housing", "Mental health",
    "Carers", "Older people", "Young people", "Faith groups", "Volunteering",
    "Digital skills", "Sport", "Wellbeing", "Employment", "Befriending",
)  # fmt: skip
OPENING_TIMES = (datetime.time(9, 30), datetime.time(13, 0), datetime.time(18, 30))

# Referral states with their shares (per cent): a live service a year in.
STATE_SHARES = {
    State.RECEIVED: 3,
    State.INFO_REQUESTED: 1,
    State.TRIAGED: 2,
    State.ACCEPTED: 2,
    State.DECLINED: 8,
    State.WAITING: 5,
    State.ALLOCATED: 5,
    State.FIRST_CONTACT: 8,
    State.ASSESSED: 8,
    State.ACTIVE: 25,
    State.CLOSED: 33,
}
TRIAGED = {s for s in State if s not in (State.RECEIVED, State.INFO_REQUESTED)}
ALLOCATED = {
    State.ALLOCATED,
    State.FIRST_CONTACT,
    State.ASSESSED,
    State.ACTIVE,
    State.CLOSED,
}
CONTACTED = {State.FIRST_CONTACT, State.ASSESSED, State.ACTIVE, State.CLOSED}
ASSESSED = {State.ASSESSED, State.ACTIVE, State.CLOSED}
# Each measure scored at every administration: one where higher is better, one where lower is.
MEASURES = ("ons4_satisfied", "ons4_anxious")

# The tables the directory and the casework load in bulk (and count).
DIRECTORY = (Service, Location, ServiceAtLocation, Schedule, Service.categories.through)
CASEWORK = (
    Person,
    Referral,
    Referral.reasons.through,
    Contact,
    CodedEvent,
    Closure,
    SupportPlan,
    ActivityReferral,
    Accompaniment,
    Administration,
    Score,
    FeedbackResponse,
)


@dataclass
class ScaleData:
    """What was built, for the benchmarks to aim at and the test to check."""

    organisation_id: int  # the very large service
    partner_id: int
    service_id: int  # an ordinary service
    heavy_worker_id: int  # the link worker with the very large caseload
    worker_id: int  # an ordinary link worker of the ordinary service
    start: datetime.date  # the reported year: referrals are received from start to end
    end: datetime.date
    category_id: str
    seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    reused: bool = False


def vacuum_analyze(*tables: str) -> None:
    """Gather the tables' statistics (every table's when none is named) and mark their pages
    all-visible, on PostgreSQL. Autovacuum would do this within minutes of a bulk load in
    production (and it may be off on a benchmark machine); a benchmark run straight after
    loading must not measure plans made without statistics (a 750,000-row table taken for
    one row is sorted on disk, not hashed), nor read the table behind each row of a covering
    index. VACUUM cannot run inside a transaction, as a test's; SQLite gathers no statistics
    unless asked, and Navigator never asks."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        cursor.execute(f"{command} {', '.join(tables)}")


def checkpoint() -> None:
    """Write every page the build changed to disk now (PostgreSQL's CHECKPOINT), so that a
    measurement starts from a settled database. Otherwise the last checkpoint after a build
    of gigabytes is spread over the minutes the load test runs, and a page that commits (its
    audit event) waits for the WAL behind it: one run in three put one such page over its
    target (a referral page's p95 538 ms where its median was 153 ms)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")


def year() -> tuple[datetime.date, datetime.date]:
    """The 365 days ending a month ago, so that most cases have had time to move on."""
    end = timezone.localdate() - datetime.timedelta(days=30)
    return end - datetime.timedelta(days=364), end


def build(*, services: int, referrals: int, seed: int = 1) -> ScaleData:
    """Build (or find, with --reuse-db) the directory and the year of referrals."""
    with scopes_disabled():
        existing = _existing(services, referrals)
        if existing is not None:
            return existing
        rng = random.Random(seed)
        seconds: dict[str, float] = {}
        with _timed(seconds, "directory"):
            category_id = build_directory(services, rng)
        with _timed(seconds, "casework"):  # the due dates' time included
            built = build_casework(referrals, rng, seconds)
        with _timed(seconds, "analyze"):
            vacuum_analyze()
        # Loaded in bulk, past the services and the audit trail: the report rollups are
        # counted once from nothing, as after any import (`rebuild_report_rollups`).
        with (
            _timed(seconds, "report rollups"),
            _built_after(keys_of=ROLLUPS, indexes=BUCKET_INDEXES),
        ):
            count_rollups(list(Organisation.objects.values_list("pk", flat=True)))
        with _timed(seconds, "analyze rollups"):
            # Counted after that: a report reads their covering indexes.
            vacuum_analyze("reports_tally", "reports_monthtally")
        start, end = year()
        return ScaleData(
            **built,
            start=start,
            end=end,
            category_id=str(category_id),
            seconds=seconds,
            counts=counts(),
        )


@contextmanager
def _timed(seconds: dict[str, float], phase: str) -> Iterator[None]:
    """Time a phase of the build into `seconds`."""
    started = time.perf_counter()
    yield
    seconds[phase] = time.perf_counter() - started


def count_rollups(organisation_ids: list[int]) -> None:
    """Count the organisations' report rollups from nothing. On PostgreSQL, outside a
    transaction, in a process per core, each counting its share of the organisations in a
    connection of its own: the counting is the database's work, which one connection does on
    one core."""
    processes = min(os.cpu_count() or 1, len(organisation_ids))
    if connection.vendor != "postgresql" or connection.in_atomic_block or processes < 2:
        rebuild(organisation_ids)
        return
    shares = _shares(organisation_ids, processes)
    connections.close_all()  # each process opens its own
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(processes, mp_context=fork) as pool:
        list(pool.map(rebuild, shares))


def _shares(organisation_ids: list[int], processes: int) -> list[list[int]]:
    """The organisations split into shares of about as many referrals each, largest first,
    each to the share with fewest so far: taken in turn, the share holding the very large
    service (a tenth of the referrals) counted 55% of them, and the other process finished
    a tenth of the time early."""
    sizes = dict(
        Referral.objects.filter(organisation__in=organisation_ids)
        .values_list("organisation")
        .annotate(n=models.Count("pk"))
        .order_by()
    )
    shares: list[list[int]] = [[] for _ in range(processes)]
    loads = [0] * processes
    for pk in sorted(organisation_ids, key=lambda pk: -sizes.get(pk, 0)):
        least = loads.index(min(loads))
        shares[least].append(pk)
        loads[least] += sizes.get(pk, 0)
    return shares


def counts() -> dict[str, int]:
    with scopes_disabled():
        return {
            model._meta.label: model.objects.count()
            for model in (Service, Location, Schedule, Service.categories.through, *CASEWORK)
        }


def _existing(services: int, referrals: int) -> ScaleData | None:
    """The data of an earlier run kept by --reuse-db, when it is of the same scale."""
    organisation = Organisation.objects.filter(name=ORGANISATION).first()
    if organisation is None:
        return None
    found_services = Service.objects.filter(organisation__name__startswith=PROVIDER_PREFIX).count()
    found_referrals = Referral.objects.filter(organisation__name__startswith="Benchmark").count()
    if (found_services, found_referrals) != (services, referrals):
        raise RuntimeError(
            f"The test database holds scale data for {found_services} services and "
            f"{found_referrals} referrals, not {services} and {referrals}: run with --create-db."
        )
    start, end = year()
    return ScaleData(
        **_who(organisation),
        start=start,
        end=end,
        category_id=str(TaxonomyTerm.objects.get(taxonomy__name=TAXONOMY, name=CATEGORIES[0]).pk),
        counts=counts(),
        reused=True,
    )


def _batched[T](rows: Iterable[T], model: type[models.Model]) -> None:
    for batch in itertools.batched(rows, BATCH):
        model.objects.bulk_create(batch)
        reset_queries()


# The directory -------------------------------------------------------------------------------


def build_directory(size: int, rng: random.Random) -> uuid.UUID:
    """`size` services, one location each, one or two weekly sessions and categories. Returns
    the first category's id."""
    taxonomy, _ = Taxonomy.objects.get_or_create(name=TAXONOMY)
    terms = TaxonomyTerm.objects.bulk_create(
        TaxonomyTerm(taxonomy=taxonomy, code=f"bench-{index}", name=name)
        for index, name in enumerate(CATEGORIES)
    )
    Postcode.objects.get_or_create(
        postcode=HOME_POSTCODE, defaults={"latitude": HOME[0], "longitude": HOME[1]}
    )
    organisations = DirectoryOrganisation.objects.bulk_create(
        DirectoryOrganisation(name=f"{PROVIDER_PREFIX} {index}")
        for index in range(max(1, size // 10))
    )
    today = timezone.localdate()
    with transaction.atomic(), _built_after(keys_of=DIRECTORY, indexes_of=DIRECTORY):
        for start in range(0, size, BATCH):
            indexes = range(start, min(start + BATCH, size))
            services = [_service(index, rng, organisations, today) for index in indexes]
            insert_many(Service, services)
            locations = [_location(index, rng) for index in indexes]
            insert_many(Location, locations)
            insert_many(
                ServiceAtLocation,
                [
                    ServiceAtLocation(service=service, location=location)
                    for service, location in zip(services, locations, strict=True)
                ],
            )
            insert_many(
                Schedule,
                [
                    Schedule(
                        service=service,
                        weekday=(index + extra * 3) % 7,
                        opens_at=OPENING_TIMES[(index + extra) % 3],
                        closes_at=_later(OPENING_TIMES[(index + extra) % 3], hours=2),
                        frequency="every week",
                    )
                    for index, service in zip(indexes, services, strict=True)
                    for extra in range(1 + index % 2)
                ],
            )
            insert_many(
                Service.categories.through,
                [
                    Service.categories.through(service_id=service.pk, taxonomyterm_id=term.pk)
                    for index, service in zip(indexes, services, strict=True)
                    for term in {terms[index % len(terms)], terms[(index * 7) % len(terms)]}
                ],
            )
            reset_queries()
    return terms[0].pk


def _later(moment: datetime.time, hours: int) -> datetime.time:
    return datetime.time(moment.hour + hours, moment.minute)


def _service(
    index: int,
    rng: random.Random,
    organisations: list[DirectoryOrganisation],
    today: datetime.date,
) -> Service:
    activity = ACTIVITIES[index % len(ACTIVITIES)]
    others = rng.sample(ACTIVITIES, 3)
    place = PLACES[index % len(PLACES)]
    status = ServiceStatus.ACTIVE
    if index % 50 == 7:
        status = ServiceStatus.DEFUNCT
    elif index % 50 == 13:
        status = ServiceStatus.INACTIVE
    return Service(
        organisation=organisations[index % len(organisations)],
        name=f"{TOWNS[index % len(TOWNS)]} {activity} {KINDS[index % len(KINDS)]} {index}",
        description=f"A friendly {activity} {KINDS[(index // 3) % len(KINDS)]} at {place}. "
        f"We also do {others[0]} and {others[1]}; everyone is welcome, no experience needed.",
        keywords=f"{activity}, {others[2]}",
        status=status,
        is_free=index % 2 == 0,
        paused=index % 20 == 3,
        last_checked=today - datetime.timedelta(days=index % 400),
        minimum_age=18 if index % 5 == 0 else None,
    )


def _location(index: int, rng: random.Random) -> Location:
    district = f"LS{1 + index % 29}"
    postcode = f"{district} {index % 10}AB"
    if index % 10 == 9:  # no coordinates: found by postcode district only
        lat = lon = None
    elif index % 10 < 6:  # most in and around Leeds, where the searches are made from
        lat, lon = HOME[0] + rng.uniform(-0.2, 0.2), HOME[1] + rng.uniform(-0.3, 0.3)
    else:  # the rest spread over England
        lat, lon = rng.uniform(50.5, 55.0), rng.uniform(-4.5, 0.5)
    return Location(
        name=f"Venue {index}",
        address_1=f"{index % 200} High Street",
        city=TOWNS[index % len(TOWNS)],
        postcode=postcode,
        postcode_district=district,
        latitude=lat,
        longitude=lon,
        accessibility="Step-free access, accessible toilet" if index % 3 == 0 else "",
    )


# A year of referrals -------------------------------------------------------------------------


def service_count(referrals: int) -> int:
    """How many ordinary services share the referrals the large service does not have."""
    return max(1, min(SERVICES_NATIONALLY, referrals // REFERRALS_PER_SERVICE))


@transaction.atomic
def build_casework(size: int, rng: random.Random, seconds: dict[str, float]) -> dict[str, int]:
    """The very large service, the partner service and the ordinary services, their link
    workers, people and a year of referrals, then the caseload's due dates (timed into
    `seconds`). Returns who the benchmarks aim at.

    The due dates are filled while the referrals' indexes are still dropped, the other
    tables' already made again: the UPDATE of every open case then writes no index entry,
    where it wrote one in each of the referral's dozen indexes (57 s of a 1,000,000-referral
    build), and its subqueries find each case's contacts and plans by their indexes."""
    others = [model for model in CASEWORK if model is not Referral]
    with _built_after(keys_of=[Referral], indexes_of=[Referral]):
        with _built_after(keys_of=others, indexes_of=others):
            built = _casework(size, rng)
        with _timed(seconds, "caseload due dates"):
            fill_due_dates()
    return built


def _casework(size: int, rng: random.Random) -> dict[str, int]:
    organisation = Organisation.objects.create(name=ORGANISATION)
    partner = Organisation.objects.create(name=PARTNER)
    services = Organisation.objects.bulk_create(
        Organisation(name=f"{SERVICE_PREFIX} {index}") for index in range(service_count(size))
    )
    CaseloadSettings.objects.bulk_create(
        CaseloadSettings(organisation=o) for o in [organisation, partner, *services]
    )
    workers_of: dict[int, list[User]] = {
        organisation.pk: [_worker(organisation, index) for index in range(LARGE_LINK_WORKERS)]
    }
    for number, service in enumerate(services):
        count = LINK_WORKERS_PER_SERVICE[number % len(LINK_WORKERS_PER_SERVICE)]
        workers_of[service.pk] = [_worker(service, index) for index in range(count)]
    User.objects.bulk_create(worker for workers in workers_of.values() for worker in workers)
    practices_of = _practices_of([organisation, *services])
    ReferralReason.objects.bulk_create(
        ReferralReason(organisation=o, name=f"Reason {index}", position=index)
        for o in [organisation, partner, *services]
        for index in range(REASONS)
    )
    # Each referral's service: the first tenth the large one, the rest in turn.
    large = max(1, size * LARGE_SHARE // 100)

    def service_of(index: int) -> Organisation:
        return organisation if index < large else services[index % len(services)]

    people = max(1, size // REFERRALS_PER_PERSON)
    homes = [
        organisation if index * REFERRALS_PER_PERSON < large else services[index % len(services)]
        for index in range(people)
    ]
    _insert_rows(Person, _people(homes, practices_of))
    people_of: dict[int, list[int]] = {}
    # By the organisations' keys, not a join on their names: straight after loading, with no
    # statistics yet on the rows just written, that join took 58 s on PostgreSQL (as long as
    # reading the 250,000 people once for each of 1,300 services); by the keys, one read.
    for pk, organisation_id in (
        Person.objects.filter(organisation__in=[organisation, *services])
        .order_by("pk")
        .values_list("pk", "organisation_id")
    ):
        people_of.setdefault(organisation_id, []).append(pk)
    start, _end = year()
    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time(8)))
    now = timezone.now()
    states = list(STATE_SHARES)
    weights = list(STATE_SHARES.values())
    sources = SourceType.values
    source_weights = [40 if s == SourceType.PRIMARY_CARE else 4 for s in sources]
    declines = DeclineReason.values

    def worker_of(index: int, service: Organisation) -> User:
        workers = workers_of[service.pk]
        if service is organisation and index % HEAVY_SHARE == 0:
            return workers[0]  # the very large caseload
        return workers[(index // len(services)) % len(workers)]

    for batch_start in range(0, size, BATCH):
        chosen_states = rng.choices(states, weights, k=min(BATCH, size - batch_start))
        if batch_start == 0:  # every state at least once, however small the scale
            chosen_states[: len(states)] = states[: len(chosen_states)]
        chosen_sources = rng.choices(sources, source_weights, k=len(chosen_states))
        rows = []
        for offset, (state, source) in enumerate(zip(chosen_states, chosen_sources, strict=True)):
            index = batch_start + offset
            service = service_of(index)
            own_people = people_of.get(service.pk) or people_of[organisation.pk]
            rows.append(
                _referral(
                    index,
                    state,
                    source,
                    rng=rng,
                    organisation=service,
                    partner=partner,
                    person_id=own_people[(index // len(services)) % len(own_people)],
                    gp_practice_id=_one_of(practices_of[service.pk], index // len(services)),
                    link_worker=worker_of(index, service),
                    declines=declines,
                    first=first,
                    now=now,
                )
            )
        _insert_rows(Referral, rows)
    _derived_rows(start)
    return _who(organisation)


def _worker(organisation: Organisation, index: int) -> User:
    return User(
        username=f"bench-{organisation.pk}-link-worker-{index}",
        first_name=f"Link{index}",
        last_name=f"Worker{organisation.pk}",
        organisation=organisation,
        role=Role.LINK_WORKER,
        password="!",  # unusable
    )


def _who(organisation: Organisation) -> dict[str, int]:
    """The services and link workers the benchmarks aim at."""
    service = (
        Organisation.objects.filter(name__startswith=SERVICE_PREFIX).order_by("pk").first()
        or organisation
    )
    workers = User.objects.filter(role=Role.LINK_WORKER).order_by("pk")
    return {
        "organisation_id": organisation.pk,
        "partner_id": Organisation.objects.get(name=PARTNER).pk,
        "service_id": service.pk,
        "heavy_worker_id": workers.filter(organisation=organisation).first().pk,
        "worker_id": workers.filter(organisation=service).first().pk,
    }


def fill_due_dates() -> None:
    """The caseload's due dates, as the services keep them (the rows were written in bulk)."""
    from navigator.contacts import due

    with transaction.atomic():
        due.refresh_organisations(
            Organisation.objects.filter(name__startswith="Benchmark").values_list("pk", flat=True)
        )


def _practices_of(organisations: list[Organisation]) -> dict[int, list[int]]:
    """Each organisation's own GP practices, made for it: the first (the very large service)
    LARGE_PRACTICES, each other PRACTICES_PER_SERVICE."""
    wanted = {
        organisation.pk: LARGE_PRACTICES if number == 0 else PRACTICES_PER_SERVICE
        for number, organisation in enumerate(organisations)
    }
    codes = {
        pk: [f"BQ{pk:05d}{index:02d}" for index in range(count)] for pk, count in wanted.items()
    }
    GPPractice.objects.bulk_create(
        (
            GPPractice(ods_code=code, name=f"Benchmark Surgery {code[2:]}")
            for own in codes.values()
            for code in own
        ),
        ignore_conflicts=True,
    )
    pk_of = dict(GPPractice.objects.filter(ods_code__startswith="BQ").values_list("ods_code", "pk"))
    return {organisation: [pk_of[code] for code in own] for organisation, own in codes.items()}


def _one_of(practices: list[int], index: int) -> int:
    return practices[index % len(practices)]


def _people(
    organisations: list[Organisation], practices_of: dict[int, list[int]]
) -> Iterator[dict[str, Any]]:
    for index, organisation in enumerate(organisations):
        yield {
            "organisation_id": organisation.pk,
            "given_name": f"Given{index % 997}",
            "family_name": f"Family{index % 1009}",
            "date_of_birth": datetime.date(1930 + index % 70, 1 + index % 12, 1 + index % 28),
            "postcode": f"LS{1 + index % 29} {index % 10}AB",
            "gp_practice_id": _one_of(practices_of[organisation.pk], index // len(practices_of)),
        }


def _referral(
    index: int,
    state: State,
    source: str,
    *,
    rng: random.Random,
    organisation: Organisation,
    partner: Organisation,
    person_id: int,
    gp_practice_id: int,
    link_worker: User,
    declines: list[str],
    first: datetime.datetime,
    now: datetime.datetime,
) -> dict[str, Any]:
    def after(moment: datetime.datetime, low: float, high: float) -> datetime.datetime:
        return min(moment + datetime.timedelta(days=rng.uniform(low, high)), now)

    received = first + datetime.timedelta(seconds=rng.uniform(0, 364 * 86400))
    triaged = after(received, 0.1, 5) if state in TRIAGED else None
    contacted = after(triaged, 1, 30) if state in CONTACTED else None
    assessed = after(contacted, 2, 25) if state in ASSESSED else None
    closed = after(assessed or triaged, 20, 150) if state == State.CLOSED else None
    onward = index % 100 == 99  # sent on to the partner service
    return {
        "organisation_id": partner.pk if onward else organisation.pk,
        "referring_organisation_id": organisation.pk if onward else None,
        "reference": f"B{index:011d}",
        "state": state.value,
        "person_id": person_id,
        "given_name": "Bench",
        "family_name": f"Person{index % 1000}",
        "date_of_birth": datetime.date(1940 + index % 60, 1 + index % 12, 1 + index % 28),
        "gp_practice_id": gp_practice_id,
        "source_type": source,
        "received_at": received,
        "decline_reason": declines[index % len(declines)] if state == State.DECLINED else "",
        "allocated_to_id": link_worker.pk if state in ALLOCATED else None,
        "waiting_since": after(triaged, 0, 3) if state == State.WAITING else None,
        "triaged_at": triaged,
        "first_contact_at": contacted,
        "assessed_at": assessed,
        "closed_at": closed,
    }


def _insert_rows(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> None:
    """Insert rows given as {column attname: value}, every other column its model default (as
    `insert_select`). On PostgreSQL by COPY, straight from the values: making a model instance
    per row and preparing it for bulk_create took most of the casework's time."""
    if connection.vendor != "postgresql":
        _batched((model(**row) for row in rows), model)
        return
    fields = {field.attname: field for field in model._meta.concrete_fields}
    for batch in itertools.batched(rows, BATCH):
        given = list(batch[0])
        defaults = {
            name: _default(field)
            for name, field in fields.items()
            if name not in given and not isinstance(field, models.AutoField)
        }
        insert_rows(
            model, [*given, *defaults], ([*row.values(), *defaults.values()] for row in batch)
        )


@contextmanager
def _built_after(
    *,
    keys_of: Iterable[type[models.Model]] = (),
    indexes_of: Iterable[type[models.Model]] = (),
    indexes: Iterable[str] = (),
) -> Iterator[None]:
    """On PostgreSQL, the foreign keys of the `keys_of` models' tables, the indexes of the
    `indexes_of` models' tables (other than those of a primary key or a unique constraint)
    and the indexes named in `indexes` are dropped while rows are written and made again
    after, as the manual advises for populating a database. Made after, an index is one sort
    and a foreign key one join; kept, each row updated every index as it came, and Django's
    foreign keys (deferred) were checked one row at a time at commit: millions of checks,
    over half the casework's time in the database, and in each process counting the report
    rollups a COMMIT of minutes (48 million rows' checks, queued in memory).

    Within a transaction (the build's, or a test's) the other tables' keys are checked
    statement by statement meanwhile: ALTER TABLE and CREATE INDEX refuse a table with checks
    pending (of rows written earlier in the transaction), a referenced table included.
    (JIT is off for Navigator's connections, see settings: statements over a million
    referrals are costed high enough to be compiled, which costs more than it saves.)"""
    if connection.vendor != "postgresql":
        yield
        return
    within = connection.in_atomic_block
    with connection.cursor() as cursor:
        if within:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        keys = _dropped_keys(cursor, [model._meta.db_table for model in keys_of])
        made_again = _dropped_indexes(
            cursor,
            "indrelid::regclass::text = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid)",
            [model._meta.db_table for model in indexes_of],
        ) + _dropped_indexes(cursor, "indexrelid::regclass::text = ANY(%s)", list(indexes))
    yield
    with connection.cursor() as cursor:
        if within:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for statement in [*made_again, *keys]:  # a key's referenced table keeps its own index
            cursor.execute(statement)
        cursor.execute("RESET maintenance_work_mem")
        if within:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _dropped_keys(cursor: Any, tables: list[str]) -> list[str]:
    """Drop the foreign keys of `tables`; the statements that make them again."""
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
        "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
        [tables],
    )
    quote = connection.ops.quote_name
    made_again = []
    for table, name, definition in cursor.fetchall():
        cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        made_again.append(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
    return made_again


def _dropped_indexes(cursor: Any, condition: str, names: list[str]) -> list[str]:
    """Drop the indexes `condition` picks (SQL over `pg_index i`, given `names` as its one
    parameter); the statements that make them again."""
    cursor.execute(
        f"SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index i "
        f"WHERE {condition}",
        [names],
    )
    indexes = cursor.fetchall()
    for index, _definition in indexes:
        cursor.execute(f"DROP INDEX {index}")  # as regclass gives it: quoted if need be
    return [definition for _index, definition in indexes]


# The rollups' indexes of histograms' buckets (the partial ones, of rows with a bucket):
# reports read them, counting never does.
BUCKET_INDEXES = [index.name for index in Tally._meta.indexes if index.condition is not None]
# The rollups' tables that counting fills row by row (tens of millions of rows nationally).
ROLLUPS = (Tally, MonthTally)


def insert_select(
    model: type[models.Model],
    columns: dict[str, str | tuple[str, list[Any]]],
    source: str,
    params: list[Any] | None = None,
) -> int:
    """INSERT INTO model's table SELECT the given SQL for `columns` FROM `source`; every other
    column gets its model default (its null, or an empty string). Write %% for a modulo."""
    names, selected, values = [], [], []
    quote = connection.ops.quote_name
    for model_field in model._meta.concrete_fields:
        if isinstance(model_field, models.AutoField | models.BigAutoField):
            continue
        names.append(quote(model_field.column))
        given = columns.get(model_field.name, columns.get(model_field.attname))
        if isinstance(given, tuple):
            selected.append(given[0])
            values.extend(given[1])
        elif given is not None:
            selected.append(given)
        else:
            selected.append("%s")
            values.append(_default(model_field))
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(names)}) "
        f"SELECT {', '.join(selected)} {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *(params or [])])
        return cursor.rowcount


def _default(model_field: models.Field) -> Any:
    if model_field.has_default():
        value = model_field.get_default()
    elif getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
        value = timezone.now()
    elif model_field.null:
        return None
    elif isinstance(model_field, models.CharField | models.TextField):
        value = ""
    else:
        raise ValueError(f"{model_field.model.__name__}.{model_field.name} needs a value")
    return model_field.get_db_prep_save(value, connection)


def _case(column: str, values: list[Any]) -> tuple[str, list[Any]]:
    """CASE column %% len(values) WHEN 0 THEN values[0] ... END, with the values as parameters."""
    whens = " ".join(f"WHEN {index} THEN %s" for index in range(len(values)))
    return f"CASE {column} %% {len(values)} {whens} END", list(values)


def _derived_rows(start: datetime.date) -> None:
    """Everything that follows from the referrals, an INSERT ... SELECT each."""
    referrals = f"FROM {Referral._meta.db_table} r"
    reasons = ReferralReason._meta.db_table
    # Every referral gives one reason; a third give a second, never the same one.
    for extra in ("", "AND r.id %% 3 = 0"):
        shift = " + 5" if extra else ""
        insert_select(
            Referral.reasons.through,
            {"referral": "r.id", "referralreason": "rr.id"},
            f"{referrals} JOIN {reasons} rr ON rr.organisation_id = r.organisation_id "
            f"AND rr.position = (r.id{shift}) %% {REASONS} WHERE 1 = 1 {extra}",
        )
    contact = {
        "organisation": "r.organisation_id",
        "referral": "r.id",
        "person": "r.person_id",
        "mode": _case("r.id", ["in_person", "telephone", "video", "telephone"]),
        "setting": _case("r.id", ["home", "gp_surgery", "community", "", "pharmacy", "service"]),
        "duration_minutes": "30",
        "recorded_by": "r.allocated_to_id",
    }
    for moment in ("first_contact_at", "assessed_at"):
        insert_select(
            Contact,
            {**contact, "when": f"r.{moment}", "created_at": f"r.{moment}"},
            f"{referrals} WHERE r.{moment} IS NOT NULL",
        )
    insert_select(
        CodedEvent,
        {
            "organisation": "r.organisation_id",
            "referral": "r.id",
            "code": (
                "CASE WHEN r.state = %s THEN %s ELSE %s END",
                [
                    State.DECLINED,
                    CodedEvent.Code.DECLINED,
                    CodedEvent.Code.REFERRAL_ACCEPTED,
                ],
            ),
            "at": "r.triaged_at",
        },
        f"{referrals} WHERE r.triaged_at IS NOT NULL",
    )
    insert_select(
        Closure,
        {
            "organisation": "r.organisation_id",
            "referral": "r.id",
            "reason": _case("r.id", ["goals_met", "linked", "moved", "declined", "no_contact"]),
            "summary": "'Support ended.'",
            "closed_at": "r.closed_at",
            "closed_by": "r.allocated_to_id",
        },
        f"{referrals} WHERE r.state = %s",
        [State.CLOSED],
    )
    # A person has one plan: from their first assessed referral.
    insert_select(
        SupportPlan,
        {
            "organisation": "r.organisation_id",
            "person": "r.person_id",
            "referral": "r.id",
            "agreement_method": "'verbal'",
            "agreed_on": ("%s", [start]),
            "level_of_need": "'medium'",
            "review_date": ("%s", [start + datetime.timedelta(days=120)]),
            "link_worker": "r.allocated_to_id",
            "created_at": "r.assessed_at",
            "updated_at": "r.assessed_at",
        },
        f"{referrals} WHERE r.id IN (SELECT MIN(id) FROM {Referral._meta.db_table} "
        "WHERE assessed_at IS NOT NULL GROUP BY person_id)",
    )
    # Each service refers people to activities of its own area (`LISTINGS_PER_SERVICE`), as
    # it takes referrals from GP practices of its own: a national year reaches thousands of
    # providers. The listings are numbered to be picked by arithmetic on the referral.
    listings = Service.objects.count()
    numbered = (
        f"(SELECT id AS listing, ROW_NUMBER() OVER (ORDER BY id) - 1 AS n "
        f"FROM {Service._meta.db_table}) d"
    )
    local = f"(r.organisation_id * {LISTINGS_PER_SERVICE} + r.id %% {LISTINGS_PER_SERVICE})"
    if listings:
        insert_select(
            ActivityReferral,
            {
                "organisation": "r.organisation_id",
                "person": "r.person_id",
                "case": "r.id",
                "service": "d.listing",
                "made_by": "r.allocated_to_id",
                "reason": "'To meet people'",
                "status": _case(
                    "r.id", ["in-progress", "completed", "accepted", "requested", "rejected"]
                ),
                "status_changed_at": "r.assessed_at",
                "requested_at": "r.assessed_at",
                "created_at": "r.assessed_at",
            },
            f"{referrals} JOIN {numbered} ON d.n = {local} %% {listings} "
            "WHERE r.assessed_at IS NOT NULL AND r.state IN (%s, %s)",
            [State.ACTIVE, State.CLOSED],
        )
    activities = ActivityReferral._meta.db_table
    insert_select(
        Accompaniment,
        {
            "organisation": "a.organisation_id",
            "activity_referral": "a.id",
            "companion": "a.made_by_id",
            "arranged_by": "a.made_by_id",
            "meet_at": "a.created_at",
            "meeting_point": "'The main entrance'",
            "outcome": _case("a.id", ["went_together", "did_not_come", "rearranged", ""]),
            "created_at": "a.created_at",
        },
        f"FROM {activities} a WHERE a.id %% 5 = 0",
    )
    administration = {
        "organisation": "r.organisation_id",
        "person": "r.person_id",
        "referral": "r.id",
        "instrument_code": "'ons4'",
        "instrument_name": "'ONS4 personal wellbeing'",
        "status": "'complete'",
        "recorded_by": "r.allocated_to_id",
        "started_by": "r.allocated_to_id",
    }
    for time_point, moment, where in (
        ("baseline", "assessed_at", "r.assessed_at IS NOT NULL"),
        ("closure", "closed_at", "r.assessed_at IS NOT NULL AND r.closed_at IS NOT NULL"),
        ("follow_up", "closed_at", "r.assessed_at IS NOT NULL AND r.closed_at IS NOT NULL "
         "AND r.id %% 3 = 0"),
    ):  # fmt: skip
        insert_select(
            Administration,
            {
                **administration,
                "time_point": f"'{time_point}'",
                "completed_at": f"r.{moment}",
                "created_at": f"r.{moment}",
                "updated_at": f"r.{moment}",
            },
            f"{referrals} WHERE {where}",
        )
    # Scores 0 to 10; later ones a little higher on the whole, some lower.
    for measure in MEASURES:
        insert_select(
            Score,
            {
                "organisation": "a.organisation_id",
                "administration": "a.id",
                "measure": f"'{measure}'",
                "value": "CASE WHEN a.time_point = 'baseline' THEN 2 + a.id %% 5 "
                "ELSE 3 + a.id %% 6 END",
            },
            f"FROM {Administration._meta.db_table} a",
        )
    insert_select(
        FeedbackResponse,
        {
            "organisation": "r.organisation_id",
            "referral": "r.id",
            "respondent": "CASE WHEN r.id %% 10 = 0 THEN 'family_or_friend' ELSE 'person' END",
            "fft_answer": _case(
                "r.id", ["very_good", "good", "very_good", "neither", "poor", "dont_know"]
            ),
            "went_well": "CASE WHEN r.id %% 4 = 0 THEN 'Friendly and listened' ELSE '' END",
            "could_be_better": "CASE WHEN r.id %% 8 = 0 THEN 'Quicker first call' ELSE '' END",
            "anonymous": "r.id %% 5 = 0",
            "channel": "'staff'",
            "occasion": "'closure'",
            "submitted_at": "r.closed_at",
            "recorded_by": "r.allocated_to_id",
        },
        f"{referrals} WHERE r.state = %s AND r.id %% 2 = 0",
        [State.CLOSED],
    )
