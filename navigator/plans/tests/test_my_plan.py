import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.core.tests.pdf import pdf_pages, pdf_text
from navigator.people.tests.factories import PersonFactory
from navigator.plans.tests.factories import make_plan
from navigator.plans.tests.helpers import person_of

pytestmark = pytest.mark.django_db


def test_the_printable_page_is_in_plain_english(signed_in, link_worker):
    plan = make_plan(person_of(link_worker), user=link_worker)
    url = reverse("plans:my_plan", kwargs={"pk": plan.person.pk})
    html = signed_in(link_worker).get(url).content.decode()
    assert "My support plan" in html and "My goals" in html
    assert "I want to get back to my allotment" in html
    assert (
        "Walking football" in html and "Tuesdays at 10am" in html and "Sam, 0113 496 0000" in html
    )
    assert link_worker.get_full_name() in html
    assert plan.review_date.strftime("%-d %B %Y") in html
    assert 'rel="stylesheet" href="/assets/plans/my_plan.css"' in html
    large = signed_in(link_worker).get(url + "?large=1").content.decode()
    assert 'class="app-large-print"' in large


def test_the_pdf_holds_the_goals_and_activities(signed_in, link_worker):
    plan = make_plan(person_of(link_worker), user=link_worker)
    url = reverse("plans:my_plan_pdf", kwargs={"pk": plan.person.pk})
    response = signed_in(link_worker).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "My support plan" in text
    assert "I want to get back to my allotment" in text
    assert "Ring the allotment society" in text
    assert "Walking football" in text and "Meanwood Park" in text and "Tuesdays at 10am" in text
    assert link_worker.get_full_name() in text
    assert plan.review_date.strftime("%-d %B %Y") in text

    large = signed_in(link_worker).get(url + "?large=1")
    assert large["Content-Type"] == "application/pdf"
    large_text = pdf_text(large.content)
    assert "I want to get back to my allotment" in large_text and "Walking football" in large_text
    assert pdf_pages(large.content) > pdf_pages(response.content)


def test_no_plan_no_pdf(signed_in, link_worker):
    person = person_of(link_worker)
    response = signed_in(link_worker).get(reverse("plans:my_plan_pdf", kwargs={"pk": person.pk}))
    assert response.status_code == 404


def test_a_volunteer_may_not_print_the_plan(signed_in, user_with_role, organisation):
    plan = make_plan(PersonFactory(organisation=organisation))
    client = signed_in(user_with_role(Role.VOLUNTEER))
    for name in ("plans:my_plan", "plans:my_plan_pdf"):
        assert client.get(reverse(name, kwargs={"pk": plan.person.pk})).status_code == 403


def test_another_organisations_pdf_is_not_found(signed_in, link_worker, other_organisation):
    plan = make_plan(PersonFactory(organisation=other_organisation))
    url = reverse("plans:my_plan_pdf", kwargs={"pk": plan.person.pk})
    assert signed_in(link_worker).get(url).status_code == 404
