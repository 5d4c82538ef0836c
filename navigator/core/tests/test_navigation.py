"""The header shows each role the places it works in, from the permission matrix, and a
search for a person to those who can see people's records."""

import re

import pytest
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


def test_the_page_s_place_is_marked_current(signed_in, manager):
    html = signed_in(manager).get(reverse("contacts:team")).text

    current = re.findall(
        r'nhsuk-header__navigation-item--current".*?<a\s[^>]*aria-current="page"[^>]*>(.*?)</a>',
        html,
        re.S,
    )
    # Team, not Caseload, whose addresses start the same way.
    assert [re.sub(r"<[^>]+>|\s+", "", text) for text in current] == ["Team"]


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
