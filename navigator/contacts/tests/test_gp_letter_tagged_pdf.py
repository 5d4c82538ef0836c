"""The letter to the GP as a tagged PDF (PDF/UA): its headings and tables in the structure a
screen reader follows, any picture with alternative text."""

import pytest
from django.urls import reverse

from navigator.audit.context import Actor, acting_as
from navigator.contacts import services
from navigator.contacts.tests.helpers import allocated_through_services, log
from navigator.core.tests.pdf import pdf_tagging

pytestmark = pytest.mark.django_db


def test_the_gp_letter_is_a_tagged_pdf(organisation, link_worker, signed_in) -> None:
    case = allocated_through_services(organisation, link_worker)
    log(case, link_worker)
    with acting_as(Actor(user=link_worker)):
        services.close_case(referral=case, reason="goals_met", summary="Walks every Saturday")
    url = reverse("contacts:gp_message_pdf", kwargs={"pk": case.pk})
    marked, kinds, alts = pdf_tagging(signed_in(link_worker).get(url).content)
    assert marked
    assert "/H1" in kinds and "/P" in kinds
    assert all(alts)
