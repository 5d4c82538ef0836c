from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import middleware as otp
from django_otp.models import Device

from navigator.accounts.backends import confirmed_devices, has_confirmed_device


class OTPMiddleware(otp.OTPMiddleware):
    """django-otp's, which read the device that verified the session on every page to check
    that it is still a confirmed authenticator of the user's: that is known already, from the
    user's confirmed authenticators read with them (`backends.ModelBackend`), so the device is
    read only if something asks for more than whether the session is verified. A user loaded
    otherwise is checked as django-otp checks them."""

    def _verify_user_sync(self, request: HttpRequest, user: Any) -> Any:
        confirmed = confirmed_devices(user)
        if confirmed is None:
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        if persistent_id and self._normalize_persistent_id(persistent_id) in confirmed:
            user.otp_device = SimpleLazyObject(
                lambda: Device.from_persistent_id(self._normalize_persistent_id(persistent_id))
            )
        elif persistent_id:
            del request.session[DEVICE_ID_SESSION_KEY]
        return user


# Pages a signed-in user can reach before completing two-factor sign-in.
OPEN_URL_NAMES = ("accounts:two_factor_verify", "accounts:two_factor_setup", "accounts:logout")


class TwoFactorMiddleware:
    """Anyone with an authenticator must enter a code after their password; administrators,
    and staff of an organisation that requires two-factor sign-in, must set one up before
    anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not user.is_verified():
            if has_confirmed_device(user):
                step = "accounts:two_factor_verify"
            elif user.must_use_two_factor:
                step = "accounts:two_factor_setup"
            else:
                step = ""
            if step and not self._is_open(request):
                return self._redirect(step, request)
        return self.get_response(request)

    @staticmethod
    def _is_open(request: HttpRequest) -> bool:
        open_paths = [reverse(name) for name in OPEN_URL_NAMES]
        return request.path in open_paths or request.path.startswith(settings.STATIC_URL)

    @staticmethod
    def _redirect(url_name: str, request: HttpRequest) -> HttpResponse:
        return redirect(f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}")
