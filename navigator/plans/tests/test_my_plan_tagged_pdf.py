"""'My support plan' as a tagged PDF (PDF/UA): a structure tree a screen reader follows, and
alternative text for every chart."""

import pytest
from django.urls import reverse

from navigator.core.tests.pdf import pdf_tagging
from navigator.plans.tests.factories import make_plan
from navigator.plans.tests.helpers import person_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("large", ["", "?large=1"])
def test_the_plan_pdf_is_tagged_with_alternative_text_for_its_charts(signed_in, link_worker, large):
    plan = make_plan(person_of(link_worker), user=link_worker)
    url = reverse("plans:my_plan_pdf", kwargs={"pk": plan.person.pk}) + large
    marked, kinds, alts = pdf_tagging(signed_in(link_worker).get(url).content)
    assert marked
    assert {"/H1", "/H2", "/Table", "/Figure"} <= set(kinds)
    assert alts and all(alts)
    assert any(alt.startswith("Bar chart of the rating of each goal") for alt in alts)
