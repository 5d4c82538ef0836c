import datetime

import factory
from django.utils import timezone

from navigator.accounts.tests.factories import OrganisationFactory
from navigator.core.tests.factories import FamilyName, PlainName
from navigator.referrals.models import Referral, ReferralReason, SourceType
from navigator.referrals.states import State


class ReferralReasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferralReason

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Reason {n}")


class ReferralFactory(factory.django.DjangoModelFactory):
    """A referral as it sits in the queue. For the full story (transitions, audit), make one
    with `services.receive_referral` instead."""

    class Meta:
        model = Referral

    organisation = factory.SubFactory(OrganisationFactory)
    reference = factory.Sequence(lambda n: f"TEST{n:04d}")
    state = State.RECEIVED
    given_name = PlainName("first_name")
    family_name = FamilyName()
    date_of_birth = datetime.date(1948, 5, 17)
    postcode = "LS6 2AB"
    source_type = SourceType.PRIMARY_CARE
    referrer_name = "Dr Asha Patel"
    referrer_organisation = "Chapel Allerton Surgery"
    received_at = factory.LazyFunction(timezone.now)
    consent_given = True
    consent_method = "verbal"


def referral_post_data(**overrides: object) -> dict:
    """What a referrer types into the referral form."""
    return {
        "given_name": "Edith",
        "family_name": "Walker",
        "date_of_birth_day": "3",
        "date_of_birth_month": "2",
        "date_of_birth_year": "1941",
        "nhs_number": "",
        "postcode": "ls7 3ef",
        "phone": "0113 496 0000",
        "preferred_contact_method": "phone",
        "urgency": "routine",
        "consent_given": "on",
        "consent_method": "verbal",
        "referrer_name": "Dr Asha Patel",
        "referrer_email": "asha.patel@example.org",
        **overrides,
    }
