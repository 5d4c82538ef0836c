"""Catchments: the districts they list and the practices they serve, as routing reads them."""

import pytest

from navigator.people.tests.factories import GPPracticeFactory
from navigator.referrals.public_selectors import served_gp_practices, services_for
from navigator.referrals.tests.test_self_referral_helpers import make_catchment

pytestmark = pytest.mark.django_db


def test_districts_are_read_whatever_the_spacing_and_case(organisation):
    catchment = make_catchment(organisation, " ls6,LS7 ,, hx7")

    assert catchment.districts() == ["LS6", "LS7", "HX7"]


def test_the_practice_list_holds_only_practices_a_service_takes_self_referrals_for(
    organisation, other_organisation
):
    served = GPPracticeFactory(name="Served")
    closed = GPPracticeFactory(name="Closed")
    GPPracticeFactory(name="Nobody's")
    make_catchment(organisation, "", (served,))
    make_catchment(other_organisation, "", (closed, served), takes_self_referrals=False)

    assert list(served_gp_practices()) == [served]


def test_a_practice_nobody_serves_falls_back_to_the_postcode(organisation):
    make_catchment(organisation, "LS6")
    unserved = GPPracticeFactory()

    assert services_for(gp_practice=unserved, postcode="LS6 2AB") == [organisation]


def test_several_services_come_in_name_order(organisation, other_organisation):
    make_catchment(organisation, "LS7")
    make_catchment(other_organisation, "LS7")

    names = [o.name for o in services_for(gp_practice=None, postcode="LS7 3EF")]

    assert names == sorted(names)
    assert len(names) == 2
