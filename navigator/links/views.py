"""The one door for pages opened by a secure link instead of a sign-in."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django_scopes import scope

from navigator.audit.context import Actor, acting_as
from navigator.core.clients import client_ip
from navigator.links.models import PERSON_PAGES, Purpose, SecureLink
from navigator.links.services import REFUSALS, LinkRefused, open_link

LinkView = Callable[..., HttpResponse]


def secure_link_view(purpose: Purpose) -> Callable[[LinkView], LinkView]:
    """Wraps a view taking `(request, link, ...)` and routed with a `<token>` argument.

    A refused link gets a page saying why (404 unknown, 410 expired, used or cancelled). An open
    link runs the view inside the link's organisation scope, audited as acting through the link.
    A link spent by another submission while the view ran (two answers sent at once) is
    refused the same way: whatever the timing, the second answer is told it was already used.
    """

    def decorator(view: LinkView) -> LinkView:
        @wraps(view)
        def wrapped(request: HttpRequest, token: str, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                link = open_link(token=token, purpose=purpose)
            except LinkRefused as refusal:
                response = refused(request, refusal.reason)
            else:
                response = _run(view, request, link, *args, **kwargs)
            # The token is in the address: keep it out of caches and other sites' logs.
            # ("no-referrer" would be stricter, but browsers then send "Origin: null" with the
            # page's own forms, which Django's CSRF check rightly refuses.)
            add_never_cache_headers(response)
            response["Referrer-Policy"] = "same-origin"
            return response

        return wrapped

    return decorator


def short(request: HttpRequest, token: str) -> HttpResponse:
    """A text's short link: on to the page the secure link with this token opens (which
    checks it again), or the page saying why it cannot be used."""
    try:
        link = open_link(token=token, purpose=None)
    except LinkRefused as refusal:
        response = refused(request, refusal.reason)
    else:
        page = PERSON_PAGES.get(link.purpose)
        response = redirect(page, token=token) if page else refused(request, "unknown")
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "same-origin"
    return response


def _run(view: LinkView, request: HttpRequest, link: SecureLink, *args: Any, **kwargs: Any):
    actor = Actor(user=None, ip_address=client_ip(request), label="someone with a secure link")
    with scope(organisation=link.organisation_id), acting_as(actor):
        try:
            return view(request, link, *args, **kwargs)
        except LinkRefused as refusal:
            return refused(request, refusal.reason)


def refused(request: HttpRequest, reason: str) -> HttpResponse:
    status = 404 if reason == "unknown" else 410
    return render(
        request,
        "links/refused.jinja",
        {"heading": REFUSALS[reason], "reason": reason},
        status=status,
    )
