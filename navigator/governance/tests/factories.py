import datetime

import factory

from navigator.governance.models import DestructionReview
from navigator.people.tests.factories import PersonFactory


class DestructionReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DestructionReview

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SelfAttribute("person.organisation")
    pseudonym = factory.Sequence(lambda n: f"R-{n:010X}")
    record_created_on = datetime.date(2012, 5, 1)
    last_case_ended_on = datetime.date(2015, 3, 31)
    due_on = datetime.date(2023, 3, 31)
    listed_on = datetime.date(2023, 4, 1)
