"""The header's navigation: the places each role works in, decided by the permission matrix."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from navigator.accounts.middleware import OPEN_URL_NAMES
from navigator.accounts.permissions import Permission


@dataclass(frozen=True)
class Place:
    text: str
    url_name: str
    permission: Permission
    paths: tuple[str, ...]  # addresses that belong to this place (the longest match wins)
    unless: Permission | None = None  # left out for those who have this permission


# In the order a link worker's day runs; each role sees the places its permissions open.
PLACES = (
    Place("Caseload", "contacts:caseload", Permission.WORK_CASELOAD, ("/caseload/", "/cases/")),
    Place("People", "people:list", Permission.VIEW_PEOPLE, ("/people/",)),
    Place("Referrals", "referrals:queue", Permission.TRIAGE_REFERRALS, ("/referrals/",)),
    Place(
        "Your referrals",
        "referrals:made",
        Permission.MAKE_REFERRALS,
        ("/referrals/",),
        unless=Permission.TRIAGE_REFERRALS,
    ),
    Place("Directory", "directory:search", Permission.VIEW_DIRECTORY, ("/directory/",)),
    Place(
        "Referrals to you",
        "activities:inbox",
        Permission.RESPOND_TO_ACTIVITY_REFERRALS,
        ("/activities/inbox/",),
    ),
    Place(
        "Your visits", "activities:visits", Permission.SEE_OWN_ASSIGNMENTS, ("/activities/visits/",)
    ),
    Place("Outreach", "outreach:call_list", Permission.CALL_OUTREACH, ("/outreach/",)),
    Place("Reports", "reports:index", Permission.VIEW_REPORTS, ("/reports/",)),
    Place(
        "Reports",
        "reports:commissioned_index",
        Permission.VIEW_COMMISSIONED_REPORTS,
        ("/reports/",),
    ),
    Place("Team", "contacts:team", Permission.ALLOCATE_REFERRALS, ("/caseload/team/",)),
    Place("Feedback", "feedback:list", Permission.READ_FEEDBACK, ("/feedback/",)),
    Place("Users", "accounts:user_list", Permission.MANAGE_USERS, ("/users/",)),
    Place(
        "Organisations",
        "accounts:organisation_list",
        Permission.MANAGE_ALL_ORGANISATIONS,
        ("/organisations/",),
    ),
)


def _past_sign_in(request: HttpRequest) -> bool:
    """Signed in and not at a step of two-factor sign-in. TwoFactorMiddleware lets a user
    whose sign-in is not complete reach only those steps' pages (no query is needed here)."""
    user = request.user
    if not user.is_authenticated:
        return False
    match = request.resolver_match
    return user.is_verified() or not (match and match.view_name in OPEN_URL_NAMES)


def navigation(request: HttpRequest) -> list[dict[str, Any]]:
    """The header's items for the user on this page: the NHS.UK header's parameters, the
    place the page belongs to marked current."""
    if not _past_sign_in(request):
        return []
    user, path = request.user, request.path
    places = [
        place
        for place in PLACES
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
