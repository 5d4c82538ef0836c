"""The header shows each role the places it works in, from the permission matrix, and a
search for a person to those who can see people's records."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory

EXPECTED = {
    Role.LINK_WORKER: ["Caseload", "People", "Referrals", "Directory", "Outreach", "Messages"],
    Role.MANAGER: [
        "Caseload",
        "People",
        "Referrals",
        "Directory",
        "Outreach",
        "Messages",
        "Reports",
        "Team",
        "Feedback",
        "Users",
    ],
    Role.VCS_PROVIDER: ["Directory", "Referrals to you"],
    Role.REFERRER: ["Your referrals"],
    Role.COMMISSIONER: ["Reports"],
    Role.ADMINISTRATOR: ["Users", "Organisations"],
}


def header_places(html: str) -> list[str]:
    navigation = re.search(r'<nav class="nhsuk-header__navigation".*?</nav>', html, re.S)
    if not navigation:
        return []
    return [
        re.sub(r"<[^>]+>|\s+", " ", text).strip()
        for text in re.findall(
            r'class="nhsuk-header__navigation-link"[^>]*>(.*?)</a>', navigation.group(0), re.S
        )
    ]


def has_search(html: str) -> bool:
    return f'action="{reverse("people:list")}"' in html and 'id="search-field"' in html


@pytest.mark.parametrize("role", list(EXPECTED), ids=str)
def test_each_role_sees_the_places_it_works_in(signed_in, organisation, role):
    user = UserFactory(organisation=None if role == Role.ADMINISTRATOR else organisation, role=role)

    html = signed_in(user).get(reverse("core:home")).text

    assert header_places(html) == EXPECTED[role]
    assert has_search(html) is (role in (Role.LINK_WORKER, Role.MANAGER))


def test_a_volunteer_sees_their_visits(signed_in, user_with_role):
    html = signed_in(user_with_role(Role.VOLUNTEER)).get(reverse("core:home")).text

    assert "Your visits" in header_places(html)
    assert "Caseload" not in header_places(html)


def current_places(html: str) -> list[str]:
    current = re.findall(
        r'nhsuk-header__navigation-item--current".*?<a\s[^>]*aria-current="page"[^>]*>(.*?)</a>',
        html,
        re.S,
    )
    return [re.sub(r"<[^>]+>|\s+", "", text) for text in current]


def test_the_page_s_place_is_marked_current(signed_in, manager):
    html = signed_in(manager).get(reverse("contacts:team")).text

    # Team, not Caseload, whose addresses start the same way.
    assert current_places(html) == ["Team"]


def test_no_places_before_two_factor_sign_in_is_done(client, organisation):
    organisation.require_two_factor = True
    organisation.save()
    user = UserFactory(organisation=organisation, role=Role.LINK_WORKER)
    client.force_login(user)

    html = client.get(reverse("accounts:two_factor_setup")).text

    assert header_places(html) == []
    assert not has_search(html)


def test_signed_out_pages_have_no_places(client):
    html = client.get(reverse("accounts:login")).text

    assert header_places(html) == []
    assert not has_search(html)


# The header is rendered once for each different content and reused (core/navigation.py): what
# one user is shown is never shown to another, and it changes as soon as what it shows does.


def header_account(html: str) -> str:
    account = re.search(r'class="nhsuk-header__account-item">\s*(.*?)</li>', html, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", account.group(1)).strip() if account else ""


def test_each_user_s_header_names_them_not_whoever_was_served_before(
    organisation, other_organisation
):
    leeds = UserFactory(organisation=organisation, first_name="Asha", last_name="Okafor")
    calder = UserFactory(organisation=other_organisation, first_name="Bryn", last_name="Tallis")
    leeds_client, calder_client = Client(), Client()
    leeds_client.force_login(leeds)
    calder_client.force_login(calder)

    for _ in range(2):  # each header twice, served alternately, as a worker process would
        assert header_account(leeds_client.get(reverse("core:home")).text) == "Asha Okafor"
        assert header_account(calder_client.get(reverse("core:home")).text) == "Bryn Tallis"


def test_the_header_changes_when_the_user_s_name_or_role_does(signed_in, organisation):
    user = UserFactory(
        organisation=organisation, role=Role.VCS_PROVIDER, first_name="Cai", last_name="Reyes"
    )
    client = signed_in(user)
    client.get(reverse("core:home"))  # the header as it was, rendered and kept

    user.first_name, user.role = "Carys", Role.LINK_WORKER
    user.save()
    html = client.get(reverse("core:home")).text

    assert header_account(html) == "Carys Reyes"
    assert header_places(html) == EXPECTED[Role.LINK_WORKER]
    assert has_search(html)


def test_the_current_place_follows_the_page_for_the_same_user(signed_in, manager):
    client = signed_in(manager)

    for path, place in (("contacts:team", "Team"), ("people:list", "People")) * 2:
        assert current_places(client.get(reverse(path)).text) == [place]
