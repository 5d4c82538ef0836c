import datetime

import factory

from navigator.accounts.tests.factories import OrganisationFactory
from navigator.core.tests.factories import FamilyName, PlainName
from navigator.people.models import FamilyMember, GPPractice, Person


class GPPracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GPPractice
        django_get_or_create = ("ods_code",)

    ods_code = factory.Sequence(lambda n: f"B{n:05d}")
    name = factory.Sequence(lambda n: f"Riverside Surgery {n}")
    postcode = "LS1 4AP"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    given_name = PlainName("first_name")
    family_name = FamilyName()
    # Spread over 1940 to 1994 and wrap round, so a long test run never reaches the future.
    date_of_birth = factory.Sequence(
        lambda n: datetime.date(1940, 1, 1) + datetime.timedelta(days=(37 * n) % 20000)
    )
    postcode = "LS6 2AB"


class FamilyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FamilyMember

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SelfAttribute("person.organisation")
    name = PlainName("name")
    relationship = "Daughter"
