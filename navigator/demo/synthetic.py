"""Synthetic demo data: two organisations, a sign-in for every role, GP practices and people.

Everything is derived from a seed, so the same seed gives the same data. Generation is built for
volume (a million people in minutes): Faker is asked for names once, up front, and people are
written with bulk_create in batches, never one row at a time.
"""

import base64
import functools
import itertools
import random
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple

import phonenumbers
from django.db import reset_queries, transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled
from faker import Faker

from navigator.accounts.models import Organisation, Team, User
from navigator.accounts.permissions import Role
from navigator.core.validators import nhs_number_check_digit, normalise_postcode
from navigator.people.models import (
    ConsentMethod,
    ContactMethod,
    Ethnicity,
    FamilyMember,
    GPPractice,
    Person,
    Sex,
    YesNoPreferNot,
)
from navigator.referrals.models import Catchment

DEMO_PASSWORD = "navigator-demo"
DEMO_EMAIL_DOMAIN = "demo.navigator.invalid"
BATCH_SIZE = 5_000

# Fixed rather than today's date, so that the same seed gives the same data on any day.
REFERENCE_DATE = date(2026, 1, 1)
MIN_AGE, MAX_AGE = 18, 95
LATEST_BIRTH_DATE = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - MIN_AGE)
EARLIEST_BIRTH_DATE = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - MAX_AGE - 1) + timedelta(1)
CONSENT_RECORDED_BEFORE = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Area:
    locality: str
    town: str
    postcode_district: str


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    ods_code: str
    share_of_people: float
    gp_practice_count: int
    areas: tuple[Area, ...]


DEMO_ORGANISATIONS = (
    DemoOrganisation(
        name="Leeds North Social Prescribing",
        ods_code="U12345",
        share_of_people=0.8,
        gp_practice_count=14,
        areas=(
            Area("Headingley", "Leeds", "LS6"),
            Area("Chapel Allerton", "Leeds", "LS7"),
            Area("Roundhay", "Leeds", "LS8"),
            Area("Adel", "Leeds", "LS16"),
            Area("Moortown", "Leeds", "LS17"),
        ),
    ),
    DemoOrganisation(
        name="Calder Valley Social Prescribing",
        ods_code="U67890",
        share_of_people=0.2,
        gp_practice_count=6,
        areas=(
            Area("", "Hebden Bridge", "HX7"),
            Area("Mytholmroyd", "Hebden Bridge", "HX7"),
            Area("", "Todmorden", "OL14"),
            Area("", "Sowerby Bridge", "HX6"),
        ),
    ),
)


# Funds both demo services, so that its commissioner's reports have figures to show.
COMMISSIONING_ORGANISATION = "West Yorkshire Integrated Care Board"
TEAM_NAMES = ("North team", "South team")
LEEDS, CALDER = (spec.name for spec in DEMO_ORGANISATIONS)


# The demo administrator's authenticator secret, published like the demo password: add it to
# an authenticator app (as base32) or run `navigator demo_totp admin` for the current code.
DEMO_TOTP_SECRET = "NAVIGATORDEMOADMINSECRETTOTPCODE"
DEMO_TOTP_KEY = base64.b32decode(DEMO_TOTP_SECRET).hex()


class DemoUser(NamedTuple):
    username: str
    role: Role
    organisation: str | None  # the organisation's name; None for administrators


DEMO_USERS = (
    DemoUser("linkworker", Role.LINK_WORKER, LEEDS),
    DemoUser("manager", Role.MANAGER, LEEDS),
    DemoUser("volunteer", Role.VOLUNTEER, LEEDS),
    DemoUser("referrer", Role.REFERRER, LEEDS),
    DemoUser("vcsprovider", Role.VCS_PROVIDER, LEEDS),
    DemoUser("commissioner", Role.COMMISSIONER, COMMISSIONING_ORGANISATION),
    DemoUser("admin", Role.ADMINISTRATOR, None),
    DemoUser("linkworker2", Role.LINK_WORKER, CALDER),
    DemoUser("manager2", Role.MANAGER, CALDER),
)


class Relationship(NamedTuple):
    label: str
    sex: Sex | None
    shares_family_name: bool


RELATIONSHIPS = (
    Relationship("Wife", Sex.FEMALE, True),
    Relationship("Husband", Sex.MALE, True),
    Relationship("Partner", None, False),
    Relationship("Daughter", Sex.FEMALE, True),
    Relationship("Son", Sex.MALE, True),
    Relationship("Mother", Sex.FEMALE, True),
    Relationship("Sister", Sex.FEMALE, True),
    Relationship("Brother", Sex.MALE, True),
    Relationship("Granddaughter", Sex.FEMALE, True),
    Relationship("Friend", None, False),
    Relationship("Neighbour", None, False),
)

SEX_WEIGHTS = {Sex.FEMALE: 55, Sex.MALE: 43, Sex.PREFER_NOT: 2}
PRONOUNS = {Sex.FEMALE: "she/her", Sex.MALE: "he/him", Sex.PREFER_NOT: "they/them"}
ETHNICITY_WEIGHTS = {
    Ethnicity.WHITE_BRITISH: 74,
    Ethnicity.WHITE_IRISH: 1,
    Ethnicity.WHITE_OTHER: 5,
    Ethnicity.MIXED_WHITE_BLACK_CARIBBEAN: 1,
    Ethnicity.MIXED_OTHER: 1,
    Ethnicity.ASIAN_INDIAN: 2,
    Ethnicity.ASIAN_PAKISTANI: 4,
    Ethnicity.ASIAN_BANGLADESHI: 1,
    Ethnicity.ASIAN_OTHER: 1,
    Ethnicity.BLACK_AFRICAN: 3,
    Ethnicity.BLACK_CARIBBEAN: 1,
    Ethnicity.CHINESE: 1,
    Ethnicity.OTHER: 1,
    Ethnicity.NOT_STATED: 4,
}
DISABILITY_WEIGHTS = {
    YesNoPreferNot.YES: 30,
    YesNoPreferNot.NO: 60,
    YesNoPreferNot.PREFER_NOT: 5,
    "": 5,
}
OTHER_LANGUAGES = (
    "Polish",
    "Urdu",
    "Punjabi",
    "Arabic",
    "Kurdish",
    "Romanian",
    "Bengali",
    "Tigrinya",
)
COMMUNICATION_NEEDS = (
    "Wears hearing aids; face to face is easier than phone calls",
    "Partially sighted: send letters in large print",
    "British Sign Language user: book a BSL interpreter",
    "Dyslexic: prefers a phone call to a letter",
    "Needs Easy Read information",
    "Uses a wheelchair: meet somewhere with step-free access",
    "Anxious about phone calls: text first to arrange a time",
    "Memory problems: daughter helps with appointments",
)
CONTACT_TIMES = ("Mornings", "Afternoons", "After 5pm", "Not on Mondays", "Weekdays before 3pm")
STREET_SUFFIXES = (
    "Road",
    "Street",
    "Lane",
    "Avenue",
    "Grove",
    "Terrace",
    "Crescent",
    "Close",
    "Drive",
    "Mount",
    "View",
    "Gardens",
    "Place",
)
GP_PRACTICE_SUFFIXES = ("Surgery", "Medical Practice", "Medical Centre", "Health Centre")
INWARD_CODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
# Ofcom keeps 0113 496 0000-0999 for drama, so demo landlines can never ring a real phone. Its
# drama mobile range (07700 900xxx) fails phonenumbers' validation, so mobiles use real ranges.
DRAMA_LANDLINE_PREFIX = "+441134960"


class PersonDraft(NamedTuple):
    person: Person
    family_members: list[FamilyMember]


@dataclass(frozen=True)
class Service:
    """What generating a person needs to know about the organisation they are registered with."""

    organisation: Organisation
    share_of_people: float
    areas: tuple[Area, ...]
    gp_practices: list[GPPractice]
    link_worker: User


@dataclass(frozen=True)
class Vocabulary:
    """Names drawn from Faker once, keeping its frequencies (Smith comes up often), so each row
    costs list lookups rather than Faker calls of up to 50 µs each, repeated a million times."""

    female_given_names: tuple[str, ...]
    male_given_names: tuple[str, ...]
    family_names: tuple[str, ...]
    street_names: tuple[str, ...]

    @classmethod
    def from_faker(cls, faker: Faker, size: int = 2_000) -> "Vocabulary":
        return cls(
            female_given_names=tuple(faker.first_name_female() for _ in range(size)),
            male_given_names=tuple(faker.first_name_male() for _ in range(size)),
            family_names=tuple(faker.last_name() for _ in range(size)),
            # Faker's en_GB street suffixes are American ("Stravenue", "Extensions").
            street_names=tuple(
                f"{faker.last_name()} {faker.random_element(STREET_SUFFIXES)}" for _ in range(size)
            ),
        )


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    organisation: str


@dataclass(frozen=True)
class DemoSummary:
    people_created: int
    family_members_created: int
    people_already_present: int
    logins: list[Login]


ProgressCallback = Callable[[int, int], None]


def create_demo_data(
    people: int, seed: int, on_progress: ProgressCallback | None = None
) -> DemoSummary:
    """Make sure the demo organisations, users and GP practices exist, then top the people in
    the demo organisations up to `people`."""
    with scopes_disabled():
        with transaction.atomic():
            organisations = ensure_organisations()
            commissioning = ensure_commissioning(organisations)
            users = ensure_demo_users([*organisations, commissioning], seed)
            ensure_teams(organisations, users)
            practices = ensure_gp_practices(seed)
            ensure_catchments(organisations, practices)
        services = build_services(organisations, users, practices)
        already_present = Person.objects.filter(organisation__in=organisations).count()
        missing = max(people - already_present, 0)
        people_created = family_members_created = 0
        if missing:
            generator = PeopleGenerator(
                seed=seed,
                start=already_present,
                services=services,
                vocabulary=Vocabulary.from_faker(seeded_faker(seed)),
            )
            people_created, family_members_created = insert_people(
                generator.drafts(missing), missing, on_progress
            )
    return DemoSummary(
        people_created=people_created,
        family_members_created=family_members_created,
        people_already_present=already_present,
        logins=[login_for(user) for user in users],
    )


def seeded_faker(seed: int) -> Faker:
    faker = Faker("en_GB")
    faker.seed_instance(seed)
    return faker


def ensure_organisations() -> list[Organisation]:
    return [
        Organisation.objects.get_or_create(name=spec.name, defaults={"ods_code": spec.ods_code})[0]
        for spec in DEMO_ORGANISATIONS
    ]


def ensure_commissioning(services: Sequence[Organisation]) -> Organisation:
    """The commissioning organisation, funding the demo services."""
    commissioning, _ = Organisation.objects.get_or_create(name=COMMISSIONING_ORGANISATION)
    commissioning.funds.add(*services)
    return commissioning


def ensure_demo_users(organisations: Sequence[Organisation], seed: int) -> list[User]:
    """One user per demo login, reset to the documented password, role and organisation on
    every run (so a commissioner made by an older demo moves to the commissioning body)."""
    faker = seeded_faker(seed)
    by_name = {organisation.name: organisation for organisation in organisations}
    users = []
    for index, demo_user in enumerate(DEMO_USERS):
        user, _ = User.objects.update_or_create(
            username=demo_user.username,
            defaults={
                "first_name": faker.first_name(),
                "last_name": faker.last_name(),
                "email": f"{demo_user.username}@{DEMO_EMAIL_DOMAIN}",
                # A work number in Ofcom's drama range, so a volunteer can call the link worker.
                "phone": f"+44113496{900 + index:04d}",
                "role": demo_user.role,
                "job_title": demo_user.role.label,
                "organisation": (
                    by_name[demo_user.organisation] if demo_user.organisation else None
                ),
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        if user.must_use_two_factor:
            ensure_demo_authenticator(user)
        users.append(user)
    return users


def ensure_demo_authenticator(user: User) -> TOTPDevice:
    """The published demo authenticator, reset like the password on every run, so anyone can
    pass a demo administrator's two-factor sign-in (`navigator demo_totp admin`)."""
    TOTPDevice.objects.filter(user=user).exclude(key=DEMO_TOTP_KEY).delete()
    device, _ = TOTPDevice.objects.update_or_create(
        user=user,
        key=DEMO_TOTP_KEY,
        defaults={"name": "Demo authenticator", "confirmed": True},
    )
    return device


def ensure_teams(organisations: Sequence[Organisation], users: Sequence[User]) -> None:
    """Two teams in each demo service, its link workers in the first (the second is there to
    be filled in a demonstration)."""
    for organisation in organisations:
        north, _ = Team.objects.get_or_create(organisation=organisation, name=TEAM_NAMES[0])
        Team.objects.get_or_create(organisation=organisation, name=TEAM_NAMES[1])
        for user in users:
            if user.organisation_id == organisation.pk and user.role == Role.LINK_WORKER:
                user.team = north
                user.save(update_fields=["team"])


def gp_practice_ods_codes() -> list[list[str]]:
    """The demo practices' ODS codes, grouped by the organisation whose area they are in."""
    numbers = itertools.count(1)
    return [
        [f"B8{next(numbers):04d}" for _ in range(spec.gp_practice_count)]
        for spec in DEMO_ORGANISATIONS
    ]


def ensure_gp_practices(seed: int) -> list[list[GPPractice]]:
    """The demo GP practices grouped like `gp_practice_ods_codes`; existing ones are kept."""
    faker = seeded_faker(seed)
    rng = random.Random(f"{seed}:gp-practices")
    codes_by_organisation = gp_practice_ods_codes()
    candidates = [
        GPPractice(
            ods_code=code,
            name=f"{faker.last_name()} {rng.choice(GP_PRACTICE_SUFFIXES)}",
            postcode=random_postcode(rng, spec.areas[index % len(spec.areas)]),
        )
        for spec, codes in zip(DEMO_ORGANISATIONS, codes_by_organisation, strict=True)
        for index, code in enumerate(codes)
    ]
    GPPractice.objects.bulk_create(candidates, ignore_conflicts=True)
    by_code = GPPractice.objects.in_bulk([p.ods_code for p in candidates], field_name="ods_code")
    return [[by_code[code] for code in codes] for codes in codes_by_organisation]


def ensure_catchments(
    organisations: Sequence[Organisation], practices: Sequence[list[GPPractice]]
) -> None:
    """Each demo organisation takes self-referrals from its GP practices and its districts."""
    for spec, organisation, organisation_practices in zip(
        DEMO_ORGANISATIONS, organisations, practices, strict=True
    ):
        districts = dict.fromkeys(area.postcode_district for area in spec.areas)
        catchment, _ = Catchment.objects.update_or_create(
            organisation=organisation,
            defaults={"postcode_districts": ", ".join(districts), "takes_self_referrals": True},
        )
        catchment.gp_practices.set(organisation_practices)


def build_services(
    organisations: Sequence[Organisation],
    users: Sequence[User],
    practices: Sequence[list[GPPractice]],
) -> list[Service]:
    link_workers = {user.organisation_id: user for user in users if user.role == Role.LINK_WORKER}
    return [
        Service(
            organisation=organisation,
            share_of_people=spec.share_of_people,
            areas=spec.areas,
            gp_practices=organisation_practices,
            link_worker=link_workers[organisation.pk],
        )
        for spec, organisation, organisation_practices in zip(
            DEMO_ORGANISATIONS, organisations, practices, strict=True
        )
    ]


def login_for(user: User) -> Login:
    return Login(
        username=user.username,
        role=Role(user.role).label,
        organisation=user.organisation.name if user.organisation else "All organisations",
    )


def insert_people(
    drafts: Iterable[PersonDraft], total: int, on_progress: ProgressCallback | None = None
) -> tuple[int, int]:
    """Write people and their family members in batches; returns how many of each."""
    people_created = family_members_created = 0
    for batch in itertools.batched(drafts, BATCH_SIZE):
        with transaction.atomic():
            # bulk_create sets the people's primary keys (PostgreSQL and SQLite both return
            # them), which is what lets their family members be written straight after.
            Person.objects.bulk_create([draft.person for draft in batch])
            family_members = [member for draft in batch for member in draft.family_members]
            FamilyMember.objects.bulk_create(family_members)
        people_created += len(batch)
        family_members_created += len(family_members)
        # With DEBUG on, Django keeps the SQL of recent queries: thousands of huge INSERTs.
        reset_queries()
        if on_progress:
            on_progress(people_created, total)
    return people_created, family_members_created


def random_postcode(rng: random.Random, area: Area) -> str:
    sector = rng.randrange(10)
    unit = "".join(rng.choices(INWARD_CODE_LETTERS, k=2))
    return normalise_postcode(f"{area.postcode_district} {sector}{unit}")


@functools.cache
def uk_mobile_prefixes() -> tuple[str, ...]:
    """Five-digit prefixes (after +44) of blocks in which every number is a valid UK mobile.
    phonenumbers decides on at most the first five digits, so checking both ends of each block
    is enough, and the numbers generated from them need no checking one by one."""
    return tuple(
        prefix
        for prefix in map(str, range(70_000, 80_000))
        if _is_valid_uk_mobile(f"+44{prefix}00000") and _is_valid_uk_mobile(f"+44{prefix}99999")
    )


def _is_valid_uk_mobile(number: str) -> bool:
    parsed = phonenumbers.parse(number)
    return (
        phonenumbers.is_valid_number(parsed)
        and phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE
    )


def _weighted_choice[T](rng: random.Random, weights: dict[T, int]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _email_local_part(given_name: str, family_name: str) -> str:
    return ".".join(re.sub(r"[^a-z]", "", name.lower()) for name in (given_name, family_name))


class PeopleGenerator:
    """Draws people from one seeded random stream. The stream is keyed by the seed and the index
    of the first person, so topping up 150 people to 200 is as repeatable as making 200."""

    def __init__(
        self, *, seed: int, start: int, services: Sequence[Service], vocabulary: Vocabulary
    ) -> None:
        self.rng = random.Random(f"{seed}:{start}")
        self.services = list(services)
        self.service_weights = [service.share_of_people for service in services]
        self.vocabulary = vocabulary
        self.mobile_prefixes = uk_mobile_prefixes()

    def drafts(self, count: int) -> Iterator[PersonDraft]:
        for _ in range(count):
            yield self.draft()

    def draft(self) -> PersonDraft:
        service = self.rng.choices(self.services, weights=self.service_weights)[0]
        area = self.rng.choice(service.areas)
        sex = _weighted_choice(self.rng, SEX_WEIGHTS)
        given_name = self.given_name(sex)
        family_name = self.rng.choice(self.vocabulary.family_names)
        phone = self.mobile() if self.rng.random() < 0.75 else self.landline()
        email = self.email(given_name, family_name) if self.rng.random() < 0.4 else ""
        language, needs_interpreter = self.language()
        person = Person(
            organisation_id=service.organisation.pk,
            given_name=given_name,
            family_name=family_name,
            preferred_name=self.given_name(sex) if self.rng.random() < 0.1 else "",
            pronouns=PRONOUNS[sex] if self.rng.random() < 0.25 else "",
            date_of_birth=self.date_of_birth(),
            nhs_number=self.nhs_number(),
            address_line_1=self.street_address(),
            address_line_2=area.locality,
            town=area.town,
            postcode=random_postcode(self.rng, area),
            phone=phone,
            email=email,
            preferred_contact_method=self.contact_method(phone, email),
            preferred_contact_times=self.sometimes(0.3, CONTACT_TIMES),
            communication_needs=self.sometimes(0.15, COMMUNICATION_NEEDS),
            language=language,
            needs_interpreter=needs_interpreter,
            gp_practice_id=self.rng.choice(service.gp_practices).pk,
            sex=sex,
            ethnicity=_weighted_choice(self.rng, ETHNICITY_WEIGHTS),
            disability=_weighted_choice(self.rng, DISABILITY_WEIGHTS),
            consent_to_hold=True,
            consent_to_share=self.rng.random() < 0.9,
            consent_method=self.rng.choice(ConsentMethod.values),
            consent_recorded_at=self.consent_recorded_at(),
            consent_recorded_by_id=service.link_worker.pk,
        )
        return PersonDraft(person, self.family_members(person))

    def sometimes(self, probability: float, options: Sequence[str]) -> str:
        return self.rng.choice(options) if self.rng.random() < probability else ""

    def given_name(self, sex: str) -> str:
        if sex == Sex.PREFER_NOT:
            sex = self.rng.choice([Sex.FEMALE, Sex.MALE])
        names = (
            self.vocabulary.female_given_names
            if sex == Sex.FEMALE
            else self.vocabulary.male_given_names
        )
        return self.rng.choice(names)

    def street_address(self) -> str:
        return f"{self.rng.randint(1, 180)} {self.rng.choice(self.vocabulary.street_names)}"

    def date_of_birth(self) -> date:
        span = (LATEST_BIRTH_DATE - EARLIEST_BIRTH_DATE).days
        return EARLIEST_BIRTH_DATE + timedelta(days=self.rng.randint(0, span))

    def nhs_number(self) -> str:
        """A valid number in the 999 range, which the NHS reserves for testing."""
        while True:
            first_nine = f"999{self.rng.randrange(1_000_000):06d}"
            check_digit = nhs_number_check_digit(first_nine)
            if check_digit is not None:
                return f"{first_nine}{check_digit}"

    def mobile(self) -> str:
        return f"+44{self.rng.choice(self.mobile_prefixes)}{self.rng.randrange(100_000):05d}"

    def landline(self) -> str:
        return f"{DRAMA_LANDLINE_PREFIX}{self.rng.randrange(1_000):03d}"

    def email(self, given_name: str, family_name: str) -> str:
        # example.com is reserved, so no demo e-mail can reach a real inbox.
        local_part = _email_local_part(given_name, family_name)
        return f"{local_part}{self.rng.randint(1, 99)}@example.com"

    def language(self) -> tuple[str, bool]:
        if self.rng.random() < 0.92:
            return "English", False
        return self.rng.choice(OTHER_LANGUAGES), self.rng.random() < 0.5

    def contact_method(self, phone: str, email: str) -> str:
        methods = [ContactMethod.PHONE, ContactMethod.LETTER, ContactMethod.IN_PERSON]
        if phone.startswith("+447"):
            methods.append(ContactMethod.TEXT)
        if email:
            methods.append(ContactMethod.EMAIL)
        return self.rng.choice(methods)

    def consent_recorded_at(self) -> datetime:
        day = CONSENT_RECORDED_BEFORE - timedelta(days=self.rng.randint(1, 730))
        return day + timedelta(hours=self.rng.randint(9, 16), minutes=self.rng.randrange(60))

    def family_members(self, person: Person) -> list[FamilyMember]:
        if self.rng.random() >= 1 / 3:
            return []
        return [self.family_member(person) for _ in range(self.rng.randint(1, 2))]

    def family_member(self, person: Person) -> FamilyMember:
        relationship = self.rng.choice(RELATIONSHIPS)
        given_name = self.given_name(relationship.sex or Sex.PREFER_NOT)
        family_name = (
            person.family_name
            if relationship.shares_family_name
            else self.rng.choice(self.vocabulary.family_names)
        )
        is_carer = self.rng.random() < 0.35
        return FamilyMember(
            organisation_id=person.organisation_id,
            person=person,
            name=f"{given_name} {family_name}",
            relationship=relationship.label,
            is_carer=is_carer,
            phone=self.mobile(),
            takes_part_in_planning=is_carer or self.rng.random() < 0.2,
        )
