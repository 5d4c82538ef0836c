"""The sign-in backend, and the user each signed-in request is served as."""

from functools import cache
from typing import Any

from django.contrib.auth import backends
from django.db.models import CharField, OuterRef, QuerySet, StringAgg, Subquery, Value
from django.db.models.functions import Cast
from django_otp import device_classes, user_has_device

from navigator.accounts.models import User

# Set on the user `ModelBackend.get_user` loads: the persistent ids (`Device.persistent_id`)
# of their confirmed authenticators.
CONFIRMED_DEVICES = "confirmed_devices"


class ModelBackend(backends.ModelBackend):
    """Django's, whose `get_user` (run by every signed-in request) reads with the user, in the
    same query, their organisation (the request's scope, the two-factor rule and most pages ask
    for it) and their confirmed authenticators (`TwoFactorMiddleware` asks whether they have
    one on every page until the session is verified, and `OTPMiddleware` whether the one that
    verified it is still theirs and confirmed once it is): three queries a page become one."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            user = _users_with_devices().get(pk=user_id)
        except User.DoesNotExist:
            return None
        setattr(
            user,
            CONFIRMED_DEVICES,
            frozenset(
                f"{model.model_label()}/{key}"
                for index, model in enumerate(_device_models())
                for key in (getattr(user, f"{CONFIRMED_DEVICES}_{index}") or "").split(",")
                if key
            ),
        )
        return user if self.user_can_authenticate(user) else None


@cache
def _device_models() -> list[type[Any]]:
    return list(device_classes())


@cache
def _users_with_devices() -> QuerySet[User]:
    """Users with their organisation and, one annotation for each kind of authenticator, the
    keys of their confirmed ones joined by commas. Built once: each request only filters it."""
    return User.objects.select_related("organisation").annotate(
        **{
            f"{CONFIRMED_DEVICES}_{index}": Subquery(
                model.objects.filter(user=OuterRef("pk"), confirmed=True)
                .order_by()
                .values("user")
                .annotate(keys=StringAgg(Cast("pk", CharField()), Value(",")))
                .values("keys")
            )
            for index, model in enumerate(_device_models())
        }
    )


def confirmed_devices(user: Any) -> frozenset[str] | None:
    """The persistent ids of `user`'s confirmed authenticators as read with them by
    `ModelBackend`; None for a user loaded otherwise."""
    return getattr(user, CONFIRMED_DEVICES, None)


def has_confirmed_device(user: Any) -> bool:
    """Whether `user` has a confirmed authenticator: as read with them by `ModelBackend`, or
    asked now of a user loaded otherwise."""
    known = confirmed_devices(user)
    return user_has_device(user) if known is None else bool(known)
