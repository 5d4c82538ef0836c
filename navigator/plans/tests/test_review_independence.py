"""At each plan review the link worker and the person say how far the person now manages
without the link worker, and what is still needed before support can end."""

import pytest
from django.urls import reverse

from navigator.contacts.tests.helpers import open_case
from navigator.plans.models import PlanRevision
from navigator.plans.tests.factories import make_plan, plan_post
from navigator.plans.tests.helpers import person_of

pytestmark = pytest.mark.django_db

DONE_ALONE = "Goes to the lunch club on her own every Thursday"
STILL_NEEDED = "Confidence to take the bus to the new swimming group"


def edit_url(person) -> str:
    return reverse("plans:plan_edit", kwargs={"pk": person.pk})


def test_a_new_plan_does_not_ask_about_independence(signed_in, link_worker) -> None:
    person = person_of(link_worker)
    page = signed_in(link_worker).get(edit_url(person)).content.decode()
    assert "What does the person now do without the link worker?" not in page


def test_a_review_asks_keeps_and_shows_the_answers(signed_in, link_worker, organisation) -> None:
    person = person_of(link_worker)
    plan = make_plan(person, user=link_worker)
    case = open_case(organisation, link_worker, state="active", person=person)
    client = signed_in(link_worker)

    form = client.get(edit_url(person)).content.decode()
    assert "Working toward independence" in form
    assert "What does the person now do without the link worker?" in form
    assert "What is still needed before support can end?" in form

    response = client.post(
        edit_url(person),
        plan_post(
            version=plan.version,
            done_without_link_worker=DONE_ALONE,
            needed_before_ending=STILL_NEEDED,
        ),
    )

    assert response.status_code == 302
    revision = PlanRevision.objects.get(plan=plan, number=2)
    assert revision.done_without_link_worker == DONE_ALONE
    assert revision.needed_before_ending == STILL_NEEDED
    assert PlanRevision.objects.get(plan=plan, number=1).done_without_link_worker == ""
    plan_page = client.get(reverse("plans:plan", kwargs={"pk": person.pk})).content.decode()
    assert DONE_ALONE in plan_page and STILL_NEEDED in plan_page
    case_page = client.get(reverse("contacts:case", kwargs={"pk": case.pk})).content.decode()
    assert DONE_ALONE in case_page and STILL_NEEDED in case_page


def test_a_later_revision_without_answers_keeps_showing_the_last_answers(
    signed_in, link_worker
) -> None:
    person = person_of(link_worker)
    plan = make_plan(person, user=link_worker)
    client = signed_in(link_worker)
    client.post(
        edit_url(person), plan_post(version=plan.version, done_without_link_worker=DONE_ALONE)
    )
    client.post(edit_url(person), plan_post(version=plan.version + 1, level_of_need="low"))

    plan_page = client.get(reverse("plans:plan", kwargs={"pk": person.pk})).content.decode()
    assert plan_page.count(DONE_ALONE) == 2  # the summary, and revision 2 in the history
