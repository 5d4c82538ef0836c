"""An assessment of a case cannot be dated before the case's referral was received."""

import pytest
from django.urls import reverse

from navigator.contacts.tests.helpers import allocated_through_services
from navigator.plans.models import Assessment
from navigator.plans.tests.factories import assessment_post
from navigator.plans.tests.helpers import field_error
from navigator.referrals.states import State

pytestmark = pytest.mark.django_db


def test_an_assessment_before_the_referral_was_received_is_refused(
    organisation, link_worker, signed_in
) -> None:
    case = allocated_through_services(organisation, link_worker)  # received 5 January 2026

    response = signed_in(link_worker).post(
        reverse("plans:assessment_create", kwargs={"pk": case.person.pk}),
        assessment_post(
            assessed_on_day="31",
            assessed_on_month="12",
            assessed_on_year="2025",
            assessed_time="10:00",
            what_matters="Getting out to the allotment",
        ),
    )

    assert response.status_code == 200
    assert field_error(response, "assessed_on") == (
        "The date of the assessment must be the same as or after 5 January 2026, "
        "when the referral was received"
    )
    assert "Getting out to the allotment" in response.content.decode()
    assert not Assessment.objects.filter(person=case.person).exists()
    case.refresh_from_db()
    assert case.state == State.ALLOCATED
