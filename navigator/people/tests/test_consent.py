import pytest
from django.urls import reverse

from navigator.audit.models import AuditEvent
from navigator.people.models import Person
from navigator.people.tests.factories import PersonFactory
from navigator.people.tests.helpers import person_data


@pytest.fixture
def ada(organisation):
    return PersonFactory(organisation=organisation, given_name="Ada", family_name="Lovelace")


def edit(client, person: Person, **changes):
    return client.post(reverse("people:edit", args=[person.pk]), person_data(person, **changes))


def test_giving_consent_on_edit_stamps_who_and_when(signed_in, link_worker, ada):
    response = edit(signed_in(link_worker), ada, consent_to_hold=True, consent_method="written")

    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.consent_to_hold is True
    assert ada.consent_recorded_by == link_worker
    assert ada.consent_recorded_at is not None
    changes = AuditEvent.objects.get(action=AuditEvent.Action.UPDATED).changes
    assert changes["consent_to_hold"] == [False, True]
    assert changes["consent_recorded_by"] == [None, str(link_worker)]


def test_consent_without_method_is_refused_on_edit(signed_in, link_worker, ada):
    response = edit(signed_in(link_worker), ada, consent_to_share=True)

    assert response.status_code == 200
    assert "Select how the person gave their consent" in response.text
    ada.refresh_from_db()
    assert ada.consent_to_share is False


def test_unrelated_change_keeps_the_consent_stamp(signed_in, link_worker, manager, ada):
    edit(signed_in(link_worker), ada, consent_to_hold=True, consent_method="verbal")
    ada.refresh_from_db()
    stamped_at = ada.consent_recorded_at

    edit(signed_in(manager), ada, town="Leeds")

    ada.refresh_from_db()
    assert ada.town == "Leeds"
    assert ada.consent_recorded_at == stamped_at
    assert ada.consent_recorded_by == link_worker


def test_withdrawing_consent_is_stamped_too(signed_in, link_worker, manager, ada):
    edit(signed_in(link_worker), ada, consent_to_hold=True, consent_method="verbal")
    ada.refresh_from_db()

    edit(signed_in(manager), ada, consent_to_hold=False)

    ada.refresh_from_db()
    assert ada.consent_to_hold is False
    assert ada.consent_recorded_by == manager


def test_detail_page_says_how_and_when_consent_was_given(signed_in, link_worker, ada):
    client = signed_in(link_worker)
    edit(client, ada, consent_to_hold=True, consent_method="written")

    html = client.get(reverse("people:detail", args=[ada.pk])).text

    assert f"In writing, {ada.created_at:%-d %B %Y}, recorded by {link_worker}" in html
