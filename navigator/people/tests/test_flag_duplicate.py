"""A link worker, who may not merge, tells a manager two records may be the same person: a
manager task that leads to the merge, and closes itself when the records are merged."""

import datetime

import pytest
from django.urls import reverse

from navigator.people.tests.factories import PersonFactory
from navigator.plans.models import ManagerTask

pytestmark = pytest.mark.django_db

BORN = datetime.date(1950, 5, 17)


@pytest.fixture
def pair(organisation):
    return (
        PersonFactory(organisation=organisation, given_name="Bartholomew", date_of_birth=BORN),
        PersonFactory(
            organisation=organisation,
            given_name="Bart",
            family_name="Quennell",
            date_of_birth=BORN,
        ),
    )


def test_a_link_worker_flags_a_possible_duplicate_for_a_manager(
    signed_in, link_worker, manager, pair
):
    person, other = pair
    client = signed_in(link_worker)
    confirm = reverse("people:flag_duplicate_confirm", args=[person.pk, other.pk])

    detail = client.get(reverse("people:detail", args=[person.pk])).text
    choose = client.get(reverse("people:flag_duplicate", args=[person.pk]), {"q": "Quennell"})
    empty = client.post(confirm, {"details": ""})
    sent = client.post(confirm, {"details": "Same date of birth; Bart is short for Bartholomew"})

    assert "Tell a manager this person may have another record" in detail
    assert f'href="{confirm}"' in choose.text
    assert "Say why you think they may be the same person" in empty.text
    assert sent.status_code == 302
    task = ManagerTask.objects.get()
    assert (task.kind, task.person, task.other_person, task.raised_by) == (
        ManagerTask.Kind.POSSIBLE_DUPLICATE,
        person,
        other,
        link_worker,
    )
    # The manager finds it, compares and merges; the task closes with the merge.
    manager_client = signed_in(manager)
    task_page = manager_client.get(reverse("plans:task", kwargs={"pk": task.pk})).text
    merge_url = reverse("people:merge_confirm", args=[person.pk, other.pk])
    assert f'href="{merge_url}"' in task_page
    manager_client.post(merge_url, {"confirm": "on"})
    task.refresh_from_db()
    assert (task.done_by, task.decision) == (manager, "The records were merged")


def test_link_workers_still_may_not_merge(signed_in, link_worker, pair):
    person, other = pair

    response = signed_in(link_worker).get(
        reverse("people:merge_confirm", args=[person.pk, other.pk])
    )

    assert response.status_code == 403
