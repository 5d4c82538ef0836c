"""The sign-in backend, and the user each signed-in request is served as."""

from functools import reduce
from operator import or_
from typing import Any

from django.contrib.auth import backends
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef
from django_otp import device_classes, user_has_device

from navigator.accounts.models import User

# Set on the user `ModelBackend.get_user` loads: whether they have a confirmed authenticator.
HAS_DEVICE = "has_confirmed_device"


class ModelBackend(backends.ModelBackend):
    """Django's, whose `get_user` (run by every signed-in request) reads with the user, in the
    same query, their organisation (the request's scope, the two-factor rule and most pages ask
    for it) and whether they have a confirmed authenticator (`TwoFactorMiddleware` asks on every
    page until the session is verified): three queries a page become one."""

    def get_user(self, user_id: Any) -> User | None:
        has_device = reduce(
            or_,
            (
                Exists(model.objects.filter(user=OuterRef("pk"), confirmed=True))
                for model in device_classes()
            ),
        )
        users = User.objects.select_related("organisation").annotate(
            **{HAS_DEVICE: ExpressionWrapper(has_device, output_field=BooleanField())}
        )
        try:
            user = users.get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


def has_confirmed_device(user: Any) -> bool:
    """Whether `user` has a confirmed authenticator: as read with them by `ModelBackend`, or
    asked now of a user loaded otherwise."""
    known = getattr(user, HAS_DEVICE, None)
    return user_has_device(user) if known is None else bool(known)
