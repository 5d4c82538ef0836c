import re

import pytest
from django.test import Client
from django.urls import reverse

from navigator.audit.models import AuditEvent
from navigator.people.models import Person
from navigator.people.tests.factories import PersonFactory
from navigator.people.tests.helpers import person_data


@pytest.fixture
def ada(organisation):
    return PersonFactory(
        organisation=organisation, given_name="Ada", family_name="Lovelace", town="Leeds"
    )


@pytest.fixture
def two_editors(link_worker, manager):
    first, second = Client(), Client()
    first.force_login(link_worker)
    second.force_login(manager)
    return first, second


def url(person: Person) -> str:
    return reverse("people:edit", args=[person.pk])


def hidden_version(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def test_second_save_from_the_same_version_is_refused(two_editors, ada):
    first, second = two_editors
    assert hidden_version(first.get(url(ada)).text) == "1"
    assert hidden_version(second.get(url(ada)).text) == "1"
    opened_at = Person.objects.get(pk=ada.pk)

    saved = first.post(url(ada), person_data(opened_at, town="Halifax"))
    refused = second.post(url(ada), person_data(opened_at, town="Bradford", pronouns="she/her"))

    assert saved.status_code == 302
    assert refused.status_code == 200
    ada.refresh_from_db()
    assert (ada.town, ada.pronouns, ada.version) == ("Halifax", "", 2)
    updates = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATED)
    assert [event.changes for event in updates] == [{"town": ["Leeds", "Halifax"]}]


def test_refusal_shows_the_other_change_beside_what_was_typed(two_editors, ada):
    first, second = two_editors
    opened_at = Person.objects.get(pk=ada.pk)
    first.post(url(ada), person_data(opened_at, town="Halifax"))

    html = second.post(url(ada), person_data(opened_at, town="Bradford")).text

    assert "Someone else changed this record while you were editing it" in html
    assert 'id="stale-edit"' in html
    row = re.search(r"<td[^>]*>Town or city</td>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>", html)
    assert row.groups() == ("Halifax", "Bradford")
    assert 'value="Bradford"' in html
    assert "Change Ada Lovelace&#39;s record" in html or "Change Ada Lovelace's record" in html


def test_refused_form_carries_the_new_version_so_saving_again_works(two_editors, ada):
    first, second = two_editors
    opened_at = Person.objects.get(pk=ada.pk)
    first.post(url(ada), person_data(opened_at, town="Halifax"))
    refused = second.post(url(ada), person_data(opened_at, town="Bradford"))
    assert hidden_version(refused.text) == "2"

    again = second.post(url(ada), person_data(opened_at, town="Bradford", version=2))

    assert again.status_code == 302
    ada.refresh_from_db()
    assert (ada.town, ada.version) == ("Bradford", 3)
    latest = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATED).first()
    assert latest.changes == {"town": ["Halifax", "Bradford"]}


def test_differences_are_shown_the_way_people_read_them(two_editors, ada):
    first, second = two_editors
    opened_at = Person.objects.get(pk=ada.pk)
    first.post(url(ada), person_data(opened_at, needs_interpreter=True, sex="female"))

    html = second.post(url(ada), person_data(opened_at, town="Bradford")).text

    assert re.search(r">Needs an interpreter</td>\s*<td[^>]*>Yes</td>\s*<td[^>]*>No</td>", html)
    assert re.search(r">Sex</td>\s*<td[^>]*>Female</td>\s*<td[^>]*>–</td>", html)


def test_form_without_a_version_is_treated_as_stale(signed_in, link_worker, ada):
    data = person_data(ada, town="Bradford")
    del data["version"]

    response = signed_in(link_worker).post(url(ada), data)

    assert response.status_code == 200
    ada.refresh_from_db()
    assert ada.town == "Leeds"


def test_form_of_a_record_merged_meanwhile_cannot_overwrite_the_kept_record(
    signed_in, two_editors, manager, ada, organisation
):
    first, _ = two_editors
    augusta = PersonFactory(
        organisation=organisation, given_name="Augusta", family_name="Lovelace", version=2
    )
    opened_at = Person.objects.get(pk=augusta.pk)
    signed_in(manager).post(
        reverse("people:merge_confirm", args=[ada.pk, augusta.pk]), {"confirm": "on"}
    )
    ada.refresh_from_db()
    assert ada.version == opened_at.version == 2

    response = first.post(url(augusta), person_data(opened_at, town="Bradford"))

    assert response.status_code == 200
    assert "<h1>This record has been merged</h1>" in response.text
    ada.refresh_from_db()
    assert (ada.given_name, ada.town, ada.version) == ("Ada", "Leeds", 2)
