from django.urls import reverse

from navigator.accounts.models import User
from navigator.accounts.permissions import Role
from navigator.accounts.tests.factories import UserFactory
from navigator.audit.models import AuditEvent


def test_a_role_change_is_audited_with_before_and_after(signed_in, manager, organisation):
    colleague = UserFactory(organisation=organisation, role=Role.VOLUNTEER)
    form = {
        "first_name": colleague.first_name,
        "last_name": colleague.last_name,
        "username": colleague.username,
        "email": colleague.email,
        "role": Role.LINK_WORKER,
        "is_active": "on",
        "version": "1",
    }

    signed_in(manager).post(reverse("accounts:user_edit", args=[colleague.pk]), form)

    event = AuditEvent.objects.get(object_type="accounts.user", action=AuditEvent.Action.UPDATED)
    assert event.actor == manager
    assert event.object_id == str(colleague.pk)
    assert event.changes == {"role": [Role.VOLUNTEER, Role.LINK_WORKER]}


def test_an_invited_user_is_audited_without_any_password(signed_in, manager, organisation):
    form = {
        "first_name": "Noor",
        "last_name": "Khan",
        "username": "noor",
        "email": "noor@example.org",
        "role": Role.LINK_WORKER,
        "is_active": "on",
    }

    signed_in(manager).post(reverse("accounts:user_create"), form)

    user = User.objects.get(username="noor")
    event = AuditEvent.objects.get(object_type="accounts.user", action=AuditEvent.Action.CREATED)
    assert event.object_id == str(user.pk)
    assert event.organisation == organisation
    assert event.changes["role"] == [None, Role.LINK_WORKER]
    assert "password" not in event.changes
