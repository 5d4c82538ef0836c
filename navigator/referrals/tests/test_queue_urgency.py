"""The triage queue puts urgent referrals past their target time first, flagged, then the most
urgent, then the oldest; "oldest first" is still there to choose."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from navigator.referrals.models import Urgency
from navigator.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("referrals:queue")


def order(response) -> list[str]:
    return re.findall(r'id="queue-row-(\w+)"', response.text)


def test_urgent_and_late_first_and_flagged(signed_in, manager, organisation) -> None:
    now = timezone.now()

    def referral(urgency: str, days: float):
        return ReferralFactory(
            organisation=organisation,
            urgency=urgency,
            received_at=now - datetime.timedelta(days=days),
        ).reference

    routine = referral(Urgency.ROUTINE, 20)
    late = referral(Urgency.URGENT, 5)  # at least 3 working days ago: past its 2
    soon = referral(Urgency.SOON, 1)
    late_soon = referral(Urgency.SOON, 15)  # past its 2 weeks
    urgent = referral(Urgency.URGENT, 0.01)
    client = signed_in(manager)

    response = client.get(QUEUE)
    assert order(response) == [late, late_soon, urgent, soon, routine]
    rows = [row.split("</tr>")[0] for row in response.text.split('id="queue-row-')[1:]]
    assert [row[:8] for row in rows if "Past its target" in row] == [late, late_soon]

    oldest = client.get(QUEUE, {"sort": "oldest"})
    assert order(oldest) == [routine, late_soon, late, soon, urgent]
