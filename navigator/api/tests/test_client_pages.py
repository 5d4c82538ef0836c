"""Managers register API clients, see the secret once, see last use, and revoke them."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from navigator.api.models import ApiClient, Scope
from navigator.api.tests.factories import client_with_token
from navigator.audit.models import AuditEvent
from navigator.links.services import digest

pytestmark = pytest.mark.django_db


def test_a_manager_adds_a_client_and_sees_its_secret_once(client, manager):
    client.force_login(manager)

    response = client.post(
        reverse("api:client_create"),
        {"name": "EMIS at Chapel Allerton", "scopes": [Scope.SUBMIT_REFERRALS, Scope.READ_STATUS]},
    )

    assert response.status_code == 200
    stored = ApiClient.objects.get()
    secret = re.search(r'<code id="client-secret">([^<]+)</code>', response.content.decode())[1]
    assert stored.secret_digest == digest(secret)
    assert secret not in str(ApiClient.objects.values().get())
    assert stored.organisation == manager.organisation
    assert stored.scopes == ["submit-referrals", "read-status"]
    assert "no-store" in response["Cache-Control"]
    listing = client.get(reverse("api:client_list")).content.decode()
    assert "EMIS at Chapel Allerton" in listing
    assert secret not in listing
    assert AuditEvent.objects.filter(object_type="api.apiclient", action="created").count() == 1


def test_a_client_needs_a_name_and_a_scope(client, manager):
    client.force_login(manager)

    response = client.post(reverse("api:client_create"), {"name": "", "scopes": []})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a name for the client" in page
    assert "Choose at least one thing the client may do" in page
    assert not ApiClient.objects.exists()


def test_the_list_shows_last_use(client, manager):
    credential = client_with_token(manager.organisation, name="SystmOne")
    ApiClient.objects.filter(pk=credential.client.pk).update(
        last_used_at=timezone.make_aware(timezone.datetime(2026, 3, 4, 9, 30))
    )
    client.force_login(manager)

    page = client.get(reverse("api:client_list")).content.decode()

    assert "4 Mar 2026 09:30" in page


def test_revoking_stops_the_client(client, manager):
    credential = client_with_token(manager.organisation, name="SystmOne")
    client.force_login(manager)

    response = client.post(reverse("api:client_revoke", kwargs={"pk": credential.client.pk}))

    assert response.status_code == 302
    credential.client.refresh_from_db()
    assert credential.client.revoked_at is not None
    assert not credential.client.tokens.exists()
    assert "Revoked" in client.get(reverse("api:client_list")).content.decode()


def test_another_organisations_client_cannot_be_revoked(client, manager, other_organisation):
    credential = client_with_token(other_organisation, name="Elsewhere")
    client.force_login(manager)

    response = client.post(reverse("api:client_revoke", kwargs={"pk": credential.client.pk}))

    assert response.status_code == 404
    credential.client.refresh_from_db()
    assert credential.client.revoked_at is None
