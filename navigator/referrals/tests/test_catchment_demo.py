"""The demo organisations take self-referrals from their own practices and districts."""

from io import StringIO

import pytest
from django.core.management import call_command

from navigator.demo.synthetic import DEMO_ORGANISATIONS, gp_practice_ods_codes
from navigator.referrals.models import Catchment
from navigator.referrals.public_selectors import services_for

pytestmark = pytest.mark.django_db


def run_demo() -> None:
    call_command("demo", people=0, seed=7, demo_site=True, stdout=StringIO())


def test_each_demo_organisation_has_a_catchment_and_running_again_adds_nothing():
    run_demo()
    run_demo()

    assert Catchment.objects.count() == len(DEMO_ORGANISATIONS)
    for spec, codes in zip(DEMO_ORGANISATIONS, gp_practice_ods_codes(), strict=True):
        catchment = Catchment.objects.get(organisation__name=spec.name)
        assert catchment.takes_self_referrals
        assert sorted(catchment.gp_practices.values_list("ods_code", flat=True)) == codes
        assert set(catchment.districts()) == {area.postcode_district for area in spec.areas}


def test_demo_postcodes_route_to_their_organisation():
    run_demo()

    leeds = services_for(gp_practice=None, postcode="LS7 3EF")
    calder = services_for(gp_practice=None, postcode="HX7 5AB")

    assert [o.name for o in leeds] == ["Leeds North Social Prescribing"]
    assert [o.name for o in calder] == ["Calder Valley Social Prescribing"]
