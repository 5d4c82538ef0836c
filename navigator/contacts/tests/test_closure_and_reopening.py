import datetime
import re

import pytest
from django.utils import timezone

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.audit.context import Actor, acting_as
from navigator.contacts import services
from navigator.contacts.models import Closure, FollowUp, GPMessage, Reopening
from navigator.contacts.tests.helpers import allocated_through_services, log, open_case
from navigator.referrals.models import CodedEvent
from navigator.referrals.states import State, TransitionNotAllowed


def _close(case, user, **extra):
    with acting_as(Actor(user=user)):
        return services.close_case(
            referral=case, reason="goals_met", summary="Goes walking weekly", **extra
        )


def test_closing_keeps_a_follow_up_and_a_gp_message(organisation, link_worker) -> None:
    case = allocated_through_services(organisation, link_worker)
    log(case, link_worker)
    closure = _close(case, link_worker)

    case.refresh_from_db()
    assert case.state == State.CLOSED
    follow_up = FollowUp.objects.get(referral=case)
    assert follow_up.due_on == timezone.localdate() + datetime.timedelta(days=90)
    content = GPMessage.objects.get(referral=case).content
    assert content["closing_summary"] == "Goes walking weekly"
    assert [event["code"] for event in content["coded_events"]] == [
        CodedEvent.Code.REFERRAL_ACCEPTED
    ]
    assert closure.reason == "goals_met"


def test_codes_only_carries_no_notes(organisation, link_worker, signed_in) -> None:
    case = allocated_through_services(organisation, link_worker)
    _close(case, link_worker, codes_only=True)
    content = GPMessage.objects.get(referral=case).content
    assert "closing_summary" not in content
    assert "needs_and_concerns" not in content
    page = signed_in(link_worker).get(f"/cases/{case.pk}/gp-message/").content.decode()
    assert "Goes walking weekly" not in page
    assert CodedEvent.Code.REFERRAL_ACCEPTED.value in page


def test_cannot_close_twice(organisation, link_worker) -> None:
    case = open_case(organisation, link_worker)
    _close(case, link_worker)
    with pytest.raises(TransitionNotAllowed):
        _close(case, link_worker)
    assert Closure.objects.count() == 1


def test_reopening_starts_a_new_case_and_keeps_history(organisation, link_worker) -> None:
    case = allocated_through_services(organisation, link_worker)
    log(case, link_worker)
    _close(case, link_worker)
    with acting_as(Actor(user=link_worker)):
        reopening = services.reopen_case(referral=case, reason="Lost her husband")

    case.refresh_from_db()
    new = reopening.new
    assert case.state == State.CLOSED
    assert case.contacts.count() == 1
    assert new.state == State.ALLOCATED
    assert new.person_id == case.person_id
    assert new.allocated_to == link_worker
    assert new.source_type == case.source_type
    assert case.reference in new.reason_details
    assert Reopening.objects.get().previous == case
    with acting_as(Actor(user=link_worker)), pytest.raises(TransitionNotAllowed):
        services.reopen_case(referral=case, reason="again")


def test_closure_and_reopen_pages(organisation, link_worker, signed_in) -> None:
    case = allocated_through_services(organisation, link_worker)
    client = signed_in(link_worker)
    response = client.post(
        f"/cases/{case.pk}/close/", {"reason": "moved", "summary": "Moved to York"}
    )
    assert response.status_code == 302
    closed_page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="closure-prompts"' in closed_page
    assert "Record final outcome measures and feedback" in closed_page
    response = client.post(
        f"/cases/{case.pk}/reopen/", {"reason": "Moved back", "link_worker": link_worker.pk}
    )
    new = Reopening.objects.get().new
    assert response.url == f"/cases/{new.pk}/"
    timeline = client.get(f"/people/{case.person_id}/timeline/").content.decode()
    assert "closed: Moved away" in timeline
    assert "reopened as" in timeline


def test_an_open_case_shows_no_closure_prompt(organisation, link_worker, signed_in) -> None:
    case = allocated_through_services(organisation, link_worker)
    page = signed_in(link_worker).get(f"/cases/{case.pk}/").content.decode()
    assert "Record final outcome measures and feedback" not in page


def test_reopening_offers_the_previous_worker_first_and_can_choose_another(
    organisation, link_worker, signed_in
) -> None:
    colleague = UserFactory(organisation=organisation, role=Role.LINK_WORKER)
    case = allocated_through_services(organisation, link_worker)
    _close(case, link_worker)
    client = signed_in(link_worker)

    form = client.get(f"/cases/{case.pk}/reopen/").content.decode()
    assert re.search(rf'value="{link_worker.pk}"[^>]*checked', form)
    assert not re.search(rf'value="{colleague.pk}"[^>]*checked', form)
    assert "Put the case on the waiting list" in form

    client.post(
        f"/cases/{case.pk}/reopen/", {"reason": "Carer fell ill", "link_worker": colleague.pk}
    )
    reopening = Reopening.objects.get()
    assert reopening.reason == "Carer fell ill"
    assert reopening.new.state == State.ALLOCATED
    assert reopening.new.allocated_to == colleague


def test_reopening_onto_the_waiting_list_keeps_the_reason(
    organisation, link_worker, signed_in
) -> None:
    case = allocated_through_services(organisation, link_worker)
    _close(case, link_worker)

    response = signed_in(link_worker).post(
        f"/cases/{case.pk}/reopen/", {"reason": "Asked for help again", "link_worker": "waiting"}
    )

    reopening = Reopening.objects.get()
    assert response.url == f"/cases/{reopening.new.pk}/"
    new = reopening.new
    assert new.state == State.WAITING
    assert new.allocated_to is None
    assert new.waiting_since is not None
    assert reopening.reason == "Asked for help again"
    last = new.transitions.order_by("-at", "-pk").first()
    assert last.to_state == State.WAITING
    assert "Asked for help again" in last.note


def test_reopening_needs_a_choice_of_worker(organisation, link_worker, signed_in) -> None:
    case = allocated_through_services(organisation, link_worker)
    _close(case, link_worker)
    page = signed_in(link_worker).post(f"/cases/{case.pk}/reopen/", {"reason": "Again"})
    assert "Select a link worker or the waiting list" in page.content.decode()
    assert not Reopening.objects.exists()


def test_reopening_refuses_a_worker_of_another_service(
    organisation, other_organisation, link_worker
) -> None:
    stranger = UserFactory(organisation=other_organisation, role=Role.LINK_WORKER)
    case = allocated_through_services(organisation, link_worker)
    _close(case, link_worker)
    with acting_as(Actor(user=link_worker)), pytest.raises(TransitionNotAllowed):
        services.reopen_case(referral=case, reason="Again", link_worker=stranger)
