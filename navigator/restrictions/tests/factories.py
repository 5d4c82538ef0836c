import datetime

import factory
from django.utils import timezone

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.people.tests.factories import PersonFactory
from navigator.restrictions.models import BreakGlass, Restriction


class RestrictionFactory(factory.django.DjangoModelFactory):
    """A record restricted to the staff given as `named_staff=[…]`."""

    class Meta:
        model = Restriction
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SelfAttribute("person.organisation")
    kind = Restriction.Kind.STAFF_RELATIVE
    reason = "Sister of a link worker"
    restricted_by = factory.SubFactory(
        UserFactory, organisation=factory.SelfAttribute("..organisation"), role=Role.MANAGER
    )

    @factory.post_generation
    def named_staff(self, create, extracted, **kwargs):
        if create and extracted:
            self.named_staff.set(extracted)


class BreakGlassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BreakGlass

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SelfAttribute("person.organisation")
    user = factory.SubFactory(
        UserFactory, organisation=factory.SelfAttribute("..organisation"), role=Role.LINK_WORKER
    )
    reason = "Collapsed in reception; needed the next of kin"
    until = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(hours=8))
