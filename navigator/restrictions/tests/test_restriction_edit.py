"""A manager restricts a record to named staff, changes who, and lifts it; each step is on the
person's audit trail, and the people list shows that the record exists without its details."""

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.audit.models import AuditEvent
from navigator.people.tests.factories import PersonFactory
from navigator.restrictions.models import Restriction
from navigator.restrictions.tests.factories import RestrictionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def grace(organisation):
    return PersonFactory(
        organisation=organisation,
        given_name="Grace",
        family_name="Hopper",
        nhs_number="9434765919",
        postcode="LS1 4AP",
    )


@pytest.fixture
def named(organisation):
    return UserFactory(
        organisation=organisation,
        role=Role.LINK_WORKER,
        username="named",
        first_name="Nia",
        last_name="Named",
    )


def edit(person) -> str:
    return reverse("restrictions:edit", kwargs={"pk": person.pk})


def test_a_manager_restricts_a_record_to_named_staff(signed_in, manager, link_worker, named, grace):
    client = signed_in(manager)

    response = client.post(
        edit(grace),
        {"kind": "staff_relative", "reason": "Sister of a link worker", "named_staff": [named.pk]},
    )

    assert response.status_code == 302
    restriction = Restriction.objects.get(person=grace)
    assert list(restriction.named_staff.all()) == [named]
    assert restriction.restricted_by == manager
    event = AuditEvent.objects.get(object_type="restrictions.restriction")
    assert event.action == AuditEvent.Action.CREATED
    assert event.person_id == grace.pk
    assert event.changes["named_staff"] == [None, ["Nia Named"]]
    assert event.changes["kind"] == [None, "staff_relative"]
    assert (
        signed_in(named).get(reverse("people:detail", kwargs={"pk": grace.pk})).status_code == 200
    )
    other = signed_in(link_worker)
    assert other.get(reverse("people:detail", kwargs={"pk": grace.pk})).status_code == 404


def test_naming_nobody_is_refused_and_keeps_what_was_typed(signed_in, manager, grace):
    page = signed_in(manager).post(
        edit(grace), {"kind": "safeguarding", "reason": "Section 42 enquiry"}
    )

    assert page.status_code == 200
    assert "Choose at least one member of staff who may see the record" in page.text
    assert "Section 42 enquiry" in page.text
    assert not Restriction.objects.exists()


def test_changing_who_is_named_is_audited(signed_in, manager, named, organisation, grace):
    restriction = RestrictionFactory(person=grace, named_staff=[named])
    second = UserFactory(
        organisation=organisation, role=Role.MANAGER, first_name="Sam", last_name="Second"
    )

    signed_in(manager).post(
        edit(grace),
        {"kind": restriction.kind, "reason": restriction.reason, "named_staff": [second.pk]},
    )

    event = AuditEvent.objects.get(
        object_type="restrictions.restriction", action=AuditEvent.Action.UPDATED
    )
    assert event.changes == {"named_staff": [["Nia Named"], ["Sam Second"]]}


def test_lifting_opens_the_record_again(signed_in, manager, link_worker, named, grace):
    RestrictionFactory(person=grace, named_staff=[named])
    detail = reverse("people:detail", kwargs={"pk": grace.pk})
    assert signed_in(link_worker).get(detail).status_code == 404

    signed_in(manager).post(reverse("restrictions:lift", kwargs={"pk": grace.pk}))

    assert not Restriction.objects.exists()
    assert signed_in(link_worker).get(detail).status_code == 200
    assert AuditEvent.objects.filter(
        object_type="restrictions.restriction",
        action=AuditEvent.Action.DELETED,
        person_id=grace.pk,
    ).exists()


def test_the_people_list_shows_the_record_exists_but_not_its_details(
    signed_in, link_worker, named, grace
):
    RestrictionFactory(person=grace, named_staff=[named])

    page = signed_in(link_worker).get(reverse("people:list"), {"q": "Hopper"})

    assert "Grace Hopper" in page.text
    assert "Restricted" in page.text
    assert reverse("restrictions:break_glass", kwargs={"pk": grace.pk}) in page.text
    assert f'href="{reverse("people:detail", kwargs={"pk": grace.pk})}"' not in page.text
    assert "LS1 4AP" not in page.text
    assert "943 476 5919" not in page.text


def test_named_staff_see_the_details_tagged_restricted(signed_in, named, grace):
    RestrictionFactory(person=grace, named_staff=[named])

    page = signed_in(named).get(reverse("people:list"), {"q": "Hopper"})

    assert reverse("people:detail", kwargs={"pk": grace.pk}) in page.text
    assert "LS1 4AP" in page.text
    assert "Restricted" in page.text


def test_the_managers_list_names_restricted_records_and_who_may_see_them(
    signed_in, manager, named, grace
):
    RestrictionFactory(person=grace, named_staff=[named])

    page = signed_in(manager).get(reverse("restrictions:list"))

    assert "Grace Hopper" in page.text
    assert "Nia Named" in page.text
    assert "A relative or friend of a member of staff" in page.text
