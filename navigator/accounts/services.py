"""Writes to organisations, users and their sign-in devices. Keyword-only, one transaction."""

import time
from typing import Any

from axes.utils import reset as reset_sign_in_failures
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from navigator.accounts.forms import QueuedPasswordResetForm
from navigator.accounts.models import Organisation, Team, User, team_mismatch
from navigator.audit import services as audit
from navigator.audit.models import AuditEvent
from navigator.core.concurrency import update_versioned


@transaction.atomic
def invite_user(*, organisation: Organisation | None, data: dict[str, Any]) -> User:
    """Create an account without a password and e-mail its owner a link to choose one.
    The e-mail is queued once the account is committed, so the link always works."""
    user = User(organisation=organisation, **data)
    check_team(user)
    user.set_unusable_password()
    user.save()
    _audit_user(user, before=None)
    transaction.on_commit(lambda: send_set_password_email(user=user))
    return user


def send_set_password_email(*, user: User) -> None:
    # The invitation builds the same link as a password reset and reuses its queued sending.
    QueuedPasswordResetForm().send_mail(
        "accounts/email/invitation_subject.txt",
        "accounts/email/invitation.txt",
        _email_context(user=user),
        None,
        user.email,
    )


def _email_context(*, user: User) -> dict[str, object]:
    return {
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


@transaction.atomic
def update_user(*, user: User, expected_version: int, data: dict[str, Any]) -> User:
    """StaleEditError when someone saved the account since the form was opened."""
    saved = User.objects.get(pk=user.pk)
    before = audit.snapshot(saved)
    for name, value in data.items():
        setattr(saved, name, value)
    check_team(saved)
    user = update_versioned(saved, expected_version=expected_version, changes=data)
    _audit_user(user, before=before)
    return user


def check_team(user: User) -> None:
    """A user's team is one of their own organisation's teams (PostgreSQL also refuses
    anything else; SQLite relies on this)."""
    message = team_mismatch(team=user.team, organisation=user.organisation)
    if message:
        raise ValidationError({"team": message})


@transaction.atomic
def create_team(*, organisation: Organisation, name: str) -> Team:
    team = Team.objects.with_scopes_disabled().create(organisation=organisation, name=name)
    audit.record_creation(team, person_id=None)
    return team


@transaction.atomic
def rename_team(*, team: Team, expected_version: int, name: str) -> Team:
    """StaleEditError when someone saved the team since the form was opened."""
    saved = Team.objects.with_scopes_disabled().get(pk=team.pk)
    before = audit.snapshot(saved)
    team = update_versioned(saved, expected_version=expected_version, changes={"name": name})
    audit.record_change(team, before=before, person_id=None)
    return team


def _audit_user(user: User, *, before: audit.Snapshot | None) -> None:
    """Staff records and roles are audited in their organisation's trail; administrators'
    accounts, which belong to no organisation, in the deployment's."""
    if before is None:
        audit.record_creation(user, person_id=None)
    else:
        audit.record_change(user, before=before, person_id=None)


def password_was_reset(*, user: User) -> None:
    """A new password from an e-mailed link also lifts a lock-out for too many failures."""
    reset_sign_in_failures(username=user.get_username())


@transaction.atomic
def create_organisation(*, data: dict[str, Any]) -> Organisation:
    fields = dict(data)
    funds = fields.pop("funds", None)
    organisation = Organisation.objects.create(**fields)
    if funds is not None:
        organisation.funds.set(funds)
    _audit_organisation(organisation, before=None, funded_before=set())
    return organisation


@transaction.atomic
def update_organisation(
    *, organisation: Organisation, expected_version: int, data: dict[str, Any]
) -> Organisation:
    """StaleEditError when someone saved the settings since the form was opened."""
    saved = Organisation.objects.get(pk=organisation.pk)
    before = audit.snapshot(saved)
    funded_before = set(saved.funds.all())
    fields = dict(data)
    funds = fields.pop("funds", None)
    organisation = update_versioned(saved, expected_version=expected_version, changes=fields)
    if funds is not None:
        organisation.funds.set(funds)
    _audit_organisation(organisation, before=before, funded_before=funded_before)
    return organisation


def _audit_organisation(
    organisation: Organisation, *, before: audit.Snapshot | None, funded_before: set[Organisation]
) -> None:
    """An organisation's record goes in its own trail. The services it funds decide whose
    reports its commissioners see, so a service gaining or losing a commissioner is recorded
    in that service's trail as well."""
    funded_now = set(organisation.funds.all())
    changes = audit.diff(before or {}, audit.snapshot(organisation))
    if funded_now != funded_before:
        changes["funds"] = [_names(funded_before), _names(funded_now)]
    if changes:
        audit.record(
            action=AuditEvent.Action.CREATED if before is None else AuditEvent.Action.UPDATED,
            instance=organisation,
            person_id=None,
            changes=changes,
            trail=organisation.pk,
        )
    for service in funded_now ^ funded_before:
        audit.record(
            action=AuditEvent.Action.UPDATED,
            instance=organisation,
            person_id=None,
            changes={"commissions this service": [service in funded_before, service in funded_now]},
            trail=service.pk,
        )


def _names(organisations: set[Organisation]) -> list[str]:
    return sorted(organisation.name for organisation in organisations)


def unconfirmed_device(*, user: User) -> TOTPDevice:
    """The authenticator being set up: the same secret until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, confirmed=False, name="Authenticator app")
    return device


@transaction.atomic
def confirm_device(*, device: TOTPDevice) -> TOTPDevice:
    """The user typed a right code: the authenticator is theirs from now on."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return device


def current_code(device: TOTPDevice) -> str:
    """The code the authenticator app shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


WRONG_CODE = "That code did not match. Enter the code your app shows now"


def check_code(device: TOTPDevice, token: str) -> str:
    """Verify `token` on the device; "" when it is right, else why it was refused in words the
    person can act on: a code already used, or one tried too soon after a wrong one, is right
    but cannot count, and the answer is to wait for the app's next code."""
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return (
            "You entered a wrong code just before, so Navigator waits a few seconds before "
            "checking the next one. Wait for your app to show a new code, then enter it"
        )
    if device.verify_token(token):
        return ""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.verify(int(token), device.tolerance) and totp.t() <= device.last_t:
        return (
            "That code has already been used. Wait for your app to show the next code (a new "
            "one comes every 30 seconds), then enter it"
        )
    return WRONG_CODE
