"""A message goes the written way the person prefers, if that way reaches them; a link they
agreed to (feedback) or staff send now (a questionnaire) may also go by e-mail, then text;
nothing goes to a number that replied STOP, to a merged record, after a death, or to someone
who asked us to restrict processing."""

import pytest
from django.utils import timezone

from navigator.contacts.models import Closure, ClosureReason
from navigator.contacts.tests.helpers import open_case
from navigator.messaging.models import Channel, TextOptOut
from navigator.messaging.selectors import Route, route_to
from navigator.people.models import ContactMethod
from navigator.people.tests.factories import PersonFactory
from navigator.restrictions.tests.factories import RestrictionFactory

pytestmark = pytest.mark.django_db

MOBILE = "+447912345678"
LANDLINE = "+441134960000"
EVERYTHING = {
    "phone": MOBILE,
    "email": "ada@example.org",
    "address_line_1": "12 Cliff Road",
    "town": "Leeds",
    "postcode": "LS6 2AB",
}


@pytest.mark.parametrize(
    ("preferred", "details", "expected"),
    [
        (ContactMethod.TEXT, {}, Route(Channel.TEXT, MOBILE)),
        (ContactMethod.EMAIL, {}, Route(Channel.EMAIL, "ada@example.org")),
        (
            ContactMethod.LETTER,
            {},
            Route(Channel.LETTER, "Ada Lovelace\n12 Cliff Road\nLeeds\nLS6 2AB"),
        ),
        (ContactMethod.PHONE, {}, None),
        (ContactMethod.IN_PERSON, {}, None),
        ("", {}, None),
        # A text needs a mobile: a landline cannot take one.
        (ContactMethod.TEXT, {"phone": LANDLINE}, None),
        (ContactMethod.EMAIL, {"email": ""}, None),
        (ContactMethod.LETTER, {"address_line_1": "", "town": ""}, None),
    ],
)
def test_the_preferred_written_way_only(organisation, preferred, details, expected):
    person = PersonFactory(
        organisation=organisation,
        given_name="Ada",
        family_name="Lovelace",
        preferred_contact_method=preferred,
        **(EVERYTHING | details),
    )

    assert route_to(person) == expected


@pytest.mark.parametrize(
    ("preferred", "details", "expected"),
    [
        (ContactMethod.PHONE, {}, Route(Channel.EMAIL, "ada@example.org")),
        (ContactMethod.PHONE, {"email": ""}, Route(Channel.TEXT, MOBILE)),
        (ContactMethod.TEXT, {"phone": LANDLINE}, Route(Channel.EMAIL, "ada@example.org")),
        (ContactMethod.TEXT, {}, Route(Channel.TEXT, MOBILE)),
        ("", {"email": "", "phone": LANDLINE}, None),
    ],
)
def test_a_message_they_agreed_to_falls_back_to_email_then_text(
    organisation, preferred, details, expected
):
    person = PersonFactory(
        organisation=organisation, preferred_contact_method=preferred, **(EVERYTHING | details)
    )

    assert route_to(person, agreed=True) == expected


def test_no_texts_to_a_number_that_replied_stop(organisation):
    person = PersonFactory(
        organisation=organisation, preferred_contact_method=ContactMethod.TEXT, phone=MOBILE
    )
    TextOptOut.objects.create(phone=MOBILE, at=timezone.now())

    assert route_to(person) is None
    assert route_to(person, agreed=True) is None
    person.email = "ada@example.org"
    assert route_to(person, agreed=True) == Route(Channel.EMAIL, "ada@example.org")


def test_nothing_to_a_merged_record_or_after_a_death(organisation, link_worker):
    kept = PersonFactory(organisation=organisation)
    merged = PersonFactory(
        organisation=organisation,
        preferred_contact_method=ContactMethod.EMAIL,
        email="old@example.org",
        merged_into=kept,
    )
    died = PersonFactory(
        organisation=organisation, preferred_contact_method=ContactMethod.TEXT, phone=MOBILE
    )
    case = open_case(organisation, link_worker, state="closed", person=died)
    Closure.objects.create(
        organisation=organisation,
        referral=case,
        reason=ClosureReason.DIED,
        summary="Died at home",
        closed_at=timezone.now(),
    )

    assert route_to(merged) is None
    assert route_to(died, agreed=True) is None


def test_nothing_to_someone_who_asked_us_to_restrict_processing(organisation):
    person = PersonFactory(
        organisation=organisation, preferred_contact_method=ContactMethod.EMAIL, email="a@b.org"
    )
    restriction = RestrictionFactory(person=person, processing_restricted=False)
    assert route_to(person) == Route(Channel.EMAIL, "a@b.org")

    restriction.processing_restricted = True
    restriction.save()

    assert route_to(person) is None
    assert route_to(person, agreed=True) is None
