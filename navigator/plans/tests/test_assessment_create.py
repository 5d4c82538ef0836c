import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from navigator.accounts.permissions import Role
from navigator.people.tests.factories import FamilyMemberFactory, PersonFactory
from navigator.plans.models import Assessment, ManagerTask
from navigator.plans.tests.factories import assessment_post
from navigator.plans.tests.helpers import field_error, person_of

pytestmark = pytest.mark.django_db


def url(person) -> str:
    return reverse("plans:assessment_create", kwargs={"pk": person.pk})


def test_the_form_asks_about_each_life_area_and_the_family(signed_in, link_worker):
    person = person_of(link_worker)
    FamilyMemberFactory(person=person, name="Chidi Okafor", relationship="Son")
    response = signed_in(link_worker).get(url(person))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Social connection: rating" in html and "Practical help at home" in html
    assert "Chidi Okafor (Son)" in html


def test_a_link_worker_records_an_assessment(signed_in, link_worker):
    person = person_of(link_worker)
    carer = FamilyMemberFactory(person=person, is_carer=True)
    client = signed_in(link_worker)
    form_html = client.get(url(person)).content.decode()
    area_field = form_html.split('name="need_')[1].split("_rating")[0]
    response = client.post(
        url(person),
        assessment_post(
            family_present=str(carer.pk),
            interpreter_present="on",
            interpreter_name="Ana",
            **{f"need_{area_field}_rating": "8", f"need_{area_field}_note": "Alone all day"},
        ),
    )
    assessment = Assessment.objects.get(person=person)
    assert response.status_code == 302
    assert response.url == reverse(
        "plans:assessment_detail", kwargs={"pk": person.pk, "assessment_pk": assessment.pk}
    )
    assert assessment.recorded_by == link_worker
    assert list(assessment.family_present.all()) == [carer]
    need = assessment.needs.get()
    assert (need.area_name, need.rating, need.note) == ("Social connection", 8, "Alone all day")
    detail = client.get(response.url).content.decode()
    assert "Alone all day" in detail and "Interpreter: Ana" in detail
    assert not ManagerTask.objects.exists()


def test_a_safeguarding_concern_flags_the_person_and_tasks_the_manager(signed_in, link_worker):
    person = person_of(link_worker)
    client = signed_in(link_worker)
    client.post(
        url(person),
        assessment_post(
            safeguarding_concern="on",
            safeguarding_details="Money going missing",
            action_taken="Told the manager",
        ),
    )
    task = ManagerTask.objects.get(person=person)
    assert task.kind == ManagerTask.Kind.SAFEGUARDING
    page = client.get(reverse("plans:plan", kwargs={"pk": person.pk})).content.decode()
    assert 'id="safeguarding-flag"' in page and "Money going missing" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"setting": "other", "setting_other": ""}, "setting_other", "Enter where the"),
        ({"mode": "remote"}, "remote_reason", "Enter why the assessment was not in person"),
        ({"what_matters": ""}, "what_matters", "Enter what matters to the person"),
        ({"assessed_time": "25:00"}, "assessed_time", "Enter the time like 14:30"),
        (
            {"safeguarding_concern": "on"},
            "safeguarding_details",
            "Describe the safeguarding concern",
        ),
    ],
)
def test_bad_input_is_explained_at_the_field(signed_in, link_worker, changes, field, message):
    person = person_of(link_worker)
    posted = assessment_post(interpreter_name="Ana Typed", **changes)
    response = signed_in(link_worker).post(url(person), posted)
    assert response.status_code == 200
    assert message in field_error(response, field)
    assert 'value="Ana Typed"' in response.content.decode()  # what was typed is kept
    assert not Assessment.objects.exists()


def test_an_assessment_cannot_be_in_the_future(signed_in, link_worker):
    person = person_of(link_worker)
    client = signed_in(link_worker)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        url(person),
        assessment_post(
            assessed_on_day=str(tomorrow.day),
            assessed_on_month=str(tomorrow.month),
            assessed_on_year=str(tomorrow.year),
        ),
    )
    assert field_error(response, "assessed_on") == "Date must be today or in the past"
    later = timezone.localtime() + datetime.timedelta(minutes=5)
    if later.date() == timezone.localdate():
        response = client.post(
            url(person),
            # Today's date as well: the default (two hours ago) is yesterday just after midnight.
            assessment_post(
                assessed_on_day=str(later.day),
                assessed_on_month=str(later.month),
                assessed_on_year=str(later.year),
                assessed_time=later.strftime("%H:%M"),
            ),
        )
        assert field_error(response, "assessed_time") == "The assessment must not be in the future"
    assert not Assessment.objects.exists()


def test_a_need_rating_out_of_range_is_refused_and_kept(signed_in, link_worker):
    person = person_of(link_worker)
    client = signed_in(link_worker)
    html = client.get(url(person)).content.decode()
    name = "need_" + html.split('name="need_')[1].split('"')[0]
    response = client.post(url(person), assessment_post(**{name: "11"}))
    assert (
        field_error(response, name)
        == "Social connection: rating must be a whole number from 0 to 10"
    )
    assert 'value="11"' in response.content.decode()


def test_a_volunteer_may_not_record_an_assessment(signed_in, user_with_role, organisation):
    person = PersonFactory(organisation=organisation)
    client = signed_in(user_with_role(Role.VOLUNTEER))
    assert client.get(url(person)).status_code == 403
    assert client.post(url(person), assessment_post()).status_code == 403


def test_another_organisations_person_is_not_found(signed_in, link_worker, other_organisation):
    stranger = PersonFactory(organisation=other_organisation)
    assert signed_in(link_worker).get(url(stranger)).status_code == 404


def test_the_saved_assessment_offers_the_plan_as_the_next_step(signed_in, link_worker):
    person = person_of(link_worker)
    client = signed_in(link_worker)
    response = client.post(url(person), assessment_post(), follow=True)
    plan_edit = reverse("plans:plan_edit", kwargs={"pk": person.pk})
    assert f'id="next-step" href="{plan_edit}"' in response.content.decode()
    assert "Make a support plan</a>" in response.content.decode()
