import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.plans import services
from navigator.plans.models import LifeArea, OutcomeStar
from navigator.plans.tests.helpers import field_error

pytestmark = pytest.mark.django_db


def test_a_manager_edits_the_life_areas(signed_in, manager):
    client = signed_in(manager)
    page = client.get(reverse("plans:life_areas")).content.decode()
    assert "Social connection\nMental wellbeing" in page  # seeded on first use
    response = client.post(
        reverse("plans:life_areas"), {"areas": "Money\n\nGardening\n  Housing  "}
    )
    assert response.status_code == 302
    active = services.life_areas_for(manager.organisation)
    assert [area.name for area in active] == ["Money", "Gardening", "Housing"]
    assert LifeArea.objects.filter(organisation=manager.organisation, active=False).count() == 7


@pytest.mark.parametrize(
    ("areas", "message"),
    [
        ("", "Enter at least one life area"),
        ("Money\nmoney", "Each life area must appear only once"),
    ],
)
def test_bad_life_areas(signed_in, manager, areas, message):
    response = signed_in(manager).post(reverse("plans:life_areas"), {"areas": areas})
    assert field_error(response, "areas") == message


def star_post(**changes) -> dict:
    data = {
        "version": "1",
        "name": "Our star",
        "kind": "worded",
        "scale": "5",
        "areas": "Home\nFriends\nHealth",
        "point_labels": "One\nTwo\nThree\nFour\nFive",
    }
    data.update(changes)
    return data


def test_a_manager_configures_the_star(signed_in, manager):
    client = signed_in(manager)
    assert "Navigator wellbeing star" in client.get(reverse("plans:star_settings")).content.decode()
    response = client.post(reverse("plans:star_settings"), star_post())
    assert response.status_code == 302
    star = OutcomeStar.objects.get(organisation=manager.organisation)
    assert star.areas == ["Home", "Friends", "Health"] and star.point_labels[4] == "Five"
    assert star.version == 2


def test_a_score_only_star_keeps_no_wording(signed_in, manager):
    services.star_for(manager.organisation)
    response = signed_in(manager).post(
        reverse("plans:star_settings"),
        star_post(kind="score_only", scale="10", point_labels="ignored"),
    )
    assert response.status_code == 302
    star = OutcomeStar.objects.get(organisation=manager.organisation)
    assert star.kind == "score_only" and star.scale == 10 and star.point_labels == []
    assert star.label_for(7) == "7"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"point_labels": "One\nTwo"}, "point_labels", "Enter 5 labels"),
        ({"areas": "Home\nFriends"}, "areas", "Enter between 3 and 12 areas"),
        ({"scale": "7"}, "scale", "Select scale from the choices given"),
    ],
)
def test_bad_star_settings(signed_in, manager, changes, field, message):
    services.star_for(manager.organisation)
    response = signed_in(manager).post(reverse("plans:star_settings"), star_post(**changes))
    assert response.status_code == 200
    assert message in field_error(response, field)


def test_a_stale_star_edit_is_refused(signed_in, manager):
    star = services.star_for(manager.organisation)
    services.update_star(star=star, expected_version=1, data={"name": "Renamed"})
    response = signed_in(manager).post(reverse("plans:star_settings"), star_post(version="1"))
    assert "Someone else changed this record" in response.content.decode()


def test_link_workers_may_not_change_settings(signed_in, link_worker):
    client = signed_in(link_worker)
    assert client.get(reverse("plans:life_areas")).status_code == 403
    assert client.get(reverse("plans:star_settings")).status_code == 403


def test_an_administrator_without_an_organisation_is_told(signed_in, user_with_role):
    response = signed_in(user_with_role(Role.ADMINISTRATOR)).get(reverse("plans:star_settings"))
    assert "your account is not part of one" in response.content.decode()
