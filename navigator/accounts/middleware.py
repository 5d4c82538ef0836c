from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from navigator.accounts.backends import has_confirmed_device

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
