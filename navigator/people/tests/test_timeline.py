import re

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.people.models import FamilyMember, Person
from navigator.people.tests.helpers import family_member_data, new_person_data, person_data


@pytest.fixture
def client_(signed_in, link_worker):
    return signed_in(link_worker)


@pytest.fixture
def ada(client_):
    client_.post(reverse("people:create"), new_person_data(given_name="Ada", family_name="Byron"))
    return Person.objects.get()


def titles(response) -> list[str]:
    return re.findall(r'<h2 class="nhsuk-heading-s[^"]*">([^<]+)</h2>', response.text)


def test_timeline_lists_what_happened_newest_first(client_, ada, link_worker):
    edit = person_data(ada, family_name="Lovelace", town="Leeds")
    client_.post(reverse("people:edit", args=[ada.pk]), edit)
    client_.post(
        reverse("people:family_add", args=[ada.pk]), family_member_data(name="Byron Lovelace")
    )
    member = FamilyMember.objects.get()
    client_.post(
        reverse("people:family_edit", args=[ada.pk, member.pk]),
        family_member_data(member, relationship="Father"),
    )
    client_.post(reverse("people:family_remove", args=[ada.pk, member.pk]), {"confirm": "on"})

    response = client_.get(reverse("people:timeline", args=[ada.pk]))

    assert response.status_code == 200
    assert titles(response) == [
        "Family member or carer removed",
        "Family member or carer changed",
        "Family member or carer added",
        "Record changed",
        "Record created",
    ]
    assert "Last name: Byron → Lovelace; Town or city: – → Leeds" in response.text
    assert "Byron Lovelace (Father): Relationship: Sister → Father" in response.text
    assert f"by {link_worker}" in response.text


def test_views_are_not_on_the_timeline(client_, ada):
    client_.get(reverse("people:detail", args=[ada.pk]))
    client_.get(reverse("people:detail", args=[ada.pk]))

    assert titles(client_.get(reverse("people:timeline", args=[ada.pk]))) == ["Record created"]


def test_volunteer_cannot_see_the_timeline(signed_in, user_with_role, ada):
    response = signed_in(user_with_role(Role.VOLUNTEER)).get(
        reverse("people:timeline", args=[ada.pk])
    )

    assert response.status_code == 403


def test_merge_brings_the_absorbed_records_history(signed_in, manager, client_, ada):
    client_.post(
        reverse("people:create"),
        new_person_data(given_name="Augusta", family_name="Byron", confirm_not_duplicate=True),
    )
    augusta = Person.objects.get(given_name="Augusta")
    manager_client = signed_in(manager)
    manager_client.post(
        reverse("people:merge_confirm", args=[ada.pk, augusta.pk]), {"confirm": "on"}
    )

    response = manager_client.get(reverse("people:timeline", args=[ada.pk]))

    assert titles(response) == ["Records merged", "Record created", "Record created"]
    assert f"Record {augusta.pk} merged into this one" in response.text
