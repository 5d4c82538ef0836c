"""Full addresses of Navigator pages, for e-mails, QR codes and anything read away from the
browser. Built from the configured NAVIGATOR_SITE_URL, never from the Host header of whoever
happened to trigger the e-mail (a forged Host would otherwise steer secure links elsewhere)."""

from django.conf import settings
from django.urls import reverse


def absolute_url(path: str) -> str:
    return settings.NAVIGATOR_SITE_URL.rstrip("/") + path


def absolute_reverse(view_name: str, **kwargs: object) -> str:
    return absolute_url(reverse(view_name, kwargs=kwargs))
