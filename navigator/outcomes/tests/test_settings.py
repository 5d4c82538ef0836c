"""A manager switches measures on and off and adds the organisation's own simple measure,
which staff can then record and which is scored as the total of its items."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.outcomes import selectors
from navigator.outcomes.models import CustomInstrument, Score
from navigator.outcomes.tests.helpers import completed
from navigator.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return UserFactory(role=Role.MANAGER)


def enabled_codes(organisation) -> set[str]:
    return {instrument.code for instrument in selectors.enabled_instruments(organisation)}


def switches(organisation, *ticked: str) -> dict:
    """The settings form as posted from a page opened now, with these measures ticked."""
    return {"enabled": list(ticked), "seen": ",".join(sorted(enabled_codes(organisation)))}


def test_licensed_measures_start_switched_off(manager):
    codes = enabled_codes(manager.organisation)
    assert {"ons4", "swemwbs", "loneliness", "loneliness_direct", "goals", "star"} <= codes
    assert not codes & {"wellbeing_star", "mycaw", "pam", "eq5d"}


def test_switching_measures_on_and_off(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("outcomes:settings"), switches(manager.organisation, "ons4", "pam", "goals")
    )
    assert response.status_code == 302
    assert enabled_codes(manager.organisation) == {"ons4", "pam", "goals"}
    other = UserFactory(role=Role.MANAGER)
    assert "swemwbs" in enabled_codes(other.organisation)  # each organisation its own


def test_adding_an_own_measure_and_recording_it(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("outcomes:custom_create"),
        {
            "name": "Confidence getting out",
            "items": "I can use the bus\n\nI can find a group\n",
            "minimum": "1",
            "maximum": "5",
            "higher_is_better": "yes",
        },
    )
    assert response.status_code == 302
    custom = CustomInstrument.objects.get()
    assert custom.code == "confidence-getting-out"
    assert custom.items == ["I can use the bus", "I can find a group"]
    assert "custom:confidence-getting-out" in enabled_codes(manager.organisation)

    person = PersonFactory(organisation=manager.organisation)
    completed(person, manager, {"item_1": 4, "item_2": 5}, code="custom:confidence-getting-out")
    assert Score.objects.get().measure == "custom:confidence-getting-out"
    assert Score.objects.get().value == Decimal(9)


def test_own_measure_with_a_bad_range_is_refused(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("outcomes:custom_create"),
        {
            "name": "Mood",
            "items": "Mood",
            "minimum": "5",
            "maximum": "5",
            "higher_is_better": "yes",
        },
    )
    assert "The highest answer must be more than the lowest" in response.content.decode()
    assert not CustomInstrument.objects.exists()


def test_own_measure_names_are_unique(client, manager):
    client.force_login(manager)
    data = {
        "name": "Mood",
        "items": "Mood",
        "minimum": "0",
        "maximum": "5",
        "higher_is_better": "no",
    }
    client.post(reverse("outcomes:custom_create"), data)
    response = client.post(reverse("outcomes:custom_create"), data)
    assert "already has a measure with this name" in response.content.decode()
    assert CustomInstrument.objects.count() == 1


def test_switching_an_own_measure_off(client, manager):
    CustomInstrument.objects.create(
        organisation=manager.organisation, code="mood", name="Mood", items=["Mood"]
    )
    client.force_login(manager)
    client.post(reverse("outcomes:settings"), switches(manager.organisation, "ons4"))
    assert enabled_codes(manager.organisation) == {"ons4"}


def test_link_workers_cannot_change_measures(client):
    client.force_login(UserFactory(role=Role.LINK_WORKER))
    assert client.post(reverse("outcomes:settings"), {"enabled": []}).status_code == 403


def test_a_save_from_a_page_opened_before_another_managers_change_is_refused(client, manager):
    client.force_login(manager)
    opened = switches(manager.organisation, "ons4", "swemwbs")
    colleague = UserFactory(role=Role.MANAGER, organisation=manager.organisation)
    client.force_login(colleague)
    client.post(reverse("outcomes:settings"), switches(manager.organisation, "ons4", "pam"))
    assert enabled_codes(manager.organisation) == {"ons4", "pam"}

    client.force_login(manager)
    response = client.post(reverse("outcomes:settings"), opened)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed the measures after you opened this page" in page
    assert "switched on PAM (licensed: scores only); switched off " in page
    assert "switched off SWEMWBS (Short Warwick-Edinburgh Mental Wellbeing Scale)" in page
    assert enabled_codes(manager.organisation) == {"ons4", "pam"}
    # The manager's own ticks are kept; saving again replaces the colleague's change.
    assert 'value="swemwbs" checked' in page
    again = client.post(reverse("outcomes:settings"), _form_as_shown(page))
    assert again.status_code == 302
    assert enabled_codes(manager.organisation) == {"ons4", "swemwbs"}


def _form_as_shown(page: str) -> dict:
    ticked = re.findall(r'name="enabled"[^>]*value="([^"]+)" checked', page)
    seen = re.search(r'name="seen"[^>]*value="([^"]*)"', page).group(1)
    return {"enabled": ticked, "seen": seen}
