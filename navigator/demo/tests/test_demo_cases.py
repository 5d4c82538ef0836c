"""The demo's casework: referrals in every state with the history the services leave, a live
caseload for the demo link worker, a triage queue for the manager, bounded and repeatable."""

import re

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from navigator.accounts.models import User
from navigator.activities.models import Accompaniment, ActivityReferral, StatusChange
from navigator.audit.models import AuditEvent
from navigator.contacts.models import Closure, Contact, FollowUp, GPMessage, Reopening, Task
from navigator.demo.tests.helpers import demo_run, run_demo
from navigator.outreach.models import CallAttempt, Cohort, CohortMember
from navigator.plans.models import Assessment, Goal, PlanRevision, SupportPlan
from navigator.referrals.models import CodedEvent, Referral, Transition
from navigator.referrals.services import CODES
from navigator.referrals.states import TRANSITIONS, State

pytestmark = pytest.mark.django_db

CASEWORK = (
    Referral,
    Transition,
    CodedEvent,
    Contact,
    Assessment,
    SupportPlan,
    Goal,
    PlanRevision,
    Closure,
    FollowUp,
    GPMessage,
    ActivityReferral,
    StatusChange,
    Accompaniment,
    Reopening,
    Cohort,
    CohortMember,
    CallAttempt,
    Task,
)


demo = demo_run(people=100)


def counts() -> dict[str, int]:
    with scopes_disabled():
        return {model.__name__: model.objects.count() for model in CASEWORK}


def test_the_link_worker_and_manager_open_pages_full_of_work(client, demo) -> None:
    client.force_login(User.objects.get(username="linkworker"))
    caseload = client.get("/caseload/").content.decode()
    client.force_login(User.objects.get(username="manager"))
    queue = client.get("/referrals/").content.decode()

    open_cases = int(re.search(r"(\d+) open cases", caseload).group(1))
    assert open_cases >= 12
    assert "Overdue" in caseload
    assert "Review due" in caseload or "Review overdue" in caseload
    with scopes_disabled():
        waiting_triage = Referral.objects.filter(
            organisation__name="Leeds North Social Prescribing",
            state__in=[State.RECEIVED, State.INFO_REQUESTED, State.TRIAGED],
        )
        assert waiting_triage.count() >= 3
        assert all(referral.reference in queue for referral in waiting_triage)


def test_every_state_is_reached_through_allowed_moves_with_its_history(demo) -> None:
    with scopes_disabled():
        referrals = list(Referral.objects.prefetch_related("transitions", "coded_events"))
        assert {referral.state for referral in referrals} == set(State.values)
        for referral in referrals:
            moves = sorted(referral.transitions.all(), key=lambda move: (move.at, move.pk))
            assert moves[0].from_state == "" and moves[0].to_state == State.RECEIVED
            assert moves[-1].to_state == referral.state
            for move in moves[1:]:
                assert State(move.to_state) in TRANSITIONS[State(move.from_state)]
            reached = {move.to_state for move in moves}
            codes = {event.code for event in referral.coded_events.all()}
            assert codes == {CODES[state] for state in reached if state in CODES}
            if referral.state not in (State.RECEIVED, State.INFO_REQUESTED):
                assert referral.person_id and referral.triaged_at
            if State.ALLOCATED in reached:
                assert referral.allocated_to.username in ("linkworker", "linkworker2")
        closed = [referral for referral in referrals if referral.state == State.CLOSED]
        assert Closure.objects.count() == FollowUp.objects.count() == len(closed)
        assert GPMessage.objects.count() == len(closed)
        assert PlanRevision.objects.filter(number=2).exclude(done_without_link_worker="").exists()
        assert SupportPlan.objects.filter(goals__isnull=False).distinct().count() == (
            SupportPlan.objects.count()
        )
        assert Contact.objects.filter(connected=False).exists()
        statuses = set(ActivityReferral.objects.values_list("status", flat=True))
        assert len(statuses) >= 5
        assert CohortMember.objects.filter(status="on_list").exists()
        assert CallAttempt.objects.exists()


def test_each_referral_has_the_history_the_services_leave(demo) -> None:
    stamps = {
        "triaged_at": (State.TRIAGED, State.INFO_REQUESTED, State.ACCEPTED, State.DECLINED),
        "first_contact_at": (State.FIRST_CONTACT,),
        "assessed_at": (State.ASSESSED,),
        "closed_at": (State.CLOSED,),
    }
    with scopes_disabled():
        referrals = Referral.objects.prefetch_related("transitions", "coded_events")
        for referral in referrals:
            moves = sorted(referral.transitions.all(), key=lambda move: move.pk)
            # Recorded in the order they happened, each from the state the one before left.
            assert [move.from_state for move in moves] == ["", *[m.to_state for m in moves[:-1]]]
            assert [move.at for move in moves] == sorted(move.at for move in moves)
            assert moves[0].at == referral.received_at == referral.created_at
            assert moves[-1].at < timezone.now()
            first = {}
            for move in moves:
                first.setdefault(move.to_state, move)
            assert {
                (event.code, event.at, event.by_id) for event in referral.coded_events.all()
            } == {
                (code, first[state].at, first[state].by_id)
                for state, code in CODES.items()
                if state in first
            }
            for name, states in stamps.items():
                reached = [first[state].at for state in states if state in first]
                if name != "first_contact_at":  # an assessment or a contact may come first
                    assert getattr(referral, name) == (min(reached) if reached else None)
            # The audit trail was written as it happened, by whoever did it.
            trail = AuditEvent.objects.filter(
                object_type="referrals.referral", object_id=str(referral.pk)
            )
            created = trail.get(action=AuditEvent.Action.CREATED)
            assert created.at == referral.received_at
            changes = trail.filter(action=AuditEvent.Action.UPDATED)
            assert {move.at for move in moves[1:]} <= set(changes.values_list("at", flat=True))
            assert all(change.actor_id for change in changes)


def test_running_twice_adds_nothing(demo) -> None:
    assert "cases," in demo
    before = counts()

    output = run_demo()

    assert counts() == before
    assert (
        "0 cases, 0 people on call lists, 0 outcome questionnaires and 0 feedback responses "
        "made now"
    ) in output


def test_one_closed_case_is_reopened_for_the_same_person_after_it_closed(demo) -> None:
    with scopes_disabled():
        reopenings = list(Reopening.objects.select_related("previous", "new"))
        assert reopenings
        for reopening in reopenings:
            assert reopening.previous.state == State.CLOSED
            assert reopening.new.state == State.ALLOCATED
            assert reopening.new.person_id == reopening.previous.person_id
            assert reopening.new.received_at > reopening.previous.closed_at
            assert reopening.previous.reference in reopening.new.reason_details
            assert reopening.new.transitions.filter(note__startswith="Reopened from").exists()


def test_the_volunteer_has_been_with_someone_and_has_a_visit_next_week(client, demo) -> None:
    with scopes_disabled():
        visits = list(Accompaniment.objects.filter(companion__username="volunteer"))
        assert {visit.outcome for visit in visits} == {"went_together", ""}
        assert all(visit.companion.volunteer_profile.dbs_current for visit in visits)
    client.force_login(User.objects.get(username="volunteer"))
    page = client.get("/activities/visits/").content.decode()
    # Only the visit still to come: a volunteer sees nothing of one once it is done.
    assert [visit.meeting_point in page for visit in visits] == [
        not visit.outcome for visit in visits
    ]


def test_the_provider_has_referrals_in_their_inbox(client, demo) -> None:
    client.force_login(User.objects.get(username="vcsprovider"))
    home = client.get("/").content.decode()
    assert "/activities/inbox/" in home
    inbox = client.get("/activities/inbox/").content.decode()
    assert "No referrals to your activities yet" not in inbox
    assert "Accept" in inbox or "Confirm they have attended" in inbox
