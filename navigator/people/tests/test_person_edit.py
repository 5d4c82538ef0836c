import pytest
from django.urls import reverse

from navigator.audit.models import AuditEvent
from navigator.people.models import Person
from navigator.people.tests.factories import PersonFactory
from navigator.people.tests.helpers import person_data


@pytest.fixture
def ada(organisation):
    return PersonFactory(
        organisation=organisation,
        given_name="Ada",
        family_name="Lovelace",
        postcode="LS1 4AP",
        phone="+441134960000",
    )


def edit_url(person: Person) -> str:
    return reverse("people:edit", args=[person.pk])


def test_form_shows_the_saved_values_and_version(signed_in, link_worker, ada):
    response = signed_in(link_worker).get(edit_url(ada))

    assert response.status_code == 200
    assert 'value="Ada"' in response.text
    assert 'value="0113 496 0000"' in response.text
    assert 'name="version" value="1"' in response.text


def test_saving_changes_updates_the_record(signed_in, link_worker, ada):
    response = signed_in(link_worker).post(
        edit_url(ada), person_data(ada, family_name="King", postcode="ls6 2ab")
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[ada.pk])
    ada.refresh_from_db()
    assert (ada.family_name, ada.postcode, ada.version) == ("King", "LS6 2AB", 2)


def test_changes_are_audited_with_before_and_after(signed_in, link_worker, ada):
    signed_in(link_worker).post(
        edit_url(ada),
        person_data(ada, family_name="King", postcode="LS6 2AB", phone="07912 345678"),
        REMOTE_ADDR="203.0.113.8",
    )

    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATED)
    assert event.changes == {
        "family_name": ["Lovelace", "King"],
        "postcode": ["LS1 4AP", "LS6 2AB"],
        "phone": ["+441134960000", "+447912345678"],
    }
    assert event.actor == link_worker
    assert event.ip_address == "203.0.113.8"
    assert event.person_id == ada.pk


def test_saving_without_changes_writes_no_update_event(signed_in, link_worker, ada):
    response = signed_in(link_worker).post(edit_url(ada), person_data(ada))

    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.UPDATED).exists()


def test_invalid_change_is_shown_and_not_saved(signed_in, link_worker, ada):
    response = signed_in(link_worker).post(
        edit_url(ada), person_data(ada, family_name="", nhs_number="1234567890")
    )

    assert response.status_code == 200
    assert 'href="#id_family_name"' in response.text
    assert 'href="#id_nhs_number"' in response.text
    assert 'value="1234567890"' in response.text
    ada.refresh_from_db()
    assert (ada.family_name, ada.version) == ("Lovelace", 1)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.UPDATED).exists()


def test_opening_the_form_counts_as_viewing(signed_in, link_worker, ada):
    signed_in(link_worker).get(edit_url(ada))

    assert AuditEvent.objects.get().action == AuditEvent.Action.VIEWED


def test_merged_record_points_to_the_kept_record(signed_in, link_worker, ada, organisation):
    absorbed = PersonFactory(organisation=organisation, merged_into=ada)

    response = signed_in(link_worker).get(edit_url(absorbed))

    assert "<h1>This record has been merged</h1>" in response.text
    assert 'value="Ada"' not in response.text


def test_an_edit_cannot_take_another_records_nhs_number(signed_in, link_worker, organisation):
    PersonFactory(organisation=organisation, nhs_number="9434765919")
    person = PersonFactory(organisation=organisation)
    data = person_data(person, nhs_number="943 476 5919")

    response = signed_in(link_worker).post(reverse("people:edit", args=[person.pk]), data)

    assert response.status_code == 200
    assert "Another record already has this NHS number" in response.text
    person.refresh_from_db()
    assert person.nhs_number == ""
