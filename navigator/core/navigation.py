"""The header's navigation: the places each role works in, decided by the permission matrix."""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from markupsafe import Markup


@dataclass(frozen=True)
class Place:
    text: str
    url_name: str
    permission: str  # an accounts.permissions.Permission
    paths: tuple[str, ...]  # addresses that belong to this place (the longest match wins)
    unless: str | None = None  # left out for those who have this permission


# The places and the sign-in steps are registered by accounts, which owns the permission matrix,
# in its `AppConfig.ready`: core, the lowest layer, imports no app above it.
_places: list[Place] = []
_sign_in_steps: set[str] = set()


def register_places(places: Iterable[Place], *, sign_in_steps: Iterable[str]) -> None:
    """Sets the header's places (in the order shown) and the view names of the two-factor
    sign-in steps, where no navigation is shown."""
    _places[:] = places
    _sign_in_steps.clear()
    _sign_in_steps.update(sign_in_steps)
    _header.cache_clear()


def _past_sign_in(request: HttpRequest) -> bool:
    """Signed in and not at a step of two-factor sign-in. TwoFactorMiddleware lets a user
    whose sign-in is not complete reach only those steps' pages (no query is needed here)."""
    user = request.user
    if not user.is_authenticated:
        return False
    match = request.resolver_match
    return user.is_verified() or not (match and match.view_name in _sign_in_steps)


def navigation(request: HttpRequest) -> list[dict[str, Any]]:
    """The header's items for the user on this page: the NHS.UK header's parameters, the
    place the page belongs to marked current."""
    user, path = request.user, request.path
    # (_past_sign_in checks that the user is signed in; the first test says so to the checker.)
    if not user.is_authenticated or not _past_sign_in(request):
        return []
    places = [
        place
        for place in _places
        if user.can(place.permission) and not (place.unless and user.can(place.unless))
    ]
    matches = [
        (len(prefix), place)
        for place in places
        for prefix in place.paths
        if path.startswith(prefix)
    ]
    current = max(matches, key=lambda match: match[0])[1] if matches else None
    return [
        {"href": reverse(place.url_name), "text": place.text, "current": place is current}
        for place in places
    ]


# Distinct headers a process keeps: one per user and section of the site they use; a few MB.
HEADERS_KEPT = 1024


def page_header(request: HttpRequest) -> Markup:
    """The page's header: the NHS.UK header with the user's name, the places they work in
    (this page's marked current) and the search for a person. Each request of one user in
    one place shows the same header, and rendering it costs more than most pages' queries,
    so it is rendered once for each different content (the key is everything it shows) and
    reused. It holds nothing that varies per request: no CSRF token, no CSP nonce."""
    user = request.user
    if not user.is_authenticated:
        return _header("", (), False)
    items = navigation(request)
    return _header(
        user.get_full_name() or user.username,
        tuple((item["href"], item["text"], item["current"]) for item in items),
        bool(items) and user.can("view_people"),
    )


@lru_cache(maxsize=HEADERS_KEPT)
def _header(name: str, places: tuple[tuple[str, str, bool], ...], search: bool) -> Markup:
    nav_items = [{"href": href, "text": text, "current": current} for href, text, current in places]
    return Markup(
        render_to_string(
            "core/header.jinja", {"name": name, "nav_items": nav_items, "search": search}
        )
    )
