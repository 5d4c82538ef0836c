"""Fixtures of the referrals tests (the shared ones are in the project's conftest.py)."""

import pytest

from navigator.accounts.permissions import Role
from navigator.accounts.tests.conftest import DATABASE_TASKS, IMMEDIATE_TASKS
from navigator.audit.context import Actor, acting_as
from navigator.people.tests.factories import PersonFactory
from navigator.referrals import services
from navigator.referrals.tests.factories import ReferralFactory
from navigator.referrals.tests.test_self_referral_helpers import forget_submissions, make_catchment


@pytest.fixture
def immediate_tasks(settings) -> None:
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def database_tasks(settings) -> None:
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def referrer(user_with_role):
    return user_with_role(Role.REFERRER)


@pytest.fixture
def acting(link_worker):
    """Service calls in set-up act as the link worker."""
    with acting_as(Actor(user=link_worker, ip_address="127.0.0.1")):
        yield link_worker


@pytest.fixture
def new_referral(organisation):
    return ReferralFactory(organisation=organisation, referrer_email="gp@example.org")


@pytest.fixture
def triaged_referral(organisation, acting):
    referral = ReferralFactory(organisation=organisation, referrer_email="gp@example.org")
    return services.triage(referral=referral, person=PersonFactory(organisation=organisation))


@pytest.fixture
def accepted_referral(triaged_referral, acting):
    return services.move(referral=triaged_referral, to="accepted")


@pytest.fixture
def ls6_catchment(organisation):
    """The organisation takes self-referrals from LS6; this client has sent none this hour."""
    forget_submissions()
    return make_catchment(organisation, "LS6")
