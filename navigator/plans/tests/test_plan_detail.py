import base64

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.people.tests.factories import PersonFactory
from navigator.plans.tests.factories import AssessmentFactory, make_plan
from navigator.plans.tests.helpers import person_of

pytestmark = pytest.mark.django_db


def url(person) -> str:
    return reverse("plans:plan", kwargs={"pk": person.pk})


def test_the_plan_page_shows_the_current_plan(signed_in, link_worker):
    plan = make_plan(person_of(link_worker), user=link_worker)
    assessment = AssessmentFactory(person=plan.person)
    html = signed_in(link_worker).get(url(plan.person)).content.decode()
    assert "I want to get back to my allotment" in html
    assert "Walking football" in html and "Meanwood Park" in html
    assert "Medium: contact every two weeks" in html
    assert reverse("plans:plan_edit", kwargs={"pk": plan.person.pk}) in html
    assert reverse("plans:my_plan_pdf", kwargs={"pk": plan.person.pk}) in html
    assert (
        reverse(
            "plans:assessment_detail",
            kwargs={"pk": plan.person.pk, "assessment_pk": assessment.pk},
        )
        in html
    )


def test_each_chart_has_a_data_table_and_a_text_alternative(signed_in, link_worker):
    plan = make_plan(person_of(link_worker), user=link_worker)
    html = signed_in(link_worker).get(url(plan.person)).content.decode()
    assert 'id="star-table"' in html and 'id="goal-table"' in html
    assert html.count('class="app-chart__image"') == 2
    assert 'alt="Radar chart of the Navigator wellbeing star' in html
    assert 'alt="Bar chart of the rating of each goal' in html
    # The star's areas and scores are in the table, with the label of each point.
    assert "Feeling well in myself" in html and "2: Finding things hard" in html
    # The pictures are SVG without scripts that could run: shown as images (CSP-safe).
    svg = base64.b64decode(html.split("data:image/svg+xml;base64,")[1].split('"')[0]).decode()
    assert svg.startswith("<svg") and "<title" in svg


def test_a_person_without_a_plan(signed_in, link_worker):
    person = person_of(link_worker)
    html = signed_in(link_worker).get(url(person)).content.decode()
    assert "has no support plan yet" in html and "Make a support plan" in html


def test_a_volunteer_does_not_see_the_plan(signed_in, user_with_role, organisation):
    plan = make_plan(PersonFactory(organisation=organisation))
    response = signed_in(user_with_role(Role.VOLUNTEER)).get(url(plan.person))
    assert response.status_code == 403
    assert "I want to get back to my allotment" not in response.content.decode()


def test_another_organisations_plan_is_not_found(signed_in, link_worker, other_organisation):
    plan = make_plan(PersonFactory(organisation=other_organisation))
    assert signed_in(link_worker).get(url(plan.person)).status_code == 404


def test_roles_without_access_are_refused(signed_in, user_with_role, organisation):
    plan = make_plan(PersonFactory(organisation=organisation))
    assert signed_in(user_with_role(Role.REFERRER)).get(url(plan.person)).status_code == 403
