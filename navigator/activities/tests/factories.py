import datetime

import factory
from django.utils import timezone

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.activities.models import (
    Accompaniment,
    ActivityReferral,
    StatusChange,
    VolunteerProfile,
)
from navigator.activities.states import Side, Status
from navigator.directory.tests.factories import ServiceFactory
from navigator.people.tests.factories import PersonFactory


class ActivityReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityReferral
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SelfAttribute("person.organisation")
    service = factory.SubFactory(ServiceFactory)
    made_by = factory.SubFactory(
        UserFactory, organisation=factory.SelfAttribute("..organisation"), role=Role.LINK_WORKER
    )
    reason = "Getting out more"
    status = Status.REQUESTED
    requested_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def history(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            StatusChange.objects.create(
                organisation_id=self.organisation_id,
                activity_referral=self,
                to_status=self.status,
                by=self.made_by,
                by_name=str(self.made_by),
                side=Side.REQUESTER,
            )


class VolunteerFactory(UserFactory):
    role = Role.VOLUNTEER


class VolunteerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerProfile

    user = factory.SubFactory(VolunteerFactory)
    organisation = factory.SelfAttribute("user.organisation")
    languages = "English, Polish"
    dbs_checked_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=365)
    )


class AccompanimentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accompaniment

    activity_referral = factory.SubFactory(ActivityReferralFactory)
    organisation = factory.SelfAttribute("activity_referral.organisation")
    companion = factory.SubFactory(
        VolunteerFactory, organisation=factory.SelfAttribute("..organisation")
    )
    arranged_by = factory.SelfAttribute("activity_referral.made_by")
    meet_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    meeting_point = "Outside the library"
