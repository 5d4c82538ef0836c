"""Stopping the clock: inside, everything that asks for the time gets the moment given,
Django's automatic timestamps too; outside, time runs again."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from navigator.accounts.tests.factories import OrganisationFactory
from navigator.core.clock import stopped_at
from navigator.referrals.models import ReferralEmailTemplate

LONDON = zoneinfo.ZoneInfo("Europe/London")
MOMENT = datetime.datetime(2025, 3, 14, 10, 30, tzinfo=LONDON)


@pytest.mark.django_db
def test_inside_it_is_the_moment_given_and_outside_it_is_now() -> None:
    organisation = OrganisationFactory()

    with stopped_at(MOMENT):
        assert timezone.now() == MOMENT
        assert timezone.localdate() == datetime.date(2025, 3, 14)
        template = ReferralEmailTemplate.objects.create(
            organisation=organisation, kind="accepted", subject="Accepted", body="Thank you"
        )

    assert ReferralEmailTemplate.objects.get(pk=template.pk).updated_at == MOMENT
    assert timezone.now() > MOMENT


def test_a_moment_without_its_timezone_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone"), stopped_at(datetime.datetime(2025, 3, 14)):
        pass
    assert timezone.now() > MOMENT
