import re

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import OrganisationFactory
from navigator.audit.models import AuditEvent
from navigator.core.views import PAGE_SIZE
from navigator.people.tests.factories import GPPracticeFactory, PersonFactory

URL = reverse("people:list")


@pytest.fixture
def ada(organisation):
    return PersonFactory(
        organisation=organisation,
        given_name="Ada",
        family_name="Lovelace",
        nhs_number="9434765919",
        postcode="LS1 4AP",
    )


@pytest.fixture
def alan(organisation):
    return PersonFactory(
        organisation=organisation, given_name="Alan", family_name="Turing", postcode="LS6 2AB"
    )


def names(response) -> list[str]:
    return re.findall(r'<a href="/people/\d+/">([^<]+)</a>', response.text)


def test_lists_the_organisations_people_in_name_order(
    signed_in, link_worker, ada, alan, other_organisation
):
    PersonFactory(organisation=other_organisation, given_name="Bob", family_name="Elsewhere")

    response = signed_in(link_worker).get(URL)

    assert response.status_code == 200
    assert names(response) == ["Ada Lovelace", "Alan Turing"]
    assert "Elsewhere" not in response.text


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.REFERRER])
def test_volunteers_and_referrers_cannot_list_people(signed_in, user_with_role, role, ada):
    response = signed_in(user_with_role(role)).get(URL)
    assert response.status_code == 403
    assert "Lovelace" not in response.text


def test_search_matches_every_word_of_the_name(signed_in, link_worker, ada, alan):
    client = signed_in(link_worker)

    assert names(client.get(URL, {"q": "ada love"})) == ["Ada Lovelace"]
    assert names(client.get(URL, {"q": "  TURING  "})) == ["Alan Turing"]
    assert names(client.get(URL, {"q": "ada turing"})) == []


def test_search_matches_preferred_name(signed_in, link_worker, organisation):
    PersonFactory(
        organisation=organisation, given_name="Margaret", family_name="Lee", preferred_name="Peggy"
    )

    assert names(signed_in(link_worker).get(URL, {"q": "peggy"})) == ["Margaret Lee (Peggy)"]


def test_search_by_nhs_number_with_or_without_spaces(signed_in, link_worker, ada, alan):
    client = signed_in(link_worker)

    assert names(client.get(URL, {"q": "9434765919"})) == ["Ada Lovelace"]
    assert names(client.get(URL, {"q": "943 476 5919"})) == ["Ada Lovelace"]


def test_search_by_postcode_prefix(signed_in, link_worker, ada, alan):
    client = signed_in(link_worker)

    assert names(client.get(URL, {"q": "ls6"})) == ["Alan Turing"]
    assert names(client.get(URL, {"q": "LS1 4"})) == ["Ada Lovelace"]
    assert names(client.get(URL, {"q": "ls62ab"})) == ["Alan Turing"]
    response = client.get(URL, {"q": "ls"})
    assert names(response) == ["Ada Lovelace", "Alan Turing"]
    assert "2 people match" in response.text


def test_search_finding_nothing_says_so(signed_in, link_worker, ada):
    response = signed_in(link_worker).get(URL, {"q": "nobody"})

    assert "No records found." in response.text
    assert "0 people match" in response.text


def test_merged_records_are_hidden(signed_in, link_worker, ada, organisation):
    PersonFactory(organisation=organisation, given_name="Ada", family_name="Byron", merged_into=ada)

    response = signed_in(link_worker).get(URL, {"q": "ada"})

    assert names(response) == ["Ada Lovelace"]


def test_people_are_listed_a_page_at_a_time(signed_in, link_worker, organisation):
    for number in range(PAGE_SIZE + 3):
        PersonFactory(organisation=organisation, given_name="Pat", family_name=f"Pat{number:02d}")
    client = signed_in(link_worker)

    first = client.get(URL)
    second = client.get(URL, {"page": 2})
    beyond = client.get(URL, {"page": 99})

    assert len(names(first)) == PAGE_SIZE
    assert "Page 2 of 2" in first.text
    assert names(second) == [f"Pat Pat{number:02d}" for number in range(PAGE_SIZE, PAGE_SIZE + 3)]
    assert names(beyond) == names(second)


def test_page_links_keep_the_search(signed_in, link_worker, organisation):
    for number in range(PAGE_SIZE + 1):
        PersonFactory(organisation=organisation, given_name="Pat", family_name=f"Pat{number:02d}")

    response = signed_in(link_worker).get(URL, {"q": "pat"})

    assert 'href="?page=2&amp;q=pat"' in response.text or 'href="?page=2&q=pat"' in response.text


@pytest.mark.parametrize("count", [5, 60])
def test_number_of_queries_does_not_grow_with_people(
    signed_in, link_worker, organisation, django_assert_max_num_queries, count
):
    practice = GPPracticeFactory()
    PersonFactory.create_batch(count, organisation=organisation, gp_practice=practice)
    client = signed_in(link_worker)

    # Session, user, authenticator, organisation, count, one page, one audit insert for the
    # page, session refresh (3).
    with django_assert_max_num_queries(10):
        response = client.get(URL)

    assert response.status_code == 200
    assert practice.name in response.text


def test_everyone_listed_is_recorded_as_viewed(signed_in, link_worker, organisation):
    shown = PersonFactory.create_batch(3, organisation=organisation)
    PersonFactory(organisation=OrganisationFactory())

    signed_in(link_worker).get(URL)

    viewed = AuditEvent.objects.filter(action=AuditEvent.Action.VIEWED, actor=link_worker)
    assert sorted(viewed.values_list("person_id", flat=True)) == sorted(p.pk for p in shown)
    assert {event.ip_address for event in viewed} == {"127.0.0.1"}
