import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.people.models import Person
from navigator.people.tests.factories import PersonFactory
from navigator.referrals import services
from navigator.referrals.models import CodedEvent, Referral
from navigator.referrals.states import State
from navigator.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def url(name: str, referral: Referral) -> str:
    return reverse(f"referrals:{name}", args=[referral.pk])


def state_of(referral: Referral) -> str:
    referral.refresh_from_db()
    return referral.state


def test_the_referral_page_shows_details_history_and_possible_matches(
    signed_in, link_worker, organisation
):
    match = PersonFactory(organisation=organisation, given_name="Edith", family_name="Walker")
    referral = ReferralFactory(
        organisation=organisation,
        given_name="Edith",
        family_name="Walker",
        date_of_birth=match.date_of_birth,
        risks="Lives alone",
    )

    html = signed_in(link_worker).get(url("detail", referral)).text

    assert "Lives alone" in html
    assert 'id="possible-matches"' in html
    assert reverse("people:detail", args=[match.pk]) in html
    assert "Create a new record" in html


def test_attach_to_an_existing_person_triages_the_referral(signed_in, link_worker, organisation):
    match = PersonFactory(organisation=organisation, given_name="Edith", family_name="Walker")
    referral = ReferralFactory(
        organisation=organisation,
        given_name="Edith",
        family_name="Walker",
        date_of_birth=match.date_of_birth,
    )

    response = signed_in(link_worker).post(url("attach", referral), {"person": match.pk})

    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.state, referral.person) == (State.TRIAGED, match)


def test_attaching_a_person_who_is_not_a_possible_match_is_refused(
    signed_in, link_worker, organisation, other_organisation
):
    referral = ReferralFactory(organisation=organisation)
    stranger = PersonFactory(organisation=other_organisation)

    response = signed_in(link_worker).post(url("attach", referral), {"person": stranger.pk})

    assert "Select one of the records listed" in response.text
    assert state_of(referral) == State.RECEIVED


def test_create_a_new_record_from_the_referral(signed_in, link_worker, organisation):
    referral = ReferralFactory(organisation=organisation, given_name="Edith", phone="+441134960000")

    response = signed_in(link_worker).post(url("new_person", referral), {})

    assert response.status_code == 302
    referral.refresh_from_db()
    person = Person.objects.get()
    assert referral.person == person and referral.state == State.TRIAGED
    assert (person.given_name, person.phone, person.organisation) == (
        "Edith",
        "+441134960000",
        organisation,
    )


def test_accept_codes_the_case_once(signed_in, link_worker, triaged_referral):
    client = signed_in(link_worker)
    response = client.post(url("accept", triaged_referral), {"note": "Good fit"})

    assert response.status_code == 302
    assert state_of(triaged_referral) == State.ACCEPTED
    assert triaged_referral.transitions.get(to_state=State.ACCEPTED).by == link_worker
    page = client.get(url("detail", triaged_referral)).text
    assert "871731000000106" in page
    assert "Good fit" in page
    # Accepting again is refused, and codes nothing more.
    again = client.post(url("accept", triaged_referral), {})
    assert again.status_code == 200
    assert "cannot become accepted" in again.text
    assert CodedEvent.objects.filter(referral=triaged_referral).count() == 1


def test_a_refused_move_is_a_form_error_not_a_server_error(signed_in, link_worker, new_referral):
    response = signed_in(link_worker).post(url("accept", new_referral), {"note": "Keep me"})

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "cannot become accepted" in response.text
    assert "Keep me" in response.text
    assert state_of(new_referral) == State.RECEIVED


def test_decline_needs_a_reason_and_keeps_what_was_typed(signed_in, link_worker, new_referral):
    response = signed_in(link_worker).post(
        url("decline", new_referral), {"signposting_note": "Try the library group"}
    )

    assert "Select why you are declining this referral" in response.text
    assert "Try the library group" in response.text
    assert state_of(new_referral) == State.RECEIVED


def test_declining_for_another_reason_needs_a_note(signed_in, link_worker, new_referral):
    response = signed_in(link_worker).post(url("decline", new_referral), {"reason": "other"})

    assert "Enter why you are declining" in response.text


def test_decline_with_a_reason_and_signposting(signed_in, link_worker, new_referral):
    signed_in(link_worker).post(
        url("decline", new_referral),
        {"reason": "out_of_area", "signposting_note": "Calder Valley service"},
    )

    new_referral.refresh_from_db()
    assert new_referral.state == State.DECLINED
    assert new_referral.decline_reason == "out_of_area"
    assert new_referral.signposting_note == "Calder Valley service"
    assert list(new_referral.coded_events.values_list("code", flat=True)) == ["871711000000103"]


def test_ask_for_more_information_and_back_to_the_queue(signed_in, link_worker, new_referral):
    client = signed_in(link_worker)
    empty = client.post(url("request_info", new_referral), {"note": ""})
    assert "Enter what you need to know from the referrer" in empty.text

    client.post(url("request_info", new_referral), {"note": "Which GP practice?"})
    assert state_of(new_referral) == State.INFO_REQUESTED
    client.post(url("info_received", new_referral), {"note": "Chapel Allerton"})

    assert state_of(new_referral) == State.RECEIVED
    notes = list(new_referral.transitions.values_list("note", flat=True))
    assert notes[-2:] == ["Which GP practice?", "Chapel Allerton"]


def test_allocation_shows_each_link_workers_caseload(
    signed_in, manager, organisation, accepted_referral
):
    busy = UserFactory(organisation=organisation, role=Role.LINK_WORKER, first_name="Busy")
    ReferralFactory.create_batch(2, organisation=organisation, allocated_to=busy, state="allocated")
    ReferralFactory(organisation=organisation, allocated_to=busy, state=State.CLOSED)
    UserFactory(
        organisation=organisation, role=Role.LINK_WORKER, is_active=False, first_name="Gone"
    )

    html = signed_in(manager).get(url("allocate", accepted_referral)).text

    assert f"{busy} – 2 open referrals" in html
    assert "Gone" not in html


def test_allocate_to_a_link_worker(signed_in, manager, link_worker, accepted_referral):
    client = signed_in(manager)
    empty = client.post(url("allocate", accepted_referral), {})
    assert "Select a link worker" in empty.text

    client.post(url("allocate", accepted_referral), {"link_worker": link_worker.pk})

    accepted_referral.refresh_from_db()
    assert accepted_referral.state == State.ALLOCATED
    assert accepted_referral.allocated_to == link_worker


def test_a_link_worker_of_another_organisation_cannot_be_chosen(
    signed_in, manager, other_organisation, accepted_referral
):
    outsider = UserFactory(organisation=other_organisation, role=Role.LINK_WORKER)

    response = signed_in(manager).post(
        url("allocate", accepted_referral), {"link_worker": outsider.pk}
    )

    assert response.status_code == 200
    assert state_of(accepted_referral) == State.ACCEPTED


def test_put_on_the_waiting_list_then_allocate(signed_in, manager, link_worker, accepted_referral):
    client = signed_in(manager)
    client.post(url("wait", accepted_referral), {})
    assert state_of(accepted_referral) == State.WAITING
    assert accepted_referral.reference in client.get(reverse("referrals:waiting_list")).text

    client.post(url("allocate", accepted_referral), {"link_worker": link_worker.pk})
    assert state_of(accepted_referral) == State.ALLOCATED


def test_a_link_worker_cannot_allocate(signed_in, link_worker, accepted_referral):
    response = signed_in(link_worker).post(
        url("allocate", accepted_referral), {"link_worker": link_worker.pk}
    )

    assert response.status_code == 403


def test_another_organisations_referral_cannot_be_acted_on(
    signed_in, link_worker, other_organisation
):
    theirs = ReferralFactory(organisation=other_organisation)

    response = signed_in(link_worker).post(url("decline", theirs), {"reason": "duplicate"})

    assert response.status_code == 404
    assert state_of(theirs) == State.RECEIVED


def test_the_persons_timeline_shows_the_referrals_moves(signed_in, link_worker, accepted_referral):
    html = (
        signed_in(link_worker)
        .get(reverse("people:timeline", args=[accepted_referral.person_id]))
        .text
    )

    assert f"Referral {accepted_referral.reference}: triaged" in html
    assert f"Referral {accepted_referral.reference}: accepted" in html


def test_services_accept_reaches_the_state_machine_only_through_move(acting, triaged_referral):
    referral = services.accept(referral=triaged_referral)
    assert referral.transitions.last().to_state == State.ACCEPTED
