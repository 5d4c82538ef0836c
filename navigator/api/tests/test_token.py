"""The OAuth 2.0 client credentials grant at /fhir/token."""

import base64
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from navigator.api import services
from navigator.api.models import AccessToken, Scope
from navigator.api.tests.factories import client_with_token
from navigator.audit.models import AuditEvent
from navigator.links.services import digest

pytestmark = pytest.mark.django_db
TOKEN = "/fhir/token"


def test_the_token_route_is_fhir_token() -> None:
    assert reverse("fhir:token") == TOKEN


def test_client_credentials_in_the_body_give_a_short_lived_bearer_token(client, organisation):
    new = services.create_client(
        organisation=organisation, name="EMIS at Chapel Allerton", scopes=[Scope.READ_STATUS]
    )

    response = client.post(
        TOKEN,
        {
            "grant_type": "client_credentials",
            "client_id": new.client.client_id,
            "client_secret": new.secret,
        },
    )

    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 600
    assert body["scope"] == "read-status"
    assert response["Cache-Control"] == "no-store"
    stored = AccessToken.objects.get()
    assert stored.digest == digest(body["access_token"])
    assert stored.client == new.client
    assert stored.expires_at - stored.issued_at == timedelta(minutes=10)
    event = AuditEvent.objects.get(object_type="api.accesstoken")
    assert event.actor_name == "API client EMIS at Chapel Allerton"
    assert event.action == AuditEvent.Action.CREATED


def test_http_basic_credentials_work_too(client, organisation):
    new = services.create_client(organisation=organisation, name="EMIS", scopes=[Scope.READ_STATUS])
    basic = base64.b64encode(f"{new.client.client_id}:{new.secret}".encode()).decode()

    response = client.post(
        TOKEN, {"grant_type": "client_credentials"}, HTTP_AUTHORIZATION=f"Basic {basic}"
    )

    assert response.status_code == 200
    assert AccessToken.objects.count() == 1


def test_a_wrong_secret_gets_invalid_client_and_no_token(client, organisation):
    new = services.create_client(organisation=organisation, name="EMIS", scopes=[Scope.READ_STATUS])

    response = client.post(
        TOKEN,
        {
            "grant_type": "client_credentials",
            "client_id": new.client.client_id,
            "client_secret": "not-the-secret",
        },
    )

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert not AccessToken.objects.exists()


def test_another_grant_type_is_refused(client, organisation):
    response = client.post(TOKEN, {"grant_type": "password", "username": "a", "password": "b"})

    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_a_scope_the_client_does_not_hold_is_refused(client, organisation):
    new = services.create_client(organisation=organisation, name="EMIS", scopes=[Scope.READ_STATUS])

    response = client.post(
        TOKEN,
        {
            "grant_type": "client_credentials",
            "client_id": new.client.client_id,
            "client_secret": new.secret,
            "scope": "read-status read-records",
        },
    )

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"
    assert not AccessToken.objects.exists()


def test_a_revoked_client_gets_no_token_and_its_tokens_stop_working(client, organisation):
    credential = client_with_token(organisation, scopes=[Scope.READ_STATUS])

    services.revoke_client(client=credential.client)

    assert services.token_holder(credential.token) is None
    response = client.post(
        TOKEN,
        {
            "grant_type": "client_credentials",
            "client_id": credential.client.client_id,
            "client_secret": credential.secret,
        },
    )
    assert response.status_code == 401


def test_an_expired_token_opens_nothing(organisation):
    credential = client_with_token(organisation, scopes=[Scope.READ_STATUS])
    AccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert services.token_holder(credential.token) is None


def test_token_requests_are_rate_limited_per_client(client, organisation, settings, monkeypatch):
    settings.NAVIGATOR_API_RATE_LIMIT = 2
    monkeypatch.setattr(services, "clock", lambda: 1_000_000.0)
    new = services.create_client(organisation=organisation, name="EMIS", scopes=[Scope.READ_STATUS])
    form = {
        "grant_type": "client_credentials",
        "client_id": new.client.client_id,
        "client_secret": new.secret,
    }

    statuses = [client.post(TOKEN, form).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert AccessToken.objects.count() == 2
