"""Two people saving the same listing or referral reason at once: the second save, made from
a form opened before the first, is refused and shown beside what is saved now, instead of
silently undoing the first. Saving again on purpose keeps it."""

import pytest
from django.urls import reverse

from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.audit.models import AuditEvent
from navigator.directory.models import Service
from navigator.directory.tests.factories import ServiceFactory
from navigator.referrals.models import ReferralReason
from navigator.referrals.tests.factories import ReferralReasonFactory

pytestmark = pytest.mark.django_db

STALE = "Someone else changed this record while you were editing it"


def test_a_listing_saved_from_a_stale_form_is_refused(client, manager):
    listing = ServiceFactory(owner=manager.organisation, name="Walking group")
    colleague = UserFactory(organisation=manager.organisation, role=Role.MANAGER)
    url = reverse("directory:service_edit", args=[listing.pk])
    form = {
        "organisation": str(listing.organisation.pk),
        "status": "active",
        "takes_direct_referrals": "on",
        "version": "1",  # both opened the form at version 1
    }
    client.force_login(colleague)
    assert client.post(url, form | {"name": "Walking group (Tuesdays)"}).status_code == 302

    client.force_login(manager)
    refused = client.post(url, form | {"name": "Walk and talk"})

    assert refused.status_code == 200
    assert STALE in refused.content.decode()
    assert "Walking group (Tuesdays)" in refused.content.decode()
    assert Service.objects.get(pk=listing.pk).name == "Walking group (Tuesdays)"
    again = client.post(url, form | {"name": "Walk and talk", "version": "2"})
    assert again.status_code == 302
    assert Service.objects.get(pk=listing.pk).name == "Walk and talk"


def test_a_reason_saved_from_a_stale_form_is_refused(client, manager):
    reason = ReferralReasonFactory(organisation=manager.organisation, name="Loneliness")
    colleague = UserFactory(organisation=manager.organisation, role=Role.MANAGER)
    url = reverse("referrals:reason_edit", args=[reason.pk])
    client.force_login(colleague)
    assert (
        client.post(url, {"name": "Isolation", "active": "on", "version": "1"}).status_code == 302
    )

    client.force_login(manager)
    refused = client.post(url, {"name": "Loneliness or isolation", "version": "1"})

    assert refused.status_code == 200
    assert STALE in refused.content.decode()
    saved = ReferralReason.objects.get(pk=reason.pk)
    assert (saved.name, saved.active) == ("Isolation", True)


def test_provider_users_chosen_from_a_stale_form_are_refused(client, manager):
    listing = ServiceFactory(owner=manager.organisation)
    colleague = UserFactory(organisation=manager.organisation, role=Role.MANAGER)
    ayesha = UserFactory(
        organisation=manager.organisation,
        role=Role.VCS_PROVIDER,
        first_name="Ayesha",
        last_name="Qwertyuiop",
    )
    bilal = UserFactory(organisation=manager.organisation, role=Role.VCS_PROVIDER)
    url = reverse("directory:providers", args=[listing.organisation.pk])
    client.force_login(colleague)
    assert client.post(url, {"provider_users": [ayesha.pk], "version": "1"}).status_code == 302

    client.force_login(manager)
    refused = client.post(url, {"provider_users": [bilal.pk], "version": "1"})

    assert refused.status_code == 200
    page = refused.content.decode()
    assert STALE in page
    assert "Ayesha Qwertyuiop (" in page.split('id="stale-edit"')[1]
    assert list(listing.organisation.provider_users.all()) == [ayesha]


def test_choosing_provider_users_is_in_the_managers_trail(client, manager):
    listing = ServiceFactory(owner=manager.organisation, organisation__name="Leeds Walkers")
    ayesha = UserFactory(
        organisation=manager.organisation,
        role=Role.VCS_PROVIDER,
        first_name="Ayesha",
        last_name="Khan",
    )
    client.force_login(manager)
    url = reverse("directory:providers", args=[listing.organisation.pk])

    client.post(url, {"provider_users": [ayesha.pk], "version": "1"})
    client.post(url, {"provider_users": [ayesha.pk], "version": "2"})  # nothing changed

    event = AuditEvent.objects.get(object_type="directory.directoryorganisation")
    assert (event.organisation_id, event.actor, event.action) == (
        manager.organisation.pk,
        manager,
        AuditEvent.Action.UPDATED,
    )
    assert event.changes == {"provider_users": [[], [str(ayesha)]]}
    assert event.object_label == "Leeds Walkers"
