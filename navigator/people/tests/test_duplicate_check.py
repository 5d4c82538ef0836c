import datetime

from django.urls import reverse

from navigator.people.models import Person
from navigator.people.tests.factories import PersonFactory
from navigator.people.tests.helpers import new_person_data

URL = reverse("people:create")
BORN = datetime.date(1961, 8, 17)
WARNING = "This person may already have a record"


def existing(organisation, **fields):
    values = {
        "given_name": "Margaret",
        "family_name": "Hamilton",
        "date_of_birth": BORN,
        "postcode": "LS6 2AB",
        "nhs_number": "",
    }
    values.update(fields)
    return PersonFactory(organisation=organisation, **values)


def test_same_nhs_number_is_a_possible_duplicate(signed_in, link_worker, organisation):
    match = existing(
        organisation,
        given_name="Peggy",
        family_name="Smith",
        date_of_birth=datetime.date(1970, 1, 1),
        nhs_number="9434765919",
    )

    response = signed_in(link_worker).post(
        URL, new_person_data(nhs_number="943 476 5919", date_of_birth=BORN)
    )

    assert response.status_code == 200
    assert WARNING in response.text
    assert f'href="{reverse("people:detail", args=[match.pk])}"' in response.text
    assert "NHS number 943 476 5919" in response.text
    assert Person.objects.count() == 1


def test_same_birth_date_and_similar_name_is_a_possible_duplicate(
    signed_in, link_worker, organisation
):
    match = existing(organisation, given_name="Margret", postcode="")

    response = signed_in(link_worker).post(URL, new_person_data(date_of_birth=BORN))

    assert WARNING in response.text
    assert f'href="{reverse("people:detail", args=[match.pk])}"' in response.text
    assert 'href="#id_confirm_not_duplicate"' in response.text
    assert Person.objects.count() == 1


def test_same_birth_date_and_postcode_is_a_possible_duplicate(signed_in, link_worker, organisation):
    match = existing(organisation, given_name="Peggy", family_name="Smith", postcode="LS6 2AB")

    response = signed_in(link_worker).post(
        URL, new_person_data(date_of_birth=BORN, postcode="ls62ab")
    )

    assert WARNING in response.text
    assert f'href="{reverse("people:detail", args=[match.pk])}"' in response.text
    assert Person.objects.count() == 1


def test_same_birth_date_alone_is_not_a_duplicate(signed_in, link_worker, organisation):
    existing(organisation, given_name="Peggy", family_name="Smith", postcode="BD1 1AA")

    response = signed_in(link_worker).post(
        URL, new_person_data(date_of_birth=BORN, postcode="LS6 2AB")
    )

    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_confirming_not_a_duplicate_creates_the_record(signed_in, link_worker, organisation):
    existing(organisation)
    client = signed_in(link_worker)
    data = new_person_data(date_of_birth=BORN, postcode="LS6 2AB")
    assert WARNING in client.post(URL, data).text

    response = client.post(URL, {**data, "confirm_not_duplicate": "on"})

    assert response.status_code == 302
    assert Person.objects.filter(given_name="Margaret").count() == 2


def test_merged_records_are_not_offered_as_matches(signed_in, link_worker, organisation):
    kept = existing(organisation, given_name="Peggy", family_name="Smith", postcode="BD1 1AA")
    existing(organisation, merged_into=kept)

    response = signed_in(link_worker).post(URL, new_person_data(date_of_birth=BORN))

    assert response.status_code == 302


def test_another_organisations_record_is_never_a_match(
    signed_in, link_worker, organisation, other_organisation
):
    theirs = existing(other_organisation, nhs_number="9434765919")

    response = signed_in(link_worker).post(
        URL, new_person_data(nhs_number="9434765919", date_of_birth=BORN, postcode="LS6 2AB")
    )

    assert response.status_code == 302
    assert WARNING not in response.text
    created = Person.objects.get(organisation=organisation)
    assert created.nhs_number == theirs.nhs_number
