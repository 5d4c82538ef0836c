"""The one transition table: who may set which status, and every change kept."""

import pytest

from navigator.activities import services
from navigator.activities.models import StatusChange
from navigator.activities.states import Side, Status, TransitionNotAllowed
from navigator.activities.tests.factories import ActivityReferralFactory
from navigator.audit.models import AuditEvent
from navigator.directory.tests.factories import ServiceFactory
from navigator.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_referral_is_sent_and_each_change_is_kept(link_worker):
    person = PersonFactory(organisation=link_worker.organisation, consent_to_share=True)
    activity_referral = services.refer(
        person=person, service=ServiceFactory(), made_by=link_worker, reason="Company"
    )
    assert activity_referral.status == Status.REQUESTED
    assert activity_referral.requested_at is not None
    changes = list(StatusChange.objects.filter(activity_referral=activity_referral))
    assert [(c.from_status, c.to_status) for c in changes] == [
        ("", Status.DRAFT),
        (Status.DRAFT, Status.REQUESTED),
    ]
    assert all(c.by == link_worker and c.side == Side.REQUESTER for c in changes)
    assert (
        AuditEvent.objects.filter(object_id=str(activity_referral.pk), person_id=person.pk).count()
        == 2
    )


def test_a_draft_stays_a_draft(link_worker):
    person = PersonFactory(organisation=link_worker.organisation)
    activity_referral = services.refer(
        person=person, service=ServiceFactory(), made_by=link_worker, reason="x", send=False
    )
    assert activity_referral.status == Status.DRAFT


def test_only_the_provider_accepts(link_worker):
    activity_referral = ActivityReferralFactory(person__organisation=link_worker.organisation)
    with pytest.raises(TransitionNotAllowed):
        services.move(
            activity_referral=activity_referral,
            to=Status.ACCEPTED,
            side=Side.REQUESTER,
            by=link_worker,
        )


def test_only_the_requester_marks_entered_in_error(user_with_role):
    from navigator.accounts.permissions import Role

    provider = user_with_role(Role.VCS_PROVIDER)
    activity_referral = ActivityReferralFactory(person__organisation=provider.organisation)
    with pytest.raises(TransitionNotAllowed):
        services.move(
            activity_referral=activity_referral,
            to=Status.ENTERED_IN_ERROR,
            side=Side.PROVIDER,
            by=provider,
        )


def test_rejecting_needs_a_reason(link_worker):
    activity_referral = ActivityReferralFactory(person__organisation=link_worker.organisation)
    with pytest.raises(services.ReasonRequired):
        services.move(
            activity_referral=activity_referral, to=Status.REJECTED, side=Side.PROVIDER, by=None
        )
    activity_referral = services.move(
        activity_referral=activity_referral,
        to=Status.REJECTED,
        side=Side.PROVIDER,
        by=None,
        reason="Full",
    )
    assert activity_referral.status_reason == "Full"
    assert activity_referral.first_answer == Status.REJECTED


def test_a_final_status_cannot_change_but_to_entered_in_error(link_worker):
    activity_referral = ActivityReferralFactory(
        person__organisation=link_worker.organisation, status=Status.COMPLETED
    )
    with pytest.raises(TransitionNotAllowed):
        services.move(
            activity_referral=activity_referral, to=Status.IN_PROGRESS, side=Side.PROVIDER, by=None
        )
    activity_referral = services.move(
        activity_referral=activity_referral,
        to=Status.ENTERED_IN_ERROR,
        side=Side.REQUESTER,
        by=link_worker,
    )
    assert activity_referral.status == Status.ENTERED_IN_ERROR
