import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from navigator.accounts.permissions import Role
from navigator.people.tests.factories import FamilyMemberFactory, PersonFactory
from navigator.plans import services
from navigator.plans.models import SupportPlan
from navigator.plans.tests.factories import GOALS, make_plan, plan_post
from navigator.plans.tests.helpers import field_error, person_of

pytestmark = pytest.mark.django_db


def url(person) -> str:
    return reverse("plans:plan_edit", kwargs={"pk": person.pk})


def test_a_link_worker_makes_a_plan_with_the_person(signed_in, link_worker):
    person = person_of(link_worker)
    FamilyMemberFactory(person=person, name="Chidi Okafor", relationship="Son")
    client = signed_in(link_worker)
    page = client.get(url(person)).content.decode()
    assert "Feeling well in myself: score" in page  # the default star, created on first use
    response = client.post(
        url(person),
        plan_post(
            took_part_family="Chidi Okafor", goal_2_words="Sleep better", goal_2_baseline="1"
        ),
    )
    assert response.status_code == 302
    assert response.url == reverse("plans:plan", kwargs={"pk": person.pk})
    plan = SupportPlan.objects.get(person=person)
    assert plan.link_worker == link_worker
    assert plan.family_took_part == ["Chidi Okafor"]
    assert [(g.position, g.words, g.baseline_rating) for g in plan.goals.all()] == [
        (1, "I want to feel less lonely", 3),
        (2, "Sleep better", 1),
    ]
    assert plan.activities[0]["where"] == "St Mark's church hall"
    areas = plan.star.areas
    assert plan.star_scores == {areas[0]: 2, areas[1]: 3}
    assert plan.revisions.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {f"goal_1_{part}": "" for part in ("words", "baseline", "good", "steps", "helps")},
            "goal_1_words",
            "Enter at least one goal",
        ),
        ({"goal_1_baseline": "11"}, "goal_1_baseline", "from 0 to 10"),
        ({"goal_1_baseline": "-1"}, "goal_1_baseline", "from 0 to 10"),
        ({"goal_1_baseline": ""}, "goal_1_baseline", "Enter a rating for goal 1 from 0 to 10"),
        ({"goal_2_steps": "Phone"}, "goal_2_words", "Enter goal 2 in the person's own words"),
        ({"star_0": "6"}, "star_0", "must be a whole number from 1 to 5"),
        ({"activity_2_when": "Mondays"}, "activity_2_name", "Enter what activity 2 is"),
        ({"level_of_need": ""}, "level_of_need", "Select the level of need"),
        ({"agreement_method": ""}, "agreement_method", "Select how the person agreed"),
    ],
)
def test_bad_input_is_explained_at_the_field(signed_in, link_worker, changes, field, message):
    person = person_of(link_worker)
    posted = plan_post(activity_1_contact="Typed contact", **changes)
    response = signed_in(link_worker).post(url(person), posted)
    assert response.status_code == 200
    assert message in field_error(response, field)
    assert 'value="Typed contact"' in response.content.decode()
    assert not SupportPlan.objects.exists()


@pytest.mark.parametrize("days", [0, -3])
def test_the_review_date_must_be_in_the_future(signed_in, link_worker, days):
    person = person_of(link_worker)
    date = timezone.localdate() + datetime.timedelta(days=days)
    response = signed_in(link_worker).post(
        url(person),
        plan_post(
            review_date_day=str(date.day),
            review_date_month=str(date.month),
            review_date_year=str(date.year),
        ),
    )
    assert field_error(response, "review_date") == "The review date must be in the future"
    assert f'value="{date.year}"' in response.content.decode()


def test_changing_the_plan_makes_a_revision_and_shows_what_changed(signed_in, link_worker):
    plan = make_plan(person_of(link_worker), user=link_worker)
    client = signed_in(link_worker)
    page = client.get(url(plan.person)).content.decode()
    assert GOALS[0]["words"] in page  # the form starts from the current plan
    response = client.post(url(plan.person), plan_post(version=plan.version, level_of_need="high"))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.version == 2 and plan.revisions.count() == 2
    detail = client.get(reverse("plans:plan", kwargs={"pk": plan.person.pk})).content.decode()
    assert "Revision 2" in detail and "Revision 1" in detail
    assert "Level of need" in detail and "Medium" in detail and "High" in detail
    assert "Goal 1: in the person&#39;s words" in detail


def test_a_concurrent_edit_is_detected_and_the_typing_kept(signed_in, link_worker, manager):
    plan = make_plan(person_of(link_worker), user=link_worker)
    services.save_plan(  # the manager saves first
        person=plan.person,
        expected_version=plan.version,
        data={"level_of_need": "low"},
        goals=GOALS,
        saved_by=manager,
    )
    response = signed_in(link_worker).post(
        url(plan.person), plan_post(version=1, goal_1_words="My typing")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this record" in html
    assert 'id="stale-edit"' in html and "My typing" in html
    assert 'name="version" value="2"' in html  # a second save is deliberate
    plan.refresh_from_db()
    assert plan.version == 2 and plan.goals.get().words == GOALS[0]["words"]
    # Saving again keeps the typing.
    response = signed_in(link_worker).post(
        url(plan.person), plan_post(version=2, goal_1_words="My typing")
    )
    assert response.status_code == 302
    assert plan.goals.get().words == "My typing"


def test_two_new_plan_forms_do_not_make_two_plans(signed_in, link_worker):
    person = person_of(link_worker)
    client = signed_in(link_worker)
    assert client.post(url(person), plan_post(version=0)).status_code == 302
    response = client.post(url(person), plan_post(version=0, goal_1_words="Second"))
    assert "Someone else changed this record" in response.content.decode()
    assert SupportPlan.objects.filter(person=person).count() == 1


def test_a_volunteer_may_not_change_a_plan(signed_in, user_with_role, organisation):
    plan = make_plan(PersonFactory(organisation=organisation))
    client = signed_in(user_with_role(Role.VOLUNTEER))
    assert client.get(url(plan.person)).status_code == 403
    assert client.post(url(plan.person), plan_post(version=1)).status_code == 403


def test_another_organisations_plan_is_not_found(signed_in, link_worker, other_organisation):
    plan = make_plan(PersonFactory(organisation=other_organisation))
    client = signed_in(link_worker)
    assert client.get(url(plan.person)).status_code == 404
    assert client.post(url(plan.person), plan_post(version=1)).status_code == 404
