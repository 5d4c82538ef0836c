"""A signposting-only service takes no referral: the record says "signposted"."""

import pytest

from navigator.activities import services
from navigator.activities.states import Side, Status, TransitionNotAllowed
from navigator.activities.tests.factories import ActivityReferralFactory
from navigator.directory.tests.factories import ServiceFactory
from navigator.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_signposting_records_signposted_and_no_provider_can_act(link_worker):
    person = PersonFactory(organisation=link_worker.organisation)
    service = ServiceFactory(takes_direct_referrals=False)
    activity_referral = services.refer(
        person=person, service=service, made_by=link_worker, reason="x"
    )
    assert activity_referral.status == Status.SIGNPOSTED
    assert activity_referral.requested_at is None
    with pytest.raises(TransitionNotAllowed):
        services.move(
            activity_referral=activity_referral, to=Status.ACCEPTED, side=Side.PROVIDER, by=None
        )


def test_signposted_referrals_are_not_in_the_provider_inbox(signed_in, user_with_role):
    from navigator.accounts.permissions import Role

    provider = user_with_role(Role.VCS_PROVIDER)
    activity_referral = ActivityReferralFactory(
        person__organisation=provider.organisation, status=Status.SIGNPOSTED
    )
    activity_referral.service.organisation.provider_users.add(provider)
    response = signed_in(provider).get("/activities/inbox/")
    assert activity_referral.person.given_name not in response.content.decode()
