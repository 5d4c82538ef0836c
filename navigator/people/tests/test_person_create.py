import datetime
import re

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.audit.models import AuditEvent
from navigator.people.models import Person
from navigator.people.tests.factories import GPPracticeFactory
from navigator.people.tests.helpers import new_person_data

URL = reverse("people:create")


def test_form_is_shown_to_a_link_worker(signed_in, link_worker):
    response = signed_in(link_worker).get(URL)

    assert response.status_code == 200
    assert "Add a person" in response.text
    assert 'name="date_of_birth_day"' in response.text


def test_valid_submission_creates_the_person_with_normalised_identifiers(
    signed_in, link_worker, organisation
):
    practice = GPPracticeFactory(name="Chapel Allerton Surgery")
    client = signed_in(link_worker)

    response = client.post(
        URL,
        new_person_data(
            nhs_number="943 476 5919",
            postcode=" ls1 4ap ",
            phone="0113 496 0000",
            gp_practice=practice,
            email="margaret@example.org",
            needs_interpreter=True,
        ),
    )

    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    assert person.organisation == organisation
    assert (person.given_name, person.family_name) == ("Margaret", "Hamilton")
    assert person.date_of_birth == datetime.date(1961, 8, 17)
    assert person.nhs_number == "9434765919"
    assert person.postcode == "LS1 4AP"
    assert person.phone == "+441134960000"
    assert person.gp_practice == practice
    assert person.needs_interpreter is True
    assert person.version == 1
    assert person.consent_recorded_at is None
    assert "Record created for Margaret Hamilton" in client.get(response["Location"]).text


def test_creation_is_audited_with_the_values(signed_in, link_worker):
    signed_in(link_worker).post(
        URL, new_person_data(nhs_number="9434765919"), REMOTE_ADDR="203.0.113.7"
    )

    person = Person.objects.get()
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATED)
    assert event.actor == link_worker
    assert event.ip_address == "203.0.113.7"
    assert event.object_type == "people.person"
    assert event.object_id == str(person.pk)
    assert event.person_id == person.pk
    assert event.organisation_id == link_worker.organisation_id
    assert event.changes["given_name"] == [None, "Margaret"]
    assert event.changes["date_of_birth"] == [None, "1961-08-17"]
    assert event.changes["nhs_number"] == [None, "9434765919"]
    assert "updated_at" not in event.changes


def test_invalid_submission_shows_every_problem_and_keeps_what_was_typed(signed_in, link_worker):
    typed = new_person_data(
        given_name="",
        family_name="Hamilton",
        nhs_number="943 476 5918",
        postcode="LS1 ZZZ9",
        phone="0113 496",
        email="margaret@",
        date_of_birth_day="31",
        date_of_birth_month="2",
        date_of_birth_year="1961",
        pronouns="she/her",
        town="Leeds",
    )

    response = signed_in(link_worker).post(URL, typed)

    assert response.status_code == 200
    assert not Person.objects.exists()
    assert not AuditEvent.objects.exists()
    html = response.text
    assert "There is a problem" in html
    for anchor in (
        "id_given_name",
        "id_date_of_birth_day",
        "id_nhs_number",
        "id_postcode",
        "id_phone",
        "id_email",
    ):
        assert f'href="#{anchor}"' in html
        assert f'id="{anchor}"' in html
    assert "Enter their first name" in html
    assert "Date must be a real date" in html
    assert "This is not a valid NHS number" in html
    assert "Enter a real UK postcode, like LS1 4AP" in html
    assert "This phone number has too few digits" in html
    for value in ("Hamilton", "943 476 5918", "LS1 ZZZ9", "0113 496", "margaret@", "she/her"):
        assert f'value="{value}"' in html
    assert re.search(r'id="id_date_of_birth_day"[^>]*value="31"', html) or re.search(
        r'value="31"[^>]*id="id_date_of_birth_day"', html
    )


def test_consent_without_a_method_is_an_error(signed_in, link_worker):
    response = signed_in(link_worker).post(URL, new_person_data(consent_to_hold=True))

    assert response.status_code == 200
    assert "Select how the person gave their consent" in response.text
    assert 'href="#id_consent_method"' in response.text
    assert not Person.objects.exists()


def test_consent_is_stamped_with_who_and_when(signed_in, link_worker):
    before = datetime.datetime.now(datetime.UTC)

    signed_in(link_worker).post(
        URL, new_person_data(consent_to_hold=True, consent_to_share=True, consent_method="verbal")
    )

    person = Person.objects.get()
    assert person.consent_to_hold and person.consent_to_share
    assert person.consent_method == "verbal"
    assert person.consent_recorded_by == link_worker
    assert person.consent_recorded_at >= before


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.REFERRER, Role.COMMISSIONER])
def test_roles_that_cannot_edit_are_refused(signed_in, user_with_role, role):
    client = signed_in(user_with_role(role))

    assert client.get(URL).status_code == 403
    assert client.post(URL, new_person_data()).status_code == 403
    assert not Person.objects.exists()


def test_empty_submission_says_what_to_enter(signed_in, link_worker):
    response = signed_in(link_worker).post(URL, {"given_name": ""})

    assert response.status_code == 200
    for message, anchor in (
        ("Enter their first name", "id_given_name"),
        ("Enter their last name", "id_family_name"),
        ("Enter their date of birth", "id_date_of_birth_day"),
    ):
        assert message in response.text
        assert f'href="#{anchor}"' in response.text
    assert not Person.objects.exists()
