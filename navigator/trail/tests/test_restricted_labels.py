"""The audit review and trails show a manager the restriction does not name who did what to a
restricted record, and when, but not whose record it was: its label and values are withheld.
A manager it names sees them."""

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.people.tests.factories import PersonFactory
from navigator.people.tests.helpers import person_data
from navigator.restrictions.tests.factories import RestrictionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(organisation, signed_in, link_worker):
    """Ada's record, restricted to the link worker, who then corrects her name."""
    person = PersonFactory(organisation=organisation, given_name="Ada", family_name="Byrnewick")
    RestrictionFactory(person=person, named_staff=[link_worker])
    signed_in(link_worker).post(
        reverse("people:edit", args=[person.pk]), person_data(person, family_name="Byronwick")
    )
    return person


@pytest.fixture
def named_manager(organisation, ada, link_worker):
    manager = UserFactory(organisation=organisation, role=Role.MANAGER, username="named-manager")
    ada.restriction.named_staff.set([link_worker, manager])
    return manager


def test_the_review_does_not_name_the_person_to_a_manager_not_named(
    signed_in, manager, link_worker, ada
):
    client = signed_in(manager)

    page = client.get(reverse("trail:review"))
    download = client.get(reverse("trail:review_export")).content.decode()

    assert "A restricted record" in page.text
    assert f"record {ada.pk}" in page.text
    assert str(link_worker) in page.text
    for text in (page.text, download):
        assert "Byronwick" not in text
        assert "Byrnewick" not in text


def test_the_user_trail_withholds_the_label_and_the_values(signed_in, manager, link_worker, ada):
    client = signed_in(manager)

    page = client.get(reverse("trail:user", args=[link_worker.pk]))
    download = client.get(reverse("trail:user_export", args=[link_worker.pk])).content.decode()

    assert "A restricted record" in page.text
    assert "Last name" in page.text
    assert "[withheld] → [withheld]" in page.text
    for text in (page.text, download):
        assert "Byronwick" not in text
        assert "Byrnewick" not in text


def test_a_manager_named_by_the_restriction_sees_whose_record_it_was(
    signed_in, named_manager, link_worker, ada
):
    page = signed_in(named_manager).get(reverse("trail:user", args=[link_worker.pk]))

    assert "Ada Byronwick" in page.text
    assert "Byrnewick → Byronwick" in page.text
    assert "A restricted record" not in page.text
