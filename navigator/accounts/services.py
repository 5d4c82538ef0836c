from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.http import HttpRequest
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from navigator.accounts.forms import QueuedPasswordResetForm
from navigator.accounts.models import Organisation, User


@transaction.atomic
def invite_user(*, organisation: Organisation, data: dict[str, Any], request: HttpRequest) -> User:
    """Create an account without a password and e-mail its owner a link to choose one."""
    user = User(organisation=organisation, **data)
    user.set_unusable_password()
    user.save()
    transaction.on_commit(lambda: send_set_password_email(user=user, request=request))
    return user


def send_set_password_email(*, user: User, request: HttpRequest) -> None:
    # PasswordResetForm skips accounts without a usable password, so the invitation builds
    # the same link itself and reuses only the queued sending.
    QueuedPasswordResetForm().send_mail(
        "accounts/email/invitation_subject.txt",
        "accounts/email/invitation.txt",
        _email_context(user=user, request=request),
        None,
        user.email,
    )


def _email_context(*, user: User, request: HttpRequest) -> dict[str, Any]:
    return {
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "protocol": "https" if request.is_secure() else "http",
        "domain": request.get_host(),
    }


def update_user(*, user: User, data: dict[str, Any]) -> User:
    for name, value in data.items():
        setattr(user, name, value)
    user.save()
    return user


def create_organisation(*, data: dict[str, Any]) -> Organisation:
    return Organisation.objects.create(**data)


def update_organisation(*, organisation: Organisation, data: dict[str, Any]) -> Organisation:
    for name, value in data.items():
        setattr(organisation, name, value)
    organisation.save()
    return organisation
