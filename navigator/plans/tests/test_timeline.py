import pytest
from django.urls import reverse

from navigator.plans.tests.factories import assessment_post
from navigator.plans.tests.helpers import person_of

pytestmark = pytest.mark.django_db


def test_assessments_and_plans_appear_on_the_timeline(signed_in, link_worker):
    from navigator.plans.tests.factories import plan_post

    person = person_of(link_worker)
    client = signed_in(link_worker)
    client.post(
        reverse("plans:assessment_create", kwargs={"pk": person.pk}),
        assessment_post(
            safeguarding_concern="on", safeguarding_details="Worry", action_taken="Told"
        ),
    )
    client.post(reverse("plans:plan_edit", kwargs={"pk": person.pk}), plan_post())
    html = client.get(reverse("people:timeline", kwargs={"pk": person.pk})).content.decode()
    assert "Assessment recorded" in html
    assert "Support plan agreed" in html
    assert "Safeguarding concern raised" in html
