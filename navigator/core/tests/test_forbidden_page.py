"""The 403 page tells each role whom to ask: a service manager is not told to ask their
service manager."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_manager_is_told_to_ask_an_administrator(signed_in, manager):
    response = signed_in(manager).get(reverse("accounts:organisation_list"))

    assert response.status_code == 403
    assert "ask an administrator" in response.text
    assert "ask your service manager" not in response.text


def test_a_link_worker_is_told_to_ask_their_service_manager(signed_in, link_worker):
    response = signed_in(link_worker).get(reverse("accounts:organisation_list"))

    assert response.status_code == 403
    assert "ask your service manager" in response.text
