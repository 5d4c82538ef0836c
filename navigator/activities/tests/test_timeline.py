"""Every status change appears on the person's timeline."""

import pytest

from navigator.activities import services
from navigator.activities.states import Side, Status
from navigator.core.timeline import timeline_for
from navigator.directory.tests.factories import ServiceFactory
from navigator.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_status_changes_on_the_timeline(link_worker):
    person = PersonFactory(organisation=link_worker.organisation, consent_to_share=True)
    service = ServiceFactory(name="Choir")
    activity_referral = services.refer(
        person=person, service=service, made_by=link_worker, reason="x"
    )
    services.move(
        activity_referral=activity_referral,
        to=Status.REJECTED,
        side=Side.PROVIDER,
        by=None,
        by_name="Choir",
        reason="Full",
    )
    titles = [entry.title for entry in timeline_for(person)]
    assert "Activity referral to Choir: rejected" in titles
    assert "Activity referral to Choir: sent" in titles
